// Distribution to many workspaces: Bolt's OAuth flow against the fake Slack, the installation
// store in Postgres with tokens sealed at rest, per-workspace tokens for delivery, uninstall.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botTokenForWorkspace, createInstallationStore } from '../../src/data/installations.ts';
import { oauthEnv, startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { eventBody, postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';
import { addManager, installersOf, removeManager } from '../../src/data/members.ts';
import { until } from '../support/nudge-factory.ts';

const KEY = randomBytes(32).toString('hex');
let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0OAUTH', name: 'Oauth Co' }, oauth: { clientId: 'cid.123', clientSecret: 'csecret' } });
  app = await startTestApp({ roles: 'web', env: oauthEnv(fake.apiUrl, KEY) });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

async function install(code: string): Promise<Response> {
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  expect(location.pathname).toBe('/oauth/v2/authorize');
  expect(location.searchParams.get('client_id')).toBe('cid.123');
  expect(location.searchParams.get('scope')?.split(',')).toContain('chat:write');
  const state = location.searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  return fetch(`${app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
}

describe('OAuth install', () => {
  it('exchanges the code, stores the installation sealed, and activates the workspace', async () => {
    const done = await install('code-1');
    expect(done.status).toBe(200);
    const exchange = fake.callsTo('oauth.v2.access');
    expect(exchange).toHaveLength(1);
    const token = (exchange[0]!.response as { access_token: string }).access_token;

    const row = await app.db.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: 'T0OAUTH' } });
    expect(row.sealed).not.toContain(token);
    expect(row.sealed).not.toContain('xoxb-');
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    expect(ws.status).toBe('active');
    expect(row.workspaceId).toBe(ws.id);
    expect(await botTokenForWorkspace(app.db.prisma, Buffer.from(KEY, 'hex'), ws.id)).toBe(token);

    // Delivery speaks for that workspace with its own token.
    await app.running.rt.delivery.post(ws.id, { channel: 'C0NUDGES', text: 'hello' });
    const post = fake.callsTo('chat.postMessage').at(-1)!;
    expect(post.token).toBe(token);
    expect(post.ok).toBe(true);
  });

  it("gives the new workspace the installer's own timezone (users.info with the new token), not UTC", async () => {
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    const token = (fake.callsTo('oauth.v2.access')[0]!.response as { access_token: string }).access_token;
    // the success page is sent first; the timezone follows within moments
    const info = await fake.waitFor((c) => c.find((x) => x.method === 'users.info' && x.args.user === 'U0INSTALL1'));
    expect(info).toMatchObject({ ok: true, token });
    // the fake answers users it was not told about with America/Los_Angeles
    const row = await until(async () => {
      const w = await app.db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } });
      return w.timezoneSource === 'installer' ? w : null;
    }, 5_000, "the installer's timezone");
    expect(row.timezone).toBe('America/Los_Angeles');
    expect(await app.db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws.id, slackUserId: 'U0INSTALL1' } })).toMatchObject({ timezone: 'America/Los_Angeles' });
  });

  it('makes the installing user a manager (nobody in this Slack is an admin), who can open the settings; others are told who manages Tend', async () => {
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    // the fake's oauth.v2.access answers authed_user U0INSTALL1
    expect(await app.db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws.id, slackUserId: 'U0INSTALL1' } })).toMatchObject({ role: 'manager', managerVia: 'installer' });
    const tend = async (user: string, text: string) => {
      const trigger = triggerId();
      const id = `oauth-${user}`;
      const body = slashCommandBody({ command: '/tend', text, team_id: 'T0OAUTH', user_id: user, channel_id: 'C0OAUTH', response_url: fake.responseUrl(id), trigger_id: trigger });
      const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
      expect(res.status).toBe(200);
      // the answer is the HTTP body, or (when the work outran the ack budget) a response_url post
      const raw = await res.text();
      const answer = raw || JSON.stringify((await fake.waitFor((_c, f) => f.responses(id)[0])).body);
      return { trigger, text: answer };
    };
    const installer = await tend('U0INSTALL1', 'settings');
    expect(installer.text).toContain('Opening the settings');
    expect(fake.callsTo('views.open').some((c) => c.ok && c.args.trigger_id === installer.trigger)).toBe(true);
    const other = await tend('U0SOMEONE1', 'settings');
    expect(other.text).toContain('Only managers');
    expect(other.text).toContain('Managers here: <@U0INSTALL1>');
    expect(fake.callsTo('views.open').some((c) => c.args.trigger_id === other.trigger)).toBe(false);
    expect(await app.db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws.id, slackUserId: 'U0SOMEONE1' } })).toMatchObject({ role: 'rep', slackAdmin: false });
  });

  it('a token refresh (Bolt stores the installation again) does not give the role back to an installer a manager removed', async () => {
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    expect(await addManager(app.db.pool, ws.id, 'U0SOMEONE1', 'U0INSTALL1', new Date())).toBe('added');
    expect(await removeManager(app.db.pool, ws.id, 'U0INSTALL1', 'U0SOMEONE1')).toBe('removed');
    const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
    const installation = await store.fetchInstallation({ teamId: 'T0OAUTH', enterpriseId: undefined, isEnterpriseInstall: false });
    await store.storeInstallation({ ...installation, bot: { ...installation.bot!, token: 'xoxb-refreshed' } });
    expect(await app.db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws.id, slackUserId: 'U0INSTALL1' } })).toMatchObject({ role: 'rep', managerRemovedBy: 'U0SOMEONE1' });
    // another manager gives it back
    expect(await addManager(app.db.pool, ws.id, 'U0INSTALL1', 'U0SOMEONE1', new Date())).toBe('added');
  });

  it('rejects a callback whose state was not issued by us', async () => {
    const res = await fetch(`${app.url}/slack/oauth_redirect?code=code-x&state=forged`, { redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(fake.callsTo('oauth.v2.access').filter((c) => c.args.code === 'code-x')).toHaveLength(0);
  });

  it('answers a cancelled install (Cancel on Slack\'s page) with a friendly page, and a bad or expired state with a clear 400', async () => {
    const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cancelled = await fetch(`${app.url}/slack/oauth_redirect?error=access_denied&state=${encodeURIComponent(state)}`, { redirect: 'manual' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers.get('content-type')).toContain('text/html');
    const page = await cancelled.text();
    expect(page).toContain('Tend was not installed');
    expect(page).toContain('href="/slack/install"');
    expect(page).not.toContain('Oops');

    const forged = await fetch(`${app.url}/slack/oauth_redirect?code=code-y&state=forged`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('install link has expired');

    // whatever Slack (or anyone) puts in the error is shown as text, never as markup
    const odd = await fetch(`${app.url}/slack/oauth_redirect?error=${encodeURIComponent('<script>alert(1)</script>')}`, { redirect: 'manual' });
    expect(odd.status).toBe(400);
    const oddPage = await odd.text();
    expect(oddPage).not.toContain('<script>');
    expect(oddPage).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('deactivates the workspace on app_uninstalled without deleting its data', async () => {
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    await app.db.prisma.account.create({ data: { workspaceId: ws.id, name: 'Acme', nameKey: 'acme' } });
    const body = eventBody({ team_id: 'T0OAUTH', event: { type: 'app_uninstalled' } } as never);
    const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await app.db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } })).status).toBe('inactive');
    const row = await app.db.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: 'T0OAUTH' } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row.sealed).toBe('');
    expect(await app.db.prisma.account.count({ where: { workspaceId: ws.id } })).toBe(1);
    const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
    await expect(store.fetchInstallation({ teamId: 'T0OAUTH', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no installation/);
  });

  it('app_uninstalled or tokens_revoked from a team Tend never installed in creates no workspace', async () => {
    const events = [
      { type: 'tokens_revoked', tokens: { oauth: ['U0GHOSTU01'], bot: [] } },
      { type: 'tokens_revoked', tokens: { bot: ['U0GHOSTBOT'] } },
      { type: 'app_uninstalled' },
    ];
    for (const event of events) {
      const res = await postSigned(`${app.url}/slack/events`, { body: eventBody({ team_id: 'T0GHOST01', event } as never), secret: SIGNING_SECRET });
      expect(res.status).toBe(200);
    }
    expect(await app.db.prisma.workspace.count({ where: { slackTeamId: 'T0GHOST01' } })).toBe(0);
  });

  it('reinstalling brings the workspace back, and lifts the block its revoked token left', async () => {
    const before = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    await app.db.pool.query(`insert into delivery_block (workspace_id, target, error) values ($1, '*', 'token_revoked')`, [before.id]);
    expect((await install('code-2')).status).toBe(200);
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0OAUTH' } });
    expect(ws.status).toBe('active');
    expect((await app.db.pool.query(`select cleared_at from delivery_block where workspace_id = $1 and target = '*'`, [ws.id])).rows[0].cleared_at).toBeInstanceOf(Date);
  });

  it('stores an Enterprise Grid org-wide install under the enterprise and serves its teams', async () => {
    const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
    await store.storeInstallation({
      team: undefined,
      enterprise: { id: 'E0ORG', name: 'Org' },
      user: { id: 'U1', token: undefined, scopes: undefined },
      bot: { token: 'xoxb-org-token', scopes: ['chat:write'], id: 'B1', userId: 'UBOT' },
      isEnterpriseInstall: true,
      authVersion: 'v2',
    } as never);
    const inst = await store.fetchInstallation({ teamId: 'T0MEMBER', enterpriseId: 'E0ORG', isEnterpriseInstall: false });
    expect(inst.bot?.token).toBe('xoxb-org-token');
    const ws = await app.db.prisma.workspace.create({ data: { slackTeamId: 'T0MEMBER', slackEnterpriseId: 'E0ORG' } });
    expect(await botTokenForWorkspace(app.db.prisma, Buffer.from(KEY, 'hex'), ws.id)).toBe('xoxb-org-token');
    // whoever installed it org-wide is known as an installer of each of its workspaces
    expect(await installersOf(app.db.pool, ws.id)).toEqual(['U1']);
  });

  it("an org-wide reinstall after app_uninstalled brings the org's workspaces back and lifts their blocks; a refresh leaves a workspace the org took the app from alone", async () => {
    const key = Buffer.from(KEY, 'hex');
    const store = createInstallationStore(app.db, key);
    const member = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0MEMBER' } });
    const other = await app.db.prisma.workspace.create({ data: { slackTeamId: 'T0MEMBER2', slackEnterpriseId: 'E0ORG' } });
    const uninstall = eventBody({
      team_id: 'E0ORG', enterprise_id: 'E0ORG', is_enterprise_install: true, event: { type: 'app_uninstalled' },
      authorizations: [{ enterprise_id: 'E0ORG', team_id: null, user_id: 'UBOT', is_bot: true, is_enterprise_install: true }],
    } as never);
    expect((await postSigned(`${app.url}/slack/events`, { body: uninstall, secret: SIGNING_SECRET })).status).toBe(200);
    const statuses = async () => (await app.db.prisma.workspace.findMany({ where: { id: { in: [member.id, other.id] } }, orderBy: { id: 'asc' } })).map((w) => w.status);
    await expect.poll(statuses).toEqual(['inactive', 'inactive']);
    // deliveries during the uninstall found the org token revoked
    for (const id of [member.id, other.id]) await app.db.pool.query(`insert into delivery_block (workspace_id, target, error) values ($1, '*', 'token_revoked')`, [id]);

    const orgInstall = (token: string) => ({
      team: undefined,
      enterprise: { id: 'E0ORG', name: 'Org' },
      user: { id: 'U1', token: undefined, scopes: undefined },
      bot: { token, scopes: ['chat:write'], id: 'B1', userId: 'UBOT' },
      isEnterpriseInstall: true,
      authVersion: 'v2',
    }) as never;
    await store.storeInstallation(orgInstall('xoxb-org-token-2'));
    expect(await statuses()).toEqual(['active', 'active']);
    const open = await app.db.pool.query(`select workspace_id from delivery_block where workspace_id = any($1::int[]) and target = '*' and cleared_at is null`, [[member.id, other.id]]);
    expect(open.rows).toEqual([]);
    expect(await botTokenForWorkspace(app.db.prisma, key, member.id)).toBe('xoxb-org-token-2');

    // the org takes the app from one workspace; Bolt then stores a refreshed token
    await postSigned(`${app.url}/slack/events`, {
      body: eventBody({
        team_id: 'E0ORG', enterprise_id: 'E0ORG', is_enterprise_install: true, event: { type: 'team_access_revoked', team_ids: ['T0MEMBER2'] },
        authorizations: [{ enterprise_id: 'E0ORG', team_id: null, user_id: 'UBOT', is_bot: true, is_enterprise_install: true }],
      } as never),
      secret: SIGNING_SECRET,
    });
    await expect.poll(statuses).toEqual(['active', 'inactive']);
    await store.storeInstallation(orgInstall('xoxb-org-token-3'));
    expect(await statuses()).toEqual(['active', 'inactive']);
  });
});

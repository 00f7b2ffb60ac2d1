// An org-wide (Enterprise Grid) install removed from some of the org's workspaces:
// Slack's signed team_access_revoked event turns exactly those workspaces inactive (the
// scheduler stops scanning them and sending them digests), the rest of the org carries on,
// a redelivery changes nothing, and team_access_granted brings a workspace back.
// In single-workspace mode (one bot token) app_uninstalled does the same, and a command or a
// restart after a reinstall brings the workspace back.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tick } from '../../jobs/scheduler.ts';
import { createInstallationStore } from '../../src/data/installations.ts';
import { boot } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { BOT_TOKEN, oauthEnv, startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { eventBody, nowSec, postSigned, slashCommandBody, triggerId, urlVerificationBody } from '../support/slack-sign.ts';

const KEY = randomBytes(32).toString('hex');
const ORG = 'E0ORG00001';
const [A, B, C] = ['T0ORGA0001', 'T0ORGB0001', 'T0ORGC0001'];
const OTHER_ORG = 'E0OTHER001';
const OUTSIDER = 'T0OUTSIDE1'; // a workspace of another org, never touched by this org's events
let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [{ token: 'xoxb-org', teamId: A, enterpriseId: ORG }, 'xoxb-test'] });
  app = await startTestApp({ roles: 'web', env: oauthEnv(fake.apiUrl, KEY) });
  // Org-wide installs as Bolt's OAuth flow stores them (ours and another org's), and three
  // of our org's workspaces.
  const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
  for (const [org, token] of [[ORG, 'xoxb-org'], [OTHER_ORG, 'xoxb-other-org']] as const) {
    await store.storeInstallation({
      team: undefined,
      enterprise: { id: org, name: org },
      user: { id: 'U0ADMIN001', token: undefined, scopes: undefined },
      bot: { token, scopes: ['chat:write'], id: 'B0ORGBOT01', userId: 'U0ORGBOT01' },
      isEnterpriseInstall: true,
      authVersion: 'v2',
    } as never);
  }
  for (const team of [A, B, C]) await app.db.prisma.workspace.create({ data: { slackTeamId: team, slackEnterpriseId: ORG } });
  await app.db.prisma.workspace.create({ data: { slackTeamId: OUTSIDER, slackEnterpriseId: OTHER_ORG } });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** The Events API callback Slack sends an org-ready app: org-level authorization, no team. */
function teamAccessBody(type: 'team_access_revoked' | 'team_access_granted', teamIds: string[], o: { eventId?: string; enterpriseId?: string } = {}): string {
  const enterpriseId = o.enterpriseId ?? ORG;
  return eventBody({
    team_id: enterpriseId,
    enterprise_id: enterpriseId,
    ...(o.eventId ? { event_id: o.eventId } : {}),
    is_enterprise_install: true,
    event: { type, team_ids: teamIds, event_ts: `${nowSec()}.000100` },
    authorizations: [{ enterprise_id: enterpriseId, team_id: null, user_id: 'U0ORGBOT01', is_bot: true, is_enterprise_install: true }],
  });
}

async function status(team: string): Promise<string> {
  return (await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: team } })).status;
}

/** What one scheduler tick at 23:30 UTC (everything due) enqueues for the org's workspaces. */
async function scheduled(): Promise<{ scans: string[]; digests: string[] }> {
  const now = new Date('2026-11-20T23:30:00Z');
  await tick(app.running.rt, now);
  const ids = Object.fromEntries(
    await Promise.all([A, B, C].map(async (t) => [(await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: t } })).id, t] as const)),
  );
  const { queues } = app.running.rt;
  const teamsOf = async (kind: 'scan' | 'digest') => {
    const found: string[] = [];
    for (const [id, team] of Object.entries(ids)) if (await queues[kind].getJob(`${kind}:${id}:2026-11-20`)) found.push(team);
    return found.sort();
  };
  const out = { scans: await teamsOf('scan'), digests: await teamsOf('digest') };
  for (const kind of ['scan', 'digest'] as const) await queues[kind].obliterate({ force: true });
  return out;
}

describe('team_access_revoked from an org-wide install', () => {
  it('schedules scans and digests for all three workspaces before anything is revoked', async () => {
    expect(await scheduled()).toEqual({ scans: [A, B, C], digests: [A, B, C] });
  });

  it('turns the two named workspaces inactive; the third, and other orgs, are unaffected', async () => {
    const res = await postSigned(`${app.url}/slack/events`, { body: teamAccessBody('team_access_revoked', [A, B], { eventId: 'Ev0REVOKE01' }), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await expect.poll(async () => [await status(A), await status(B)]).toEqual(['inactive', 'inactive']);
    expect(await status(C)).toBe('active');
    expect(await status(OUTSIDER)).toBe('active');
    expect(await scheduled()).toEqual({ scans: [C], digests: [C] });
    // the org install itself still serves the third workspace
    const inst = await createInstallationStore(app.db, Buffer.from(KEY, 'hex')).fetchInstallation({ teamId: C, enterpriseId: ORG, isEnterpriseInstall: false });
    expect(inst.bot?.token).toBe('xoxb-org');
  });

  it('a redelivery (Slack retry of the same event, or the same revocation again) is harmless', async () => {
    const body = teamAccessBody('team_access_revoked', [A, B], { eventId: 'Ev0REVOKE01' });
    const retry = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() + 1, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    const again = await postSigned(`${app.url}/slack/events`, { body: teamAccessBody('team_access_revoked', [A, B]), secret: SIGNING_SECRET });
    expect(again.status).toBe(200);
    // another org naming our third workspace changes nothing: events are scoped to their org
    const foreign = await postSigned(`${app.url}/slack/events`, { body: teamAccessBody('team_access_revoked', [C], { enterpriseId: OTHER_ORG }), secret: SIGNING_SECRET });
    expect(foreign.status).toBe(200);
    expect([await status(A), await status(B), await status(C)]).toEqual(['inactive', 'inactive', 'active']);
    expect(await scheduled()).toEqual({ scans: [C], digests: [C] });
    // an org-level event names no workspace, and none is made up from the org's id
    expect(await app.db.prisma.workspace.count({ where: { slackTeamId: { in: [ORG, OTHER_ORG] } } })).toBe(0);
  });

  it('team_access_granted brings a workspace back, and lifts the block its refused token left', async () => {
    // a delivery while access was lost: Slack refused the org token for A (jobs/deliver.ts)
    const a = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: A } });
    await app.db.pool.query(`insert into delivery_block (workspace_id, target, error) values ($1, '*', 'team_access_not_granted')`, [a.id]);
    const res = await postSigned(`${app.url}/slack/events`, { body: teamAccessBody('team_access_granted', [A]), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await expect.poll(() => status(A)).toBe('active');
    expect(await status(B)).toBe('inactive');
    expect(await scheduled()).toEqual({ scans: [A, C], digests: [A, C] });
    expect((await app.db.pool.query(`select cleared_at from delivery_block where workspace_id = $1 and target = '*'`, [a.id])).rows[0].cleared_at).toBeInstanceOf(Date);
  });
});

describe('app_uninstalled in single-workspace mode (one bot token, no installation store)', () => {
  let single: TestApp;
  beforeAll(async () => {
    single = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web' });
  });
  afterAll(async () => {
    await single?.stop();
  });

  it('answers the url_verification challenge Slack sends when the events Request URL is saved (README install step 4)', async () => {
    const res = await postSigned(`${single.url}/slack/events`, { body: urlVerificationBody('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    const forged = await postSigned(`${single.url}/slack/events`, { body: urlVerificationBody('x'), secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
  });

  it('marks that workspace inactive and leaves the others alone', async () => {
    // the bot token's own team (the fake's default) and a workspace row of another team
    for (const team of ['T0TEND0001', 'T0SINGLE02']) await single.db.prisma.workspace.create({ data: { slackTeamId: team } });
    const res = await postSigned(`${single.url}/slack/events`, { body: eventBody({ team_id: 'T0TEND0001', event: { type: 'app_uninstalled' } }), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const statusIn = async (team: string) => (await single.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: team } })).status;
    await expect.poll(() => statusIn('T0TEND0001')).toBe('inactive');
    expect(await statusIn('T0SINGLE02')).toBe('active');
  });

  it('after a reinstall, a command (Slack sends one only to an installed app) or a restart whose auth.test passes makes it active again', async () => {
    const statusIn = async (team: string) => (await single.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: team } })).status;
    expect(await statusIn('T0TEND0001')).toBe('inactive');
    // an event is no proof (app_uninstalled itself is one): still inactive
    await postSigned(`${single.url}/slack/events`, { body: eventBody({ team_id: 'T0TEND0001', event: { type: 'app_home_opened', user: 'U0ALICE001', tab: 'home', channel: 'D0ALICE001' } }), secret: SIGNING_SECRET });
    expect(await statusIn('T0TEND0001')).toBe('inactive');
    // a delivery during the uninstall found the token revoked: the whole workspace was blocked
    const ws = await single.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0TEND0001' } });
    await single.db.pool.query(`insert into delivery_block (workspace_id, target, error) values ($1, '*', 'token_revoked')`, [ws.id]);
    const command = slashCommandBody({ command: '/nudges', text: '', team_id: 'T0TEND0001', user_id: 'U0ALICE001', channel_id: 'C0GENERAL1', response_url: fake.responseUrl('reinstall'), trigger_id: triggerId() });
    expect((await postSigned(`${single.url}/slack/events`, { body: command, secret: SIGNING_SECRET })).status).toBe(200);
    expect(await statusIn('T0TEND0001')).toBe('active');
    // and the new install's token may post again
    expect((await single.db.pool.query(`select cleared_at from delivery_block where workspace_id = $1 and target = '*'`, [ws.id])).rows[0].cleared_at).toBeInstanceOf(Date);
    expect(await statusIn('T0SINGLE02')).toBe('active');

    // uninstalled again; the operator restarts Tend with the token of the new install
    await postSigned(`${single.url}/slack/events`, { body: eventBody({ team_id: 'T0TEND0001', event: { type: 'app_uninstalled' } }), secret: SIGNING_SECRET });
    await expect.poll(() => statusIn('T0TEND0001')).toBe('inactive');
    const prefix = testPrefix();
    const restarted = await boot(
      loadConfig({
        DATABASE_URL: single.db.url, REDIS_URL: TEST_REDIS_URL, PORT: '0', TEND_QUEUE_PREFIX: prefix, TEND_ROLES: 'web', TEND_DATA_DIR: `/tmp/${prefix}`,
        LOG_LEVEL: 'silent', SLACK_API_URL: fake.apiUrl, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET,
      }),
      { log: createLogger('silent') },
    );
    try {
      expect(await statusIn('T0TEND0001')).toBe('active');
    } finally {
      await restarted.stop();
      await dropPrefix(prefix);
    }
  });
});

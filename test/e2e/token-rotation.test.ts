// Token rotation on (an app that turned token_rotation_enabled on): bot tokens expire every
// 12 hours and Bolt renews one only when a request comes in. The workers' token lookup renews a
// token about to expire itself, stores it sealed, and one refresh at a time: Slack revokes a
// refresh token once it is used.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botTokenForWorkspace, createInstallationStore } from '../../src/data/installations.ts';
import { createTokenRefresher } from '../../src/delivery/slack.ts';
import { createLogger } from '../../src/log.ts';
import { oauthEnv, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';

const KEY = randomBytes(32).toString('hex');
// the first token Slack gives expires within a second; the ones it renews, in 12 hours
const rotation = { expiresIn: 1 };
let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0ROTATE1', name: 'Rotate Co' }, oauth: { clientId: 'cid.123', clientSecret: 'csecret', rotation } });
  app = await startTestApp({ roles: 'web', env: oauthEnv(fake.apiUrl, KEY) });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function install(code: string): Promise<void> {
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const done = await fetch(`${app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  expect(done.status).toBe(200);
}

const refreshes = () => fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');

describe('token rotation in the workers', () => {
  it('renews an expired bot token before a delivery, and stores the new one sealed', async () => {
    await install('code-rotate');
    const first = fake.callsTo('oauth.v2.access')[0]!.response as { access_token: string; refresh_token: string; expires_in: number };
    expect(first.refresh_token).toMatch(/^xoxe-1-/);
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0ROTATE1' } });
    rotation.expiresIn = 43_200;
    await new Promise((r) => setTimeout(r, 1_100));

    await app.running.rt.delivery.post(ws.id, { channel: 'C0NUDGES', text: 'hello' });
    const post = fake.callsTo('chat.postMessage').at(-1)!;
    expect(post.ok).toBe(true);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]).toMatchObject({ ok: true, args: { client_id: 'cid.123', refresh_token: first.refresh_token } });
    const renewed = refreshes()[0]!.response as { access_token: string; refresh_token: string };
    expect(post.token).toBe(renewed.access_token);

    const stored = await createInstallationStore(app.db, Buffer.from(KEY, 'hex')).fetchInstallation({ teamId: 'T0ROTATE1', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(stored.bot).toMatchObject({ token: renewed.access_token, refreshToken: renewed.refresh_token });
    expect(stored.bot!.expiresAt! - Date.now() / 1000).toBeGreaterThan(43_000);
    const row = await app.db.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: 'T0ROTATE1' } });
    expect(row.sealed).not.toContain(renewed.access_token);
    expect(row.sealed).not.toContain('xoxe');
  });

  it('renews once when many lookups find the token expiring at the same moment', async () => {
    rotation.expiresIn = 1;
    await install('code-rotate-2');
    rotation.expiresIn = 43_200;
    await new Promise((r) => setTimeout(r, 1_100));
    const before = refreshes().length;
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0ROTATE1' } });
    const key = Buffer.from(KEY, 'hex');
    // three processes' lookups (each process has its own rotation), on one database
    const rotations = [0, 1, 2].map(() => ({
      pool: app.db.pool,
      refresh: createTokenRefresher({ clientId: 'cid.123', clientSecret: 'csecret', slackApiUrl: fake.apiUrl, log: createLogger('silent') }),
    }));
    const tokens = await Promise.all(Array.from({ length: 9 }, (_, i) => botTokenForWorkspace(app.db.prisma, key, ws.id, rotations[i % 3]!)));
    expect(refreshes().slice(before)).toHaveLength(1);
    expect(refreshes().at(-1)!.ok).toBe(true);
    const renewed = (refreshes().at(-1)!.response as { access_token: string }).access_token;
    expect(new Set(tokens)).toEqual(new Set([renewed]));
  });

  it('keeps a token that is not yet expired when Slack refuses to renew it', async () => {
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0ROTATE1' } });
    const key = Buffer.from(KEY, 'hex');
    const current = await botTokenForWorkspace(app.db.prisma, key, ws.id);
    const refused = async () => {
      throw new Error('invalid_refresh_token');
    };
    // four minutes from now the token is within the margin, not yet expired
    const soon = () => new Date(Date.now() + 43_200_000 - 4 * 60_000);
    expect(await botTokenForWorkspace(app.db.prisma, key, ws.id, { pool: app.db.pool, refresh: refused, now: soon })).toBe(current);
    const later = () => new Date(Date.now() + 43_300_000);
    await expect(botTokenForWorkspace(app.db.prisma, key, ws.id, { pool: app.db.pool, refresh: refused, now: later })).rejects.toThrow(/expired and could not be renewed/);
  });
});

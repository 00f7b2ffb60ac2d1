// Slack counts its rate limits per app per workspace. A 429 in one workspace must hold back
// that workspace only: the other tenants on the same queue keep posting, and the limited
// workspace sends nothing more (on any channel) until its Retry-After has passed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationStore } from '../../src/data/installations.ts';
import { oauthEnv, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until } from '../support/nudge-factory.ts';

const KEY = randomBytes(32).toString('hex');
const RETRY_AFTER_S = 6;
let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: ['C0ALPHA001', 'C0BETA0001'], perChannelPerSecond: 1 });
  fake.addToken('xoxb-alpha');
  fake.addToken('xoxb-beta');
  app = await startTestApp({ roles: 'worker', env: oauthEnv(fake.apiUrl, KEY) });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

async function installed(teamId: string, channel: string, token: string) {
  const ws = await seedWorkspace(app.db.pool, { teamId, channel, owner: `U0${teamId.slice(2)}` });
  await createInstallationStore(app.db, Buffer.from(KEY, 'hex')).storeInstallation({
    team: { id: teamId, name: teamId }, enterprise: undefined, user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { token, scopes: ['chat:write'], id: 'B1', userId: 'UBOT' }, isEnterpriseInstall: false, authVersion: 'v2',
  } as never);
  return ws;
}

describe('a 429 in one workspace', () => {
  it('holds back that workspace until its Retry-After, while another workspace keeps posting', async () => {
    const alpha = await installed('T0ALPHA01', 'C0ALPHA001', 'xoxb-alpha');
    const beta = await installed('T0BETA001', 'C0BETA0001', 'xoxb-beta');
    const { pool } = app.db;
    const alphaIds: number[] = [];
    const betaIds: number[] = [];
    for (let i = 0; i < 3; i++) alphaIds.push((await seedNudge(pool, alpha.workspaceId)).nudgeId);
    for (let i = 0; i < 3; i++) betaIds.push((await seedNudge(pool, beta.workspaceId)).nudgeId);

    fake.failFor('chat.postMessage', RETRY_AFTER_S * 1000, { status: 429, retryAfter: RETRY_AFTER_S }, { token: 'xoxb-alpha' });
    const start = Date.now();
    const { queues } = app.running.rt;
    await queues.addMany('deliver', alphaIds.map((nudgeId) => ({ workspaceId: alpha.workspaceId, nudgeId, generation: 0 })));
    await queues.addMany('deliver', betaIds.map((nudgeId) => ({ workspaceId: beta.workspaceId, nudgeId, generation: 0 })));

    const posted = async (ws: number, ids: number[]) =>
      (await Promise.all(ids.map((id) => nudgeRow(pool, ws, id)))).every((r) => r.delivery_state === 'posted');
    await until(() => posted(beta.workspaceId, betaIds), 15_000, 'beta posted');
    const betaDone = Date.now() - start;
    // beta's three posts are paced one per second in its channel, and nothing waited on alpha.
    // Kept timed, as fairness is the point: beta needs ~2 s; waiting on alpha would cost its 6 s
    // Retry-After, the bound (3x headroom; the old, unfair code took 7.4 s)
    expect(betaDone).toBeLessThan(RETRY_AFTER_S * 1000);
    expect(fake.messages('C0BETA0001')).toHaveLength(3);

    await until(() => posted(alpha.workspaceId, alphaIds), 30_000, 'alpha posted');
    expect(fake.messages('C0ALPHA001')).toHaveLength(3);
    const alphaCalls = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ALPHA001');
    const first429 = alphaCalls.find((c) => c.status === 429)!;
    // after the 429, alpha (any of its nudges) tried nothing until the Retry-After had passed
    const during = alphaCalls.filter((c) => c.at > first429.at && c.at < first429.at + RETRY_AFTER_S * 1000 - 5);
    expect(during).toEqual([]);
    expect(alphaCalls.filter((c) => c.status === 200)).toHaveLength(3);
    // the 429 did not use up the job's attempts: nothing was marked failed
    for (const id of alphaIds) expect((await nudgeRow(pool, alpha.workspaceId, id)).delivery_error).toBeNull();
  }, 60_000);
});

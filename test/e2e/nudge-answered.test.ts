// Issue 15's remaining "done when" points end to end, on an injected clock, through signed
// Slack requests and a real scan against the fake Slack: an account whose nudge is claimed, or
// was dismissed days ago, gets nothing new from a scan (the reasons join the held nudge), while
// an account on a 14-day rhythm gone quiet gets a cooling nudge whose posted message says
// "Usually every 14 days"; and ending an account's last product (/account X -Product) retires
// all its waiting nudges and edits their messages to say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTouch } from '../../src/data/conversations.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { seedHolding, seedNudge, seedProduct, seedWorkspace, until, type NudgeSeed, type SeededWorkspace } from '../support/nudge-factory.ts';
import { postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const ALICE = 'U0ALICE001';
const DAY = 86_400_000;
// 10:00 UTC in a UTC workspace: the rep's working day has begun, so a scan's nudges go out
const NOW = Date.parse('2026-11-30T10:00:00Z');
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let responses = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL], users: { [ALICE]: { name: 'alice', real_name: 'Alice Rep', tz: 'UTC' } } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, now: () => new Date(NOW) });
  ws = await seedWorkspace(app.db.pool, { owner: ALICE });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const ago = (days: number) => new Date(NOW - days * DAY);
const shown = (ts: string) => JSON.stringify(fake.message(CHANNEL, ts)?.blocks ?? []);

/** A nudge on its own account, findable by name, a year old. */
async function nudgeOn(name: string, o: NudgeSeed = {}): Promise<{ nudgeId: number; accountId: number }> {
  const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: name, createdAt: ago(30), ...o });
  await pool().query(`update account set name_key = lower(name), created_at = $3::timestamp where workspace_id = $1 and id = $2`, [ws.workspaceId, n.accountId, ago(400).toISOString()]);
  return n;
}

async function deliver(nudgeId: number): Promise<string> {
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
  return until(async () => {
    const r = await pool().query(`select message_ts from nudge where workspace_id = $1 and id = $2 and delivery_state = 'posted'`, [ws.workspaceId, nudgeId]);
    return r.rows[0]?.message_ts as string | undefined;
  }, 10_000, 'posted');
}

const nudgesOf = async (accountId: number) =>
  (await pool().query('select id, kind, status, resolution, evidence, message_ts from nudge where workspace_id = $1 and account_id = $2 order by id', [ws.workspaceId, accountId])).rows;

describe('the account is the unit of attention: claimed and recently dismissed', () => {
  it('a scan starts nothing new for a claimed account or one dismissed days ago; an account quiet past its 14-day rhythm gets a message that says 14', async () => {
    const base = await seedProduct(pool(), ws.workspaceId, 'Base');
    const extra = await seedProduct(pool(), ws.workspaceId, 'Extra');
    // one product for a year and never a touch: the scan would raise a cross-sell and a stall
    const claimed = await nudgeOn('Claimco', { kind: 'cross_sell', status: 'claimed', suggestedProductId: extra });
    await pool().query('update nudge set claimed_by_id = $3, claimed_at = $4::timestamp where workspace_id = $1 and id = $2', [ws.workspaceId, claimed.nudgeId, ws.ownerMemberId, ago(1).toISOString()]);
    const dismissed = await nudgeOn('Dismissco', { kind: 'cross_sell', status: 'dismissed', suggestedProductId: extra });
    await pool().query(`update nudge set dismissed_at = $3::timestamp, dismissed_reason = 'not_now' where workspace_id = $1 and id = $2`, [ws.workspaceId, dismissed.nudgeId, ago(2).toISOString()]);
    for (const n of [claimed, dismissed]) await seedHolding(pool(), ws.workspaceId, n.accountId, base, 90_000, ago(365));
    // both products, touched every 14 days, the last 35 days ago: cooling (2 × 14 = 28), not yet stalled
    const fortnight = await pool().query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, owner_id, created_at) values ($1, 'Fortnightco', 'fortnightco', $2, $3::timestamp) returning id`,
      [ws.workspaceId, ws.ownerMemberId, ago(400).toISOString()],
    );
    const fortnightId = fortnight.rows[0]!.id;
    for (const p of [base, extra]) await seedHolding(pool(), ws.workspaceId, fortnightId, p, 60_000, ago(365));
    for (const d of [91, 77, 63, 49, 35]) {
      await recordTouch(pool(), { workspaceId: ws.workspaceId, accountId: fortnightId, occurredAt: ago(d), summary: `check-in ${d}`, medium: 'call', sourceKey: `fortnight-${d}` });
    }

    const { rt } = app.running;
    await rt.queues.add('scan', { workspaceId: ws.workspaceId, localDate: '2026-11-30', run: 'answered' });
    await until(async () => (await rt.queues.scan.getJob(`scan:${ws.workspaceId}:2026-11-30+answered`))?.isCompleted(), 30_000, 'scan');

    // held nudges: nothing new, the scan's reasons joined them
    for (const held of [claimed, dismissed]) {
      const rows = await nudgesOf(held.accountId);
      expect(rows.map((r) => r.id)).toEqual([held.nudgeId]);
      expect(Object.values(rows[0].evidence.joined ?? {}).map((j) => (j as { kind: string }).kind)).toContain('stalled');
    }
    // the quiet account on its own rhythm: a cooling nudge, posted, saying 14 and its thresholds apart
    const [cooling] = await nudgesOf(fortnightId);
    expect(cooling).toMatchObject({ kind: 'cooling' });
    const ts = await until(async () => (await nudgesOf(fortnightId))[0]?.message_ts as string | undefined, 10_000, 'cooling nudge posted');
    await until(async () => fake.message(CHANNEL, ts), 5_000, 'in Slack');
    expect(shown(ts)).toContain('Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 90).');
    // nothing was posted about the held accounts
    const posted = JSON.stringify(fake.callsTo('chat.postMessage').map((c) => c.args));
    expect(posted).not.toContain('Claimco');
    expect(posted).not.toContain('Dismissco');
  });
});

describe('a churn retires what waited on the account', () => {
  it('/account X -Product ending its last product retires its open nudges and edits both messages to say why', async () => {
    const only = await seedProduct(pool(), ws.workspaceId, 'Solo');
    const cross = await nudgeOn('Churnco', { kind: 'cross_sell' });
    await seedHolding(pool(), ws.workspaceId, cross.accountId, only, 50_000, ago(300));
    const stall = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, kind: 'stalled', createdAt: ago(30) });
    await pool().query('update nudge set account_id = $3 where workspace_id = $1 and id = $2', [ws.workspaceId, stall.nudgeId, cross.accountId]);
    const [crossTs, stallTs] = [await deliver(cross.nudgeId), await deliver(stall.nudgeId)];

    const body = slashCommandBody({
      command: '/account', text: 'Churnco -Solo', team_id: 'T0TEND0001', user_id: ALICE, channel_id: 'C0GENERAL1', response_url: fake.responseUrl(`churn${++responses}`), trigger_id: triggerId(),
    });
    expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    for (const ts of [crossTs, stallTs]) {
      await until(async () => (fake.message(CHANNEL, ts)?.updates ?? 0) >= 1, 10_000, 'chat.update');
      expect(shown(ts)).toContain('Churnco holds no product any more');
    }
    const rows = await nudgesOf(cross.accountId);
    expect(rows.map((r) => [r.id, r.status, r.resolution])).toEqual([[cross.nudgeId, 'resolved', 'churn'], [stall.nudgeId, 'resolved', 'churn']]);
  });
});

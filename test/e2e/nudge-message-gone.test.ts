// A nudge message that is gone from Slack: an admin deletes Tend's post in the nudge channel
// (a signed `message_deleted` event whose previous message is the bot's), or chat.update
// finds it missing. The nudge keeps its status (App Home lists it), its delivery is recorded
// gone (failed, no message_ts), nothing redraws it, the sweep does not tell managers it waits
// "in #nudges", and a Slack retry of the event changes nothing twice. A grouped message's
// deletion reaches every nudge it listed; another bot's deleted post changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalateUnclaimed } from '../../src/data/nudge-sweep.ts';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { eventBody, nowSec, postSigned } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const BOT_USER = 'U0TENDBOT1';
const BOT_ID = 'B0TENDBOT1';

let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({ perChannelPerSecond: 50, channels: [CHANNEL] });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
  ws = await seedWorkspace(app.db.pool, { teamId: 'T0TEND0001', managers: ['U0MANAGER1'] });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const updates = (ts: string) => fake.callsTo('chat.update').filter((c) => c.args.ts === ts);

/** The message_deleted event Slack sends when someone deletes the message at `ts` (its author: `prev`). */
function deletion(ts: string, prev: { user: string; bot_id: string }, channel = CHANNEL): Record<string, unknown> & { type: string } {
  const now = `${nowSec()}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return {
    type: 'message', subtype: 'message_deleted', hidden: true, channel, channel_type: 'channel', ts: now, event_ts: now, deleted_ts: ts,
    previous_message: { type: 'message', ts, text: 'Cross-sell: Acme', ...prev, app_id: 'A0TENDAPP1' },
  };
}

async function sendEvent(event: Record<string, unknown> & { type: string }, eventId: string, retry = 0) {
  const res = await postSigned(`${app.url}/slack/events`, {
    body: eventBody({ event, event_id: eventId }),
    secret: SIGNING_SECRET,
    timestamp: nowSec() + retry,
    headers: retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {},
  });
  expect(res.status).toBe(200);
}

/** An admin deletes the bot's message in Slack (the fake forgets it, as Slack does). */
async function deleteInSlack(ts: string): Promise<void> {
  const res = await fetch(`${fake.apiUrl}chat.delete`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ channel: CHANNEL, ts }),
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

async function posted(workspaceId: number, nudgeId: number): Promise<string> {
  await app.running.rt.queues.add('deliver', { workspaceId, nudgeId, generation: 0 });
  const row = await until(async () => {
    const r = await nudgeRow(pool(), workspaceId, nudgeId);
    return r.delivery_state === 'posted' ? r : null;
  }, 10_000, 'nudge posted');
  return row.message_ts as string;
}

const updatedAt = async (nudgeId: number) => (await pool().query('select updated_at from nudge where id = $1', [nudgeId])).rows[0].updated_at as Date;

/** Runs the refresh job (the redraw a state change queues) and waits for it to finish. */
async function refreshed(workspaceId: number, nudgeId: number, stamp: string): Promise<void> {
  await app.running.rt.queues.add('refresh', { workspaceId, nudgeId, stamp });
  const q = app.running.rt.queues.refresh;
  await until(async () => (await q.getJob(`refresh:${nudgeId}:${stamp}`))?.finishedOn !== undefined, 10_000, 'refresh ran');
}

describe('a nudge message deleted in Slack', () => {
  it('keeps the nudge open, records its message gone, does not redraw or escalate it, and a retried event changes nothing twice', async () => {
    const long = new Date(Date.now() - 3 * 86_400_000);
    const gone = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, releasedAt: long, createdAt: long });
    const kept = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, releasedAt: long, createdAt: long });
    const ts = await posted(ws.workspaceId, gone.nudgeId);
    await posted(ws.workspaceId, kept.nudgeId);

    await deleteInSlack(ts);
    await sendEvent(deletion(ts, { user: BOT_USER, bot_id: BOT_ID }), 'Ev0GONE00001');
    const row = await until(async () => {
      const r = await nudgeRow(pool(), ws.workspaceId, gone.nudgeId);
      return r.delivery_state === 'failed' ? r : null;
    }, 10_000, 'delivery recorded gone');
    expect(row).toMatchObject({ status: 'open', delivery_error: 'message_deleted', message_ts: null, channel_id: CHANNEL });

    // Slack retries the same event: nothing changes a second time
    const at = await updatedAt(gone.nudgeId);
    await sendEvent(deletion(ts, { user: BOT_USER, bot_id: BOT_ID }), 'Ev0GONE00001', 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await updatedAt(gone.nudgeId)).toEqual(at);
    expect(await nudgeRow(pool(), ws.workspaceId, gone.nudgeId)).toMatchObject({ status: 'open', delivery_state: 'failed', message_ts: null });

    // a later change redraws nothing (no chat.update of a message that is not there)
    await refreshed(ws.workspaceId, gone.nudgeId, 'afterdelete');
    expect(updates(ts)).toHaveLength(0);

    // a day on, managers are not told it waits in the channel; the nudge still posted is raised
    const raised = await escalateUnclaimed(pool(), ws.workspaceId, new Date(Date.now() - 86_400_000), new Date());
    expect(raised.map((r) => r.nudgeId)).toEqual([kept.nudgeId]);
    // nor is it posted again there
    await app.running.rt.queues.deliver.add('deliver', { workspaceId: ws.workspaceId, nudgeId: gone.nudgeId, generation: 0 }, { jobId: `again-${gone.nudgeId}` });
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('a deleted grouped message: the group and every nudge it listed are recorded gone; a nudge moved to its own message keeps it', async () => {
    const ts = `${nowSec() - 60}.000100`;
    const own = `${nowSec() - 30}.000200`;
    const g = await pool().query<{ id: number }>(
      `insert into nudge_group (workspace_id, assignee_key, local_day, delivery_state, channel_id, message_ts) values ($1, $2, '2026-11-30', 'posted', $3, $4) returning id`,
      [ws.workspaceId, ws.ownerMemberId, CHANNEL, ts],
    );
    const groupId = g.rows[0]!.id;
    const listed = [];
    for (const status of ['open', 'claimed'] as const) listed.push(await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, status, deliveryState: 'posted', channelId: CHANNEL, messageTs: ts }));
    const moved = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, deliveryState: 'posted', channelId: CHANNEL, messageTs: own });
    await pool().query('update nudge set group_id = $2 where workspace_id = $1 and id = any($3::int[])', [ws.workspaceId, groupId, [...listed, moved].map((n) => n.nudgeId)]);

    await sendEvent(deletion(ts, { user: BOT_USER, bot_id: BOT_ID }), 'Ev0GONEGRP01');
    await until(async () => (await pool().query(`select delivery_state from nudge_group where id = $1`, [groupId])).rows[0].delivery_state === 'failed', 10_000, 'group gone');
    const group = (await pool().query('select delivery_error, message_ts from nudge_group where id = $1', [groupId])).rows[0];
    expect(group).toEqual({ delivery_error: 'message_deleted', message_ts: null });
    expect(await nudgeRow(pool(), ws.workspaceId, listed[0]!.nudgeId)).toMatchObject({ status: 'open', delivery_state: 'failed', message_ts: null });
    expect(await nudgeRow(pool(), ws.workspaceId, listed[1]!.nudgeId)).toMatchObject({ status: 'claimed', delivery_state: 'failed', message_ts: null });
    expect(await nudgeRow(pool(), ws.workspaceId, moved.nudgeId)).toMatchObject({ delivery_state: 'posted', message_ts: own });
  });

  it('another bot\'s deleted message at the same ts changes nothing', async () => {
    const ts = `${nowSec() - 90}.000300`;
    const n = await seedNudge(pool(), ws.workspaceId, { deliveryState: 'posted', channelId: CHANNEL, messageTs: ts });
    await sendEvent(deletion(ts, { user: 'U0OTHERBOT', bot_id: 'B0OTHERBOT' }), 'Ev0OTHERBOT1');
    await new Promise((r) => setTimeout(r, 500));
    expect(await nudgeRow(pool(), ws.workspaceId, n.nudgeId)).toMatchObject({ delivery_state: 'posted', message_ts: ts });
  });
});

describe('chat.update finds the message missing', () => {
  it('message_not_found is the same fact: recorded gone once, and the next redraw does not ask Slack again', async () => {
    const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
    const ts = await posted(ws.workspaceId, n.nudgeId);
    await deleteInSlack(ts);
    await refreshed(ws.workspaceId, n.nudgeId, 'first');
    await until(async () => (await nudgeRow(pool(), ws.workspaceId, n.nudgeId)).delivery_state === 'failed', 10_000, 'recorded gone');
    expect(await nudgeRow(pool(), ws.workspaceId, n.nudgeId)).toMatchObject({ status: 'open', delivery_error: 'message_not_found', message_ts: null });
    expect(updates(ts).map((c) => c.error)).toEqual(['message_not_found']);
    await refreshed(ws.workspaceId, n.nudgeId, 'second');
    expect(updates(ts)).toHaveLength(1);
  });
});

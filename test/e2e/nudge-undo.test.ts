// Undo and redraws in place, through signed Slack requests against the fake Slack (issue 15):
// Undo shows in the acted nudge's own section of a grouped message and goes at the redraw the
// change schedules for the end of its window (single messages too); undoing a Done puts back
// the sibling nudges its give retired and edits their sections; only who acted, or a manager,
// may undo; and two clicks on one grouped message at once leave no stale section. The clock is
// injected; the end-of-window redraw is a delayed job, promoted instead of waited for.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retireAnswered } from '../../src/data/nudge-retire.ts';
import { UNDO_WINDOW_MS } from '../../src/domain/nudge-state.ts';
import { ACTIONS, BLOCKS, NUDGE_VIEWS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { blockActionsPayload, interactionBody, nowSec, postSigned, viewSubmissionPayload } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const ANA = 'U0ANA00001';
const BEN = 'U0BEN00001';
const BOSS = 'U0BOSS0001';
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let clock = Date.parse('2026-11-30T10:00:00Z');

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL], perChannelPerSecond: 50 });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, now: () => new Date(clock) });
  ws = await seedWorkspace(app.db.pool, { teamId: 'T0TEND0001', managers: [BOSS], owner: ANA });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const row = (nudgeId: number) => nudgeRow(pool(), ws.workspaceId, nudgeId);
type Block = { type: string; block_id?: string; elements?: { action_id?: string; text?: string }[] };
const blocksOf = (ts: string) => (fake.message(CHANNEL, ts)?.blocks ?? []) as Block[];
const updates = (ts: string) => fake.message(CHANNEL, ts)?.updates ?? 0;
const hasUndo = (ts: string) => JSON.stringify(blocksOf(ts)).includes(`"action_id":"${ACTIONS.nudgeUndo}"`);

/** A nudge's own section of a grouped message: its state line and the action ids of its buttons. */
function section(ts: string, nudgeId: number): { state: string; buttons: string[] } | null {
  const blocks = blocksOf(ts);
  const i = blocks.findIndex((b) => b.block_id === `${BLOCKS.nudgeActions}:${nudgeId}`);
  if (i < 0) return null;
  return { state: String(blocks[i - 1]?.elements?.[0]?.text ?? ''), buttons: (blocks[i]!.elements ?? []).map((e) => String(e.action_id)) };
}

async function send(payload: unknown): Promise<void> {
  const res = await postSigned(`${app.url}/slack/events`, { body: interactionBody(payload), secret: SIGNING_SECRET, timestamp: nowSec() });
  expect(res.status).toBe(200);
}

async function click(nudgeId: number, ts: string, actionId: string, userId: string): Promise<string> {
  const responseId = randomBytes(6).toString('hex');
  await send(blockActionsPayload({
    actionId, value: String(nudgeId), blockId: `${BLOCKS.nudgeActions}:${nudgeId}`, channelId: CHANNEL, messageTs: ts, userId, teamId: 'T0TEND0001', responseUrl: fake.responseUrl(responseId),
  }));
  return responseId;
}

/** Ana clicks Done and submits the form it opens: a give of `medium`, summarised. */
async function doneWithGive(nudgeId: number, ts: string, medium: string, summary: string): Promise<void> {
  await click(nudgeId, ts, ACTIONS.nudgeDone, ANA);
  const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open'
    && (c.args.view as { private_metadata?: string }).private_metadata === JSON.stringify({ nudgeId })));
  await send(viewSubmissionPayload({
    callbackId: NUDGE_VIEWS.doneModal, privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata, userId: ANA, teamId: 'T0TEND0001',
    values: {
      [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { value: medium } } },
      [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { value: 'give' } } },
      [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: summary } },
    },
  }));
}

async function snoozeWeek(nudgeId: number, ts: string, userId: string): Promise<void> {
  await send(blockActionsPayload({
    actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: `${BLOCKS.nudgeActions}:${nudgeId}`, selected_option: { text: { type: 'plain_text', text: '1 week' }, value: `week:${nudgeId}` } }],
    channelId: CHANNEL, messageTs: ts, userId, teamId: 'T0TEND0001', responseUrl: fake.responseUrl(randomBytes(6).toString('hex')),
  }));
}

/** Another nudge on the same account (a stall beside a cross-sell), open and unposted. */
async function siblingStall(accountId: number): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, evidence, suggestion, priority, value_at_stake_cents, released_at, delivery_state, created_at, updated_at)
     values ($1, $2, 'stalled', $3, 'open', $4::jsonb, 'Call with the benchmark report, no ask.', 0.5, 400000, $5::timestamp, 'pending', $5::timestamp, $5::timestamp)
     returning id`,
    [ws.workspaceId, accountId, `stall:${accountId}:${randomBytes(3).toString('hex')}`,
      JSON.stringify({ headline: 'Quiet for 40 days', daysSinceTouch: 40, usualGapDays: 14, rhythmDays: 28, stalledAfterDays: 35 }), new Date(clock).toISOString()],
  );
  return rows[0]!.id;
}

/** Puts the nudges in one grouped message for ANA, posts it, and returns its ts. */
async function postGroup(nudgeIds: number[]): Promise<string> {
  const g = await pool().query<{ id: number }>(
    `insert into nudge_group (workspace_id, assignee_key, local_day) values ($1, $2, $3) returning id`,
    [ws.workspaceId, ws.ownerMemberId, `2026-11-${String(10 + nudgeIds[0]! % 20).padStart(2, '0')}`],
  );
  const groupId = g.rows[0]!.id;
  await pool().query('update nudge set group_id = $3 where workspace_id = $1 and id = any($2::int[])', [ws.workspaceId, nudgeIds, groupId]);
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: nudgeIds[0]!, generation: 0, groupId });
  const posted = await until(async () => {
    const r = await pool().query(`select message_ts from nudge_group where workspace_id = $1 and id = $2 and delivery_state = 'posted'`, [ws.workspaceId, groupId]);
    return r.rows[0]?.message_ts as string | undefined;
  }, 10_000, 'group posted');
  await until(async () => fake.message(CHANNEL, posted), 5_000, 'group in Slack');
  return posted;
}

async function postSingle(nudgeId: number): Promise<string> {
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
  const r = await until(async () => {
    const x = await row(nudgeId);
    return x.delivery_state === 'posted' ? x : null;
  }, 10_000, 'posted');
  return String(r.message_ts);
}

/** The redraw a change scheduled for the end of its Undo window, run now instead of then. */
async function runUndoExpiry(nudgeId: number, actedAt: number): Promise<void> {
  const job = await until(() => app.running.rt.queues.refresh.getJob(`refresh:${nudgeId}:u${actedAt}`), 5_000, 'a redraw scheduled for the end of the window');
  expect(await job!.getState()).toBe('delayed');
  expect(job!.opts.delay).toBeGreaterThanOrEqual(UNDO_WINDOW_MS);
  clock = actedAt + (job!.opts.delay ?? 0);
  await job!.promote();
}

describe('Undo in a grouped message', () => {
  it("shows in the acted nudge's own section, and the redraw at the end of the window takes it away", async () => {
    const a = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Acme' });
    const b = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Globex' });
    const ts = await postGroup([a.nudgeId, b.nudgeId]);
    const actedAt = clock;
    await snoozeWeek(b.nudgeId, ts, ANA);
    await until(async () => section(ts, b.nudgeId)?.buttons.includes(ACTIONS.nudgeUndo), 5_000, 'undo in its section');
    expect(section(ts, b.nudgeId)!.buttons).toEqual([ACTIONS.nudgeUndo]);
    expect(section(ts, b.nudgeId)!.state).toMatch(new RegExp(`Snoozed until .* by <@${ANA}>`));
    // the other nudge keeps its own buttons and no Undo
    expect(section(ts, a.nudgeId)!.buttons).toContain(ACTIONS.nudgeClaim);
    expect(section(ts, a.nudgeId)!.buttons).not.toContain(ACTIONS.nudgeUndo);

    const seen = updates(ts);
    await runUndoExpiry(b.nudgeId, actedAt);
    await until(async () => updates(ts) > seen, 5_000, 'redrawn at the end of the window');
    expect(hasUndo(ts)).toBe(false);
    expect(section(ts, a.nudgeId)!.buttons).toContain(ACTIONS.nudgeClaim);
    expect(JSON.stringify(blocksOf(ts))).toMatch(new RegExp(`Snoozed until [^"]* by <@${ANA}>`));
    expect((await row(b.nudgeId)).status).toBe('snoozed');
  });

  it('a single message loses its Undo the same way', async () => {
    const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
    const ts = await postSingle(n.nudgeId);
    const actedAt = clock;
    await snoozeWeek(n.nudgeId, ts, ANA);
    await until(async () => hasUndo(ts), 5_000, 'undo offered');
    const seen = updates(ts);
    await runUndoExpiry(n.nudgeId, actedAt);
    await until(async () => updates(ts) > seen, 5_000, 'redrawn');
    expect(hasUndo(ts)).toBe(false);
    expect(JSON.stringify(blocksOf(ts))).toMatch(new RegExp(`Snoozed until [^"]* by <@${ANA}>`));
  });
});

describe('undoing a Done', () => {
  it('puts back the sibling nudge its give retired and edits its section; only who acted or a manager may undo', async () => {
    const cross = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Initech' });
    const stall = await siblingStall(cross.accountId);
    const ts = await postGroup([cross.nudgeId, stall]);

    await doneWithGive(cross.nudgeId, ts, 'call', 'Walked them through the benchmark');
    // the give answered the stall: retired, and its section says why
    await until(async () => (await row(stall)).status === 'resolved', 5_000, 'stall retired');
    await until(async () => section(ts, cross.nudgeId)?.buttons.includes(ACTIONS.nudgeUndo) && !section(ts, stall)?.buttons.length, 5_000, 'both sections redrawn');
    expect(JSON.stringify(blocksOf(ts))).toMatch(/Logged a call with Initech/);

    // someone else, no manager: told privately whose change it is; nothing changes
    const seen = updates(ts);
    const benReply = await click(cross.nudgeId, ts, ACTIONS.nudgeUndo, BEN);
    const [reply] = await fake.waitFor(() => (fake.responses(benReply).length ? fake.responses(benReply).map((r) => r.body) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply!.text)).toContain(`Only <@${ANA}> or a manager can undo it`);
    expect((await row(cross.nudgeId)).status).toBe('done');
    expect((await row(stall)).status).toBe('resolved');
    expect(updates(ts)).toBe(seen);

    // a manager may: the Done and what it retired go back, the give is no longer counted
    clock += 60_000;
    await click(cross.nudgeId, ts, ACTIONS.nudgeUndo, BOSS);
    await until(async () => (await row(cross.nudgeId)).status === 'open', 5_000, 'done undone');
    await until(async () => (await row(stall)).status === 'open', 5_000, 'stall restored');
    const back = await pool().query('select resolution, resolved_at from nudge where workspace_id = $1 and id = $2', [ws.workspaceId, stall]);
    expect(back.rows[0]).toEqual({ resolution: null, resolved_at: null });
    await until(async () => section(ts, stall)?.buttons.includes(ACTIONS.nudgeClaim) && section(ts, cross.nudgeId)?.buttons.includes(ACTIONS.nudgeClaim), 5_000, 'sections edited back');
    expect(hasUndo(ts)).toBe(false);
    const touches = await pool().query('select count(*)::int as n from conversation where workspace_id = $1 and account_id = $2', [ws.workspaceId, cross.accountId]);
    expect(touches.rows[0].n).toBe(0);
  });
});

describe('undoing a Done, single messages', () => {
  it("edits the retired sibling's own message back: open, with its buttons", async () => {
    const cross = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Soylent' });
    const stall = await siblingStall(cross.accountId);
    const [crossTs, stallTs] = [await postSingle(cross.nudgeId), await postSingle(stall)];

    await doneWithGive(cross.nudgeId, crossTs, 'meeting', 'Ran their quarterly review');
    await until(async () => JSON.stringify(blocksOf(stallTs)).includes('Logged a meeting with Soylent'), 5_000, "sibling's message says why");
    expect(JSON.stringify(blocksOf(stallTs))).not.toContain(ACTIONS.nudgeClaim);
    await until(async () => hasUndo(crossTs), 5_000, 'undo offered');

    await click(cross.nudgeId, crossTs, ACTIONS.nudgeUndo, ANA);
    await until(async () => (await row(stall)).status === 'open', 5_000, 'sibling restored');
    await until(async () => JSON.stringify(blocksOf(stallTs)).includes(`"action_id":"${ACTIONS.nudgeClaim}"`), 5_000, "sibling's message edited back");
    expect(JSON.stringify(blocksOf(stallTs))).toContain('Open: nobody has claimed it yet');
    expect(JSON.stringify(blocksOf(stallTs))).not.toContain('Logged a meeting');
    await until(async () => !hasUndo(crossTs), 5_000, 'done message edited back');
    expect((await row(cross.nudgeId)).status).toBe('open');
  });
});

describe('undoing a Done after the sibling it retired was retired again by something else', () => {
  it('leaves that sibling as the later touch left it, and still takes the Done back', async () => {
    const cross = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Wonka' });
    const stall = await siblingStall(cross.accountId);
    const crossTs = await postSingle(cross.nudgeId);

    await doneWithGive(cross.nudgeId, crossTs, 'call', 'Sent the benchmark');
    await until(async () => (await row(stall)).status === 'resolved', 5_000, 'stall retired by the Done');

    // a scan brings the stall back (as data/nudge-writes.ts does a resolved nudge still due),
    // it is released, and a later /log's touch retires it again: that touch still answers it
    clock += 60_000;
    await pool().query(
      `update nudge set status = 'open', resolved_at = null, resolution = null, resolution_detail = null, released_at = $3::timestamp, updated_at = $3::timestamp
       where workspace_id = $1 and id = $2`,
      [ws.workspaceId, stall, new Date(clock).toISOString()],
    );
    clock += 60_000;
    const laterTouch = new Date(clock);
    expect((await retireAnswered(pool(), ws.workspaceId, cross.accountId, { resolution: 'touch', medium: 'email' }, laterTouch)).map((r) => r.id)).toEqual([stall]);

    clock += 60_000;
    await until(async () => hasUndo(crossTs), 5_000, 'undo offered');
    await click(cross.nudgeId, crossTs, ACTIONS.nudgeUndo, ANA);
    await until(async () => (await row(cross.nudgeId)).status === 'open', 5_000, 'done undone');
    const s = await pool().query(
      `select status, resolution, resolution_detail->>'medium' as medium, (extract(epoch from resolved_at) * 1000)::float8 as at_ms from nudge where workspace_id = $1 and id = $2`,
      [ws.workspaceId, stall],
    );
    expect(s.rows[0]).toEqual({ status: 'resolved', resolution: 'touch', medium: 'email', at_ms: laterTouch.getTime() });
  });
});

describe('two clicks on one grouped message at once', () => {
  it('leave no stale section: the last chat.update shows both', async () => {
    const a = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Umbrella' });
    const b = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Hooli' });
    const c = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Vandelay' });
    const ts = await postGroup([a.nudgeId, b.nudgeId, c.nudgeId]);
    const before = fake.callsTo('chat.update').filter((x) => x.args.ts === ts).length;
    // the first redraw's chat.update is slow: unserialised, the second click's redraw (which
    // read both claims) would reach Slack first and the first one's (one claim) would win
    fake.failNext('chat.update', { delayMs: 800 }, 1);
    const first = click(a.nudgeId, ts, ACTIONS.nudgeClaim, ANA);
    await until(async () => (await row(a.nudgeId)).status === 'claimed', 5_000, 'first claim');
    await new Promise((r) => setTimeout(r, 150)); // its redraw has read the state and is on the wire
    const second = click(b.nudgeId, ts, ACTIONS.nudgeClaim, BEN);
    await Promise.all([first, second]);
    await until(async () => (await row(b.nudgeId)).status === 'claimed', 5_000, 'second claim');
    await until(async () => fake.callsTo('chat.update').filter((x) => x.args.ts === ts).length >= before + 2, 5_000, 'both redraws');
    await new Promise((r) => setTimeout(r, 300));
    const last = fake.callsTo('chat.update').filter((x) => x.args.ts === ts).at(-1)!;
    const text = JSON.stringify(last.args.blocks);
    expect(text).toContain(`Claimed by <@${ANA}>`);
    expect(text).toContain(`Claimed by <@${BEN}>`);
    expect(section(ts, a.nudgeId)!.state).toContain(`Claimed by <@${ANA}>`);
    expect(section(ts, b.nudgeId)!.state).toContain(`Claimed by <@${BEN}>`);
    expect(section(ts, c.nudgeId)!.buttons).toContain(ACTIONS.nudgeClaim);
  });
});

// Interaction details on a posted nudge, through signed Slack requests against the fake Slack
// (issue 15): a second Claim is answered privately with who holds it and since when; Done,
// Snooze and Dismiss can be undone for a few minutes (then refused); the Done form pre-fills the
// nudge's offer; a one-click snooze can be given a reason afterwards (answered within Slack's 3 s
// even when the database hangs). Handing a claim back, snoozing or dismissing a claimed nudge,
// and giving a snooze its reason belong to the claimer / snoozer (or a manager): anyone else is
// refused and nothing changes. The clock is injected, so "11 minutes later" needs no waiting.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UNDO_WINDOW_MS } from '../../src/domain/nudge-state.ts';
import { SAVE_TIMEOUT_MS } from '../../src/slack/submissions/nudge-snooze-reason.ts';
import { ACTIONS, BLOCKS, NUDGE_VIEWS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedProduct, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { blockActionsPayload, eventBody, interactionBody, nowSec, postSigned, reactionAddedEvent, viewSubmissionPayload } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const ANA = 'U0ANA00001';
const BEN = 'U0BEN00001';
const MIA = 'U0MIA00001'; // a manager
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let clock = Date.now();

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL] });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, now: () => new Date(clock) });
  ws = await seedWorkspace(app.db.pool, { teamId: 'T0TEND0001', managers: [MIA] });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});
beforeEach(() => {
  clock = Date.now();
});

const pool = () => app.db.pool;
const row = (nudgeId: number) => nudgeRow(pool(), ws.workspaceId, nudgeId);

async function send(payload: unknown): Promise<void> {
  const res = await postSigned(`${app.url}/slack/events`, { body: interactionBody(payload), secret: SIGNING_SECRET, timestamp: nowSec() });
  expect(res.status).toBe(200);
}

async function postedNudge(o: Parameters<typeof seedNudge>[2] = {}): Promise<{ nudgeId: number; accountId: number; ts: string }> {
  const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, ...o });
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: n.nudgeId, generation: 0 });
  const r = await until(async () => {
    const x = await row(n.nudgeId);
    return x.delivery_state === 'posted' ? x : null;
  }, 10_000, 'posted');
  return { ...n, ts: String(r.message_ts) };
}

/** A button on the nudge's channel message, with a response_url of its own (returned). */
async function clickButton(n: { nudgeId: number; ts: string }, actionId: string, userId: string): Promise<string> {
  const responseId = randomBytes(6).toString('hex');
  await send(blockActionsPayload({ actionId, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts, userId, responseUrl: fake.responseUrl(responseId) }));
  return responseId;
}

async function snoozeWeek(n: { nudgeId: number; ts: string }, userId: string): Promise<string> {
  const responseId = randomBytes(6).toString('hex');
  await send(blockActionsPayload({
    actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: BLOCKS.nudgeActions, selected_option: { text: { type: 'plain_text', text: '1 week' }, value: `week:${n.nudgeId}` } }],
    channelId: CHANNEL, messageTs: n.ts, userId, responseUrl: fake.responseUrl(responseId),
  }));
  return responseId;
}

async function dismiss(n: { nudgeId: number; ts: string }, userId: string): Promise<void> {
  await clickButton(n, ACTIONS.nudgeDismiss, userId);
  const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && (c.args.view as { private_metadata?: string }).private_metadata === JSON.stringify({ nudgeId: n.nudgeId })));
  await send(viewSubmissionPayload({
    callbackId: NUDGE_VIEWS.dismissModal,
    privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
    userId,
    values: { [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { type: 'radio_buttons', selected_option: { value: 'not_a_fit' } } } },
  }));
}

/** Opens the Done form from the message and returns the view Slack was asked to open. */
async function openDoneForm(n: { nudgeId: number; ts: string }, userId: string) {
  await clickButton(n, ACTIONS.nudgeDone, userId);
  const opened = await fake.waitFor((calls) =>
    calls.find((c) => c.method === 'views.open' && (c.args.view as { callback_id?: string; private_metadata?: string }).callback_id === NUDGE_VIEWS.doneModal
      && (c.args.view as { private_metadata?: string }).private_metadata === JSON.stringify({ nudgeId: n.nudgeId })));
  return opened.args.view as { private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
}

async function submitDone(view: { private_metadata: string }, userId: string, summary: string): Promise<void> {
  await send(viewSubmissionPayload({
    callbackId: NUDGE_VIEWS.doneModal,
    privateMetadata: view.private_metadata,
    userId,
    values: {
      [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { value: 'call' } } },
      [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { value: 'give' } } },
      [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: summary } },
    },
  }));
}

const blocksOf = (ts: string) => JSON.stringify(fake.message(CHANNEL, ts)!.blocks);
const updates = (ts: string) => fake.message(CHANNEL, ts)?.updates ?? 0;
const hasUndo = (ts: string) => blocksOf(ts).includes(`"action_id":"${ACTIONS.nudgeUndo}"`);
const responses = (id: string) => fake.responses(id).map((r) => r.body);

/**
 * Submits a form while another transaction holds the nudge's row (its save waits on the lock, as
 * on a hung Postgres): the answer comes within Slack's 3 s, past the save bound, and keeps the
 * form open saying it couldn't save; `before` is checked while the lock still holds. The lock is
 * then released, so the save lands after all.
 */
async function submitWhileRowLocked(nudgeId: number, block: string, submit: () => Promise<Response>, before: () => Promise<void>): Promise<void> {
  const holder = await pool().connect();
  let held = true;
  try {
    await holder.query('begin');
    await holder.query('select 1 from nudge where workspace_id = $1 and id = $2 for update', [ws.workspaceId, nudgeId]);
    const started = performance.now();
    const res = await submit();
    const took = performance.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(SAVE_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(3_000);
    const body = JSON.parse(await res.text()) as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.[block]).toMatch(/couldn't save this just now/);
    await before();
    await holder.query('commit');
    held = false;
  } finally {
    if (held) await holder.query('rollback').catch(() => undefined);
    holder.release();
  }
}

async function claimedByAna(): Promise<{ nudgeId: number; accountId: number; ts: string }> {
  const n = await postedNudge();
  await clickButton(n, ACTIONS.nudgeClaim, ANA);
  await until(async () => (await row(n.nudgeId)).status === 'claimed', 5_000, 'claimed');
  await until(async () => updates(n.ts) >= 1, 5_000, 'claim shown');
  return n;
}

describe('a second Claim', () => {
  it('answers the second clicker privately with who claimed it and how long ago; nothing changes', async () => {
    clock = Date.now() - 2 * 3_600_000 - 5 * 60_000; // Ana claims 2 h 5 min "ago"
    const n = await claimedByAna();
    clock = Date.now();
    const responseId = await clickButton(n, ACTIONS.nudgeClaim, BEN);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: `:eyes: Already claimed by <@${ANA}> 2 h ago.` });
    const r = await row(n.nudgeId);
    expect(r.status).toBe('claimed');
    const claimer = await pool().query('select slack_user_id from member where id = $1', [r.claimed_by_id]);
    expect(claimer.rows[0].slack_user_id).toBe(ANA);
    const events = await pool().query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2 order by id', [ws.workspaceId, n.nudgeId]);
    expect(events.rows).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
  });

  it('tells the claimer themself that they already hold it', async () => {
    const n = await claimedByAna();
    const responseId = await clickButton(n, ACTIONS.nudgeClaim, ANA);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: ':eyes: You already claimed this just now.' });
  });
});

describe('Release', () => {
  const events = (nudgeId: number) =>
    pool().query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2 order by id', [ws.workspaceId, nudgeId]).then((r) => r.rows);
  const claimerOf = async (nudgeId: number) =>
    (await pool().query('select m.slack_user_id from nudge n join member m on m.id = n.claimed_by_id where n.id = $1', [nudgeId])).rows[0]?.slack_user_id ?? null;

  it("by someone else: refused privately, naming the claimer; the claim, the message and the events stay as they were", async () => {
    const n = await claimedByAna();
    const seen = updates(n.ts);
    const responseId = await clickButton(n, ACTIONS.nudgeRelease, BEN);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply!.text)).toContain(`<@${ANA}>`);
    expect(String(reply!.text)).toContain('Nothing changed');
    // the forged App Home button (shown to the claimer only) is refused the same way
    await send(blockActionsPayload({ actionId: ACTIONS.nudgeRelease, value: String(n.nudgeId), container: 'view', view: { viewType: 'home' }, userId: BEN }));
    await fake.waitFor(() => fake.homeView(BEN));
    const r = await row(n.nudgeId);
    expect(r.status).toBe('claimed');
    expect(await claimerOf(n.nudgeId)).toBe(ANA);
    expect(await events(n.nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
    expect(updates(n.ts)).toBe(seen);
    // and Ben still cannot take it over
    const again = await clickButton(n, ACTIONS.nudgeClaim, BEN);
    const [no] = await fake.waitFor(() => (fake.responses(again).length ? responses(again) : null));
    expect(String(no!.text)).toContain(`Already claimed by <@${ANA}>`);
  });

  it('by a manager: the nudge is open again, and the event names the manager', async () => {
    const n = await claimedByAna();
    await clickButton(n, ACTIONS.nudgeRelease, MIA);
    await until(async () => (await row(n.nudgeId)).status === 'open', 5_000, 'released');
    expect((await row(n.nudgeId)).claimed_by_id).toBeNull();
    expect(await events(n.nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }, { action: 'open', actor_user_id: MIA }]);
    await until(async () => blocksOf(n.ts).includes('Open: nobody has claimed it yet'), 5_000, 'message shows it open');
  });

  // the member row alone does not know who manages Tend: a Slack admin becomes a manager on their
  // first manager's verb, and a Slack admin's role holds a day; a refusal asks Slack (once a day)
  const memberOf = async (user: string) =>
    (await pool().query('select role, manager_via, slack_admin from member where workspace_id = $1 and slack_user_id = $2', [ws.workspaceId, user])).rows[0];
  const usersInfoFor = (user: string) => fake.callsTo('users.info').filter((c) => c.args.user === user).length;

  it('by a Slack admin who never used a manager\'s verb: Slack is asked once, they become a manager, and the nudge is open again', async () => {
    const ADA = 'U0ADA00001';
    fake.addUser(ADA, { name: 'ada', tz: 'UTC', is_admin: true });
    const n = await claimedByAna();
    await clickButton(n, ACTIONS.nudgeRelease, ADA);
    await until(async () => (await row(n.nudgeId)).status === 'open', 5_000, 'released by the admin');
    expect(await events(n.nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }, { action: 'open', actor_user_id: ADA }]);
    expect(await memberOf(ADA)).toEqual({ role: 'manager', manager_via: 'slack_admin', slack_admin: true });
    expect(usersInfoFor(ADA)).toBe(1);
    // told so once, in their messages with Tend, as a manager's command would have told them
    const told = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ADA);
    await fake.waitFor(() => (told().length ? told() : null));
    expect(told().map((c) => c.args.text)).toEqual(["You are an admin or owner of this Slack workspace, so you are one of Tend's managers."]);
    // a second click as a manager is no news
    const again = await claimedByAna();
    await clickButton(again, ACTIONS.nudgeRelease, ADA);
    await until(async () => (await row(again.nudgeId)).status === 'open', 5_000, 'released again');
    expect(told()).toHaveLength(1);
    // a teammate's refusal asks Slack once too, and not again within the day
    const asked = usersInfoFor(BEN);
    const m = await claimedByAna();
    for (let i = 0; i < 2; i++) {
      const responseId = await clickButton(m, ACTIONS.nudgeRelease, BEN);
      await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    }
    expect((await row(m.nudgeId)).status).toBe('claimed');
    expect(usersInfoFor(BEN) - asked).toBeLessThanOrEqual(1);
  });

  it('by a Slack admin whom Slack answers for too late for the click: refused this time, yet made a manager and told so', async () => {
    const LEO = 'U0LEO00001';
    fake.addUser(LEO, { name: 'leo', tz: 'UTC', is_admin: true });
    fake.failNext('users.info', { delayMs: 2_000 });
    const n = await claimedByAna();
    const responseId = await clickButton(n, ACTIONS.nudgeRelease, LEO);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(String(reply!.text)).toContain(`<@${ANA}>`);
    expect((await row(n.nudgeId)).status).toBe('claimed');
    // Slack's late answer still made them a manager: they hear it, and their next click works
    const told = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === LEO);
    await fake.waitFor(() => (told().length ? told() : null), 5_000);
    expect(await memberOf(LEO)).toEqual({ role: 'manager', manager_via: 'slack_admin', slack_admin: true });
    await clickButton(n, ACTIONS.nudgeRelease, LEO);
    await until(async () => (await row(n.nudgeId)).status === 'open', 5_000, 'released on the second click');
    expect(told()).toHaveLength(1);
  });

  it("by an admin of another organisation in a shared channel (Slack Connect): refused, and not made a manager here", async () => {
    const PAT = 'U0PAT00001';
    fake.addUser(PAT, { name: 'pat', tz: 'UTC', is_admin: true, team_id: 'T0PARTNER1' });
    const n = await claimedByAna();
    const responseId = await clickButton(n, ACTIONS.nudgeRelease, PAT);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(String(reply!.text)).toContain(`<@${ANA}>`);
    expect((await row(n.nudgeId)).status).toBe('claimed');
    expect(await memberOf(PAT)).toEqual({ role: 'rep', manager_via: null, slack_admin: false });
    expect(usersInfoFor(PAT)).toBe(1);
  });

  it('by a Slack admin Slack no longer calls one, a day after it last did: refused, and the role is taken away', async () => {
    const MAX = 'U0MAX00001';
    fake.addUser(MAX, { name: 'max', tz: 'UTC' }); // not an admin any more
    await pool().query(
      `insert into member (workspace_id, slack_user_id, role, manager_via, manager_since, slack_admin, slack_admin_checked_at)
       values ($1, $2, 'manager', 'slack_admin', now(), true, (now() at time zone 'utc') - interval '25 hours')`,
      [ws.workspaceId, MAX],
    );
    const n = await claimedByAna();
    const responseId = await clickButton(n, ACTIONS.nudgeRelease, MAX);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(String(reply!.text)).toContain(`<@${ANA}>`);
    expect((await row(n.nudgeId)).status).toBe('claimed');
    expect(await events(n.nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
    expect(await memberOf(MAX)).toEqual({ role: 'rep', manager_via: null, slack_admin: false });
    expect(usersInfoFor(MAX)).toBe(1);
  });
});

describe('Snooze and Dismiss of a nudge someone claimed', () => {
  const events = (nudgeId: number) =>
    pool().query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2 order by id', [ws.workspaceId, nudgeId]).then((r) => r.rows);
  const dismissView = (n: { nudgeId: number }, userId: string, viewId?: string) => postSigned(`${app.url}/slack/events`, {
    body: interactionBody(viewSubmissionPayload({
      callbackId: NUDGE_VIEWS.dismissModal,
      ...(viewId ? { viewId } : {}),
      privateMetadata: JSON.stringify({ nudgeId: n.nudgeId }),
      userId,
      values: { [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { type: 'radio_buttons', selected_option: { value: 'not_a_fit' } } } },
    })),
    secret: SIGNING_SECRET,
    timestamp: nowSec(),
  });

  it("by a teammate: the snooze select, the Dismiss button and a form opened before the claim are refused, naming the claimer; the claim, the message and the events stay as they were", async () => {
    const n = await claimedByAna();
    const seen = updates(n.ts);
    const snoozed = await snoozeWeek(n, BEN);
    const [reply] = await fake.waitFor(() => (fake.responses(snoozed).length ? responses(snoozed) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: `:raised_hand: This nudge is claimed by <@${ANA}>: only they or a manager can snooze it. Nothing changed.` });

    const opens = () => fake.calls.filter((c) => c.method === 'views.open').length;
    const before = opens();
    const dismissed = await clickButton(n, ACTIONS.nudgeDismiss, BEN);
    const [no] = await fake.waitFor(() => (fake.responses(dismissed).length ? responses(dismissed) : null));
    expect(String(no!.text)).toContain(`claimed by <@${ANA}>: only they or a manager can dismiss it`);
    expect(opens()).toBe(before); // no form to fill in only to be refused

    // a Dismiss form Ben opened before Ana claimed it: kept open with why, nothing written
    const late = await dismissView(n, BEN);
    expect(late.status).toBe(200);
    const body = JSON.parse((await late.text()) || '{}') as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.[NUDGE_VIEWS.dismissReasonBlock]).toMatch(/claimed this nudge: only they or a manager can dismiss it/);

    expect((await row(n.nudgeId)).status).toBe('claimed');
    expect((await row(n.nudgeId)).dismissed_reason).toBeNull();
    expect(await events(n.nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
    expect(updates(n.ts)).toBe(seen);
  });

  it('by a teammate with a reaction: :zzz: and :x: change nothing, and the reactor alone is told whose it is', async () => {
    const n = await claimedByAna();
    for (const [reaction, verb] of [['zzz', 'snooze'], ['x', 'dismiss']] as const) {
      const res = await postSigned(`${app.url}/slack/events`, {
        body: eventBody({ event: reactionAddedEvent({ user: BEN, reaction, channel: CHANNEL, ts: n.ts }), event_id: `Ev${n.nudgeId}${reaction.toUpperCase()}` }),
        secret: SIGNING_SECRET, timestamp: nowSec(),
      });
      expect(res.status).toBe(200);
      const told = await fake.waitFor(() => fake.ephemerals(CHANNEL).find((e) => e.user === BEN && String(e.text).includes(`can ${verb} it`)));
      expect(told.text).toBe(`:raised_hand: This nudge is claimed by <@${ANA}>: only they or a manager can ${verb} it. Nothing changed.`);
    }
    expect((await row(n.nudgeId)).status).toBe('claimed');
    expect(await events(n.nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
  });

  it('by the claimer or a manager: done as asked; on an open nudge, by anyone', async () => {
    const a = await claimedByAna();
    await snoozeWeek(a, ANA);
    await until(async () => (await row(a.nudgeId)).status === 'snoozed', 5_000, 'snoozed by Ana');
    const m = await claimedByAna();
    const ok = await dismissView(m, MIA);
    expect(await ok.text()).not.toContain('errors');
    await until(async () => (await row(m.nudgeId)).status === 'dismissed', 5_000, 'dismissed by a manager');
    expect((await events(m.nudgeId)).map((e) => e.actor_user_id)).toEqual([ANA, MIA]);
    const open = await postedNudge();
    await dismiss(open, BEN);
    await until(async () => (await row(open.nudgeId)).status === 'dismissed', 5_000, 'dismissed by a teammate');
  });

  it("a database that hangs past the bound: the Dismiss form stays open with \"couldn't save\" within Slack's 3 s; the dismiss, once it lands, shows on the message, and Save again closes it", async () => {
    const n = await postedNudge();
    const viewId = `V${randomBytes(5).toString('hex').toUpperCase()}`;
    await submitWhileRowLocked(n.nudgeId, NUDGE_VIEWS.dismissReasonBlock, () => dismissView(n, BEN, viewId), async () => {
      expect((await row(n.nudgeId)).status).toBe('open');
    });
    await until(async () => (await row(n.nudgeId)).status === 'dismissed', 5_000, 'late dismiss stored');
    await until(async () => blocksOf(n.ts).includes(`Dismissed by <@${BEN}>`), 5_000, 'late dismiss shown');
    // Save pressed again: the same submission, already applied, so the modal just closes
    const again = await dismissView(n, BEN, viewId);
    expect(await again.text()).toBe('');
    expect((await pool().query(`select count(*)::int as n from nudge_event where workspace_id = $1 and nudge_id = $2 and action = 'dismissed'`, [ws.workspaceId, n.nudgeId])).rows[0].n).toBe(1);
  });
});

describe('undo', () => {
  it('Done within the window: Undo restores the claim (who), edits the message back and removes the logged give', async () => {
    const n = await claimedByAna();
    const claimedBefore = (await row(n.nudgeId)).claimed_by_id;
    await submitDone(await openDoneForm(n, ANA), ANA, 'Ran the usage review');
    await until(async () => (await row(n.nudgeId)).status === 'done', 5_000, 'done');
    await until(async () => blocksOf(n.ts).includes(`Done by <@${ANA}>`), 5_000, 'done shown');
    expect(hasUndo(n.ts)).toBe(true);
    const touches = () => pool().query('select summary from conversation where workspace_id = $1 and account_id = $2', [ws.workspaceId, n.accountId]);
    expect((await touches()).rows).toEqual([{ summary: 'Ran the usage review' }]);
    const rollup = () => pool().query('select touch_count from account_rollup where workspace_id = $1 and account_id = $2', [ws.workspaceId, n.accountId]);
    expect((await rollup()).rows[0].touch_count).toBe(1);

    clock += UNDO_WINDOW_MS - 60_000; // 9 minutes later: still open
    const seen = updates(n.ts);
    // a double click: two requests, one change
    const undoPayload = blockActionsPayload({ actionId: ACTIONS.nudgeUndo, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts, userId: ANA });
    await send(undoPayload);
    await send(undoPayload);
    await clickButton(n, ACTIONS.nudgeUndo, ANA);
    await until(async () => (await row(n.nudgeId)).status === 'claimed', 5_000, 'restored');
    await until(async () => blocksOf(n.ts).includes(`Claimed by <@${ANA}>`), 5_000, 'message edited back');
    expect(updates(n.ts)).toBeGreaterThan(seen);
    expect(hasUndo(n.ts)).toBe(false);
    expect(blocksOf(n.ts)).toContain(`"action_id":"${ACTIONS.nudgeDone}"`);
    expect((await row(n.nudgeId)).claimed_by_id).toBe(claimedBefore);
    // the ledger no longer counts a give that was taken back
    expect((await touches()).rows).toEqual([]);
    expect((await rollup()).rows[0]?.touch_count ?? 0).toBe(0);
    const undone = await pool().query(`select count(*)::int as n from nudge_event where workspace_id = $1 and nudge_id = $2 and action = 'undone'`, [ws.workspaceId, n.nudgeId]);
    expect(undone.rows[0].n).toBe(1);
  });

  it('Snooze and Dismiss within the window: Undo reopens the nudge and edits the message', async () => {
    const snoozed = await postedNudge();
    await snoozeWeek(snoozed, BEN);
    await until(async () => (await row(snoozed.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
    await until(async () => hasUndo(snoozed.ts), 5_000, 'undo offered');
    await clickButton(snoozed, ACTIONS.nudgeUndo, BEN);
    await until(async () => (await row(snoozed.nudgeId)).status === 'open', 5_000, 'reopened');
    expect((await row(snoozed.nudgeId)).snoozed_until_ms).toBeNull();
    await until(async () => blocksOf(snoozed.ts).includes('Open: nobody has claimed it yet'), 5_000, 'edited back');
    expect(blocksOf(snoozed.ts)).toContain(`"action_id":"${ACTIONS.nudgeClaim}"`);

    const dismissed = await postedNudge();
    await dismiss(dismissed, BEN);
    await until(async () => (await row(dismissed.nudgeId)).status === 'dismissed', 5_000, 'dismissed');
    await until(async () => hasUndo(dismissed.ts), 5_000, 'undo offered');
    await clickButton(dismissed, ACTIONS.nudgeUndo, BEN);
    await until(async () => (await row(dismissed.nudgeId)).status === 'open', 5_000, 'reopened');
    expect((await row(dismissed.nudgeId)).dismissed_reason).toBeNull();
    // no longer a dismissal: it does not quiet its account (domain/attention.ts)
    const at = await pool().query('select dismissed_at from nudge where workspace_id = $1 and id = $2', [ws.workspaceId, dismissed.nudgeId]);
    expect(at.rows[0].dismissed_at).toBeNull();
    await until(async () => blocksOf(dismissed.ts).includes('Open: nobody has claimed it yet'), 5_000, 'edited back');
  });

  it('after the window: refused privately, nothing changes, and the re-rendered message has no Undo', async () => {
    const n = await postedNudge();
    await dismiss(n, BEN);
    await until(async () => hasUndo(n.ts), 5_000, 'undo offered');
    clock += UNDO_WINDOW_MS + 1_000;
    const seen = updates(n.ts);
    const responseId = await clickButton(n, ACTIONS.nudgeUndo, BEN);
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply!.text)).toContain('Too late to undo');
    expect((await row(n.nudgeId)).status).toBe('dismissed');
    await until(async () => updates(n.ts) > seen, 5_000, 're-rendered');
    expect(hasUndo(n.ts)).toBe(false);
    expect(blocksOf(n.ts)).toContain(`Dismissed by <@${BEN}>`);
  });
});

describe('the Done form', () => {
  it("pre-fills what was given with the nudge's offer, not the suggestion paragraph", async () => {
    const product = await seedProduct(pool(), ws.workspaceId, `Analytics ${randomBytes(3).toString('hex')}`);
    const offer = await pool().query(
      `insert into offer (workspace_id, product_id, kind, title) values ($1, $2, 'usage_review', 'Free usage review of their Analytics dashboards') returning id`,
      [ws.workspaceId, product],
    );
    const n = await postedNudge({ suggestedProductId: product });
    await pool().query('update nudge set offer_id = $3 where workspace_id = $1 and id = $2', [ws.workspaceId, n.nudgeId, offer.rows[0].id]);
    const view = await openDoneForm(n, ANA);
    expect(view.blocks.find((b) => b.block_id === BLOCKS.logSummary)?.element?.initial_value).toBe('Free usage review of their Analytics dashboards');
  });

  it('without an offer leaves it for the rep to write (the paragraph is never the summary)', async () => {
    const n = await postedNudge({ suggestion: 'Offer a free usage review of their analytics before suggesting the upgrade.' });
    const view = await openDoneForm(n, ANA);
    expect(view.blocks.find((b) => b.block_id === BLOCKS.logSummary)?.element?.initial_value).toBeUndefined();
  });
});

describe('snooze reason', () => {
  it('one click snoozes; the private reply offers "Add a reason", which is stored and shown on the message', async () => {
    const n = await postedNudge();
    const responseId = await snoozeWeek(n, BEN);
    await until(async () => (await row(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed at once');
    const [reply] = await fake.waitFor(() => (fake.responses(responseId).length ? responses(responseId) : null));
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const addReason = JSON.stringify(reply!.blocks);
    expect(addReason).toContain(`"action_id":"${ACTIONS.nudgeSnoozeReason}"`);
    expect(addReason).toContain('Add a reason');

    await send(blockActionsPayload({ actionId: ACTIONS.nudgeSnoozeReason, value: String(n.nudgeId), channelId: CHANNEL, messageTs: '1.000002', userId: BEN, isEphemeral: true }));
    const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && (c.args.view as { callback_id?: string; private_metadata?: string }).callback_id === NUDGE_VIEWS.snoozeReasonModal
      && (c.args.view as { private_metadata?: string }).private_metadata === JSON.stringify({ nudgeId: n.nudgeId })));
    await send(viewSubmissionPayload({
      callbackId: NUDGE_VIEWS.snoozeReasonModal,
      privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      userId: BEN,
      values: { [NUDGE_VIEWS.snoozeReasonBlock]: { [NUDGE_VIEWS.snoozeReason]: { type: 'plain_text_input', value: 'Budget freeze until Q3 <!here>' } } },
    }));
    await until(async () => (await row(n.nudgeId)).snooze_reason === 'Budget freeze until Q3 <!here>', 5_000, 'reason stored');
    expect((await row(n.nudgeId)).status).toBe('snoozed');
    await until(async () => blocksOf(n.ts).includes('Budget freeze until Q3'), 5_000, 'reason shown');
    expect(blocksOf(n.ts)).toContain(`by <@${BEN}>: Budget freeze until Q3 &lt;!here&gt;`);
  });

  it("someone who did not snooze it is refused in the modal; the reason, the message and the events stay as they were", async () => {
    const n = await postedNudge();
    await snoozeWeek(n, BEN);
    await until(async () => (await row(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
    await until(async () => blocksOf(n.ts).includes(`<@${BEN}>`), 5_000, 'snooze shown');
    const seen = updates(n.ts);
    const reasonBy = (userId: string, text: string) => postSigned(`${app.url}/slack/events`, {
      body: interactionBody(viewSubmissionPayload({
        callbackId: NUDGE_VIEWS.snoozeReasonModal,
        privateMetadata: JSON.stringify({ nudgeId: n.nudgeId }),
        userId,
        values: { [NUDGE_VIEWS.snoozeReasonBlock]: { [NUDGE_VIEWS.snoozeReason]: { type: 'plain_text_input', value: text } } },
      })),
      secret: SIGNING_SECRET,
      timestamp: nowSec(),
    });
    const refused = await reasonBy(ANA, 'overwritten by Ana');
    expect(refused.status).toBe(200);
    const raw = await refused.text(); // empty when the modal was simply closed
    const body = (raw ? JSON.parse(raw) : {}) as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.[NUDGE_VIEWS.snoozeReasonBlock]).toMatch(/snoozed it/);
    expect((await row(n.nudgeId)).snooze_reason).toBeNull();
    const events = () => pool().query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2 order by id', [ws.workspaceId, n.nudgeId]).then((r) => r.rows);
    expect(await events()).toEqual([{ action: 'snoozed', actor_user_id: BEN }]);
    expect(updates(n.ts)).toBe(seen);

    // a manager may word it, and the change is on record with who made it
    const ok = await reasonBy(MIA, 'Budget freeze, per Mia');
    expect(ok.status).toBe(200);
    expect(await ok.text()).not.toContain('errors');
    await until(async () => (await row(n.nudgeId)).snooze_reason === 'Budget freeze, per Mia', 5_000, 'reason stored');
    expect(await events()).toEqual([{ action: 'snoozed', actor_user_id: BEN }, { action: 'snooze_reason', actor_user_id: MIA }]);
    await until(async () => blocksOf(n.ts).includes('Budget freeze, per Mia'), 5_000, 'reason shown');
  });

  it("a database that hangs past the bound: the modal stays open with \"couldn't save\" within Slack's 3 s; the save, once it lands, shows on the message", async () => {
    const n = await postedNudge();
    await snoozeWeek(n, BEN);
    await until(async () => (await row(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
    await until(async () => blocksOf(n.ts).includes(`<@${BEN}>`), 5_000, 'snooze shown');
    const viewId = `V${randomBytes(5).toString('hex').toUpperCase()}`;
    const submit = () => postSigned(`${app.url}/slack/events`, {
      body: interactionBody(viewSubmissionPayload({
        callbackId: NUDGE_VIEWS.snoozeReasonModal,
        viewId,
        privateMetadata: JSON.stringify({ nudgeId: n.nudgeId }),
        userId: BEN,
        values: { [NUDGE_VIEWS.snoozeReasonBlock]: { [NUDGE_VIEWS.snoozeReason]: { type: 'plain_text_input', value: 'Waiting on their audit' } } },
      })),
      secret: SIGNING_SECRET,
      timestamp: nowSec(),
    });
    await submitWhileRowLocked(n.nudgeId, NUDGE_VIEWS.snoozeReasonBlock, submit, async () => {
      expect((await row(n.nudgeId)).snooze_reason).toBeNull();
    });
    // the lock gone, the save lands after all, and the message is edited to show it
    await until(async () => (await row(n.nudgeId)).snooze_reason === 'Waiting on their audit', 5_000, 'late save stored');
    await until(async () => blocksOf(n.ts).includes('Waiting on their audit'), 5_000, 'late save shown');
    // Save pressed again: the same submission, already saved, so the modal just closes
    const again = await submit();
    expect(again.status).toBe(200);
    expect(await again.text()).not.toContain('errors');
    const events = await pool().query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2 order by id', [ws.workspaceId, n.nudgeId]);
    expect(events.rows).toEqual([{ action: 'snoozed', actor_user_id: BEN }, { action: 'snooze_reason', actor_user_id: BEN }]);
  });
});

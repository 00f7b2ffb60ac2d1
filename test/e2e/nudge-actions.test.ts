// People acting on a posted nudge through signed Slack requests: buttons, modals and
// reactions change its state once (however often Slack delivers the request) and the
// message is updated in place; the sweep (on an injected clock) wakes snoozes, raises
// unclaimed nudges once and marks wins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RELEASE_LOCAL_HOUR } from '../../src/domain/release.ts';
import { workMorningOn, type Weekday } from '../../src/domain/working-days.ts';
import { EVERY_DAY } from '../support/working-zone.ts';
import { ACTIONS, BLOCKS } from '../../src/views/ids.ts';
import { NUDGE_VIEWS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedHolding, seedNudge, seedProduct, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { blockActionsPayload, eventBody, interactionBody, nowSec, postSigned, reactionAddedEvent, viewSubmissionPayload } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const FAR = 'U0FARAWAY1'; // a rep eleven hours behind UTC
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let clock = Date.now();
let sweeps = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ perChannelPerSecond: 1, channels: [CHANNEL] });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, now: () => new Date(clock) });
  ws = await seedWorkspace(app.db.pool, { managers: ['U0MANAGER1'] });
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

/** Signed like Slack; `skewSec` makes a redelivery of the same payload a distinct request. */
async function send(body: string, skewSec = 0): Promise<number> {
  const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() - skewSec });
  return res.status;
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

/** One scheduler tick, waited for until this workspace's share of it (the fanned-out job) is done. */
async function runSweep(): Promise<void> {
  const minute = `t${++sweeps}`;
  const { sweep } = app.running.rt.queues;
  await app.running.rt.queues.add('sweep', { minute });
  await until(async () => (await sweep.getJob(`sweep:${ws.workspaceId}:${minute}`))?.isCompleted(), 10_000, 'sweep');
}

/** The Snooze select's "1 week", chosen by `userId` on the nudge's message. */
const snoozeWeekBody = (n: { nudgeId: number; ts: string }, userId = 'U0ALICE001') => interactionBody(blockActionsPayload({
  actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: BLOCKS.nudgeActions, selected_option: { text: { type: 'plain_text', text: '1 week' }, value: `week:${n.nudgeId}` } }],
  channelId: CHANNEL, messageTs: n.ts, userId,
}));

/** A sweep at each of `times` (the injected clock), with `check` after each. */
async function sweepsAt(times: string[], check: () => Promise<void>): Promise<void> {
  for (const at of times) {
    clock = Date.parse(at);
    await runSweep();
    await check();
  }
}

/**
 * Sweeps at each of `quiet` raise nothing; the sweep at `at` raises the nudge to the manager in
 * one DM naming its account, whose text is returned.
 */
async function raisedOnlyAt(n: { nudgeId: number }, accountName: string, quiet: string[], at: string): Promise<string> {
  const dm = fake.dmChannelFor('U0MANAGER1');
  const before = fake.messages(dm).length;
  await sweepsAt(quiet, async () => {
    expect((await row(n.nudgeId)).escalated_at).toBeNull();
  });
  clock = Date.parse(at);
  await runSweep();
  await until(async () => fake.messages(dm).length === before + 1, 5_000, 'escalation DM');
  const text = JSON.stringify(fake.messages(dm).at(-1)!.blocks);
  expect(text).toContain(accountName);
  return text;
}

/** The sweep once the clock is a minute past `at`, and the nudge's row once it is posted anew (a new message). */
async function wokenAt(n: { nudgeId: number; ts: string }, at: number): Promise<Record<string, unknown>> {
  clock = at + 60_000;
  await runSweep();
  return until(async () => {
    const r = await row(n.nudgeId);
    return r.delivery_state === 'posted' && r.message_ts !== n.ts ? r : null;
  }, 10_000, 'reposted');
}

const lastUpdateText = (ts: string) => {
  const m = fake.message(CHANNEL, ts)!;
  return JSON.stringify(m.blocks);
};

describe('buttons', () => {
  it('claim: a click claims, chat.update shows who; the same click delivered twice counts once', async () => {
    const n = await postedNudge();
    const payload = blockActionsPayload({
      actionId: ACTIONS.nudgeClaim, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts, userId: 'U0ALICE001',
    });
    expect(await send(interactionBody(payload))).toBe(200);
    expect(await send(interactionBody(payload), 1)).toBe(200);
    await until(async () => fake.message(CHANNEL, n.ts)?.updates === 1, 5_000, 'chat.update');
    expect((await row(n.nudgeId)).status).toBe('claimed');
    expect(lastUpdateText(n.ts)).toContain('Claimed by <@U0ALICE001>');
    const events = await pool().query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2', [ws.workspaceId, n.nudgeId]);
    expect(events.rows).toEqual([{ action: 'claimed', actor_user_id: 'U0ALICE001' }]);
    // the second delivery changed nothing, so it did not update the message again
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.message(CHANNEL, n.ts)!.updates).toBe(1);
  });

  it('done: opens the pre-filled give form; the submission logs the give and marks the nudge done', async () => {
    const n = await postedNudge();
    const click = blockActionsPayload({ actionId: ACTIONS.nudgeDone, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts });
    await send(interactionBody(click));
    const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && (c.args.view as { callback_id?: string }).callback_id === NUDGE_VIEWS.doneModal));
    const view = opened.args.view as { private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    // this nudge has no offer: the rep writes what they gave (nudge-interactions.test.ts covers the offer pre-fill)
    expect(view.blocks.find((b) => b.block_id === BLOCKS.logSummary)?.element?.initial_value).toBeUndefined();
    const submit = viewSubmissionPayload({
      callbackId: NUDGE_VIEWS.doneModal,
      privateMetadata: view.private_metadata,
      userId: 'U0ALICE001',
      values: {
        [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { value: 'meeting' } } },
        [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { value: 'give' } } },
        [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: 'Ran a usage review <!channel>' } },
      },
    });
    expect(await send(interactionBody(submit))).toBe(200);
    expect(await send(interactionBody(submit), 1)).toBe(200);
    await until(async () => (await row(n.nudgeId)).status === 'done', 5_000, 'done');
    await until(async () => fake.message(CHANNEL, n.ts)?.updates === 1, 5_000, 'chat.update');
    expect(lastUpdateText(n.ts)).toContain('Done by <@U0ALICE001>');
    const touches = await pool().query('select kind, medium, summary, source from conversation where workspace_id = $1 and account_id = $2', [ws.workspaceId, n.accountId]);
    expect(touches.rows).toEqual([{ kind: 'give', medium: 'meeting', summary: 'Ran a usage review <!channel>', source: 'action' }]);
  });

  it("done: a picked due date is the rep's own local date, not the workspace's", async () => {
    // the workspace a day ahead of the rep (UTC+14 against UTC−11): the rep's today is the workspace's yesterday
    const saved = (await pool().query('select timezone, timezone_source from workspace where id = $1', [ws.workspaceId])).rows[0];
    // chosen by a manager, so the rep's timezone does not become the workspace's
    await pool().query(`update workspace set timezone = 'Pacific/Kiritimati', timezone_source = 'manager' where id = $1`, [ws.workspaceId]);
    app.running.rt.workspaces.forget(ws.workspaceId);
    try {
      const n = await postedNudge();
      const click = blockActionsPayload({ actionId: ACTIONS.nudgeDone, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts, userId: FAR });
      await send(interactionBody(click));
      const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && (c.args.view as { callback_id?: string }).callback_id === NUDGE_VIEWS.doneModal && c.args.trigger_id === click.trigger_id));
      // as Slack's users.info told it and Tend kept it on the member (the Done click itself stores no member)
      await pool().query(
        `insert into member (workspace_id, slack_user_id, timezone) values ($1, $2, 'Pacific/Pago_Pago')
         on conflict (workspace_id, slack_user_id) do update set timezone = excluded.timezone`,
        [ws.workspaceId, FAR],
      );
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Pago_Pago' }).format(new Date(clock));
      const res = await postSigned(`${app.url}/slack/events`, {
        secret: SIGNING_SECRET,
        body: interactionBody(viewSubmissionPayload({
          callbackId: NUDGE_VIEWS.doneModal, privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata, userId: FAR,
          values: {
            [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { value: 'call' } } },
            [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { value: 'give' } } },
            [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: 'usage review' } },
            [BLOCKS.logNextStep]: { [ACTIONS.logNextStep]: { type: 'plain_text_input', value: 'send the recap' } },
            [BLOCKS.logDueDate]: { [ACTIONS.logDueDate]: { type: 'datepicker', selected_date: today } },
          },
        })),
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      await until(async () => (await row(n.nudgeId)).status === 'done', 5_000, 'done');
      const touch = await pool().query('select next_step, next_step_due from conversation where workspace_id = $1 and account_id = $2', [ws.workspaceId, n.accountId]);
      expect(touch.rows).toEqual([{ next_step: 'send the recap', next_step_due: expect.any(Date) }]);
    } finally {
      await pool().query('update workspace set timezone = $2, timezone_source = $3 where id = $1', [ws.workspaceId, saved.timezone, saved.timezone_source]);
      app.running.rt.workspaces.forget(ws.workspaceId);
    }
  });

  it('dismiss: asks why in a modal and stores the reason', async () => {
    const n = await postedNudge();
    await send(interactionBody(blockActionsPayload({ actionId: ACTIONS.nudgeDismiss, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts })));
    const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && (c.args.view as { callback_id?: string }).callback_id === NUDGE_VIEWS.dismissModal));
    const submit = viewSubmissionPayload({
      callbackId: NUDGE_VIEWS.dismissModal,
      privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      userId: 'U0BOB00001',
      values: {
        [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { type: 'radio_buttons', selected_option: { value: 'bad_timing' } } },
        [NUDGE_VIEWS.dismissNoteBlock]: { [NUDGE_VIEWS.dismissNote]: { type: 'plain_text_input', value: 'Budget freeze until Q3' } },
      },
    });
    await send(interactionBody(submit));
    await until(async () => (await row(n.nudgeId)).status === 'dismissed', 5_000, 'dismissed');
    expect((await row(n.nudgeId)).dismissed_reason).toBe('Bad timing: Budget freeze until Q3');
    await until(async () => lastUpdateText(n.ts).includes('Dismissed by <@U0BOB00001>'), 5_000, 'chat.update');
  });
});

describe('reactions', () => {
  it(':white_check_mark: marks done; the same event delivered twice counts once; other messages are ignored', async () => {
    const n = await postedNudge();
    const body = eventBody({ event: reactionAddedEvent({ user: 'U0ALICE001', reaction: 'white_check_mark', channel: CHANNEL, ts: n.ts }), event_id: `Ev${n.nudgeId}DONE` });
    expect(await send(body)).toBe(200);
    expect(await send(body, 1)).toBe(200);
    await send(eventBody({ event: reactionAddedEvent({ user: 'U0ALICE001', reaction: 'eyes', channel: CHANNEL, ts: '1.000001' }) }));
    await until(async () => (await row(n.nudgeId)).status === 'done', 5_000, 'done');
    await until(async () => fake.message(CHANNEL, n.ts)?.updates === 1, 5_000, 'chat.update');
    expect(lastUpdateText(n.ts)).toContain('Done by <@U0ALICE001>');
    const events = await pool().query('select count(*)::int as n from nudge_event where workspace_id = $1 and nudge_id = $2', [ws.workspaceId, n.nudgeId]);
    expect(events.rows[0].n).toBe(1);
  });
});

describe('snooze and the sweep', () => {
  it('snoozed a week by select, it wakes when the (injected) clock passes and is posted anew', async () => {
    const n = await postedNudge();
    await send(snoozeWeekBody(n));
    await until(async () => (await row(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
    // back on the morning of the day a week ahead (09:00 in the workspace's timezone, UTC here)
    const back = workMorningOn(new Date(clock + 7 * 86_400_000), 'UTC', EVERY_DAY as Weekday[], RELEASE_LOCAL_HOUR).getTime();
    expect(Number((await row(n.nudgeId)).snoozed_until_ms)).toBe(back);
    await until(async () => lastUpdateText(n.ts).includes('Snoozed until'), 5_000, 'chat.update');

    await runSweep(); // not yet due
    expect((await row(n.nudgeId)).status).toBe('snoozed');
    const woke = await wokenAt(n, back);
    expect(woke.status).toBe('open');
    const reposted = fake.message(CHANNEL, String(woke.message_ts))!;
    expect(reposted.metadata).toEqual({ event_type: 'tend_nudge', event_payload: { key: `tend:${ws.workspaceId}:${n.nudgeId}:1` } });
    // the snoozed message no longer reads "Snoozed", has nothing to press, and points at the new one
    await until(async () => lastUpdateText(n.ts).includes('Back from its snooze'), 5_000, 'old message retired');
    expect(lastUpdateText(n.ts)).not.toContain('Snoozed until');
    expect(fake.message(CHANNEL, n.ts)!.blocks!.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    await runSweep(); // a second sweep neither wakes nor posts it again
    expect(fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === CHANNEL && JSON.stringify(c.args.metadata).includes(`:${n.nudgeId}:1"`))).toHaveLength(1);
  });

  it('a claimed nudge its claimer snoozed comes back claimed by them: posted anew as theirs, never raised as unclaimed', async () => {
    const n = await postedNudge({ accountName: 'Kept Corp' });
    await send(interactionBody(blockActionsPayload({
      actionId: ACTIONS.nudgeClaim, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts, userId: 'U0ALICE001',
    })));
    await until(async () => (await row(n.nudgeId)).status === 'claimed', 5_000, 'claimed');
    const claimer = (await row(n.nudgeId)).claimed_by_id;
    await send(snoozeWeekBody(n));
    await until(async () => (await row(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
    const back = Number((await row(n.nudgeId)).snoozed_until_ms);
    const woke = await wokenAt(n, back);
    expect(woke).toMatchObject({ status: 'claimed', claimed_by_id: claimer });
    expect(JSON.stringify(fake.message(CHANNEL, String(woke.message_ts))!.blocks)).toContain('Claimed by <@U0ALICE001>');
    // two days on, in working hours: the managers hear nothing of it (it is claimed, not waiting for someone)
    const dm = fake.dmChannelFor('U0MANAGER1');
    const before = fake.messages(dm).length;
    clock = back + 2 * 86_400_000 + 3_600_000;
    await runSweep();
    expect((await row(n.nudgeId)).escalated_at).toBeNull();
    // (an earlier test's open nudge may be raised by this sweep: only this one's absence counts)
    expect(fake.messages(dm).slice(before).map((m) => JSON.stringify(m.blocks)).filter((b) => b.includes('Kept Corp'))).toEqual([]);
  });

  it('raises a nudge nobody claimed within the workspace hours to the managers, once, in working hours', async () => {
    const dm = fake.dmChannelFor('U0MANAGER1');
    // released Tuesday 1 Dec at 20:00 UTC (the workspace's zone): due Wednesday 20:00, raised Thursday at 09:00
    const n = await postedNudge({ accountName: 'Quiet Corp', releasedAt: new Date('2026-12-01T20:00:00Z') });
    await raisedOnlyAt(n, 'Quiet Corp', ['2026-12-02T19:59:00Z', '2026-12-02T20:01:00Z', '2026-12-03T08:59:00Z'], '2026-12-03T09:00:00Z');
    expect((await row(n.nudgeId)).escalated_at).toBeInstanceOf(Date);
    const after = fake.messages(dm).length;
    await runSweep();
    expect(fake.messages(dm).length).toBe(after);
  });

  it('a claim handed back gives the team the full hours again before the managers hear of it', async () => {
    // released Tuesday 20:00 (due Wednesday 20:00 had nobody claimed it); claimed Wednesday, handed back Thursday 10:00
    const n = await postedNudge({ accountName: 'Handback Corp', releasedAt: new Date('2026-12-01T20:00:00Z') });
    const click = (actionId: string, status: string) => async () => {
      await send(interactionBody(blockActionsPayload({
        actionId, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: CHANNEL, messageTs: n.ts, userId: 'U0ALICE001',
      })));
      await until(async () => (await row(n.nudgeId)).status === status, 5_000, status);
    };
    clock = Date.parse('2026-12-02T10:00:00Z');
    await click(ACTIONS.nudgeClaim, 'claimed')();
    clock = Date.parse('2026-12-03T10:00:00Z');
    await click(ACTIONS.nudgeRelease, 'open')();
    // open a day and a half after its release, but only minutes after it was handed back: not raised
    await raisedOnlyAt(n, 'Handback Corp', ['2026-12-03T10:01:00Z', '2026-12-04T09:59:00Z'], '2026-12-04T10:01:00Z');
    expect((await row(n.nudgeId)).escalated_at).toBeInstanceOf(Date);
  });

  it("a Monday-to-Friday team: a nudge posted on Friday morning is raised on Monday morning, not over the weekend; a snooze that ends on Saturday comes back on Monday's morning", async () => {
    await pool().query(`update workspace set work_days = '{1,2,3,4,5}' where id = $1`, [ws.workspaceId]);
    app.running.rt.workspaces.forget(ws.workspaceId);
    try {
      const friday = Date.parse('2026-12-04T09:00:00Z');
      const n = await postedNudge({ accountName: 'Weekend Corp', releasedAt: new Date(friday) });
      const text = await raisedOnlyAt(n, 'Weekend Corp', ['2026-12-05T09:30:00Z', '2026-12-06T12:00:00Z', '2026-12-07T08:59:00Z'], '2026-12-07T09:01:00Z');
      expect(text).toContain('unclaimed after 24 h, days off not counted');

      // snoozed a week on Saturday 28 Nov at 18:00: the week ends on a Saturday, so it comes back on Monday 7 Dec at 09:00
      const m = await postedNudge({ accountName: 'Snoozy Corp' });
      clock = Date.parse('2026-11-28T18:00:00Z');
      await send(snoozeWeekBody(m));
      await until(async () => (await row(m.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
      expect(new Date(Number((await row(m.nudgeId)).snoozed_until_ms)).toISOString()).toBe('2026-12-07T09:00:00.000Z');
      clock = Date.parse('2026-12-06T12:00:00Z'); // past the week, but Sunday
      await runSweep();
      expect((await row(m.nudgeId)).status).toBe('snoozed');

      // a snooze that ran out on Friday at 19:00 (as snoozes made before working days did) waits
      // for its assignee's next working morning: Monday 09:00 in the workspace's UTC, and in
      // Tokyo for a Tokyo rep (Monday 09:00 there is 00:00 UTC)
      const tokyo = await pool().query<{ id: number }>(`insert into member (workspace_id, slack_user_id, timezone) values ($1, 'U0TOKYO001', 'Asia/Tokyo') returning id`, [ws.workspaceId]);
      const late = await postedNudge({ accountName: 'Late Corp' });
      const east = await postedNudge({ accountName: 'East Corp' });
      await pool().query(`update nudge set status = 'snoozed', snoozed_until = '2026-12-04 19:00' where id = any($1::int[])`, [[late.nudgeId, east.nudgeId]]);
      await pool().query(`update nudge set assignee_id = $2 where id = $1`, [east.nudgeId, tokyo.rows[0]!.id]);
      await sweepsAt(['2026-12-04T19:01:00Z', '2026-12-05T10:00:00Z', '2026-12-06T23:00:00Z'], async () => {
        expect([(await row(late.nudgeId)).status, (await row(east.nudgeId)).status]).toEqual(['snoozed', 'snoozed']);
      });
      clock = Date.parse('2026-12-07T00:30:00Z'); // 09:30 Monday in Tokyo, 00:30 in UTC
      await runSweep();
      expect([(await row(late.nudgeId)).status, (await row(east.nudgeId)).status]).toEqual(['snoozed', 'open']);
      clock = Date.parse('2026-12-07T09:01:00Z');
      await runSweep();
      expect((await row(late.nudgeId)).status).toBe('open');
    } finally {
      await pool().query(`update workspace set work_days = $2::int[] where id = $1`, [ws.workspaceId, EVERY_DAY]);
      app.running.rt.workspaces.forget(ws.workspaceId);
    }
  });

  it("a snooze ends on its assignee's working morning in their own timezone, the one its wake waits for, by select as by reaction", async () => {
    await pool().query(`update workspace set work_days = '{1,2,3,4,5}' where id = $1`, [ws.workspaceId]);
    app.running.rt.workspaces.forget(ws.workspaceId);
    try {
      // the workspace keeps UTC; the rep lives in Tokyo
      const tokyo = await pool().query<{ id: number }>(`insert into member (workspace_id, slack_user_id, timezone) values ($1, 'U0TOKYO002', 'Asia/Tokyo') returning id`, [ws.workspaceId]);
      const bySelect = await postedNudge({ accountName: 'Kyoto Corp' });
      const byReaction = await postedNudge({ accountName: 'Osaka Corp' });
      await pool().query(`update nudge set assignee_id = $2 where id = any($1::int[])`, [[bySelect.nudgeId, byReaction.nudgeId], tokyo.rows[0]!.id]);
      // Monday 7 Dec, 10:30 in Tokyo (01:30 UTC): a week is Monday 14 Dec, back at 09:00 Tokyo (00:00 UTC), not at
      // 09:00 UTC (18:00 in Tokyo, past their working day: the wake would wait for Tuesday)
      clock = Date.parse('2026-12-07T01:30:00Z');
      await send(interactionBody(blockActionsPayload({
        actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: BLOCKS.nudgeActions, selected_option: { text: { type: 'plain_text', text: '1 week' }, value: `week:${bySelect.nudgeId}` } }],
        channelId: CHANNEL, messageTs: bySelect.ts, userId: 'U0TOKYO002',
      })));
      await send(eventBody({ event: reactionAddedEvent({ user: 'U0TOKYO002', reaction: 'zzz', channel: CHANNEL, ts: byReaction.ts }) }));
      for (const n of [bySelect, byReaction]) {
        await until(async () => (await row(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
        expect(new Date(Number((await row(n.nudgeId)).snoozed_until_ms)).toISOString()).toBe('2026-12-14T00:00:00.000Z');
      }
      clock = Date.parse('2026-12-14T00:01:00Z');
      await runSweep();
      expect([(await row(bySelect.nudgeId)).status, (await row(byReaction.nudgeId)).status]).toEqual(['open', 'open']);
    } finally {
      await pool().query(`update workspace set work_days = $2::int[] where id = $1`, [ws.workspaceId, EVERY_DAY]);
      app.running.rt.workspaces.forget(ws.workspaceId);
    }
  });

  it('marks a done cross-sell nudge won when the account starts the suggested product within the window', async () => {
    const product = await seedProduct(pool(), ws.workspaceId);
    const created = new Date(clock - 10 * 86_400_000);
    const won = await seedNudge(pool(), ws.workspaceId, { status: 'done', deliveryState: 'posted', createdAt: created, doneAt: new Date(clock - 5 * 86_400_000), suggestedProductId: product });
    const notYet = await seedNudge(pool(), ws.workspaceId, { status: 'done', deliveryState: 'posted', createdAt: created, doneAt: new Date(clock - 5 * 86_400_000), suggestedProductId: product });
    await seedHolding(pool(), ws.workspaceId, won.accountId, product, 45_000, new Date(clock - 86_400_000));
    // a product held long before the nudge is not a win
    await seedHolding(pool(), ws.workspaceId, notYet.accountId, product, 30_000, new Date(clock - 400 * 86_400_000));
    await runSweep();
    expect(await row(won.nudgeId)).toMatchObject({ outcome: 'won', outcome_value_cents: 45_000 });
    expect((await row(notYet.nudgeId)).outcome).toBeNull();
  });
});

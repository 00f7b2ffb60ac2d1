// A nudge acted on from the rep's own surfaces — the App Home tab and the ephemeral /nudges
// list — changes state, updates the channel message, and shows the change where it was made:
// also when the click opens a form (Done, Dismiss, Log conversation) and the change comes with
// its submission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS, NUDGE_VIEWS, SNOOZE_OPTIONS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, type SeededWorkspace } from '../support/nudge-factory.ts';
import { appHomeOpenedEvent, blockActionsPayload, eventBody, interactionBody, postSigned, viewSubmissionPayload, type ViewState } from '../support/slack-sign.ts';

let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0SURF' } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web' });
  ws = await seedWorkspace(app.db.pool, { teamId: 'T0SURF', owner: 'U0REP' });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

const click = (payload: object) => postSigned(`${app.url}/slack/events`, { body: interactionBody(payload), secret: SIGNING_SECRET });
const posted = () => seedNudge(app.db.pool, ws.workspaceId, { status: 'open', ownerMemberId: ws.ownerMemberId });

describe('nudge clicks from App Home', () => {
  it('claims, then releases, and re-publishes the Home tab each time', async () => {
    const { nudgeId } = await posted();
    const home = { teamId: 'T0SURF', userId: 'U0REP', container: 'view' as const, view: { viewType: 'home' as const } };
    expect((await click(blockActionsPayload({ ...home, actionId: ACTIONS.nudgeClaim, value: String(nudgeId), blockId: `${BLOCKS.nudgeActions}:${nudgeId}` }))).status).toBe(200);
    await expect.poll(async () => (await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('claimed');
    await fake.waitFor(() => fake.callsTo('views.publish').length >= 1);
    const releaseOf = () =>
      JSON.stringify(fake.homeView('U0REP')!.blocks).match(new RegExp(`"action_id":"${ACTIONS.nudgeRelease}","text":\\{[^}]*\\},"value":"${nudgeId}"`));
    expect(releaseOf()).not.toBeNull(); // claimed by me: the tab offers Release

    expect((await click(blockActionsPayload({ ...home, actionId: ACTIONS.nudgeRelease, value: String(nudgeId) }))).status).toBe(200);
    await expect.poll(async () => (await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('open');
    const row = await nudgeRow(app.db.pool, ws.workspaceId, nudgeId);
    expect(row.claimed_by_id).toBeNull();
    await fake.waitFor(() => fake.callsTo('views.publish').length >= 2);
    // the re-published tab no longer offers to release it: it is nobody's now
    expect(releaseOf()).toBeNull();
  });

  it('snoozes from the Home tab’s select', async () => {
    const { nudgeId } = await posted();
    const payload = blockActionsPayload({
      teamId: 'T0SURF', userId: 'U0REP', container: 'view', view: { viewType: 'home' },
      actionId: ACTIONS.nudgeSnooze, actionType: 'static_select', blockId: `${BLOCKS.nudgeActions}:${nudgeId}`,
      action: { selected_option: { text: { type: 'plain_text', text: 'Snooze a month' }, value: `${SNOOZE_OPTIONS.month}:${nudgeId}` } } as never,
    });
    expect((await click(payload)).status).toBe(200);
    await expect.poll(async () => (await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('snoozed');
  });
});

describe('forms opened from App Home', () => {
  const home = { teamId: 'T0SURF', userId: 'U0REP', container: 'view' as const, view: { viewType: 'home' as const } };
  const listed = (nudgeId: number) => JSON.stringify(fake.homeView('U0REP')?.blocks ?? []).includes(`"${BLOCKS.nudgeActions}:${nudgeId}"`);
  const publishes = () => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0REP').length;

  /** A nudge of the rep's (assigned to them, open), shown on their Home tab as they open it. */
  async function onHome(kind: 'cross_sell' | 'stalled' = 'cross_sell'): Promise<{ nudgeId: number; accountId: number }> {
    const n = await seedNudge(app.db.pool, ws.workspaceId, { status: 'open', kind, ownerMemberId: ws.ownerMemberId });
    await app.db.pool.query('update nudge set assignee_id = $2 where id = $1', [n.nudgeId, ws.ownerMemberId]);
    const before = publishes();
    await postSigned(`${app.url}/slack/events`, { body: eventBody({ team_id: 'T0SURF', event: appHomeOpenedEvent({ user: 'U0REP' }) }), secret: SIGNING_SECRET });
    // a re-publish the previous test queued may land first, drawn before this nudge existed:
    // wait for the tab the opening draws
    await fake.waitFor(() => publishes() > before && listed(n.nudgeId), 5_000);
    return n;
  }

  /** Clicks `actionId` on the tab and returns the modal it opened. */
  async function opened(actionId: string, value: string): Promise<{ callback_id: string; private_metadata: string }> {
    const payload = blockActionsPayload({ ...home, actionId, value });
    expect((await click(payload)).status).toBe(200);
    const call = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.args.trigger_id === payload.trigger_id));
    return call.args.view as { callback_id: string; private_metadata: string };
  }

  /** Submits the modal and waits for the tab to be published again: it no longer lists the nudge. */
  async function submittedAndGone(view: { callback_id: string; private_metadata: string }, values: ViewState['values'], nudgeId: number): Promise<void> {
    const before = publishes();
    const res = await click(viewSubmissionPayload({ teamId: 'T0SURF', userId: 'U0REP', callbackId: view.callback_id, privateMetadata: view.private_metadata, values }));
    expect(res.status).toBe(200);
    await fake.waitFor(() => publishes() > before, 5_000);
    expect(listed(nudgeId)).toBe(false);
  }

  it('Done: the give is logged, the nudge done, and the tab re-published without it', async () => {
    const { nudgeId } = await onHome();
    const view = await opened(ACTIONS.nudgeDone, String(nudgeId));
    expect(view.callback_id).toBe(NUDGE_VIEWS.doneModal);
    await submittedAndGone(view, {
      [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { value: 'call' } } },
      [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { value: 'give' } } },
      [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: 'Ran a usage review' } },
    }, nudgeId);
    expect((await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('done');
  });

  it('Dismiss: the nudge is dismissed with the reason, and the tab re-published without it', async () => {
    const { nudgeId } = await onHome();
    const view = await opened(ACTIONS.nudgeDismiss, String(nudgeId));
    expect(view.callback_id).toBe(NUDGE_VIEWS.dismissModal);
    await submittedAndGone(view, {
      [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { type: 'radio_buttons', selected_option: { value: 'not_a_fit' } } },
    }, nudgeId);
    expect((await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('dismissed');
  });

  it('Log conversation: the touch retires the quiet nudge, and the tab is re-published without it', async () => {
    const { nudgeId, accountId } = await onHome('stalled');
    const view = await opened(ACTIONS.openLogModal, String(accountId));
    expect(view.callback_id).toBe(CALLBACKS.logModal);
    await submittedAndGone(view, {
      [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: { value: String(accountId) } } },
      [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { value: 'call' } } },
      [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { value: 'neutral' } } },
      [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: 'Caught up on their rollout' } },
    }, nudgeId);
    expect((await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('resolved');
  });

  it('a nudge form opened from a channel message leaves the tab alone', async () => {
    const { nudgeId } = await seedNudge(app.db.pool, ws.workspaceId, { status: 'open', ownerMemberId: ws.ownerMemberId });
    const payload = blockActionsPayload({ teamId: 'T0SURF', userId: 'U0REP', actionId: ACTIONS.nudgeDismiss, value: String(nudgeId), channelId: 'C0NUDGES01' });
    await click(payload);
    const call = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.args.trigger_id === payload.trigger_id));
    const view = call.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.parse(view.private_metadata)).toEqual({ nudgeId });
    const before = publishes();
    await click(viewSubmissionPayload({
      teamId: 'T0SURF', userId: 'U0REP', callbackId: view.callback_id, privateMetadata: view.private_metadata,
      values: { [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { type: 'radio_buttons', selected_option: { value: 'bad_timing' } } } },
    }));
    await expect.poll(async () => (await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('dismissed');
    await new Promise((r) => setTimeout(r, 200));
    expect(publishes()).toBe(before);
  });
});

describe('nudge clicks from the ephemeral /nudges list', () => {
  it('replaces the list with its new state', async () => {
    const { nudgeId } = await posted();
    const before = fake.responses('list').length;
    const payload = blockActionsPayload({
      teamId: 'T0SURF', userId: 'U0REP', actionId: ACTIONS.nudgeClaim, value: String(nudgeId),
      isEphemeral: true, channelId: 'C0WORK', responseUrl: fake.responseUrl('list'),
    });
    expect((await click(payload)).status).toBe(200);
    await expect.poll(async () => (await nudgeRow(app.db.pool, ws.workspaceId, nudgeId)).status).toBe('claimed');
    const answer = await fake.waitFor(() => fake.responses('list')[before]);
    expect(JSON.stringify(answer)).toContain('"replace_original":true');
  });
});

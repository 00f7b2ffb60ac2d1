// A nudge acted on from the rep's own surfaces — the App Home tab and the ephemeral /nudges
// list — changes state, updates the channel message, and shows the change where it was made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, SNOOZE_OPTIONS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, type SeededWorkspace } from '../support/nudge-factory.ts';
import { blockActionsPayload, interactionBody, postSigned } from '../support/slack-sign.ts';

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

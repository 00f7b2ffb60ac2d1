// A reaction on a nudge counts only from a person of the team: another app's bot that reacts to
// every message, and a partner's person in a Slack Connect channel, leave the nudge as it was and
// create no member; a teammate's reaction still acts (flows/teammates.ts). A reaction taken back
// takes back what its remover did, and only that (events/reactions.ts reactionRemoved).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { eventBody, nowSec, postSigned, reactionAddedEvent } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const BOT = 'U0HALPBOT1';
const PARTNER = 'U0EXTCUST1';
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({
    channels: [CHANNEL],
    users: {
      U0ALICE001: { name: 'alice' },
      U0OWNER001: { name: 'owner' },
      U0MANAGER1: { name: 'manager', is_admin: true },
      [BOT]: { name: 'triagebot', is_bot: true },
      [PARTNER]: { name: 'carol', team_id: 'T0PARTNER1' },
    },
  });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
  ws = await seedWorkspace(app.db.pool, { managers: ['U0MANAGER1'] });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

const pool = () => app.db.pool;
let events = 0;

async function react(user: string, reaction: string, ts: string, shared = false, removed = false): Promise<void> {
  const event = { ...reactionAddedEvent({ user, reaction, channel: CHANNEL, ts }), ...(removed ? { type: 'reaction_removed' as const } : {}) };
  const body = eventBody({ event, event_id: `EvTeam${++events}`, is_ext_shared_channel: shared });
  const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() });
  expect(res.status).toBe(200);
}

async function postedNudge(): Promise<{ nudgeId: number; ts: string }> {
  const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: n.nudgeId, generation: 0 });
  const r = await until(async () => {
    const x = await nudgeRow(pool(), ws.workspaceId, n.nudgeId);
    return x.delivery_state === 'posted' ? x : null;
  }, 10_000, 'posted');
  return { nudgeId: n.nudgeId, ts: String(r.message_ts) };
}

const members = async (slackUserId: string) =>
  (await pool().query('select count(*)::int as n from member where workspace_id = $1 and slack_user_id = $2', [ws.workspaceId, slackUserId])).rows[0].n as number;

describe('reactions on a nudge from outside the team', () => {
  it("another app's bot and a partner's person change nothing; a teammate's reaction still claims", async () => {
    const n = await postedNudge();
    await react(BOT, 'eyes', n.ts);
    await react(BOT, 'white_check_mark', n.ts);
    await react(PARTNER, 'eyes', n.ts, true);
    await react(PARTNER, 'x', n.ts, true);
    // the reactions are handled after the 200: wait until users.info was asked for both
    await until(async () => fake.callsTo('users.info').filter((c) => c.args.user === BOT || c.args.user === PARTNER).length >= 2 || null, 5_000, 'users.info');
    await new Promise((r) => setTimeout(r, 300));
    const before = await nudgeRow(pool(), ws.workspaceId, n.nudgeId);
    expect(before.status).toBe('open');
    expect(before.claimed_by_id).toBeNull();
    expect(await members(BOT)).toBe(0);
    expect(await members(PARTNER)).toBe(0);
    expect((await pool().query('select count(*)::int as n from nudge_event where nudge_id = $1', [n.nudgeId])).rows[0].n).toBe(0);

    await react('U0ALICE001', 'eyes', n.ts, true);
    await until(async () => (await nudgeRow(pool(), ws.workspaceId, n.nudgeId)).status === 'claimed' || null, 5_000, 'claimed by a teammate');
    // Slack is asked once per person, not per reaction
    expect(fake.callsTo('users.info').filter((c) => c.args.user === BOT)).toHaveLength(1);
  });
});

const status_ = async (id: number) => (await nudgeRow(pool(), ws.workspaceId, id)).status as string;

describe('a reaction taken back', () => {
  const status = status_;

  it("removing one's own :eyes: releases the claim; someone else's removed :eyes: leaves it", async () => {
    const n = await postedNudge();
    await react('U0ALICE001', 'eyes', n.ts);
    await until(async () => (await status(n.nudgeId)) === 'claimed' || null, 5_000, 'claimed');
    // the manager's :eyes: came second (no claim of theirs); taking it back does not release Alice's
    await react('U0MANAGER1', 'eyes', n.ts, false, true);
    await new Promise((r) => setTimeout(r, 400));
    expect(await status(n.nudgeId)).toBe('claimed');
    await react('U0ALICE001', 'eyes', n.ts, false, true);
    await until(async () => (await status(n.nudgeId)) === 'open' || null, 5_000, 'released');
    expect((await nudgeRow(pool(), ws.workspaceId, n.nudgeId)).claimed_by_id).toBeNull();
  });

  it("removing one's own :white_check_mark: undoes the Done; removing another emoji, or someone else's, does not", async () => {
    const n = await postedNudge();
    await react('U0ALICE001', 'white_check_mark', n.ts);
    await until(async () => (await status(n.nudgeId)) === 'done' || null, 5_000, 'done');
    await react('U0ALICE001', 'x', n.ts, false, true); // not what made it done
    await react('U0MANAGER1', 'white_check_mark', n.ts, false, true); // not theirs, even as a manager
    await new Promise((r) => setTimeout(r, 400));
    expect(await status(n.nudgeId)).toBe('done');
    await react('U0ALICE001', 'white_check_mark', n.ts, false, true);
    await until(async () => (await status(n.nudgeId)) === 'open' || null, 5_000, 'undone');
    const undone = await pool().query(`select count(*)::int as n from nudge_event where nudge_id = $1 and action = 'undone'`, [n.nudgeId]);
    expect(undone.rows[0].n).toBe(1);
  });

  it.each([['zzz', 'snoozed'], ['x', 'dismissed']])("removing one's own :%s: undoes the %s", async (emoji, status) => {
    const n = await postedNudge();
    await react('U0ALICE001', emoji, n.ts);
    await until(async () => (await status_(n.nudgeId)) === status || null, 5_000, status);
    await react('U0ALICE001', emoji, n.ts, false, true);
    await until(async () => (await status_(n.nudgeId)) === 'open' || null, 5_000, 'undone');
  });

  it('removing a :white_check_mark: does not undo a Done made with the button', async () => {
    const n = await postedNudge();
    // Alice pressed Done (a button's event, not a reaction's); a ✅ she then takes off never made it
    const { applyTransition } = await import('../../src/data/nudge-actions.ts');
    await applyTransition(pool(), { workspaceId: ws.workspaceId, nudgeId: n.nudgeId, action: 'done', actorUserId: 'U0ALICE001', dedupeKey: `click:${n.nudgeId}:button`, now: new Date(), detail: { via: 'button' } });
    expect(await status_(n.nudgeId)).toBe('done');
    await react('U0ALICE001', 'white_check_mark', n.ts, false, true);
    await new Promise((r) => setTimeout(r, 400));
    expect(await status_(n.nudgeId)).toBe('done');
  });
});

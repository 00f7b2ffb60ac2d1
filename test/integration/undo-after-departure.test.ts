// Undo after the claimer left Slack: a Done, Snooze or Dismiss of a claimed nudge, taken back by
// a manager once its claimer was deactivated (data/member-departure.ts), brings the nudge back
// open for the team, not claimed by someone who will never see it. A claimer still here gets
// the claim back, as Undo always did.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberLeft } from '../../src/data/member-departure.ts';
import { applyTransition, applyUndo } from '../../src/data/nudge-actions.ts';
import { escalateUnclaimed } from '../../src/data/nudge-sweep.ts';
import { ts } from '../../src/data/sql.ts';
import type { NudgeAction } from '../../src/domain/nudge-state.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedNudge, seedWorkspace, type SeededWorkspace } from '../support/nudge-factory.ts';

const MIA = 'U0MIA00001'; // a manager
let db: TestDb;
let ws: SeededWorkspace;
let people = 0;
beforeAll(async () => {
  db = await createTestDb();
  ws = await seedWorkspace(db.pool, { managers: [MIA] });
});
afterAll(async () => {
  await db.drop();
});

const key = () => `test:${randomBytes(6).toString('hex')}`;
const act = (nudgeId: number, action: NudgeAction, actorUserId: string, now: Date) =>
  applyTransition(db.pool, {
    workspaceId: ws.workspaceId, nudgeId, action, actorUserId, now, dedupeKey: key(),
    ...(action === 'snooze' ? { snoozedUntil: new Date(now.getTime() + 7 * 86_400_000) } : {}),
    ...(action === 'dismiss' ? { reason: 'not_a_fit' } : {}),
  });

/** A nudge a new rep claimed, then `action` on it by that rep; the rep's Slack id. */
async function claimedThen(action: NudgeAction, now: Date): Promise<{ nudgeId: number; rep: string }> {
  const rep = `U0REP${String(++people).padStart(5, '0')}`;
  const { nudgeId } = await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
  expect((await act(nudgeId, 'claim', rep, now)).result).toBe('changed');
  expect((await act(nudgeId, action, rep, now)).result).toBe('changed');
  return { nudgeId, rep };
}

describe.each(['done', 'snooze', 'dismiss'] as const)('Undo of a %s', (action) => {
  it('after the claimer left Slack: open, claimed by nobody', async () => {
    const now = new Date();
    const { nudgeId, rep } = await claimedThen(action, now);
    expect(await memberLeft(db.pool, ws.workspaceId, rep, now, { eventKey: key(), saidAt: now })).not.toBeNull();
    const undone = await applyUndo(db.pool, { workspaceId: ws.workspaceId, nudgeId, actorUserId: MIA, dedupeKey: key(), now: new Date(now.getTime() + 60_000) });
    expect(undone).toMatchObject({ result: 'undone', status: 'open' });
    const row = await db.pool.query('select status::text, claimed_by_id, claimed_at from nudge where workspace_id = $1 and id = $2', [ws.workspaceId, nudgeId]);
    expect(row.rows).toEqual([{ status: 'open', claimed_by_id: null, claimed_at: null }]);
    // posted and released long ago, it is open for the team only now: not raised to the managers yet
    await db.pool.query(`update nudge set delivery_state = 'posted', released_at = $3 where workspace_id = $1 and id = $2`,
      [ws.workspaceId, nudgeId, ts(new Date(now.getTime() - 5 * 86_400_000))]);
    const raised = await escalateUnclaimed(db.pool, ws.workspaceId, new Date(now.getTime() - 3_600_000), new Date(now.getTime() + 120_000));
    expect(raised.map((r) => r.nudgeId)).not.toContain(nudgeId);
  });

  it('with the claimer still here: claimed by them again', async () => {
    const now = new Date();
    const { nudgeId, rep } = await claimedThen(action, now);
    const undone = await applyUndo(db.pool, { workspaceId: ws.workspaceId, nudgeId, actorUserId: MIA, dedupeKey: key(), now: new Date(now.getTime() + 60_000) });
    expect(undone).toMatchObject({ result: 'undone', status: 'claimed' });
    const claimer = await db.pool.query('select m.slack_user_id from nudge n join member m on m.id = n.claimed_by_id where n.id = $1', [nudgeId]);
    expect(claimer.rows).toEqual([{ slack_user_id: rep }]);
  });
});

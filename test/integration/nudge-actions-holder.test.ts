// Which button actions belong to the nudge's claimer (domain/nudge-state.ts HOLDER_ONLY, judged
// by mayActFor) as applyTransition enforces them on real rows: for every action, a teammate of
// the claimer is refused exactly when the action is HOLDER_ONLY (not_yours, naming the claimer;
// nothing changes, no event), while the claimer and a manager may take it; on a nudge nobody has
// claimed, every action is open to anyone. Adding an action to HOLDER_ONLY, or dropping one,
// changes what these tests expect with it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransition, type TransitionResult } from '../../src/data/nudge-actions.ts';
import { ALLOWED_FROM, HOLDER_ONLY, needsHolder, TARGET, type NudgeAction } from '../../src/domain/nudge-state.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { nudgeRow, seedNudge, seedWorkspace, type SeededWorkspace } from '../support/nudge-factory.ts';

const ANA = 'U0ANA00001'; // claims the nudge
const BEN = 'U0BEN00001'; // a teammate
const MIA = 'U0MIA00001'; // a manager
const ACTIONS = Object.keys(ALLOWED_FROM) as NudgeAction[];

let db: TestDb;
let ws: SeededWorkspace;
beforeAll(async () => {
  db = await createTestDb();
  ws = await seedWorkspace(db.pool, { managers: [MIA] });
});
afterAll(async () => {
  await db.drop();
});

function act(nudgeId: number, action: NudgeAction, actorUserId: string): Promise<TransitionResult> {
  const now = new Date();
  return applyTransition(db.pool, {
    workspaceId: ws.workspaceId, nudgeId, action, actorUserId, now, dedupeKey: `test:${randomBytes(6).toString('hex')}`,
    ...(action === 'snooze' ? { snoozedUntil: new Date(now.getTime() + 7 * 86_400_000) } : {}),
    ...(action === 'dismiss' ? { reason: 'not_a_fit' } : {}),
  });
}

async function claimedByAna(): Promise<number> {
  const { nudgeId } = await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
  expect(await act(nudgeId, 'claim', ANA)).toEqual({ result: 'changed', status: 'claimed' });
  return nudgeId;
}

const events = async (nudgeId: number) =>
  (await db.pool.query('select action, actor_user_id from nudge_event where workspace_id = $1 and nudge_id = $2 order by id', [ws.workspaceId, nudgeId])).rows;

describe.each(ACTIONS)('%s on a nudge Ana claimed', (action) => {
  const holderOnly = HOLDER_ONLY.includes(action);
  const fromClaimed = ALLOWED_FROM[action].includes('claimed');

  it(holderOnly ? 'is refused to a teammate: not_yours, naming Ana; nothing changes' : 'is not refused to a teammate for being Ana\'s', async () => {
    const nudgeId = await claimedByAna();
    const before = await nudgeRow(db.pool, ws.workspaceId, nudgeId);
    const res = await act(nudgeId, action, BEN);
    if (holderOnly && fromClaimed) {
      expect(res).toEqual({ result: 'not_yours', status: 'claimed', by: ANA });
      expect(await nudgeRow(db.pool, ws.workspaceId, nudgeId)).toEqual(before);
      expect(await events(nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
    } else {
      expect(res.result).not.toBe('not_yours');
      expect(res.result).toBe(fromClaimed ? 'changed' : 'stale');
    }
  });

  // only for actions a claimed nudge takes (Claim does not): registered, never skipped
  if (fromClaimed) {
    it.each([
      ['Ana herself', ANA],
      ['a manager', MIA],
    ])('is open to %s', async (_who, actor) => {
      const nudgeId = await claimedByAna();
      expect((await act(nudgeId, action, actor)).result).toBe('changed');
    });
  }
});

describe('on a nudge nobody has claimed', () => {
  it('release, snooze and dismiss belong to the claimer only while it is claimed', () => {
    expect(HOLDER_ONLY).toEqual(['release', 'snooze', 'dismiss']);
    for (const action of ACTIONS) expect(needsHolder(action, 'open')).toBe(false);
    expect(ACTIONS.filter((a) => needsHolder(a, 'claimed'))).toEqual(['release', 'snooze', 'dismiss']);
  });

  it.each(ACTIONS.filter((a) => ALLOWED_FROM[a].includes('open')))('%s is open to any teammate', async (action) => {
    const { nudgeId } = await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
    expect(await act(nudgeId, action, BEN)).toMatchObject({ result: 'changed' });
    expect(await events(nudgeId)).toEqual([{ action: TARGET[action], actor_user_id: BEN }]);
  });
});

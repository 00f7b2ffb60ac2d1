// Which button actions belong to the nudge's claimer (domain/nudge-state.ts HOLDER_ONLY, judged
// by mayActFor) as applyTransition enforces them on real rows: for every action, a teammate of
// the claimer is refused exactly when the action is HOLDER_ONLY (not_yours, naming the claimer;
// nothing changes, no event), while the claimer and a manager may take it; on a nudge nobody has
// claimed, every action is open to anyone. Adding an action to HOLDER_ONLY, or dropping one,
// changes what these tests expect with it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managesNowSql } from '../../src/data/members.ts';
import { applyTransition, holderCheck, type TransitionResult } from '../../src/data/nudge-actions.ts';
import { ts } from '../../src/data/sql.ts';
import { decideRole, SLACK_ADMIN_FRESH_MS, type RoleFacts } from '../../src/domain/managers.ts';
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

// The manager fact the SQL reads (data/members.ts managesNowSql) is decideRole's 'manager' answer
// without asking Slack (domain/managers.ts): the role for a reason of Tend's own, or as a Slack
// admin confirmed within the day. Everyone else is for the Slack layer's check (confirmManager).
describe('the manager fact read with the row', () => {
  const DAY = SLACK_ADMIN_FRESH_MS;
  const now = new Date('2026-12-02T12:00:00Z');
  const facts: [string, RoleFacts][] = [
    ['added by a manager', { role: 'manager', managerVia: 'added_by', managerRemovedBy: null, slackAdmin: null, slackAdminCheckedAt: null }],
    ['the installer', { role: 'manager', managerVia: 'installer', managerRemovedBy: null, slackAdmin: false, slackAdminCheckedAt: new Date(now.getTime() - 3 * DAY) }],
    ['a manager from before the reasons were kept', { role: 'manager', managerVia: null, managerRemovedBy: null, slackAdmin: null, slackAdminCheckedAt: null }],
    ['a Slack admin confirmed an hour ago', { role: 'manager', managerVia: 'slack_admin', managerRemovedBy: null, slackAdmin: true, slackAdminCheckedAt: new Date(now.getTime() - 3_600_000) }],
    ['a Slack admin confirmed just over a day ago', { role: 'manager', managerVia: 'slack_admin', managerRemovedBy: null, slackAdmin: true, slackAdminCheckedAt: new Date(now.getTime() - DAY - 1) }],
    ['a Slack admin Slack last said is none', { role: 'manager', managerVia: 'slack_admin', managerRemovedBy: null, slackAdmin: false, slackAdminCheckedAt: new Date(now.getTime() - 60_000) }],
    ['a Slack admin never checked', { role: 'manager', managerVia: 'slack_admin', managerRemovedBy: null, slackAdmin: null, slackAdminCheckedAt: null }],
    ['a rep Slack calls an admin (no manager verb used yet)', { role: 'rep', managerVia: null, managerRemovedBy: null, slackAdmin: true, slackAdminCheckedAt: new Date(now.getTime() - 60_000) }],
    ['a rep', { role: 'rep', managerVia: null, managerRemovedBy: null, slackAdmin: false, slackAdminCheckedAt: new Date(now.getTime() - 60_000) }],
  ];

  it.each(facts)('%s: the SQL says what decideRole says without asking Slack', async (_who, f) => {
    const rule = decideRole(f, now, { isInstaller: false }).kind === 'manager';
    const { rows } = await db.pool.query<{ manages: boolean }>(
      `select ${managesNowSql('m', '$6::timestamp')} as manages
       from (select $1::member_role as role, $2::manager_via as manager_via, $3::boolean as slack_admin, $4::timestamp as slack_admin_checked_at, $5::text as removed) m`,
      [f.role, f.managerVia, f.slackAdmin, f.slackAdminCheckedAt && ts(f.slackAdminCheckedAt), f.managerRemovedBy, ts(now)],
    );
    expect(rows[0]!.manages).toBe(rule);
  });

  it('a Slack admin the row knows only as of yesterday is refused until confirmed; confirmed, the change is made', async () => {
    const ZOE = 'U0ZOE00001';
    await db.pool.query(
      `insert into member (workspace_id, slack_user_id, role, manager_via, slack_admin, slack_admin_checked_at)
       values ($1, $2, 'manager', 'slack_admin', true, (now() at time zone 'utc') - interval '25 hours')`,
      [ws.workspaceId, ZOE],
    );
    const nudgeId = await claimedByAna();
    const release = (managerConfirmed: boolean) => applyTransition(db.pool, {
      workspaceId: ws.workspaceId, nudgeId, action: 'release', actorUserId: ZOE, now: new Date(), dedupeKey: 'test:zoe-release', managerConfirmed,
    });
    expect(await holderCheck(db.pool, ws.workspaceId, nudgeId, 'release', ZOE, new Date())).toEqual({ ok: false, by: ANA });
    expect(await release(false)).toEqual({ result: 'not_yours', status: 'claimed', by: ANA });
    expect(await events(nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }]);
    // the same request once the Slack layer confirmed them (the refusal wrote no event to collide with)
    expect(await holderCheck(db.pool, ws.workspaceId, nudgeId, 'release', ZOE, new Date(), { managerConfirmed: true })).toEqual({ ok: true });
    expect(await release(true)).toEqual({ result: 'changed', status: 'open' });
    expect(await events(nudgeId)).toEqual([{ action: 'claimed', actor_user_id: ANA }, { action: 'open', actor_user_id: ZOE }]);
  });
});

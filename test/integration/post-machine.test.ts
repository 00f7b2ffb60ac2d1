// The intent → posted machine is one set of statements for a nudge and for a grouped message
// (kind picks the table): a group's claim, release, post and failure move its row, and post
// and failure carry its waiting nudges along, within its workspace only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimPosting, markFailed, markPosted, releasePosting } from '../../src/data/nudge-delivery.ts';
import { findNudgeByMessage } from '../../src/data/nudge-actions.ts';
import { pendingGroups } from '../../src/data/nudge-budget.ts';
import { stuckDeliveries } from '../../src/data/nudge-sweep.ts';
import { ts } from '../../src/data/sql.ts';
import { QUEUES } from '../../src/queue/definitions.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedNudge, seedWorkspace } from '../support/nudge-factory.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const now = new Date('2026-11-02T09:00:00Z');

async function seedGroup(teamId: string): Promise<{ workspaceId: number; groupId: number; nudgeIds: number[] }> {
  const ws = await seedWorkspace(db.pool, { teamId });
  const { rows } = await db.pool.query(
    `insert into nudge_group (workspace_id, assignee_key, local_day) values ($1, $2, '2026-11-02') returning id`,
    [ws.workspaceId, ws.ownerMemberId],
  );
  const groupId = rows[0].id as number;
  const nudgeIds: number[] = [];
  for (let i = 0; i < 2; i++) {
    const { nudgeId } = await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
    await db.pool.query('update nudge set group_id = $2 where id = $1', [nudgeId, groupId]);
    nudgeIds.push(nudgeId);
  }
  return { workspaceId: ws.workspaceId, groupId, nudgeIds };
}

const groupState = async (groupId: number) =>
  (await db.pool.query('select delivery_state, delivery_error, channel_id, message_ts from nudge_group where id = $1', [groupId])).rows[0];
const nudgeStates = async (ids: number[]) =>
  (await db.pool.query('select delivery_state, delivery_error, message_ts from nudge where id = any($1) order by id', [ids])).rows;

describe('the posting machine on a grouped message', () => {
  it('claims once, keeps the first channel on a retry, releases, and posts the group with its nudges', async () => {
    const g = await seedGroup('TMACHINE1');
    expect(await claimPosting(db.pool, 'group', g.workspaceId, g.groupId, 'C0FIRST', now)).toEqual({ prior: 'pending', channel: 'C0FIRST' });
    // a retry after a crash reconciles where it first tried, whatever the settings say now
    expect(await claimPosting(db.pool, 'group', g.workspaceId, g.groupId, 'C0SECOND', now)).toEqual({ prior: 'posting', channel: 'C0FIRST' });
    await releasePosting(db.pool, 'group', g.workspaceId, g.groupId, now);
    expect((await groupState(g.groupId)).delivery_state).toBe('pending');
    expect(await claimPosting(db.pool, 'group', g.workspaceId, g.groupId, 'C0FIRST', now)).toEqual({ prior: 'pending', channel: 'C0FIRST' });
    expect(await markPosted(db.pool, 'group', g.workspaceId, g.groupId, 'C0FIRST', '111.222', now)).toBe(true);
    expect(await groupState(g.groupId)).toMatchObject({ delivery_state: 'posted', channel_id: 'C0FIRST', message_ts: '111.222' });
    expect(await nudgeStates(g.nudgeIds)).toEqual([
      { delivery_state: 'posted', delivery_error: null, message_ts: '111.222' },
      { delivery_state: 'posted', delivery_error: null, message_ts: '111.222' },
    ]);
    // posted is final: no second claim, no second post recorded
    expect(await claimPosting(db.pool, 'group', g.workspaceId, g.groupId, 'C0FIRST', now)).toBeNull();
    expect(await markPosted(db.pool, 'group', g.workspaceId, g.groupId, 'C0FIRST', '333.444', now)).toBe(false);
  });

  it('fails the group and its waiting nudges alike, and touches no other workspace', async () => {
    const g = await seedGroup('TMACHINE2');
    const other = await seedGroup('TMACHINE3');
    await markFailed(db.pool, 'group', g.workspaceId, g.groupId, 'channel_not_found', now);
    // the other workspace's group id, asked for under this workspace: nothing moves
    await markFailed(db.pool, 'group', g.workspaceId, other.groupId, 'channel_not_found', now);
    expect(await groupState(g.groupId)).toMatchObject({ delivery_state: 'failed', delivery_error: 'channel_not_found' });
    expect((await nudgeStates(g.nudgeIds)).map((r) => r.delivery_error)).toEqual(['channel_not_found', 'channel_not_found']);
    expect((await groupState(other.groupId)).delivery_state).toBe('pending');
    expect((await nudgeStates(other.nudgeIds)).map((r) => r.delivery_state)).toEqual(['pending', 'pending']);
  });

  it('a nudge is claimed only while open; a group whatever its nudges became', async () => {
    const g = await seedGroup('TMACHINE4');
    await db.pool.query(`update nudge set status = 'done' where id = any($1)`, [g.nudgeIds]);
    expect(await claimPosting(db.pool, 'nudge', g.workspaceId, g.nudgeIds[0]!, 'C0X', now)).toBeNull();
    expect(await claimPosting(db.pool, 'group', g.workspaceId, g.groupId, 'C0X', now)).toEqual({ prior: 'pending', channel: 'C0X' });
  });
});

describe('a grouped message\'s job and its stuck nudges', () => {
  const later = new Date(now.getTime() + 10 * 60_000);

  it('leaves nudges waiting on an unposted group to the group\'s own job, and re-queues a group left posting', async () => {
    const g = await seedGroup('TMACHINE5');
    await db.pool.query(`update nudge set released_at = $2, updated_at = $2 where id = any($1)`, [g.nudgeIds, ts(now)]);
    await db.pool.query(`update nudge_group set updated_at = $2 where id = $1`, [g.groupId, ts(now)]);
    // one job per nudge would post the one group twice
    expect(await stuckDeliveries(db.pool, g.workspaceId, later, 5 * 60_000)).toEqual([]);
    expect(await pendingGroups(db.pool, g.workspaceId, later)).toEqual([{ groupId: g.groupId, nudgeId: g.nudgeIds[0] }]);
    await claimPosting(db.pool, 'group', g.workspaceId, g.groupId, 'C0G', now);
    // posting since `now`: not yet stale at `now`, stale by `later`
    expect(await pendingGroups(db.pool, g.workspaceId, new Date(now.getTime() - 1))).toEqual([]);
    expect(await pendingGroups(db.pool, g.workspaceId, later)).toEqual([{ groupId: g.groupId, nudgeId: g.nudgeIds[0] }]);
    expect(await stuckDeliveries(db.pool, g.workspaceId, later, 5 * 60_000)).toEqual([]);
  });

  it('keys a group\'s deliver job by the group, apart from its lowest nudge\'s own job', () => {
    expect(QUEUES.deliver.jobId({ nudgeId: 7, generation: 0, groupId: 3 })).toBe('deliver:group:3');
    expect(QUEUES.deliver.jobId({ nudgeId: 7, generation: 0 })).toBe('deliver:7:0');
  });

  it('moves a group\'s nudges only when the group row itself moved', async () => {
    const g = await seedGroup('TMACHINE6');
    // not claimed: the group stays pending, so its nudges must not read posted
    expect(await markPosted(db.pool, 'group', g.workspaceId, g.groupId, 'C0G', '1.2', now)).toBe(false);
    expect((await nudgeStates(g.nudgeIds)).map((r) => r.delivery_state)).toEqual(['pending', 'pending']);
    await db.pool.query(`update nudge_group set delivery_state = 'posted' where id = $1`, [g.groupId]);
    // a posted group is final: a late failure changes neither it nor a nudge of it
    await markFailed(db.pool, 'group', g.workspaceId, g.groupId, 'late', now);
    expect((await nudgeStates(g.nudgeIds)).map((r) => r.delivery_state)).toEqual(['pending', 'pending']);
  });

  it('a reaction on a grouped message of one nudge names no nudge', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'TMACHINE7' });
    const { rows } = await db.pool.query(
      `insert into nudge_group (workspace_id, assignee_key, local_day, delivery_state, channel_id, message_ts)
       values ($1, $2, '2026-11-02', 'posted', 'C0ONE', '5.6') returning id`,
      [ws.workspaceId, ws.ownerMemberId],
    );
    const { nudgeId } = await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
    await db.pool.query(`update nudge set group_id = $2, channel_id = 'C0ONE', message_ts = '5.6', delivery_state = 'posted' where id = $1`, [nudgeId, rows[0].id]);
    expect(await findNudgeByMessage(db.pool, ws.workspaceId, 'C0ONE', '5.6')).toBeNull();
    // its own message (a single post) still names it
    await db.pool.query(`update nudge set message_ts = '7.8' where id = $1`, [nudgeId]);
    expect(await findNudgeByMessage(db.pool, ws.workspaceId, 'C0ONE', '7.8')).toBe(nudgeId);
  });
});

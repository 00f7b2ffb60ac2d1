// The minute sweep's snooze wake on real Postgres (data/nudge-sweep.ts wakeSnoozed): a snooze
// that has run out wakes in its assignee's working hours, and the sweeps in between (every
// minute, for every workspace) cost a read, not a write: the nudges left asleep are neither
// locked nor returned one by one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wakeSnoozed } from '../../src/data/nudge-sweep.ts';
import { releaseClock } from '../../src/domain/release.ts';
import { DEFAULT_WORK_DAYS } from '../../src/domain/working-days.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedNudge, seedWorkspace } from '../support/nudge-factory.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const inHours = (now: Date) => (tz: string) => releaseClock(now, tz, DEFAULT_WORK_DAYS).due;

/** The row's lock marker: a SELECT … FOR UPDATE that commits leaves its transaction id here (a write to the row). */
async function xmaxOf(ids: number[]): Promise<string[]> {
  const { rows } = await db.pool.query<{ xmax: string }>(`select xmax::text from nudge where id = any($1::int[]) order by id`, [ids]);
  return rows.map((r) => r.xmax);
}

describe('wakeSnoozed', () => {
  it('over a weekend, the sweeps leave the ran-out snoozes of a Monday-to-Friday team untouched; Monday morning wakes them, each once', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0WAKE0001', timezone: 'Europe/Berlin', workDays: [...DEFAULT_WORK_DAYS] });
    // three snoozes that ran out on Friday evening (19:00 Berlin), after that day's working hours
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const n = await seedNudge(db.pool, ws.workspaceId, { status: 'snoozed', deliveryState: 'posted', snoozedUntil: new Date('2026-12-04T18:00:00Z'), ownerMemberId: ws.ownerMemberId });
      ids.push(n.nudgeId);
    }
    const before = await xmaxOf(ids);
    // Saturday, Sunday and Monday before nine in Berlin: a sweep a minute wakes nothing and writes nothing
    for (const at of ['2026-12-04T19:00:00Z', '2026-12-05T10:00:00Z', '2026-12-06T15:00:00Z', '2026-12-07T07:59:00Z']) {
      const now = new Date(at);
      expect(await wakeSnoozed(db.pool, ws.workspaceId, now, inHours(now))).toEqual([]);
    }
    expect(await xmaxOf(ids)).toEqual(before);
    const { rows } = await db.pool.query(`select status from nudge where id = any($1::int[])`, [ids]);
    expect(rows.map((r) => r.status)).toEqual(['snoozed', 'snoozed', 'snoozed']);

    // Monday 09:00 Berlin (08:00 UTC): all three, once
    const monday = new Date('2026-12-07T08:00:00Z');
    const woke = await wakeSnoozed(db.pool, ws.workspaceId, monday, inHours(monday));
    expect(woke.map((w) => w.nudgeId).sort((a, b) => a - b)).toEqual(ids);
    expect(woke.every((w) => w.generation === 1)).toBe(true);
    expect(await wakeSnoozed(db.pool, ws.workspaceId, monday, inHours(monday))).toEqual([]);
  });

  it('asks the working-hours rule once per timezone, not once per nudge', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0WAKE0002', timezone: 'UTC', workDays: [...DEFAULT_WORK_DAYS] });
    const tokyo = await db.pool.query<{ id: number }>(`insert into member (workspace_id, slack_user_id, timezone) values ($1, 'U0WAKETKY1', 'Asia/Tokyo') returning id`, [ws.workspaceId]);
    for (let i = 0; i < 40; i++) {
      await seedNudge(db.pool, ws.workspaceId, { status: 'snoozed', deliveryState: 'posted', snoozedUntil: new Date('2026-12-04T18:00:00Z'), ownerMemberId: i % 2 ? ws.ownerMemberId : tokyo.rows[0]!.id });
    }
    // the factory leaves assignee_id to the scan; set it as a release would
    await db.pool.query(`update nudge n set assignee_id = a.owner_id from account a where a.id = n.account_id and n.workspace_id = $1`, [ws.workspaceId]);
    const asked: string[] = [];
    const saturday = new Date('2026-12-05T12:00:00Z');
    expect(await wakeSnoozed(db.pool, ws.workspaceId, saturday, (tz) => (asked.push(tz), false))).toEqual([]);
    expect(asked.sort()).toEqual(['Asia/Tokyo', 'UTC']);
  });
});

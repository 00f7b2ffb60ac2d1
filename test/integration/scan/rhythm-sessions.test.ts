// The rhythm is read between sessions, not single touches: a linked channel writes one row per
// side per hour and an email import one per message, and those same-day gaps must not make
// "you usually talk every 21 days" read as "every 1 day". The rollup (refreshRollups and
// recordTouch's refold) and the digest's stall counts (loadStall) agree with the pure rule
// (src/domain/cadence.ts medianGapDays) on the same histories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medianGapDays, SESSION_GAP_DAYS } from '../../../src/domain/cadence.ts';
import { recordTouch } from '../../../src/data/conversations.ts';
import { loadStall } from '../../../src/data/metrics.ts';
import { refreshRollups } from '../../../src/data/rollups.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = new Date('2026-01-05T15:00:00.000Z');

let db: TestDb;
let workspaceId: number;
beforeAll(async () => {
  db = await createTestDb();
  const ws = await db.pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, updated_at) values ('T_RHYTHM', 'r', now()) returning id`);
  workspaceId = ws.rows[0]!.id;
});
afterAll(async () => {
  await db?.drop();
});

async function account(name: string, touches: readonly Date[]): Promise<number> {
  const a = await db.pool.query<{ id: number }>(
    `insert into account (workspace_id, name, name_key, created_at) values ($1, $2, lower($2), '2025-06-01') returning id`,
    [workspaceId, name],
  );
  const id = a.rows[0]!.id;
  const p = await db.pool.query<{ id: number }>(`insert into product (workspace_id, name, name_key) values ($1, $2, lower($2)) returning id`, [workspaceId, `P ${name}`]);
  await db.pool.query(`insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 10000, '2025-06-01')`, [workspaceId, id, p.rows[0]!.id]);
  if (touches.length > 0) {
    await db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, source) select $1, $2, t, 'x', 'channel' from unnest($3::timestamp[]) as t`,
      [workspaceId, id, touches.map((t) => t.toISOString())],
    );
  }
  return id;
}

const gapOf = async (id: number) =>
  (await db.pool.query<{ g: number | null }>('select median_gap_days as g from account_rollup where account_id = $1', [id])).rows[0]!.g;

/** Sessions every `every` days, each `perSession` touches an hour apart. */
const bursts = (sessions: number, every: number, perSession: number) =>
  Array.from({ length: sessions * perSession }, (_, i) => new Date(START.getTime() + Math.floor(i / perSession) * every * DAY + (i % perSession) * HOUR));

describe('the median gap between sessions', () => {
  it('reads six hourly touches every 21 days as every 21 days, in the rollup, a recorded touch and the stall counts', async () => {
    const touches = bursts(6, 21, 6);
    const id = await account('Bursty', touches.slice(0, -1));
    await refreshRollups(db.pool, workspaceId, { accountIds: [id] });
    expect(await gapOf(id)).toBe(21);
    // the last touch through recordTouch (the database's refold), as a /log would
    await recordTouch(db.pool, { workspaceId, accountId: id, occurredAt: touches.at(-1)!, summary: 'x' });
    expect(await gapOf(id)).toBe(21);
    expect(medianGapDays(touches)).toBe(21);
    // 16 days after the last touch: within its rhythm (k 2 × 21 = 42), not cooling
    const asOf = new Date(touches.at(-1)!.getTime() + 16 * DAY);
    expect(await loadStall(db.pool, workspaceId, asOf)).toEqual({ customers: 1, cooling: 0, stalled: 0 });
  });

  it.each([
    ['one touch', [0]],
    ['one session of three', [0, 0.04, 0.08]],
    ['a session boundary exactly at the constant', [0, SESSION_GAP_DAYS, 3, 3.1, 9]],
    ['touches just under the constant apart chain into one session', [0, 0.49, 0.98, 1.47, 5]],
    ['daily working days', [0, 1, 2, 3.01, 3.2, 4, 7]],
    ['equal times', [2, 2, 2, 10, 10, 30]],
    ['two sessions of several touches', [0, 0.04, 0.08, 30, 30.1]],
    ['three sessions', [0, 0.04, 30, 30.1, 44]],
  ])('agrees with the pure rule: %s', async (name, days) => {
    const touches = days.map((d) => new Date(START.getTime() + d * DAY));
    const id = await account(`case ${name}`, touches);
    await refreshRollups(db.pool, workspaceId, { accountIds: [id] });
    const want = medianGapDays(touches);
    if (want === null) expect(await gapOf(id)).toBeNull();
    else expect(await gapOf(id)).toBeCloseTo(want, 9);
  });
});

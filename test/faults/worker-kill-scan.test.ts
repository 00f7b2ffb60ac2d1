// A worker process killed with SIGKILL in the middle of a multi-part scan: 40,000 accounts
// (generated set-based in SQL) in parts of 8,000 (TEND_SCAN_PART_SIZE), so five parts, run one
// at a time. The kill comes once at least one part's work is committed and before the last
// part is done, and the test proves it from the database as the dead worker left it: some parts
// done, some accounts' scan state written, not all. A new worker is started; BullMQ hands the dead worker's
// job out again only once its lock lapses (lockDuration 30 s, stalled check every 15 s:
// src/queue/workers.ts), so the timeouts allow for that. The resumed scan must end with exactly
// the nudges — (account, kind, product, priority, status), no duplicates — and the waiting
// counts (account_scan: nudges below the top of each rep's line) of an uninterrupted scan of
// an identical book in another schema.
import { Queue } from 'bullmq';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../src/domain/clock.ts';
import { QUEUES } from '../../src/queue/definitions.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { until } from '../support/nudge-factory.ts';
import { startProcess, tendEnv, type Proc } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';
import { EVERY_DAY } from '../support/working-zone.ts';

const ACCOUNTS = 40_000;
const PART_SIZE = 8_000;
let db: TestDb;
let refDb: TestDb;
const prefix = testPrefix();
const refPrefix = testPrefix();
const procs: Proc[] = [];
let queue: Queue;
export const killFigures: Record<string, number> = {};

/** A workspace of ACCOUNTS accounts: all hold Analytics, every third also Reporting; four in five touched twice, at rhythms that leave some quiet. */
async function generate(pool: pg.Pool, team: string): Promise<number> {
  const ws = await pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, nudge_channel_id, work_days, updated_at) values ($1, $1, 'C0KILLSCAN', $2::int[], now()) returning id`, [team, EVERY_DAY]);
  const w = ws.rows[0]!.id;
  const reps = await pool.query<{ id: number }>(
    `insert into member (workspace_id, slack_user_id, name) select $1, 'U0REP' || g, 'rep ' || g from generate_series(1, 20) g returning id`, [w]);
  const rep = reps.rows.map((r) => r.id);
  const products = await pool.query<{ id: number; name: string }>(
    `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
     values ($1, 'Analytics', 'analytics', 49000, 0), ($1, 'Reporting', 'reporting', 29000, 1), ($1, 'Alerts', 'alerts', 19000, 2) returning id, name`, [w]);
  const p = Object.fromEntries(products.rows.map((r) => [r.name, r.id]));
  await pool.query(
    `insert into account (workspace_id, name, name_key, owner_id, created_at)
     select $1, 'Account ' || g, 'account ' || g, ($2::int[])[1 + g % 20], now() - interval '500 days' from generate_series(1, $3) g`,
    [w, rep, ACCOUNTS]);
  await pool.query(
    `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
     select $1, a.id, $2::int, 10000 + (x.n % 50) * 1000, now() - interval '400 days'
     from account a cross join lateral (select split_part(a.name, ' ', 2)::int as n) x where a.workspace_id = $1
     union all
     select $1, a.id, $3::int, 5000 + (x.n % 30) * 1000, now() - interval '300 days'
     from account a cross join lateral (select split_part(a.name, ' ', 2)::int as n) x where a.workspace_id = $1 and x.n % 3 = 0`,
    [w, p.Analytics, p.Reporting]);
  await pool.query(
    `insert into conversation (workspace_id, account_id, member_id, occurred_at, summary, kind, source)
     select $1, a.id, a.owner_id, now() - make_interval(days => (n % 120) + k * (5 + n % 20)), 'touch', (case when k = 0 and n % 7 = 0 then 'ask' else 'give' end)::touch_kind, 'import'
     from account a cross join lateral (select split_part(a.name, ' ', 2)::int as n) x cross join generate_series(0, 1) k
     where a.workspace_id = $1 and x.n % 5 <> 0`,
    [w]);
  await pool.query('analyze');
  return w;
}

/** A workspace's nudges as (account, kind, product, priority, status), so two schemas compare. */
async function nudgeSet(pool: pg.Pool, workspaceId: number): Promise<string[]> {
  const { rows } = await pool.query<{ account: string; kind: string; status: string; priority: number; product: string | null }>(
    `select a.name as account, n.kind::text, n.status::text, n.priority::float8 as priority, p.name as product
     from nudge n join account a on a.id = n.account_id and a.workspace_id = n.workspace_id
     left join product p on p.id = n.suggested_product_id and p.workspace_id = n.workspace_id
     where n.workspace_id = $1`, [workspaceId]);
  return rows.map((r) => `${r.account} | ${r.kind} | ${r.product ?? '-'} | ${r.priority.toFixed(2)} | ${r.status}`).sort();
}

/** Each account's waiting nudges (how many, the best priority), as the scan left account_scan. */
async function waitingSet(pool: pg.Pool, workspaceId: number): Promise<string[]> {
  const { rows } = await pool.query<{ account: string; waiting: number; priority: number | null }>(
    `select a.name as account, s.waiting, s.waiting_priority as priority
     from account_scan s join account a on a.id = s.account_id and a.workspace_id = s.workspace_id
     where s.workspace_id = $1`, [workspaceId]);
  return rows.map((r) => `${r.account} | ${r.waiting} | ${r.priority === null ? '-' : r.priority.toFixed(2)}`).sort();
}

/** Accounts whose scan state a scan wrote (no longer due since the epoch mark). */
const scannedCount = async (pool: pg.Pool, workspaceId: number) =>
  (await pool.query<{ n: number }>(
    `select count(*)::int as n from account_scan where workspace_id = $1 and due_at > '1970-01-01'::timestamp`, [workspaceId])).rows[0]!.n;

const env = (d: TestDb, pre: string) => ({
  ...tendEnv({ databaseUrl: d.url, prefix: pre, roles: 'worker' }),
  TEND_SCAN_PART_SIZE: String(PART_SIZE),
  TEND_SCAN_CONCURRENCY: '1',
});

const scanRun = async (d: TestDb, workspaceId: number) =>
  (await d.pool.query<{ parts: number; parts_done: number[]; finished_at: Date | null }>('select parts, parts_done, finished_at from scan_run where workspace_id = $1', [workspaceId])).rows[0];

async function enqueueScan(q: Queue, workspaceId: number, localDate: string) {
  const payload = { workspaceId, localDate };
  await q.add(QUEUES.scan.name, payload, { ...QUEUES.scan.options, jobId: QUEUES.scan.jobId(payload) });
}

let refQueue: Queue;
beforeAll(async () => {
  [db, refDb] = await Promise.all([createTestDb(), createTestDb()]);
  queue = new Queue(QUEUES.scan.name, { connection: { url: TEST_REDIS_URL } as never, prefix });
  refQueue = new Queue(QUEUES.scan.name, { connection: { url: TEST_REDIS_URL } as never, prefix: refPrefix });
}, 60_000);
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await queue?.close();
  await refQueue?.close();
  await db?.drop();
  await refDb?.drop();
  await dropPrefix(prefix);
  await dropPrefix(refPrefix);
});

describe('a worker killed mid-scan', () => {
  it('resumes after a restart and ends with the same nudges as an uninterrupted scan', async () => {
    const t0 = Date.now();
    const [killed, reference] = await Promise.all([generate(db.pool, 'T0KILLED'), generate(refDb.pool, 'T0REFERENCE')]);
    killFigures.generateMs = Date.now() - t0;
    const localDate = localTime(new Date(), 'UTC').date;

    const first = startProcess(env(db, prefix));
    procs.push(first);
    const started = Date.now();
    await enqueueScan(queue, killed, localDate); // waits in Redis until the worker is up
    // kill as soon as one part is committed (parts run one at a time, each for a second or more)
    const seen = await until(async () => {
      const run = await scanRun(db, killed);
      return run && run.parts_done.length >= 1 ? run : null;
    }, 120_000, 'first part done');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    killFigures.killedAfterMs = Date.now() - started;

    // the database as the dead worker left it: work existed, and not all of it
    const atKill = (await scanRun(db, killed))!;
    const scannedAtKill = await scannedCount(db.pool, killed);
    killFigures.parts = atKill.parts;
    killFigures.partsDoneAtKill = atKill.parts_done.length;
    killFigures.accountsScannedAtKill = scannedAtKill;
    expect(seen.parts).toBe(Math.ceil(ACCOUNTS / PART_SIZE));
    expect(atKill.parts_done.length).toBeGreaterThan(0);
    expect(atKill.parts_done.length).toBeLessThan(atKill.parts);
    expect(atKill.finished_at).toBeNull();
    expect(scannedAtKill).toBeGreaterThan(0);
    expect(scannedAtKill).toBeLessThan(ACCOUNTS);

    const second = startProcess(env(db, prefix));
    procs.push(second);
    const restarted = Date.now();
    await until(async () => (await scanRun(db, killed))?.finished_at, 240_000, 'scan finished after restart');
    killFigures.finishedAfterRestartMs = Date.now() - restarted;
    second.child.kill('SIGKILL');
    await second.exited;

    const refWorker = startProcess(env(refDb, refPrefix));
    procs.push(refWorker);
    const t1 = Date.now();
    await enqueueScan(refQueue, reference, localDate);
    await until(async () => (await scanRun(refDb, reference))?.finished_at, 150_000, 'reference scan finished');
    killFigures.uninterruptedScanMs = Date.now() - t1;
    refWorker.child.kill('SIGKILL');
    await refWorker.exited;

    const got = await nudgeSet(db.pool, killed);
    const want = await nudgeSet(refDb.pool, reference);
    killFigures.nudges = want.length;
    // rows for the top of each of the 20 reps' lines (LINE_AHEAD_DAYS of a budget of 5: 50 accounts each)
    expect(want.length).toBeGreaterThan(500);
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
    const waitingGot = await waitingSet(db.pool, killed);
    const waitingWant = await waitingSet(refDb.pool, reference);
    expect(waitingWant.filter((l) => !l.includes('| 0 |')).length).toBeGreaterThan(10_000);
    expect(waitingGot).toEqual(waitingWant);
    expect(await scannedCount(db.pool, killed)).toBe(ACCOUNTS);
    const dup = await db.pool.query('select account_id, kind, count(*) from nudge where workspace_id = $1 group by 1, 2 having count(*) > 1', [killed]);
    expect(dup.rows).toEqual([]);
    expect((await scanRun(db, killed))!.parts_done.length).toBe(atKill.parts);
    console.log(`worker-kill-scan: ${JSON.stringify(killFigures)}`);
  }, 420_000);
});

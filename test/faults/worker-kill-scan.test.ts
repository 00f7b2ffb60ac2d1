// A worker process killed with SIGKILL in the middle of a scan of a workspace large enough
// (40,000 accounts, generated set-based in SQL) that the scan takes seconds; a new worker
// is started. BullMQ hands the dead worker's jobs out again only once their locks lapse
// (lockDuration 30 s, stalled check every 15 s: src/queue/workers.ts), so the timeouts
// allow for that. The scan then completes, and its nudges equal — same dedupe keys (ids
// mapped to names), no duplicates, same states — those of an uninterrupted scan of an
// identical workspace.
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

const ACCOUNTS = 40_000;
let db: TestDb;
const prefix = testPrefix();
const procs: Proc[] = [];
let queue: Queue;
export const killFigures: Record<string, number> = {};

/** A workspace of ACCOUNTS accounts: all hold Analytics, every third also Reporting; four in five touched twice, at rhythms that leave some quiet. */
async function generate(pool: pg.Pool, team: string): Promise<number> {
  const ws = await pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, nudge_channel_id, updated_at) values ($1, $1, 'C0KILLSCAN', now()) returning id`, [team]);
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

/** The day's nudges of a workspace, ids replaced by names so two workspaces compare. */
async function nudgeSet(pool: pg.Pool, workspaceId: number): Promise<string[]> {
  const { rows } = await pool.query<{ key: string; account_id: number; account: string; kind: string; status: string; priority: number; product: string | null }>(
    `select n.dedupe_key as key, n.account_id, a.name as account, n.kind::text, n.status::text, n.priority::float8 as priority, p.name as product
     from nudge n join account a on a.id = n.account_id and a.workspace_id = n.workspace_id
     left join product p on p.id = n.suggested_product_id and p.workspace_id = n.workspace_id
     where n.workspace_id = $1`, [workspaceId]);
  return rows
    .map((r) => {
      const parts = r.key.split(':');
      if (parts[1] === String(r.account_id)) parts[1] = r.account;
      if (parts[0] === 'cross_sell' && r.product) parts[2] = r.product;
      return `${parts.join(':')} | ${r.kind} | ${r.status} | ${r.priority.toFixed(2)} | ${r.product ?? '-'}`;
    })
    .sort();
}

const env = () => tendEnv({ databaseUrl: db.url, prefix, roles: 'worker' });

const scanRun = async (workspaceId: number) =>
  (await db.pool.query<{ parts: number; parts_done: number[]; finished_at: Date | null }>('select parts, parts_done, finished_at from scan_run where workspace_id = $1', [workspaceId])).rows[0];

async function enqueueScan(workspaceId: number, localDate: string) {
  const payload = { workspaceId, localDate };
  await queue.add(QUEUES.scan.name, payload, { ...QUEUES.scan.options, jobId: QUEUES.scan.jobId(payload) });
}

beforeAll(async () => {
  db = await createTestDb();
  queue = new Queue(QUEUES.scan.name, { connection: { url: TEST_REDIS_URL } as never, prefix });
}, 60_000);
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await queue?.close();
  await db?.drop();
  await dropPrefix(prefix);
});

describe('a worker killed mid-scan', () => {
  it('completes after a restart with the same nudges as an uninterrupted scan', async () => {
    const t0 = Date.now();
    const killed = await generate(db.pool, 'T0KILLED');
    const reference = await generate(db.pool, 'T0REFERENCE');
    killFigures.generateMs = Date.now() - t0;
    const localDate = localTime(new Date(), 'UTC').date;

    const first = startProcess(env());
    procs.push(first);
    const started = Date.now();
    await enqueueScan(killed, localDate); // waits in Redis until the worker is up
    // mid-scan: the run is written and its parts are under way, none finished
    await until(async () => {
      const run = await scanRun(killed);
      return run && run.finished_at === null && run.parts_done.length === 0 ? run : null;
    }, 60_000, 'scan under way');
    await new Promise((r) => setTimeout(r, 300)); // well inside the first part
    expect(await scanRun(killed)).toMatchObject({ finished_at: null });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    killFigures.killedAfterMs = Date.now() - started;
    const atKill = await scanRun(killed);
    killFigures.parts = atKill!.parts;
    killFigures.partsDoneAtKill = atKill!.parts_done.length;

    const second = startProcess(env());
    procs.push(second);
    const restarted = Date.now();
    await until(async () => (await scanRun(killed))?.finished_at, 150_000, 'scan finished after restart');
    killFigures.finishedAfterRestartMs = Date.now() - restarted;

    const t1 = Date.now();
    await enqueueScan(reference, localDate);
    await until(async () => (await scanRun(reference))?.finished_at, 90_000, 'reference scan finished');
    killFigures.uninterruptedScanMs = Date.now() - t1;

    const got = await nudgeSet(db.pool, killed);
    const want = await nudgeSet(db.pool, reference);
    killFigures.nudges = want.length;
    expect(want.length).toBeGreaterThan(1_000);
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
    const dup = await db.pool.query('select account_id, kind, count(*) from nudge where workspace_id = $1 group by 1, 2 having count(*) > 1', [killed]);
    expect(dup.rows).toEqual([]);
    console.log(`worker-kill-scan: ${JSON.stringify(killFigures)}`);
    second.child.kill('SIGKILL');
    await second.exited;
  }, 280_000);
});

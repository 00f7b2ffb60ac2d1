// Scale bench: 1,000,000 accounts, 2,000,000 holdings, 10,000,000 conversations (times
// BENCH_SCALE) generated inside Postgres in a scratch schema; then, in the same run, the
// bare candidate SQL alone (every page, in one process) and the full scan job through
// BullMQ on worker processes (BENCH_WORKERS, default 2, each `npm start`'s build with the
// worker role), whose peak RSS is read from the processes themselves; then a second scan of an
// unchanged book (the steady daily case), and a third after 1% of the accounts changed (half a
// touch, half a new product) as the app writes them, a fourth after another 1% whose touches
// were written around the app (raw SQL: the catch-up folds them), and a fifth as the next day
// would find the book with nothing written (what falls due by time), and a sixth as the weekly
// remodel (the model a week old: learned anew, every account judged). Each scan is a run of
// its own on the same day, as `/tend scan` makes one. Then the state floor: one UPDATE of every
// account_scan row, rolled back. Last, a full scan that would write nothing: the plan alone, then
// every part read and judged without its writes. The scratch schema and queue keys are dropped at
// the end.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { Redis } from 'ioredis';
import { fetchCandidatePage } from '../src/data/candidates.ts';
import { deriveAccountDates } from '../src/data/churn-sql.ts';
import { createDb, createPool } from '../src/data/db.ts';
import { migrate } from '../src/data/migrate.ts';
import { refreshRollups } from '../src/data/rollups.ts';
import { createLogger } from '../src/log.ts';
import { createQueues } from '../src/queue/queues.ts';
import { planFullScan, RECENT_END_DAYS, REMODEL_DAYS } from '../src/scan/context.ts';
import { PART_SIZE } from '../jobs/scan.ts';
import { PAGE_SIZE } from '../src/scan/range.ts';
import { dropPrefix } from '../test/support/redis.ts';
import { zoneInWorkingHours } from '../test/support/working-zone.ts';
import { changeAccounts, loadScale } from './scale-load.ts';
import type { BenchRow } from './run.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * A worker as `npm start` runs one (the build in dist/, no TypeScript loader), with the worker
 * role only; BENCH_WORKER_TSX=1 runs the sources through tsx instead, to compare.
 */
function startWorker(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; stopped: Promise<void> }> {
  const entry = process.env.BENCH_WORKER_TSX ? ['--import', 'tsx', 'src/bin/start.ts'] : ['dist/src/bin/start.js'];
  const child = spawn(process.execPath, entry, { env: { ...env, TEND_ROLES: 'worker', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const stopped = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`scan worker exited early (${code})`)));
    lines.on('line', (line) => {
      if (line.includes('"msg":"Tend is up')) resolve({ child, stopped });
      // BENCH_SCAN_LOG=1: each part's and plan's timings, as the job logs them
      else if (process.env.BENCH_SCAN_LOG && /"msg":"scan (planned|part done)"/.test(line)) console.log(`scan worker ${child.pid}: ${line}`);
    });
  });
}

async function waitFinished(pool: pg.Pool, workspaceId: number, localDate: string): Promise<void> {
  for (;;) {
    const r = await pool.query('select finished_at from scan_run where workspace_id = $1 and local_date = $2', [workspaceId, localDate]);
    if (r.rows[0]?.finished_at) return;
    await new Promise((res) => setTimeout(res, 50));
  }
}

export async function run(): Promise<BenchRow[]> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const size = { accounts: Math.round(1_000_000 * scale), holdings: Math.round(2_000_000 * scale), conversations: Math.round(10_000_000 * scale), reps: Math.max(5, Math.round(200 * scale)) };
  const workers = Number(process.env.BENCH_WORKERS ?? 2);
  const schema = `bench_${Date.now().toString(36)}`;
  const prefix = `bench-${schema}`;
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const db = createDb({ url: DATABASE_URL, schema, max: 4, statementTimeoutMillis: 0 });
  const admin = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  const children: { child: ChildProcess; stopped: Promise<void> }[] = [];
  const rows: BenchRow[] = [];
  const row = (metric: string, value: string, target?: string) => rows.push({ bench: 'scan', metric, value, target });
  const working = zoneInWorkingHours();
  try {
    await migrate(db.pool, schema);
    await admin.connect();
    console.log(`scan: loading ${size.accounts} accounts, ~${size.holdings} holdings, ~${size.conversations} conversations into ${schema}…`);
    let t = Date.now();
    const loaded = await loadScale(admin, size);
    // a zone where the reps' 09:00 has passed whatever hour the bench runs: the scan's morning release is part of what it times
    await admin.query('update workspace set timezone = $2 where id = $1', [loaded.workspaceId, working.zone]);
    const loadMs = Date.now() - t;
    t = Date.now();
    await refreshRollups(admin, loaded.workspaceId, { all: true });
    await admin.query(`update workspace set rollup_conversation_id = (select coalesce(max(id), 0) from conversation) where id = $1`, [loaded.workspaceId]);
    const rollupMs = Date.now() - t;
    // an import derives customer-since and churn dates in its own transaction (data/import/write.ts):
    // the SQL load stands in for an import, so it does too, and the first scan starts from there
    t = Date.now();
    await deriveAccountDates(admin, loaded.workspaceId, new Date());
    const datesMs = Date.now() - t;
    // only the scratch tables: a bare VACUUM would walk every schema in the database
    await admin.query('vacuum analyze account, holding, conversation, account_rollup, account_scan');
    console.log(`scan: loaded ${loaded.holdings} holdings, ${loaded.conversations} conversations in ${secs(loadMs)}; rollups in ${secs(rollupMs)}`);
    row('load (generate_series in SQL)', secs(loadMs));
    row('rollup refresh, set-based', secs(rollupMs));
    row('dates derived, as an import does (customer-since, churn)', secs(datesMs));

    // the bare candidate SQL: every page of the workspace, one after the other
    const now = new Date();
    t = Date.now();
    let after = -1;
    let candidates = 0;
    for (;;) {
      const page = await fetchCandidatePage(db.pool, { workspaceId: loaded.workspaceId, now, quietAfterDays: 14, recentEndDays: RECENT_END_DAYS }, after, 2_147_483_647, PAGE_SIZE);
      if (page.lastAccountId === null) break;
      candidates += page.candidates.length;
      after = page.lastAccountId;
    }
    const bareMs = Date.now() - t;
    console.log(`scan: bare candidate SQL ${secs(bareMs)} (${candidates} candidates); starting ${workers} worker(s)`);

    // the workers run the build, as `npm start` does (tsc, not timed)
    if (!process.env.BENCH_WORKER_TSX) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    const env = { ...process.env, DATABASE_URL: url.toString(), REDIS_URL, TEND_QUEUE_PREFIX: prefix, TEND_DATA_DIR: `/tmp/${prefix}` };
    for (let i = 0; i < workers; i++) children.push(await startWorker(env));
    // the idle baseline: a ready worker (Prisma, BullMQ, the app loaded) before any scan
    await new Promise((r) => setTimeout(r, 1000));
    const vm = async (pid: number | undefined, key: 'VmRSS' | 'VmHWM') =>
      Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const idle = await Promise.all(children.map((c) => vm(c.child.pid, 'VmHWM')));
    const producer = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const queues = createQueues(producer, prefix, createLogger('silent'));
    const localDate = working.localDate;
    let runs = 0;
    const scanOnce = async () => {
      // a run of its own on the same day, as "/tend scan" makes one (its own scan_run and job ids)
      const run = `bench${++runs}`;
      const t0 = Date.now();
      await queues.add('scan', { workspaceId: loaded.workspaceId, localDate, run });
      await waitFinished(db.pool, loaded.workspaceId, `${localDate}+${run}`);
      return Date.now() - t0;
    };
    const scanMs = await scanOnce();
    console.log(`scan: full scan ${secs(scanMs)}`);
    const n = await db.pool.query<{ n: number; open: number; waiting: number }>(
      `select count(*)::int as n, (count(*) filter (where status = 'open'))::int as open,
              (select coalesce(sum(waiting), 0) from account_scan where workspace_id = $1)::int as waiting
       from nudge where workspace_id = $1`, [loaded.workspaceId],
    );
    // a day passes before the next scan: the full scan's rewrite of a million account_scan rows has
    // been vacuumed by then (autovacuum would run now, beside the rescan, and time it instead)
    t = Date.now();
    await admin.query('vacuum analyze account_scan, nudge');
    const vacuumMs = Date.now() - t;
    const rescanMs = await scanOnce();
    // 1% of the active accounts change (bench/scale-load.ts changeAccounts): the touches written
    // as the app writes them, then another 1% with the touches written around the app (raw SQL),
    // which the scan's catch-up folds into the rollups
    const changed = Math.round(size.accounts * 0.01);
    await changeAccounts(admin, loaded.workspaceId, changed);
    const changedMs = await scanOnce();
    await changeAccounts(admin, loaded.workspaceId, changed, { raw: true });
    const changedRawMs = await scanOnce();
    // the next day with nothing written: what falls due by time alone within 24 h (silences turning
    // cooling or stalled, next steps turning overdue, the accounts in line re-read for their words),
    // brought into the past as a day's passing would (the workers' clock is the real one)
    const byTime = await admin.query(
      `update account_scan set due_at = due_at - interval '24 hours'
       where workspace_id = $1 and due_at > now() at time zone 'utc' and due_at <= now() at time zone 'utc' + interval '24 hours'`,
      [loaded.workspaceId],
    );
    const nextDayMs = await scanOnce();
    // the weekly remodel: the model was learned REMODEL_DAYS ago, so the scan learns the book anew
    // (with the 1% change in it) and judges every account again: a full scan on a book already scanned
    await admin.query(
      `update scan_run set context = jsonb_set(context, '{learnedAt}', to_jsonb($2::text))
       where workspace_id = $1 and context ? 'learnedAt'`,
      [loaded.workspaceId, new Date(Date.now() - (REMODEL_DAYS + 1) * 86_400_000).toISOString()],
    );
    const remodelMs = await scanOnce();
    const remodel = await admin.query<{ mode: string }>(
      `select context->>'mode' as mode from scan_run where workspace_id = $1 order by id desc limit 1`, [loaded.workspaceId]);
    if (remodel.rows[0]?.mode !== 'full') throw new Error(`the remodel ran as ${remodel.rows[0]?.mode}, not as a full scan`);
    const runsInfo = await db.pool.query<{ local_date: string; mode: string }>(
      `select local_date, context->>'mode' as mode from scan_run where workspace_id = $1 order by id`, [loaded.workspaceId],
    );
    console.log(`scan: runs ${runsInfo.rows.map((r) => `${r.local_date} ${r.mode}`).join(', ')}`);
    await queues.close();
    producer.disconnect();
    // VmHWM is the kernel's peak resident set size of the worker process
    const rss = await Promise.all(children.map((c) => vm(c.child.pid, 'VmHWM')));
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.stopped));
    // the floor of any full scan that keeps each account's state (the issue's design): one UPDATE
    // of every account_scan row, each getting a new version and index entries as the scan's write
    // gives it, rolled back; in one process, as the bare SQL is timed, on a vacuumed table
    await admin.query('vacuum account_scan');
    t = Date.now();
    await admin.query('begin');
    let floor: pg.QueryResult;
    try {
      floor = await admin.query(
        `update account_scan set due_at = due_at + interval '1 second', waiting_priority = waiting_priority where workspace_id = $1`,
        [loaded.workspaceId],
      );
    } finally {
      await admin.query('rollback'); // also on a failure: the scratch schema is dropped on this connection
    }
    const floorMs = Date.now() - t;

    // what a full scan costs before it keeps any account's state: the plan (every account's dates
    // checked, the book learned) on a pool of its own as a worker has, then every part read and
    // judged by as many processes at once as there were workers, writing nothing
    // (bench/scan-read-judge.ts, under tsx); the workers are stopped by now
    const planPool = createPool({ url: url.toString(), statementTimeoutMillis: 0 });
    let planned: Awaited<ReturnType<typeof planFullScan>>;
    t = Date.now();
    try {
      planned = await planFullScan(planPool, loaded.workspaceId, localDate, new Date(), PART_SIZE, 'bench');
    } finally {
      await planPool.end();
    }
    const planMs = Date.now() - t;
    if (!planned) throw new Error('the plan found no workspace');
    const ctxFile = join(tmpdir(), `${prefix}-context.json`);
    await writeFile(ctxFile, JSON.stringify({ workspaceId: loaded.workspaceId, context: planned }));
    let readJudgeMs: number;
    const judges: ChildProcess[] = [];
    try {
      // each process loads and connects first; the clock starts when all are ready
      // (each resolves to an object holding its exit: resolved with the promise itself, it would wait for the exit)
      const started = await Promise.all(Array.from({ length: workers }, (_, k) => new Promise<{ exit: Promise<number | null> }>((ready, reject) => {
        const parts = planned.bounds.filter((_, i) => i % workers === k).map(String);
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./scan-read-judge.ts', import.meta.url)), ...parts],
          { env: { ...process.env, DATABASE_URL: url.toString(), BENCH_CTX: ctxFile }, stdio: ['pipe', 'pipe', 'inherit'] });
        judges.push(child);
        const done = new Promise<number | null>((r) => child.once('exit', r));
        child.once('exit', (code) => reject(new Error(`read-and-judge process exited early (${code})`)));
        createInterface({ input: child.stdout! }).on('line', (line) => { if (line === 'ready') ready({ exit: done }); });
      })));
      t = Date.now();
      for (const c of judges) c.stdin!.write('go\n');
      const codes = await Promise.all(started.map((s) => s.exit));
      readJudgeMs = Date.now() - t;
      if (codes.some((c) => c !== 0)) throw new Error(`a read-and-judge process failed (${codes.join(', ')})`);
    } finally {
      for (const c of judges) if (c.exitCode === null) c.kill('SIGKILL');
      await rm(ctxFile, { force: true });
    }

    row('candidates (accounts needing a look)', String(candidates));
    row('bare candidate SQL, all pages', secs(bareMs));
    row(`full scan via BullMQ, ${workers} worker(s)`, secs(scanMs));
    row('ratio full scan / bare SQL', (scanMs / bareMs).toFixed(2), '≤ 1.5 (issue 14)');
    row('peak RSS per worker process', `${Math.round(Math.max(...rss) / 1024)} MB`, '< 250 MB (issue 14)');
    row('idle worker RSS (ready, before the scan)', `${Math.round(Math.max(...idle) / 1024)} MB`);
    row('peak RSS above idle (the scan\'s own)', `${Math.round(Math.max(...rss.map((r, i) => r - idle[i]!)) / 1024)} MB`);
    row('nudge rows written (the top of each rep\'s line)', String(n.rows[0]!.n));
    row('nudges waiting without a row (counted on account_scan)', String(n.rows[0]!.waiting));
    row('released to reps (budget)', String(n.rows[0]!.open));
    row('share of rows written that are released', `${((100 * n.rows[0]!.open) / Math.max(1, n.rows[0]!.n)).toFixed(1)}%`);
    row('vacuum analyze after the full scan (account_scan, nudge)', secs(vacuumMs));
    row('rescan, unchanged book', secs(rescanMs), '≤ 1 s (issue 14)');
    row(`rescan after 1% changed (${changed} accounts: touches as the app writes them, new products)`, secs(changedMs), '≤ 3 s (issue 14)');
    row(`rescan after 1% changed, the touches written around the app (the scan's catch-up folds them)`, secs(changedRawMs));
    row(`next day, nothing written (${byTime.rowCount} accounts due by time: thresholds, the line's refresh)`, secs(nextDayMs));
    row(`weekly remodel (the book learned anew, every account judged again; REMODEL_DAYS = ${REMODEL_DAYS})`, secs(remodelMs));
    row('ratio remodel / bare SQL', (remodelMs / bareMs).toFixed(2));
    row(`state floor: one UPDATE of all ${floor.rowCount} account_scan rows (rolled back)`, secs(floorMs));
    row('ratio state floor / bare SQL (work a full scan does beyond reading the book, in one process)', (floorMs / bareMs).toFixed(2));
    row('plan alone (dates checked, the book learned), as a full scan plans', secs(planMs));
    row(`read and judge alone: every part without its writes, ${workers} processes`, secs(readJudgeMs));
    row('ratio (plan + read and judge) / bare SQL: a full scan that wrote nothing', ((planMs + readJudgeMs) / bareMs).toFixed(2));
    return rows;
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await db.close();
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin.end().catch(() => {});
    await dropPrefix(prefix, REDIS_URL);
  }
}

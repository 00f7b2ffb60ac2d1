// Scan phase profile (not part of `npm run bench`): loads the scale data set once into a kept
// schema (BENCH_KEEP=<schema> reuses it), then times each phase of a full scan in-process:
// catch-up rollups, the plan (dates, context), candidate pages, pure rules, nudge and scan-state
// writes, the top of each rep's line, budget release, pending deliveries; then the same again
// on the unchanged book (an incremental scan), and with PHASES_CHANGE=1 after 1% changed; with
// PHASES_FLOOR=1, one UPDATE of every account_scan row (what any full scan that rewrites each
// account's state costs at least); and EXPLAIN (ANALYZE, BUFFERS) of the heavy statements with
// PHASES_EXPLAIN=1.
//   BENCH_SCALE=0.05 npx tsx bench/scan-phases.ts
import pg from 'pg';
import { fetchCandidatePage, fetchCandidatesByIds, type CandidatePage } from '../src/data/candidates.ts';
import { dueAccountIds } from '../src/data/account-scan.ts';
import { refreshAccountDates } from '../src/data/churn-sql.ts';
import { migrate } from '../src/data/migrate.ts';
import { createPool } from '../src/data/db.ts';
import { catchUpRollups, refreshRollups } from '../src/data/rollups.ts';
import { writeScanPage, type PageScope } from '../src/data/nudge-writes.ts';
import { pendingDeliveries, releaseBudget } from '../src/data/nudge-budget.ts';
import { planScan, RECENT_END_DAYS } from '../src/scan/context.ts';
import { fillLines } from '../src/scan/finish.ts';
import { judge, PAGE_SIZE, scanOf } from '../src/scan/range.ts';
import { changeAccounts, loadScale } from './scale-load.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const scale = Number(process.env.BENCH_SCALE ?? 0.05);
const pageSize = Number(process.env.PAGE ?? PAGE_SIZE);
const schema = process.env.BENCH_KEEP ?? `bench_keep_${String(scale).replace('.', '_')}`;
const admin = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
await admin.connect();
const exists = await admin.query('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [schema, 'nudge']);
const pool = createPool({ url: DATABASE_URL, schema, statementTimeoutMillis: 0 }); // the app's pool size: a full plan learns on several connections
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
await migrate(pool, schema);
if (exists.rowCount === 0) {
  const t = performance.now();
  const size = { accounts: Math.round(1_000_000 * scale), holdings: Math.round(2_000_000 * scale), conversations: Math.round(10_000_000 * scale), reps: Math.max(5, Math.round(200 * scale)) };
  const loaded = await loadScale(admin, size);
  console.log(`load ${ms(t)}`);
  const t2 = performance.now();
  await refreshRollups(admin, loaded.workspaceId, { all: true });
  await admin.query(`update workspace set rollup_conversation_id = (select coalesce(max(id), 0) from conversation) where id = $1`, [loaded.workspaceId]);
  console.log(`rollups ${ms(t2)}`);
  await admin.query('vacuum analyze account, holding, conversation, account_rollup');
}
const w = (await admin.query('select id from workspace limit 1')).rows[0].id as number;
if (process.env.PHASES_LOAD_ONLY) process.exit(0);

async function scanOnce(label: string) {
  const T = performance.now();
  const t: Record<string, number> = {};
  const add = (k: string, t0: number) => (t[k] = (t[k] ?? 0) + performance.now() - t0);
  let t0 = performance.now();
  await catchUpRollups(pool, w);
  add('catch-up', t0);
  t0 = performance.now();
  const ctx = (await planScan(pool, w, '2030-01-01', new Date(), 100_000_000))!;
  add(`plan (${ctx.mode})`, t0);
  // the scan's own pieces (scan/range.ts), timed one by one
  const scan = scanOf(pool, w, ctx);
  const { now, q } = scan;
  let after = -1, cands = 0, drafts = 0, written = 0, resolved = 0, waiting = 0;
  const due = ctx.mode === 'incremental' ? await dueAccountIds(pool, w, now) : null;
  if (due) {
    // an incremental part derives its accounts' dates before it reads them (scan/range.ts scanDue)
    t0 = performance.now();
    await refreshAccountDates(pool, w, now, { accountIds: due });
    add('dates (due)', t0);
  }
  let i = 0;
  for (;;) {
    t0 = performance.now();
    let page: Omit<CandidatePage, 'lastAccountId'>;
    let scope: PageScope;
    if (due) {
      if (i >= due.length) break;
      const ids = due.slice(i, i + pageSize);
      i += pageSize;
      page = await fetchCandidatesByIds(pool, q, ids);
      scope = { ids };
    } else {
      const p = await fetchCandidatePage(pool, q, after, 2_147_483_647, pageSize);
      if (p.lastAccountId === null) break;
      page = p;
      scope = { afterId: after, upToId: p.lastAccountId };
      after = p.lastAccountId;
    }
    add('pages', t0);
    t0 = performance.now();
    const { nudges: ds, scanned } = judge(scan, page);
    add('rules', t0);
    t0 = performance.now();
    const wr = await writeScanPage(pool, w, scope, ds, now, { materialize: false, scanned });
    written += wr.written; resolved += wr.resolved; waiting += wr.waiting;
    add('write (read, upsert, resolve, state)', t0);
    cands += page.candidates.length; drafts += ds.keys.length;
  }
  t0 = performance.now();
  const lined = await fillLines(pool, w, ctx);
  add('fill lines', t0);
  t0 = performance.now();
  const rel = await releaseBudget(pool, w, ctx.settings.dailyNudgeBudget, new Date(ctx.dayStart), now);
  add('release', t0);
  t0 = performance.now();
  const pend = await pendingDeliveries(pool, w, new Date(ctx.dayStart));
  add('pending', t0);
  await pool.query(`insert into scan_run (workspace_id, local_date, parts, context, finished_at) values ($1, $2, 1, $3, now())`, [w, `${label}-${Date.now()}`, JSON.stringify(ctx)]);
  const total = performance.now() - T;
  const heap = Math.round(process.memoryUsage().rss / 1048576);
  console.log(`${label}: total ${total.toFixed(0)} ms; ${Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}; cands ${cands} drafts ${drafts} written ${written} waiting ${waiting} lined ${lined.written} resolved ${resolved} released ${rel.length} pending ${pend.length}; rss ${heap} MB`);
}

// truncate, not delete: dead rows from the previous run would slow this run's index inserts
if (process.env.PHASES_RESET !== '0') {
  await admin.query('truncate nudge, scan_run cascade');
  await admin.query(`update account_scan set due_at = '1970-01-01', waiting = 0, waiting_priority = null`);
}
if (process.env.PHASES_BARE) {
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    let after = -1, n = 0;
    for (;;) {
      const page = await fetchCandidatePage(pool, { workspaceId: w, now: new Date(), quietAfterDays: 14, recentEndDays: RECENT_END_DAYS }, after, 2_147_483_647, pageSize);
      if (page.lastAccountId === null) break;
      n += page.candidates.length; after = page.lastAccountId;
    }
    console.log(`bare candidate SQL ${ms(t)} (${n})`);
  }
}
// the floor of any full scan that keeps one state row per account: every account_scan row of
// the workspace rewritten by one set-based UPDATE (rolled back), as many rows as a full scan writes
if (process.env.PHASES_FLOOR) {
  const t = performance.now();
  await admin.query('begin');
  const r = await admin.query(`update account_scan set due_at = due_at + interval '1 second', waiting_priority = waiting_priority where workspace_id = $1`, [w]);
  await admin.query('rollback');
  console.log(`state floor: ${r.rowCount} account_scan rows rewritten in one UPDATE in ${ms(t)}`);
}
if (!process.env.PHASES_NOSCAN) await scanOnce("first scan");
if (!process.env.PHASES_NOSCAN) await scanOnce("rescan");
// PHASES_CHANGE=1: then 1% of the accounts change (as bench/scan.ts does) and the scan runs again
if (!process.env.PHASES_NOSCAN && process.env.PHASES_CHANGE) {
  await changeAccounts(admin, w, Math.round(1_000_000 * scale * 0.01));
  await scanOnce('after 1% changed');
}
if (process.env.PHASES_EXPLAIN) {
  const now = new Date();
  const mid = (await admin.query('select id from account order by id offset $1 limit 1', [Math.round(500_000 * scale)])).rows[0].id;
  const orig = admin.query.bind(admin);
  const explain = async (sql: string, params: unknown[]) => {
    const r = await orig(`explain (analyze, buffers) ${sql}`, params);
    console.log(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
  };
  // capture the candidate SQL by running it through a fake client
  const fake = { query: async (sql: string, params: unknown[]) => { await explain(sql, params); return { rows: [] }; } };
  await fetchCandidatePage(fake as never, { workspaceId: w, now, quietAfterDays: 14, recentEndDays: RECENT_END_DAYS }, mid, 2_147_483_647, pageSize);
}
await pool.end();
await admin.end();

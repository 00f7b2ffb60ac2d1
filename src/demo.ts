// `npm run demo`: a realistic demo workspace → the real scan through BullMQ → the nudges,
// ranked, in the terminal. Uses DATABASE_URL when set, else the embedded PostgreSQL under
// ./.data/; REDIS_URL or a local Redis. Re-running replaces the demo workspace.
import { boot } from './boot.ts';
import { loadConfig } from './config.ts';
import { findScanRun } from './data/scan-runs.ts';
import { scanRunKey } from './queue/definitions.ts';
import { localTime } from './domain/clock.ts';
import { createLogger } from './log.ts';
import { generateBook } from './demo/generate.ts';
import { loadBook } from './demo/load.ts';
import { renderNudges, type DemoNudge } from './demo/print.ts';
import { renderDigestForTerminal } from './digest/render-terminal.ts';
import path from 'node:path';

const DEMO_TEAM = 'T_TEND_DEMO';

// quiet by default: the demo speaks through its own output (LOG_LEVEL=info to see the jobs)
const config = loadConfig({ LOG_LEVEL: 'error', ...process.env, TEND_ROLES: 'worker' });
const running = await boot(config, { log: createLogger(config.logLevel) });
const { rt } = running;
const pool = rt.db.pool;
try {
  const t0 = Date.now();
  await pool.query('delete from workspace where slack_team_id = $1', [DEMO_TEAM]);
  const ws = await pool.query<{ id: number }>(
    `insert into workspace (slack_team_id, name, timezone, daily_nudge_budget, updated_at) values ($1, 'Tend demo', 'UTC', 5, now()) returning id`,
    [DEMO_TEAM],
  );
  const workspaceId = ws.rows[0]!.id;
  const book = generateBook({ seed: 7, accounts: 400, now: rt.now() });
  const loaded = await loadBook(pool, workspaceId, book);
  const stats = await pool.query<{ active: number; ppc: number; single: number; churned: number }>(
    `with live as (select account_id, count(distinct product_id) as n from holding
                   where workspace_id = $1 and ended_at is null group by account_id)
     select (select count(*) from account where workspace_id = $1 and status = 'active')::int as active,
            avg(n)::float as ppc, (count(*) filter (where n = 1))::int as single,
            (select count(*) from account where workspace_id = $1 and status = 'churned')::int as churned
     from live`,
    [workspaceId],
  );
  const s = stats.rows[0]!;
  console.log(`\nTend demo: ${loaded.accounts} accounts, ${book.products.length} products, ${loaded.holdings} holdings, ${loaded.conversations} conversations over two years.`);
  console.log(`${s.active} active, ${s.churned} churned; ${s.ppc.toFixed(2)} products per customer; ${s.single} hold a single product.\n`);

  const localDate = localTime(rt.now(), 'UTC').date;
  // A run of its own: job ids dedupe only while Redis remembers them, and a Redis shared with
  // an earlier demo (on another database, where this workspace id meant something else) may
  // still remember `scan:<id>:<date>` as done.
  const run = `demo${Date.now().toString(36)}`;
  await rt.queues.add('scan', { workspaceId, localDate, run });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const scanRun = await findScanRun(pool, workspaceId, scanRunKey({ localDate, run }));
    if (scanRun?.finished) break;
    if (Date.now() > deadline) throw new Error('the scan did not finish within two minutes; is a worker stuck?');
    await new Promise((r) => setTimeout(r, 200));
  }
  const nudges = await pool.query<DemoNudge>(
    `select a.name as account, n.kind, n.status, n.priority, n.value_at_stake_cents::text as value_cents, m.name as owner,
            n.evidence->>'headline' as headline, n.suggestion
     from nudge n join account a on a.id = n.account_id left join member m on m.id = n.assignee_id
     where n.workspace_id = $1 order by (n.status = 'open') desc, n.priority desc, n.id`,
    [workspaceId],
  );
  console.log(renderNudges(nudges.rows));
  console.log(`\nScanned through BullMQ in ${((Date.now() - t0) / 1000).toFixed(1)} s (including generating and loading).`);

  // what the managers would get tomorrow morning
  const digest = await renderDigestForTerminal(pool, workspaceId, { chartPath: path.resolve(config.dataDir, 'demo-digest.png') });
  if (digest) console.log(`\n${digest.text}`);
} finally {
  await running.stop();
}

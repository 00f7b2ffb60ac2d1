// `npm run demo`: a realistic demo workspace → the real scan through BullMQ → the nudges,
// ranked, in the terminal. Uses DATABASE_URL when set, else the embedded PostgreSQL under
// ./.data/; REDIS_URL or a local Redis. Re-running replaces the demo workspace.
import { boot } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { bookStats, listDemoNudges, loadBook, replaceDemoWorkspace } from '../data/demo.ts';
import { findScanRun } from '../data/scan-runs.ts';
import { scanRunKey } from '../queue/definitions.ts';
import { localTime } from '../domain/clock.ts';
import { releaseClock, RELEASE_LOCAL_HOUR } from '../domain/release.ts';
import { releaseDue } from '../scan/finish.ts';
import { createLogger } from '../log.ts';
import { generateBook } from '../demo/generate.ts';
import { renderNudges } from '../demo/print.ts';
import { renderDigestForTerminal } from '../demo/digest.ts';
import path from 'node:path';

const DEMO_TEAM = 'T_TEND_DEMO';

// quiet by default: the demo speaks through its own output (LOG_LEVEL=info to see the jobs)
const config = loadConfig({ LOG_LEVEL: 'error', ...process.env, TEND_ROLES: 'worker' });
const running = await boot(config, { log: createLogger(config.logLevel) });
const { rt } = running;
const pool = rt.db.pool;
try {
  const t0 = Date.now();
  const workspaceId = await replaceDemoWorkspace(pool, DEMO_TEAM);
  const book = generateBook({ seed: 7, accounts: 400, now: rt.now() });
  const loaded = await loadBook(pool, workspaceId, book);
  const s = await bookStats(pool, workspaceId);
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
  // Nudges reach a rep at 09:00 their time (the demo's reps keep UTC). Run before then, the
  // demo shows that morning's release now rather than an empty list.
  const morning = releaseClock(rt.now(), 'UTC');
  if (!morning.due) await releaseDue(pool, rt.queues, workspaceId, new Date(morning.dayStart.getTime() + RELEASE_LOCAL_HOUR * 3_600_000));
  console.log(renderNudges(await listDemoNudges(pool, workspaceId)));
  console.log(`\nScanned through BullMQ in ${((Date.now() - t0) / 1000).toFixed(1)} s (including generating and loading).`);

  // what the managers would get tomorrow morning
  const digest = await renderDigestForTerminal(pool, workspaceId, { chartPath: path.resolve(config.dataDir, 'demo-digest.png') });
  if (digest) console.log(`\n${digest.text}`);
} finally {
  await running.stop();
}

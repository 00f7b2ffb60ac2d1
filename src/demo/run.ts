// The demo itself, on a booted Tend with a worker: a realistic workspace → the real scan through
// BullMQ → the nudges, ranked, and the managers' digest, as lines of text. Every date comes from
// the runtime's clock (rt.now), so a test can run it at any hour of the day.
import path from 'node:path';
import { bookStats, listDemoNudges, loadBook, replaceDemoWorkspace } from '../data/demo.ts';
import { waitingWithoutRows } from '../data/account-scan.ts';
import { findScanRun } from '../data/scan-runs.ts';
import { localTime } from '../domain/clock.ts';
import { DEMO_TEAM_ID } from '../domain/slack-ids.ts';
import { releaseClock, RELEASE_LOCAL_HOUR } from '../domain/release.ts';
import { scanRunKey } from '../queue/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { releaseDue } from '../scan/finish.ts';
import { renderDigestForTerminal } from './digest.ts';
import { generateBook } from './generate.ts';
import { renderNudges } from './print.ts';

export const DEMO_TEAM = DEMO_TEAM_ID;

export async function runDemo(rt: Runtime, opts: { dataDir: string; say: (text: string) => void; team?: string }): Promise<void> {
  const { say } = opts;
  const pool = rt.db.pool;
  const t0 = Date.now();
  const workspaceId = await replaceDemoWorkspace(pool, opts.team ?? DEMO_TEAM);
  const book = generateBook({ seed: 7, accounts: 400, now: rt.now() });
  const loaded = await loadBook(pool, workspaceId, book);
  const s = await bookStats(pool, workspaceId);
  say(`\nTend demo: ${loaded.accounts} accounts, ${book.products.length} products, ${loaded.holdings} holdings, ${loaded.conversations} conversations over two years.`);
  say(`${s.active} active, ${s.churned} churned; ${s.ppc.toFixed(2)} products per customer; ${s.single} hold a single product.\n`);

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
  say(renderNudges(await listDemoNudges(pool, workspaceId), await waitingWithoutRows(pool, workspaceId)));
  say(`\nScanned through BullMQ in ${((Date.now() - t0) / 1000).toFixed(1)} s (including generating and loading).`);

  // what the managers would get tomorrow morning
  const digest = await renderDigestForTerminal(pool, workspaceId, { chartPath: path.resolve(opts.dataDir, 'demo-digest.png') });
  if (digest) say(`\n${digest.text}`);
}

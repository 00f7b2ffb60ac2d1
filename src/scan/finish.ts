// The end of a scan, and the morning release. A scan only stores nudges; each rep's are
// released when their own working day starts (domain/release.ts, in their timezone, once a
// local day), whichever the delivery: grouped, one message per rep and day; single, one
// message per nudge. The release waits for the workspace's scan due by that morning, so a
// rep is not sent yesterday's leftovers minutes before a scan that would have given them
// today's (at most SCAN_WAIT_HOURS: then what is queued goes). releaseDue runs when a scan
// finishes and in the minute sweep; deterministic job ids make re-adding jobs harmless.
import type pg from 'pg';
import {
  pendingDeliveries, pendingGroups, queuedAssignees, releaseGroups, releaseSettings, releaseSingles, scannedDays,
} from '../data/nudge-budget.ts';
import { finishScanRun } from '../data/scan-runs.ts';
import { analyzeScanState, lineTargets } from '../data/account-scan.ts';
import { LINE_AHEAD_DAYS } from '../domain/budget.ts';
import { DIGEST_TOP_ACCOUNTS } from '../domain/digest.ts';
import { awaitedScan, releaseClock } from '../domain/release.ts';
import type { Queues } from '../queue/queues.ts';
import type { ScanContext } from './context.ts';
import { scanAccounts, type RangeStats } from './range.ts';

/** Streams the line's accounts are scanned in at once (each holds up to two connections: a page read while one is written). */
const LINE_STREAMS = 2;

// a group left `posting` this long lost its job mid-post (a post takes seconds): queue it again
const STALE_POSTING_MS = 5 * 60_000;

/** `localDate` is the run's workspace-local date: the reps whose morning waited for it are released now. */
export async function finishScan(
  pool: pg.Pool, queues: Pick<Queues, 'addMany'>, workspaceId: number, runId: number, ctx: ScanContext, localDate: string,
): Promise<{ released: number; enqueued: number; lined: number; lineMs: number; releaseMs: number }> {
  const now = new Date(ctx.now);
  const t0 = performance.now();
  // a full scan rewrote every account's state: fresh statistics, as after a bulk load, so the
  // line and release queries read the top of each line by index (not 4,000 rows per rep)
  if (ctx.mode !== 'incremental') await analyzeScanState(pool);
  const lined = await fillLines(pool, workspaceId, ctx);
  const t1 = performance.now();
  const r = await releaseDue(pool, queues, workspaceId, now, localDate);
  // finished last: whoever waits on finished_at (a test, the demo) then sees the release too
  await finishScanRun(pool, runId, r.released, now);
  return { ...r, lined: lined.written, lineMs: Math.round(t1 - t0), releaseMs: Math.round(performance.now() - t1) };
}

/**
 * Writes the top of each rep's line as nudge rows: the waiting accounts (account_scan) that
 * LINE_AHEAD_DAYS of their budget would reach, and the accounts the digest names by value at
 * stake, judged again now so their words are today's. Everything below stays a count until it
 * rises. Rows exist for what reps and managers are about to see.
 */
export async function fillLines(pool: pg.Pool, workspaceId: number, ctx: ScanContext): Promise<RangeStats> {
  const ids = await lineTargets(pool, workspaceId, Math.max(1, ctx.settings.dailyNudgeBudget) * LINE_AHEAD_DAYS, DIGEST_TOP_ACCOUNTS);
  // the run's last step, when the other workers are idle: its halves (disjoint accounts, ids
  // ascending in each) are read, judged and written on connections of their own at once (the
  // 1M bench's line step, 13,146 rows: 3.9 s against 4.4–4.5 s in one stream; docs/BENCHMARKS.md)
  const half = Math.ceil(ids.length / LINE_STREAMS);
  const parts = await Promise.all(
    Array.from({ length: LINE_STREAMS }, (_, i) => scanAccounts(pool, workspaceId, ctx, ids.slice(i * half, (i + 1) * half), undefined, true)),
  );
  return parts.reduce((sum, p) => ({
    candidates: sum.candidates + p.candidates, drafts: sum.drafts + p.drafts, written: sum.written + p.written,
    resolved: sum.resolved + p.resolved, waiting: sum.waiting + p.waiting, accounts: sum.accounts + p.accounts,
  }));
}

/**
 * Releases the budget of every rep whose local working day has started (a working day of the
 * workspace's, in the rep's timezone: a day off releases nothing and spends no budget), whose day's scan has
 * finished (or waited long enough), and who has had no release that local day (reps sharing
 * a timezone in one go); then makes sure every unposted message has its deliver job.
 * Safe to run every minute: nudge_group / nudge_release admit one release per rep per day.
 * `justScanned`: a workspace-local date whose scan is finishing (its run not yet marked).
 * Returns how many nudges were released and how many deliver jobs were (re)added.
 */
export async function releaseDue(
  pool: pg.Pool, queues: Pick<Queues, 'addMany'>, workspaceId: number, now: Date, justScanned?: string,
): Promise<{ released: number; enqueued: number }> {
  const settings = await releaseSettings(pool, workspaceId);
  if (!settings) return { released: 0, enqueued: 0 };
  const days = new Map<string, { localDay: string; dayStart: Date; scan: ReturnType<typeof awaitedScan>; who: number[] }>();
  for (const a of await queuedAssignees(pool, workspaceId)) {
    const clock = releaseClock(now, a.timezone, settings.workDays);
    if (!clock.due) continue;
    const key = `${clock.localDay}@${clock.dayStart.toISOString()}`;
    const day = days.get(key) ?? { localDay: clock.localDay, dayStart: clock.dayStart, scan: awaitedScan(clock.dayStart, a.timezone, settings.timezone), who: [] };
    day.who.push(a.who);
    days.set(key, day);
  }
  const scanned = await scannedDays(pool, workspaceId, [...new Set([...days.values()].map((d) => d.scan.localDate))]);
  if (justScanned) scanned.add(justScanned);
  const ready = [...days.values()].filter((d) => scanned.has(d.scan.localDate) || now >= d.scan.giveUpAt);

  if (settings.grouping === 'grouped') {
    let released = 0;
    for (const d of ready) {
      for (const g of await releaseGroups(pool, workspaceId, settings.budget, d.who, d.localDay, d.dayStart, now)) released += g.nudgeIds.length;
    }
    const pending = await pendingGroups(pool, workspaceId, new Date(now.getTime() - STALE_POSTING_MS));
    await queues.addMany('deliver', pending.map((g) => ({ workspaceId, nudgeId: g.nudgeId, generation: 0, groupId: g.groupId })));
    return { released, enqueued: pending.length };
  }
  let released = 0;
  for (const d of ready) {
    for (const s of await releaseSingles(pool, workspaceId, settings.budget, d.who, d.localDay, d.dayStart, now)) released += s.nudgeIds.length;
  }
  if (released === 0) return { released, enqueued: 0 };
  // every nudge released since the earliest of these mornings' days and not yet posted; a job
  // lost in a crash before this point is re-added by the sweep (stuckDeliveries) after 5 minutes
  const since = new Date(Math.min(...ready.map((d) => d.dayStart.getTime())));
  const pending = await pendingDeliveries(pool, workspaceId, since);
  await queues.addMany('deliver', pending.map((nudgeId) => ({ workspaceId, nudgeId, generation: 0 })));
  return { released, enqueued: pending.length };
}

// The end of a scan. Single delivery: release the day's budget, then make sure every nudge
// released today and not yet posted has its deliver job (deterministic ids make re-adding
// harmless, which also covers a crash between the release and the enqueue).
// Grouped delivery: the scan only stores nudges; each rep's are released as one message when
// their own working day starts (releaseDueGroups, run by the minute sweep too), so a scan
// that finishes before a rep's morning posts nothing to them.
import type pg from 'pg';
import {
  pendingDeliveries, pendingGroups, queuedAssignees, releaseBudget, releaseGroups, releaseSettings, type ReleasedGroup,
} from '../data/nudge-budget.ts';
import { finishScanRun } from '../data/scan-runs.ts';
import { releaseClock } from '../domain/release.ts';
import type { Queues } from '../queue/queues.ts';
import type { ScanContext } from './context.ts';

// a group left `posting` this long lost its job mid-post (a post takes seconds): queue it again
const STALE_POSTING_MS = 5 * 60_000;

export async function finishScan(
  pool: pg.Pool, queues: Pick<Queues, 'addMany'>, workspaceId: number, runId: number, ctx: ScanContext,
): Promise<{ released: number; enqueued: number }> {
  const dayStart = new Date(ctx.dayStart);
  const now = new Date(ctx.now);
  if ((await releaseSettings(pool, workspaceId))?.grouping === 'grouped') {
    const groups = await releaseDueGroups(pool, queues, workspaceId, now);
    const released = groups.reduce((n, g) => n + g.nudgeIds.length, 0);
    await finishScanRun(pool, runId, released, now);
    return { released, enqueued: groups.length };
  }
  const released = await releaseBudget(pool, workspaceId, ctx.settings.dailyNudgeBudget, dayStart, now);
  const pending = await pendingDeliveries(pool, workspaceId, dayStart);
  await queues.addMany('deliver', pending.map((nudgeId) => ({ workspaceId, nudgeId, generation: 0 })));
  await finishScanRun(pool, runId, released.length, now);
  return { released: released.length, enqueued: pending.length };
}

/**
 * Grouped delivery: releases the budget of every rep whose local working day has started
 * and who has no grouped message for that day yet (reps sharing a timezone in one go), then
 * makes sure each unposted group has its deliver job (its id keyed by the group).
 * Safe to run every minute: the nudge_group key admits one release per rep per local day.
 */
export async function releaseDueGroups(
  pool: pg.Pool, queues: Pick<Queues, 'addMany'>, workspaceId: number, now: Date,
): Promise<ReleasedGroup[]> {
  const settings = await releaseSettings(pool, workspaceId);
  if (settings?.grouping !== 'grouped') return [];
  const due = new Map<string, { localDay: string; dayStart: Date; who: number[] }>();
  for (const a of await queuedAssignees(pool, workspaceId)) {
    const clock = releaseClock(now, a.timezone);
    if (!clock.due) continue;
    const key = `${clock.localDay}@${clock.dayStart.toISOString()}`;
    const day = due.get(key) ?? { localDay: clock.localDay, dayStart: clock.dayStart, who: [] };
    day.who.push(a.who);
    due.set(key, day);
  }
  const released: ReleasedGroup[] = [];
  for (const d of due.values()) released.push(...(await releaseGroups(pool, workspaceId, settings.budget, d.who, d.localDay, d.dayStart, now)));
  const pending = await pendingGroups(pool, workspaceId, new Date(now.getTime() - STALE_POSTING_MS));
  await queues.addMany('deliver', pending.map((g) => ({ workspaceId, nudgeId: g.nudgeId, generation: 0, groupId: g.groupId })));
  return released;
}

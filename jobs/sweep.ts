// The minute sweep. The scheduler's tick fans out one job per active workspace (deterministic
// ids: a tick enqueued twice fans out once), so workspaces are swept in parallel by every
// worker and one failing workspace retries on its own backoff without holding up the rest.
// A workspace's sweep releases nudges to the reps whose working day has just started (their
// timezone, once a local day, after that day's scan: scan/finish.ts), wakes snoozed nudges and
// posts them anew, re-enqueues deliveries whose job was lost, raises unclaimed nudges to the
// managers once (after the workspace's hours of working time, never on a day off), marks cross-sell wins, edits the messages of nudges an import retired, and
// forgets day-old Slack event ids. Every step is set-based SQL with a guard (status,
// escalated_at, outcome, refresh_due_at) so a sweep that runs twice changes nothing twice.
import {
  activeWorkspaceIds, escalateUnclaimed, markWins, stuckDeliveries, sweepWorkspace, wakeSnoozed,
} from '../src/data/nudge-sweep.ts';
import { clearRefreshesDue, refreshesDue } from '../src/data/nudge-retire.ts';
import { pruneSlackEvents } from '../src/data/slack-events.ts';
import { notifyManagers } from '../src/delivery/managers.ts';
import { refreshNudgeMessage } from '../src/delivery/refresh-nudge.ts';
import { releaseDue } from '../src/scan/finish.ts';
import type { Payload } from '../src/queue/definitions.ts';
import type { JobContext } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { buildEscalationMessage } from '../src/views/nudge.ts';
import { workingHoursBefore } from '../src/domain/working-days.ts';
import { releaseClock } from '../src/domain/release.ts';

// a pending delivery untouched this long has lost its job (deliveries take seconds)
const STUCK_AFTER_MS = 5 * 60_000;

export type SweepCounts = { released: number; woke: number; requeued: number; escalated: number; won: number; refreshed: number };
export type SweepResult = { workspaces: number } | SweepCounts | { skipped: string };

export async function sweep(rt: Runtime, p: Payload<'sweep'>, _ctx: Pick<JobContext, 'log'>): Promise<SweepResult> {
  if (p.workspaceId === undefined) {
    const ids = await activeWorkspaceIds(rt.db.pool);
    await rt.queues.addMany('sweep', ids.map((workspaceId) => ({ minute: p.minute, workspaceId })));
    return { workspaces: ids.length };
  }
  const ws = await sweepWorkspace(rt.db.pool, p.workspaceId);
  if (!ws) return { skipped: 'inactive' };
  const now = rt.now();

  const release = await releaseDue(rt.db.pool, rt.queues, ws.id, now);
  // back in the assignee's working hours (domain/release.ts releaseClock), as a release would be
  const woke = await wakeSnoozed(rt.db.pool, ws.id, now, (tz) => releaseClock(now, tz, ws.workDays).due);
  const stuck = await stuckDeliveries(rt.db.pool, ws.id, now, STUCK_AFTER_MS);
  await rt.queues.addMany('deliver', [...woke, ...stuck].map((d) => ({ workspaceId: ws.id, nudgeId: d.nudgeId, generation: d.generation })));

  // the hours count working days only (domain/working-days.ts), and managers hear of it in the
  // workspace's working hours, never on a day off or overnight (releaseClock, as a release)
  const releasedBy = releaseClock(now, ws.timezone, ws.workDays).due ? workingHoursBefore(now, ws.escalateAfterHours, ws.timezone, ws.workDays) : null;
  const escalated = releasedBy ? await escalateUnclaimed(rt.db.pool, ws.id, releasedBy, now) : [];
  if (escalated.length > 0) await notifyManagers(rt, ws.id, buildEscalationMessage(escalated, ws.escalateAfterHours));

  const won = await markWins(rt.db.pool, ws.id, ws.winWindowDays, now);
  for (const id of won) await refreshNudgeMessage(rt, ws.id, id);

  // messages of nudges an import retired: their edits queued here, the marks cleared once queued
  const due = await refreshesDue(rt.db.pool, ws.id);
  await rt.queues.addMany('refresh', due.map((d) => ({ workspaceId: ws.id, nudgeId: d.id, stamp: `i${d.dueAt.getTime()}` })));
  await clearRefreshesDue(rt.db.pool, ws.id, due);

  await pruneSlackEvents(rt.db.pool, ws.id, now);
  return { released: release.released, woke: woke.length, requeued: stuck.length, escalated: escalated.length, won: won.length, refreshed: due.length };
}

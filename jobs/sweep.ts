// The minute sweep, per workspace (one failing never stalls the others): wake snoozed nudges
// and post them anew, re-enqueue deliveries whose job was lost, raise unclaimed nudges to
// the managers once, mark cross-sell wins, and forget day-old Slack event ids. Every step is set-based SQL with a guard
// (status, escalated_at, outcome) so a sweep that runs twice changes nothing twice.
import { activeWorkspaces, escalateUnclaimed, markWins, stuckDeliveries, wakeSnoozed } from '../src/data/nudge-sweep.ts';
import { pruneSlackEvents } from '../src/data/slack-events.ts';
import { notifyManagers } from '../src/delivery/managers.ts';
import { refreshNudgeMessage } from '../src/delivery/refresh-nudge.ts';
import type { Payload } from '../src/queue/definitions.ts';
import type { JobContext } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { buildEscalationMessage } from '../src/views/nudge.ts';

// a pending delivery untouched this long has lost its job (deliveries take seconds)
const STUCK_AFTER_MS = 5 * 60_000;

export type SweepCounts = { woke: number; requeued: number; escalated: number; won: number; failedWorkspaces: number };

export async function sweep(rt: Runtime, _p: Payload<'sweep'>, ctx: JobContext): Promise<SweepCounts> {
  const now = rt.now();
  const totals: SweepCounts = { woke: 0, requeued: 0, escalated: 0, won: 0, failedWorkspaces: 0 };
  const workspaces = await activeWorkspaces(rt.db.pool);
  for (const ws of workspaces) {
    try {
      const woke = await wakeSnoozed(rt.db.pool, ws.id, now);
      const stuck = await stuckDeliveries(rt.db.pool, ws.id, now, STUCK_AFTER_MS);
      await rt.queues.addMany('deliver', [...woke, ...stuck].map((d) => ({ workspaceId: ws.id, nudgeId: d.nudgeId, generation: d.generation })));
      totals.woke += woke.length;
      totals.requeued += stuck.length;

      const escalated = await escalateUnclaimed(rt.db.pool, ws.id, ws.escalateAfterHours, now);
      if (escalated.length > 0) {
        await notifyManagers(rt, ws.id, buildEscalationMessage(escalated, ws.escalateAfterHours));
        totals.escalated += escalated.length;
      }

      const won = await markWins(rt.db.pool, ws.id, ws.winWindowDays, now);
      for (const id of won) await refreshNudgeMessage(rt, ws.id, id);
      totals.won += won.length;

      await pruneSlackEvents(rt.db.pool, ws.id, now);
    } catch (err) {
      totals.failedWorkspaces++;
      ctx.log.warn({ workspaceId: ws.id, err: (err as Error).message }, 'sweep failed for a workspace');
    }
  }
  if (totals.failedWorkspaces > 0 && totals.failedWorkspaces === workspaces.length) {
    throw new Error('sweep failed for every workspace');
  }
  return totals;
}

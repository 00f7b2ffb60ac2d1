// The end of a scan: release the day's budget, then make sure every nudge released today
// and not yet posted has its deliver job (deterministic ids make re-adding harmless, which
// also covers a crash between the release and the enqueue).
import type pg from 'pg';
import { pendingDeliveries, releaseBudget } from '../data/nudge-budget.ts';
import { finishScanRun } from '../data/scan-runs.ts';
import type { Queues } from '../queue/queues.ts';
import type { ScanContext } from './context.ts';

export async function finishScan(
  pool: pg.Pool, queues: Pick<Queues, 'addMany'>, workspaceId: number, runId: number, ctx: ScanContext,
): Promise<{ released: number; enqueued: number }> {
  const dayStart = new Date(ctx.dayStart);
  const now = new Date(ctx.now);
  const released = await releaseBudget(pool, workspaceId, ctx.settings.dailyNudgeBudget, dayStart, now);
  const pending = await pendingDeliveries(pool, workspaceId, dayStart);
  await queues.addMany('deliver', pending.map((nudgeId) => ({ workspaceId, nudgeId, generation: 0 })));
  await finishScanRun(pool, runId, released.length, now);
  return { released: released.length, enqueued: pending.length };
}

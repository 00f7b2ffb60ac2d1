// The scan job. Without fromId it is the workspace's daily scan: it folds new conversations
// into the rollups, computes the context once (scan_run), then scans inline when the
// workspace is small or fans out one child job per account-id part (deterministic ids) so
// several workers share it. Each part upserts its nudges; the part that completes the run
// releases the budget of the reps whose working day has begun (scan/finish.ts) and enqueues
// deliveries. Every step is safe to run twice.
import { UnrecoverableError } from 'bullmq';
import { refreshAccountDates } from '../src/data/churn-sql.ts';
import { catchUpRollups } from '../src/data/rollups.ts';
import { ensureScanRun, findScanRun, markPartDone } from '../src/data/scan-runs.ts';
import { workspaceStatus } from '../src/data/workspaces.ts';
import { scanRunKey, type Payload } from '../src/queue/definitions.ts';
import type { JobContext } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { buildScanContext, partRange, type ScanContext } from '../src/scan/context.ts';
import { finishScan } from '../src/scan/finish.ts';
import { scanRange, PAGE_SIZE } from '../src/scan/range.ts';

/** Active accounts per part: a part takes a few seconds, so a lost worker costs little. */
export const PART_SIZE = 100_000;

export type ScanOptions = { partSize?: number; pageSize?: number };

type Ctx = Pick<JobContext, 'log'>;

export function createScanProcessor(rt: Runtime, opts: ScanOptions = {}) {
  const partSize = opts.partSize ?? PART_SIZE;
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const pool = rt.db.pool;

  async function runPart(p: Payload<'scan'>, fromId: number, ctx: Ctx) {
    const run = await findScanRun<ScanContext>(pool, p.workspaceId, scanRunKey(p));
    // the parent writes the run before it enqueues parts; a missing run is worth a retry
    if (!run) throw new Error(`no scan_run for workspace ${p.workspaceId} on ${scanRunKey(p)}`);
    const stats = await scanRange(pool, p.workspaceId, run.context, partRange(run.context, fromId), pageSize);
    const complete = await markPartDone(pool, run.id, fromId);
    const finish = complete ? await finishScan(pool, rt.queues, p.workspaceId, run.id, run.context, p.localDate) : null;
    ctx.log.info({ fromId, ...stats, ...finish }, 'scan part done');
    return { ...stats, ...finish };
  }

  return async function scan(p: Payload<'scan'>, ctx: Ctx) {
    if (p.fromId !== undefined) return runPart(p, p.fromId, ctx);
    const status = await workspaceStatus(pool, p.workspaceId);
    if (status !== 'active') return { skipped: status === null ? 'no such workspace' : 'inactive' };
    await catchUpRollups(pool, p.workspaceId);
    // accounts' customer-since and churn dates from holdings changed since (a holding ended, one started)
    await refreshAccountDates(pool, p.workspaceId, rt.now());
    const run = await ensureScanRun<ScanContext>(pool, p.workspaceId, scanRunKey(p), async () => {
      const context = await buildScanContext(pool, p.workspaceId, p.localDate, rt.now(), partSize);
      if (!context) throw new UnrecoverableError(`workspace ${p.workspaceId} vanished`);
      return { parts: context.bounds.length, context };
    });
    const bounds = run.context.bounds;
    if (bounds.length === 1) return runPart(p, bounds[0]!, ctx);
    await rt.queues.addMany('scan', bounds.map((fromId, i) => ({ workspaceId: p.workspaceId, localDate: p.localDate, run: p.run, fromId, toId: bounds[i + 1] })));
    ctx.log.info({ parts: bounds.length }, 'scan fanned out');
    return { parts: bounds.length };
  };
}

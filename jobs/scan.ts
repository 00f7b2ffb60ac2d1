// The scan job. Without fromId it is the workspace's daily scan: it folds new conversations
// into the rollups, plans the day's scan once (scan_run: full or incremental, scan/context.ts).
// An incremental scan reads only the due accounts, a full one every active account. Either
// scans inline when the work is small or fans out one child job per account-id part
// (deterministic ids) so several workers share it. Each part writes what changed and each
// account's scan state; the part that completes the run writes the top of each rep's line as
// nudge rows, releases the budget of the reps whose working day has begun (scan/finish.ts)
// and enqueues deliveries.
// Every step is safe to run twice.
import { UnrecoverableError } from 'bullmq';
import { catchUpRollups } from '../src/data/rollups.ts';
import { ensureScanRun, findScanRun, markPartDone } from '../src/data/scan-runs.ts';
import { workspaceStatus } from '../src/data/workspaces.ts';
import { scanRunKey, type Payload } from '../src/queue/definitions.ts';
import type { JobContext } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { partRange, planScan, type ScanContext } from '../src/scan/context.ts';
import { finishScan } from '../src/scan/finish.ts';
import { scanDue, scanRange, PAGE_SIZE } from '../src/scan/range.ts';

/** Active accounts per part: a part takes a few seconds, so a lost worker costs little. */
export const PART_SIZE = 100_000;

export type ScanOptions = { partSize?: number; duePartSize?: number; pageSize?: number };

type Ctx = Pick<JobContext, 'log'>;

export function createScanProcessor(rt: Runtime, opts: ScanOptions = {}) {
  const partSize = opts.partSize ?? PART_SIZE;
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const pool = rt.db.pool;

  async function runPart(p: Payload<'scan'>, fromId: number, { log }: Ctx) {
    const run = await findScanRun<ScanContext>(pool, p.workspaceId, scanRunKey(p));
    // the parent writes the run before it enqueues parts; a missing run is worth a retry
    if (!run) throw new Error(`no scan_run for workspace ${p.workspaceId} on ${scanRunKey(p)}`);
    const ctx = run.context;
    const t0 = performance.now();
    const stats = ctx.mode === 'incremental'
      ? await scanDue(pool, p.workspaceId, ctx, partRange(ctx, fromId), pageSize)
      // new nudges wait on account_scan; finishScan writes the top of each rep's line
      : await scanRange(pool, p.workspaceId, ctx, partRange(ctx, fromId), pageSize, false);
    const scanMs = Math.round(performance.now() - t0);
    const complete = await markPartDone(pool, run.id, fromId);
    const finish = complete ? await finishScan(pool, rt.queues, p.workspaceId, run.id, run.context, p.localDate) : null;
    // where a part's time went, for operators (and bench/scan.ts's probes)
    log.info({ fromId, mode: ctx.mode ?? 'full', ...stats, ...finish, scanMs, totalMs: Math.round(performance.now() - t0) }, 'scan part done');
    return { ...stats, ...finish };
  }

  return async function scan(p: Payload<'scan'>, ctx: Ctx) {
    if (p.fromId !== undefined) return runPart(p, p.fromId, ctx);
    const status = await workspaceStatus(pool, p.workspaceId);
    if (status !== 'active') return { skipped: status === null ? 'no such workspace' : 'inactive' };
    const t0 = performance.now();
    // committed before the plan starts, not beside it: the catch-up holds the workspace row FOR
    // UPDATE (the plan's scan_run insert must key-share it) and marks account_scan rows that the
    // dates' derivation marks too, so at once they would wait on or deadlock with each other
    await catchUpRollups(pool, p.workspaceId);
    const run = await ensureScanRun<ScanContext>(pool, p.workspaceId, scanRunKey(p), async () => {
      // full (every account's customer-since and churn dates derived here) or incremental (each part derives its own accounts'): scan/context.ts
      const context = await planScan(pool, p.workspaceId, p.localDate, rt.now(), partSize, opts.duePartSize);
      if (!context) throw new UnrecoverableError(`workspace ${p.workspaceId} vanished`);
      return { parts: context.bounds.length, context };
    });
    const bounds = run.context.bounds;
    ctx.log.info({ mode: run.context.mode ?? 'full', planMs: Math.round(performance.now() - t0) }, 'scan planned');
    if (bounds.length === 1) return runPart(p, bounds[0]!, ctx);
    await rt.queues.addMany('scan', bounds.map((fromId, i) => ({ workspaceId: p.workspaceId, localDate: p.localDate, run: p.run, fromId, toId: bounds[i + 1] })));
    ctx.log.info({ parts: bounds.length }, 'scan fanned out');
    return { parts: bounds.length };
  };
}

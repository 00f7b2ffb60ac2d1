// The scheduler role: a node-cron tick every minute enqueues what is due in each workspace's
// local time. Several replicas may tick at once; deterministic job ids (and the database's
// unique keys behind them) make that harmless.
import cron, { type ScheduledTask } from 'node-cron';
import { activeWorkspaceSchedules } from '../src/data/workspaces.ts';
import { isDue } from '../src/domain/clock.ts';
import { SCAN_LOCAL_TIME } from '../src/domain/release.ts';
import { isWorkDate } from '../src/domain/working-days.ts';
import type { Runtime } from '../src/runtime.ts';

// one home: the morning release (domain/release.ts) waits for the scan due at this time
export const SCAN_TIME = SCAN_LOCAL_TIME;

export async function tick(rt: Runtime, now = rt.now()): Promise<{ enqueued: number }> {
  const workspaces = await activeWorkspaceSchedules(rt.db.pool);
  const minute = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
  await rt.queues.add('sweep', { minute });
  const scans = workspaces.flatMap((ws) => {
    const due = isDue(now, ws.timezone, SCAN_TIME);
    return due.due ? [{ workspaceId: ws.id, localDate: due.localDate }] : [];
  });
  // the scan runs every day (a day off leaves Monday's release fresh); the digest only on working days
  const digests = workspaces.flatMap((ws) => {
    const due = isDue(now, ws.timezone, ws.digestTime);
    return due.due && isWorkDate(due.localDate, ws.workDays) ? [{ workspaceId: ws.id, localDate: due.localDate }] : [];
  });
  await rt.queues.addMany('scan', scans);
  await rt.queues.addMany('digest', digests);
  const enqueued = scans.length + digests.length;
  return { enqueued };
}

export function startScheduler(rt: Runtime): { stop(): Promise<void> } {
  const log = rt.log.child({ role: 'scheduler' });
  let running: Promise<unknown> = Promise.resolve();
  const task: ScheduledTask = cron.schedule(rt.config.schedulerCron, () => {
    running = tick(rt).catch((err) => log.warn({ err: (err as Error).message }, 'scheduler tick failed'));
  }, { noOverlap: true });
  // one tick at start, so a restart at the due minute (or after it) catches up at once
  running = tick(rt).catch((err) => log.warn({ err: (err as Error).message }, 'scheduler tick failed'));
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}

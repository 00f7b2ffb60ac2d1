// Consumers: one BullMQ Worker per queue that has a processor. Payloads are validated
// before the processor runs; outcomes are counted; close() lets in-flight jobs finish.
import { hostname } from 'node:os';
import { Worker, UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { ZodError } from 'zod';
import { QUEUES, type Payload, type QueueName } from './definitions.ts';
import { workerOptions } from './redis.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export type JobContext = { job: Job; token?: string; worker: Worker; log: Logger };
export type Processors = { [N in QueueName]?: (payload: Payload<N>, ctx: JobContext) => Promise<unknown> };

export type WorkerSet = {
  workers: Worker[];
  /** Waits for active jobs up to `graceMs`; past that, forces close so their locks lapse and they return to the queue. */
  close(graceMs: number): Promise<{ forced: boolean }>;
};

export type WorkerOptions = { redisUrl: string; prefix: string; log: Logger; metrics?: Metrics; concurrency?: Partial<Record<QueueName, number>> };

export function startWorkers(processors: Processors, opts: WorkerOptions): WorkerSet {
  const workers: Worker[] = [];
  for (const name of Object.keys(processors) as QueueName[]) {
    const run = processors[name] as (p: unknown, ctx: JobContext) => Promise<unknown>;
    const def = QUEUES[name];
    const log = opts.log.child({ queue: name });
    const processor: Processor = async (job, token) => {
      const parsed = def.payload.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`invalid ${name} payload: ${(parsed.error as ZodError).message}`);
      }
      const workspaceId = (parsed.data as { workspaceId?: number }).workspaceId;
      return run(parsed.data, { job, token, worker, log: log.child({ jobId: job.id, workspaceId }) });
    };
    const worker: Worker = new Worker(def.name, processor, {
      connection: { url: opts.redisUrl, ...workerOptions } as never,
      prefix: opts.prefix,
      // recorded on each job as processedBy: which process did the work
      name: `${hostname()}:${process.pid}`,
      concurrency: opts.concurrency?.[name] ?? 1,
      // a killed worker's job is picked up again after this long
      lockDuration: 30_000,
      stalledInterval: 15_000,
      maxStalledCount: 2,
    });
    worker.on('error', (err) => log.warn({ err }, 'worker error'));
    worker.on('completed', () => opts.metrics?.jobOutcomes.inc({ queue: name, outcome: 'completed' }));
    worker.on('failed', (job, err) => {
      opts.metrics?.jobOutcomes.inc({ queue: name, outcome: 'failed' });
      log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed');
    });
    workers.push(worker);
  }
  return {
    workers,
    async close(graceMs) {
      // pause() waits for active jobs without taking new ones; close(true) cannot interrupt a
      // close() already under way, so the graceful wait must not be a close().
      let timer: NodeJS.Timeout | undefined;
      const drained = Promise.all(workers.map((w) => w.pause(false))).then(() => false);
      const deadline = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      });
      const forced = await Promise.race([drained, deadline]);
      clearTimeout(timer);
      await Promise.all(workers.map((w) => w.close(forced).catch(() => {})));
      return { forced };
    },
  };
}

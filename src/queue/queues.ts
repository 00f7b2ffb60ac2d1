// Producers: one BullMQ Queue per job kind, sharing a fail-fast connection.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type Payload, type QueueName } from './definitions.ts';
import type { Logger } from '../log.ts';

export type Queues = {
  [N in QueueName]: Queue;
} & {
  add<N extends QueueName>(name: N, payload: Payload<N>, opts?: { delay?: number }): Promise<void>;
  /** Many jobs of one kind in one Redis round trip per batch (deterministic ids, as add). */
  addMany<N extends QueueName>(name: N, payloads: readonly Payload<N>[]): Promise<void>;
  close(): Promise<void>;
};

const BULK = 500;

export function createQueues(connection: Redis, prefix: string, log: Logger): Queues {
  const make = (name: QueueName) => {
    const q = new Queue(QUEUES[name].name, { connection, prefix, defaultJobOptions: QUEUES[name].options });
    q.on('error', (err) => log.warn({ err, queue: name }, 'queue connection error'));
    return q;
  };
  const queues = { scan: make('scan'), deliver: make('deliver'), digest: make('digest'), sweep: make('sweep'), refresh: make('refresh') };
  const job = <N extends QueueName>(name: N, payload: Payload<N>) => {
    const def = QUEUES[name];
    const data = def.payload.parse(payload);
    return { name: def.name, data, opts: { ...def.options, jobId: (def.jobId as (p: unknown) => string)(data) } };
  };
  return {
    ...queues,
    async add(name, payload, opts) {
      const j = job(name, payload);
      await queues[name].add(j.name, j.data, { ...j.opts, ...opts });
    },
    async addMany(name, payloads) {
      for (let i = 0; i < payloads.length; i += BULK) {
        await queues[name].addBulk(payloads.slice(i, i + BULK).map((p) => job(name, p)));
      }
    },
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

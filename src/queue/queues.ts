// Producers: one BullMQ Queue per job kind, sharing a fail-fast connection.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type Payload, type QueueName } from './definitions.ts';
import type { Logger } from '../log.ts';

export type Queues = {
  [N in QueueName]: Queue;
} & {
  add<N extends QueueName>(name: N, payload: Payload<N>, opts?: { delay?: number }): Promise<void>;
  close(): Promise<void>;
};

export function createQueues(connection: Redis, prefix: string, log: Logger): Queues {
  const make = (name: QueueName) => {
    const q = new Queue(QUEUES[name].name, { connection, prefix, defaultJobOptions: QUEUES[name].options });
    q.on('error', (err) => log.warn({ err, queue: name }, 'queue connection error'));
    return q;
  };
  const queues = { scan: make('scan'), deliver: make('deliver'), digest: make('digest'), sweep: make('sweep') };
  return {
    ...queues,
    async add(name, payload, opts) {
      const def = QUEUES[name];
      const data = def.payload.parse(payload);
      await queues[name].add(def.name, data, { ...def.options, jobId: (def.jobId as (p: unknown) => string)(data), ...opts });
    },
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

// Every job: a name, a payload schema the worker checks before the processor runs, default
// options, and a deterministic id so that enqueuing twice is harmless. (The id dedupes only
// while the earlier job is still in Redis; the database's unique keys are the real guard.)
import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const keepBounded: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

/** The scan_run a scan job belongs to: the local day, or the day plus a manual run's tag. */
export function scanRunKey(p: { localDate: string; run?: string }): string {
  return p.run ? `${p.localDate}+${p.run}` : p.localDate;
}

export const QUEUES = {
  scan: {
    name: 'scan',
    payload: z.object({
      workspaceId: z.number().int().positive(),
      localDate,
      // a slice of account ids, so several workers can share one large scan
      fromId: z.number().int().nonnegative().optional(),
      toId: z.number().int().positive().optional(),
      // a manual re-run on a day whose daily scan already ran ("/tend scan"): its own run
      run: z.string().regex(/^[a-z0-9]{1,16}$/).optional(),
    }),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...keepBounded } satisfies JobsOptions,
    jobId: (p: { workspaceId: number; localDate: string; fromId?: number; run?: string }) =>
      `scan:${p.workspaceId}:${scanRunKey(p)}${p.fromId === undefined ? '' : `.${p.fromId}`}`,
  },
  deliver: {
    name: 'deliver',
    payload: z.object({
      workspaceId: z.number().int().positive(),
      nudgeId: z.number().int().positive(),
      // bumps when a nudge must be posted again (a snooze woke up)
      generation: z.number().int().nonnegative().default(0),
      // a grouped message's job: posts that group; its id is the group's, so it never
      // collides with the single job its lowest nudge may have had (kept 24 h)
      groupId: z.number().int().positive().optional(),
    }),
    options: { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, ...keepBounded } satisfies JobsOptions,
    jobId: (p: { nudgeId: number; generation?: number; groupId?: number }) =>
      p.groupId === undefined ? `deliver:${p.nudgeId}:${p.generation ?? 0}` : `deliver:group:${p.groupId}`,
  },
  refresh: {
    // re-render a posted nudge whose state changed outside a click (retired by a touch or a
    // holding): the listener enqueues, so it answers Slack without waiting on chat.update
    name: 'refresh',
    payload: z.object({ workspaceId: z.number().int().positive(), nudgeId: z.number().int().positive(), stamp: z.string().regex(/^\w{1,40}$/) }),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, ...keepBounded } satisfies JobsOptions,
    jobId: (p: { nudgeId: number; stamp: string }) => `refresh:${p.nudgeId}:${p.stamp}`,
  },
  digest: {
    name: 'digest',
    payload: z.object({ workspaceId: z.number().int().positive(), localDate }),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, ...keepBounded } satisfies JobsOptions,
    jobId: (p: { workspaceId: number; localDate: string }) => `digest:${p.workspaceId}:${p.localDate}`,
  },
  sweep: {
    // minute ticks: the tick (no workspaceId) fans out one job per active workspace, which
    // wakes snoozed nudges, raises unclaimed ones to managers, marks wins
    name: 'sweep',
    payload: z.object({ minute: z.string(), workspaceId: z.number().int().positive().optional() }),
    options: { attempts: 3, backoff: { type: 'fixed', delay: 5_000 }, ...keepBounded } satisfies JobsOptions,
    jobId: (p: { minute: string; workspaceId?: number }) => `sweep:${p.workspaceId ?? 'all'}:${p.minute}`,
  },
} as const;

export type QueueName = keyof typeof QUEUES;
export type Payload<N extends QueueName> = z.infer<(typeof QUEUES)[N]['payload']>;

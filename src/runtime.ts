// What listeners and processors are given: the edges of the world (database, queues,
// delivery, clock, logger). Nothing reaches for globals.
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Db } from './data/db.ts';
import type { WorkspaceCache } from './data/workspaces.ts';
import type { DeliveryPort } from './delivery/port.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Queues } from './queue/queues.ts';
import type { OwnTeam } from './slack/middleware/own-team.ts';
import type { ReplayGuard } from './web/replay-guard.ts';

export type Runtime = {
  config: Config;
  log: Logger;
  db: Db;
  workspaces: WorkspaceCache;
  queues: Queues;
  delivery: DeliveryPort;
  metrics: Metrics;
  redisUrl: string;
  /** The pending-choice store's own fail-fast connection (slack/flows/pending.ts). */
  pendingRedis: Redis;
  now: () => Date;
  /** Single-token mode: the one Slack team (from auth.test) whose requests are served. */
  ownTeam?: () => Promise<OwnTeam>;
  /** Handles each byte-identical Slack request once (Redis-backed, see web/replay-guard.ts). */
  replayGuard?: ReplayGuard;
};

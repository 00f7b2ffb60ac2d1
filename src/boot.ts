// Assembles a running Tend from a Config: database (migrated), Redis, queues, delivery, and
// the roles asked for. stop() drains in-flight work and closes everything in order.
import path from 'node:path';
import v8 from 'node:v8';
import type { Config } from './config.ts';
import { createDb, createPool, type Db } from './data/db.ts';
import { startEmbeddedPostgres } from './data/embedded-postgres.ts';
import { botTokenForWorkspace, resealLegacyInstallations } from './data/installations.ts';
import { migrate } from './data/migrate.ts';
import { countNudgesByStatus } from './data/ops-metrics.ts';
import { reactivateTeam, WorkspaceCache } from './data/workspaces.ts';
import { createOutbox } from './delivery/outbox.ts';
import type { DeliveryPort } from './delivery/port.ts';
import { createSlackDelivery, createTokenRefresher } from './delivery/slack.ts';
import { createLogger, safeUrl, slackLogger, type Logger } from './log.ts';
import { createMetrics, startGaugeRefresher } from './metrics.ts';
import { createQueues } from './queue/queues.ts';
import { producerConnection, resolveRedis, waitReady } from './queue/redis.ts';
import { startWorkers, type Processors, type WorkerSet } from './queue/workers.ts';
import type { Runtime } from './runtime.ts';
import { createSlackApp } from './slack/app.ts';
import { BadBotTokenError, ownTeamOf } from './slack/middleware/own-team.ts';
import { mountQueueDashboard } from './web/admin.ts';
import { redisReplayGuard } from './web/replay-guard.ts';
import { createInternalServer, createWebServer } from './web/server.ts';
import { createProcessors } from '../jobs/index.ts';
import { startScheduler } from '../jobs/scheduler.ts';

export type Running = { rt: Runtime; port?: number; /** the internal listener (metrics), when TEND_METRICS_PORT is set */ metricsPort?: number; /** refreshes the timed gauges now (when metrics are served) */ refreshGauges?: () => Promise<void>; workers?: WorkerSet; stop(): Promise<void> };

export type BootOverrides = {
  log?: Logger;
  delivery?: DeliveryPort;
  now?: () => Date;
  processors?: (rt: Runtime) => Processors;
};

/**
 * How far V8 lets a worker's old generation grow past what the last full GC kept, in percent.
 * By default it grows to several times the live set between major GCs: a scan part keeps
 * ~57 MB live but let the heap reach 240 MB of garbage first (`--trace-gc`); the 1M bench's
 * worker peaked at 382 MB, and at 218–220 MB with this (bench/scan.ts reads the peak RSS; both
 * under tsx, whose loader thread and transforms held ~45 MB more than the build npm start runs).
 */
export const HEAP_GROWING_PERCENT = 20;

export async function boot(config: Config, overrides: BootOverrides = {}): Promise<Running> {
  // workers only (scans, deliveries): a GC setting V8 reads at each collection, so it applies
  // though the VM has started; a web process keeps V8's default
  if (config.roles.includes('worker')) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const log = overrides.log ?? createLogger(config.logLevel);
  const cleanups: (() => Promise<unknown>)[] = [];
  let markReady: (ready: boolean) => void = () => {};
  const closeAll = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => log.warn({ err: (err as Error).message }, 'shutdown step failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(config.dataDir, log);
      cleanups.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    const db: Db = createDb({ url: databaseUrl, schema: config.dbSchema });
    cleanups.push(() => db.close());
    // the first query: a refusal here is the database's, named so `npm start` can say which to fix
    const migrated = await migrate(db.pool, db.schema).catch((err: Error) => {
      throw new Error(`PostgreSQL at ${safeUrl(databaseUrl)} (${config.databaseUrl ? 'DATABASE_URL' : 'the embedded database'}): ${err.message}`, { cause: err });
    });
    if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, 'database migrated');
    // Tokens sealed before installations were bound to their row (v1) are sealed again (v2);
    // it needs the encryption key, so no SQL migration can do it.
    if (config.slack.mode === 'oauth' && config.encryptionKey) {
      const { sealed, refused } = await resealLegacyInstallations(db.prisma, config.encryptionKey);
      if (sealed > 0) log.info({ resealed: sealed }, 'sealed stored installations again in the v2 format');
      if (refused.length > 0) log.error({ refused }, 'stored installations that do not open with TEND_ENCRYPTION_KEY (or belong to another row): reinstall those workspaces');
    }

    const redis = await resolveRedis(config.redisUrl, config.dataDir, log);
    cleanups.push(() => redis.stop());
    const connection = producerConnection(redis.url);
    connection.on('error', () => {}); // reconnects by itself; /healthz reports it
    cleanups.push(async () => connection.disconnect());
    if (!(await waitReady(connection))) log.warn({ redis: safeUrl(redis.url) }, 'Redis is not answering yet; will keep trying');
    // commands waiting for an account choice keep their text in Redis on a connection of their own
    const pendingRedis = producerConnection(redis.url);
    pendingRedis.on('error', () => {}); // reconnects by itself; a failed save is answered to the person
    cleanups.push(async () => pendingRedis.disconnect());
    const metrics = createMetrics();
    const queues = createQueues(connection, config.queuePrefix, log);
    cleanups.push(() => queues.close());

    const slack = config.slack;
    // workers renew a rotating token themselves (Bolt does only on an incoming request)
    const rotation = slack.mode === 'oauth'
      ? { pool: db.pool, refresh: createTokenRefresher({ clientId: slack.clientId, clientSecret: slack.clientSecret, slackApiUrl: config.slackApiUrl, log }) }
      : undefined;
    const delivery =
      overrides.delivery ??
      (slack.mode === 'local'
        ? createOutbox(config.dataDir)
        : createSlackDelivery(
            slack.mode === 'oauth'
              ? (workspaceId) => botTokenForWorkspace(db.prisma, config.encryptionKey!, workspaceId, rotation)
              : async () => slack.botToken,
            config.slackApiUrl,
            log,
          ));

    const rt: Runtime = {
      config,
      log,
      db,
      workspaces: new WorkspaceCache(db.pool),
      queues,
      delivery,
      metrics,
      redisUrl: redis.url,
      pendingRedis,
      now: overrides.now ?? (() => new Date()),
      replayGuard: redisReplayGuard(connection, config.queuePrefix),
    };
    const running: Running = { rt, stop: closeAll };

    if (config.roles.includes('worker')) {
      const processors = (overrides.processors ?? createProcessors)(rt);
      // deliveries wait on Slack (and on per-channel pacing), so several run at once; scan parts
      // are CPU, memory and database heavy: TEND_SCAN_CONCURRENCY per process (default 1).
      const workers = startWorkers(processors, { redisUrl: redis.url, prefix: config.queuePrefix, log, metrics, concurrency: { deliver: 8, scan: config.scanConcurrency, digest: 2, sweep: 4 } });
      running.workers = workers;
      cleanups.push(async () => {
        const { forced } = await workers.close(Math.max(1_000, config.shutdownMs - 2_000));
        if (forced) log.warn('jobs still running at the deadline were returned to their queues');
      });
    }
    if (config.roles.includes('scheduler')) {
      const scheduler = startScheduler(rt);
      cleanups.push(() => scheduler.stop());
    }
    if (config.roles.includes('web')) {
      const web = createWebServer({ pool: db.pool, redis: connection, metrics, metricsToken: config.metrics.token });
      if (config.admin?.on === 'public') mountQueueDashboard(web.app, [queues.scan, queues.deliver, queues.digest, queues.sweep], config.admin);
      if (slack.mode === 'http' || slack.mode === 'socket') {
        // one token serves one team: learn which now; a refused token stops the boot
        rt.ownTeam = ownTeamOf(slack.botToken, config.slackApiUrl, slackLogger(log, 'slack-web-api'));
        await rt.ownTeam().then(
          async (own) => {
            log.info({ teamId: own.teamId, enterpriseId: own.enterpriseId }, 'serving one Slack team');
            // the token works, so the app is installed: a workspace an uninstall left inactive serves again
            if ((await reactivateTeam(db.pool, own.teamId)).length > 0) log.info({ teamId: own.teamId }, 'workspace active again after a reinstall');
          },
          (err: Error) => {
            if (err instanceof BadBotTokenError) throw err;
            log.warn({ err: err.message }, 'auth.test failed; requests are refused until Slack answers it');
          },
        );
      }
      const slackApp = createSlackApp(rt, web.app);
      running.port = await web.listen(config.port);
      cleanups.push(() => web.close());
      markReady = (r) => web.setReady(r);
      if (slackApp) {
        await slackApp.start();
        cleanups.push(() => slackApp.stop());
      }
    }
    if (config.metrics.port !== undefined || config.metrics.token) {
      // Gauges come from Redis and SQL on a timer, on a one-connection pool of their own: a
      // scrape never queries, and a slow count never takes a connection from Slack requests.
      const opsPool = createPool({ url: databaseUrl, schema: db.schema, max: 1, statementTimeoutMillis: 10_000 });
      cleanups.push(() => opsPool.end());
      const refresher = startGaugeRefresher(
        metrics,
        {
          queueCounts: async () => {
            const all = await Promise.all(
              Object.entries({ scan: queues.scan, deliver: queues.deliver, digest: queues.digest, sweep: queues.sweep }).map(async ([queue, q]) =>
                Object.entries(await q.getJobCounts('waiting', 'active', 'delayed', 'failed')).map(([state, n]) => ({ queue, state, n })),
              ),
            );
            return all.flat();
          },
          nudgesByStatus: () => countNudgesByStatus(opsPool),
        },
        config.metrics.refreshSec,
        (err) => log.warn({ err: err.message }, 'metrics gauges not refreshed'),
      );
      cleanups.push(() => refresher.stop());
      running.refreshGauges = refresher.refreshNow;
    }
    if (config.metrics.port !== undefined) {
      const internal = createInternalServer(metrics);
      if (config.admin?.on === 'internal') mountQueueDashboard(internal.app, [queues.scan, queues.deliver, queues.digest, queues.sweep], config.admin);
      running.metricsPort = await internal.listen(config.metrics.port, config.metrics.host);
      cleanups.push(() => internal.close());
    }
    markReady(true);
    cleanups.push(async () => markReady(false)); // runs first: cleanups run in reverse
    log.info(
      {
        roles: config.roles,
        port: running.port,
        slack: config.slack.mode,
        outbox: config.slack.mode === 'local' ? path.resolve(config.dataDir, 'outbox.jsonl') : undefined,
      },
      config.slack.mode === 'local' ? 'Tend is up in local mode (no Slack credentials): messages go to the outbox' : 'Tend is up',
    );
    return running;
  } catch (err) {
    await closeAll();
    throw err;
  }
}

// Assembles a running Tend from a Config: database (migrated), Redis, queues, delivery, and
// the roles asked for. stop() drains in-flight work and closes everything in order.
import path from 'node:path';
import type { Config } from './config.ts';
import { createDb, type Db } from './data/db.ts';
import { startEmbeddedPostgres } from './data/embedded-postgres.ts';
import { botTokenForWorkspace, resealLegacyInstallations } from './data/installations.ts';
import { migrate } from './data/migrate.ts';
import { WorkspaceCache } from './data/workspaces.ts';
import { createOutbox } from './delivery/outbox.ts';
import type { DeliveryPort } from './delivery/port.ts';
import { createSlackDelivery } from './delivery/slack.ts';
import { createLogger, safeUrl, type Logger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { createQueues } from './queue/queues.ts';
import { producerConnection, resolveRedis, waitReady } from './queue/redis.ts';
import { startWorkers, type Processors, type WorkerSet } from './queue/workers.ts';
import type { Runtime } from './runtime.ts';
import { createSlackApp } from './slack/app.ts';
import { mountQueueDashboard } from './web/admin.ts';
import { createWebServer } from './web/server.ts';
import { createProcessors } from '../jobs/index.ts';
import { startScheduler } from '../jobs/scheduler.ts';

export type Running = { rt: Runtime; port?: number; workers?: WorkerSet; stop(): Promise<void> };

export type BootOverrides = {
  log?: Logger;
  delivery?: DeliveryPort;
  now?: () => Date;
  processors?: (rt: Runtime) => Processors;
};

export async function boot(config: Config, overrides: BootOverrides = {}): Promise<Running> {
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
    const migrated = await migrate(db.pool, db.schema);
    if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, 'database migrated');
    // Tokens sealed before installations were bound to their row (v1) are sealed again (v2);
    // it needs the encryption key, so no SQL migration can do it.
    if (config.slack.mode === 'oauth' && config.encryptionKey) {
      const resealed = await resealLegacyInstallations(db.prisma, config.encryptionKey);
      if (resealed > 0) log.info({ resealed }, 'sealed stored installations again in the v2 format');
    }
    // Prisma's first query loads its query compiler (~0.4 s idle, seconds on a busy box): a web
    // process pays it here, not on the first Slack request after a deploy, whose workspace
    // lookup must fit the ack budget (same query shape, for a team that cannot exist). A
    // worker alone skips it: its jobs use SQL, and the compiler costs ~80 MB of memory.
    if (config.roles.includes('web')) await db.prisma.workspace.findUnique({ where: { slackTeamId: '' } });

    const redis = await resolveRedis(config.redisUrl, config.dataDir, log);
    cleanups.push(() => redis.stop());
    const connection = producerConnection(redis.url);
    connection.on('error', () => {}); // reconnects by itself; /healthz reports it
    cleanups.push(async () => connection.disconnect());
    if (!(await waitReady(connection))) log.warn({ redis: safeUrl(redis.url) }, 'Redis is not answering yet; will keep trying');
    const metrics = createMetrics();
    const queues = createQueues(connection, config.queuePrefix, log);
    cleanups.push(() => queues.close());

    const slack = config.slack;
    const delivery =
      overrides.delivery ??
      (slack.mode === 'local'
        ? createOutbox(config.dataDir)
        : createSlackDelivery(
            slack.mode === 'oauth'
              ? (workspaceId) => botTokenForWorkspace(db.prisma, config.encryptionKey!, workspaceId)
              : async () => slack.botToken,
            config.slackApiUrl,
            log,
          ));

    const rt: Runtime = {
      config,
      log,
      db,
      workspaces: new WorkspaceCache(db.prisma),
      queues,
      delivery,
      metrics,
      redisUrl: redis.url,
      now: overrides.now ?? (() => new Date()),
      replayGuard: async (signature) =>
        (await connection.set(`${config.queuePrefix}:seen:${signature}`, '1', 'EX', 360, 'NX')) === 'OK',
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
      const web = createWebServer({
        pool: db.pool,
        redis: connection,
        metrics,
        collect: async () => {
          for (const [name, q] of Object.entries({ scan: queues.scan, deliver: queues.deliver, digest: queues.digest, sweep: queues.sweep })) {
            const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
            for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, n);
          }
          // An operator's aggregate across workspaces: counts only, no tenant data.
          const { rows } = await db.pool.query<{ status: string; n: number }>('select status::text, count(*)::int as n from nudge group by status');
          metrics.nudgesByState.reset();
          for (const r of rows) metrics.nudgesByState.set({ status: r.status }, r.n);
        },
      });
      if (config.admin) mountQueueDashboard(web.app, [queues.scan, queues.deliver, queues.digest, queues.sweep], config.admin);
      const slackApp = createSlackApp(rt, web.app);
      running.port = await web.listen(config.port);
      cleanups.push(() => web.close());
      markReady = (r) => web.setReady(r);
      if (slackApp) {
        await slackApp.start();
        cleanups.push(() => slackApp.stop());
      }
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

// The HTTP face of the web role: Slack's endpoint (mounted by the Slack app), health and metrics.
import http from 'node:http';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { pingDb } from '../data/db.ts';
import { redisReachable } from '../queue/redis.ts';
import type { Metrics } from '../metrics.ts';

export type WebServer = { app: Express; listen(port: number): Promise<number>; close(): Promise<void>; setReady(ready: boolean): void };

export type HealthDeps = { pool: pg.Pool; redis: Redis; metrics: Metrics; collect?: () => Promise<void> };

export function createWebServer(deps: HealthDeps): WebServer {
  const app = express();
  app.disable('x-powered-by');
  // Readiness, for a load balancer: yes once every role has started, no from the moment a
  // shutdown begins (so traffic drains away before the server closes). Liveness is /healthz.
  let ready = false;
  app.get('/readyz', (_req, res) => {
    res.status(ready ? 200 : 503).json({ ready });
  });
  app.get('/healthz', async (_req, res) => {
    const [database, redis] = await Promise.all([pingDb(deps.pool), redisReachable(deps.redis)]);
    const body = { status: database && redis ? 'ok' : 'unavailable', database: database ? 'up' : 'down', redis: redis ? 'up' : 'down' };
    res.status(database && redis ? 200 : 503).json(body);
  });
  app.get('/metrics', async (_req, res) => {
    await deps.collect?.().catch(() => {});
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  let server: http.Server | undefined;
  return {
    app,
    setReady(r) {
      ready = r;
    },
    listen(port) {
      return new Promise((resolve, reject) => {
        server = http.createServer(app);
        server.keepAliveTimeout = 5_000;
        server.once('error', reject);
        server.listen(port, () => resolve((server!.address() as { port: number }).port));
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server?.closeAllConnections(), 1_000).unref();
      });
    },
  };
}

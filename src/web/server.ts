// The HTTP faces of a Tend process. Public (PORT, web role): Slack's endpoint (mounted by the
// Slack app), health, and /metrics only behind a bearer token. Internal (TEND_METRICS_PORT,
// loopback by default, any role): /metrics and, when asked, the queue dashboard. A scrape
// reads the registry only; the gauges are refreshed on a timer (metrics.ts).
import http from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { pingDb } from '../data/db.ts';
import { redisReachable } from '../queue/redis.ts';
import type { Metrics } from '../metrics.ts';
import { sameSecret } from './admin.ts';

export type Listener = { app: Express; listen(port: number, host?: string): Promise<number>; close(): Promise<void> };
export type WebServer = Listener & { setReady(ready: boolean): void };

export type HealthDeps = { pool: pg.Pool; redis: Redis; metrics: Metrics; /** serve /metrics here, to this bearer token only */ metricsToken?: string };

export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** Lets through `Authorization: Bearer <token>` only (compared in constant time). */
export function bearerAuth(token: string): RequestHandler {
  return (req, res, next) => {
    const [scheme, given] = (req.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && given && sameSecret(given, token)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="Tend metrics"').status(401).send('authentication required');
  };
}

function listener(app: Express): Listener {
  let server: http.Server | undefined;
  return {
    app,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server = http.createServer(app);
        server.keepAliveTimeout = 5_000;
        server.once('error', reject);
        const ready = () => resolve((server!.address() as { port: number }).port);
        if (host) server.listen(port, host, ready);
        else server.listen(port, ready);
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
  if (deps.metricsToken) app.get('/metrics', bearerAuth(deps.metricsToken), metricsHandler(deps.metrics));
  return {
    ...listener(app),
    setReady(r) {
      ready = r;
    },
  };
}

/** The internal listener: /metrics without a token (it is meant for a private network or loopback). */
export function createInternalServer(metrics: Metrics): Listener {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(metrics));
  return listener(app);
}

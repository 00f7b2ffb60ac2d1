// Redis connections, and the laptop fallback of a redis-server started by the app itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort } from '../free-port.ts';
import type { Logger } from '../log.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Producers (web) fail fast so a request never hangs on a dead Redis. */
export function producerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 3_000 });
}

/** Workers wait for Redis to come back, as BullMQ requires. */
export const workerOptions: RedisOptions = { maxRetriesPerRequest: null };

function reachable(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function pingRedis(url: string): Promise<boolean> {
  if (!(await reachable(url))) return false;
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export type ResolvedRedis = { url: string; stop(): Promise<void> };

export class RedisUnavailableError extends Error {}

/**
 * REDIS_URL when set; else 127.0.0.1:6379 when something answers there; else a redis-server
 * we start under the data folder; else one clear error saying how to get Redis.
 */
export async function resolveRedis(configured: string | undefined, dataDir: string, log: Logger): Promise<ResolvedRedis> {
  if (configured) return { url: configured, stop: async () => {} };
  if (await pingRedis(DEFAULT_REDIS_URL)) return { url: DEFAULT_REDIS_URL, stop: async () => {} };
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    throw new RedisUnavailableError(
      'No Redis at 127.0.0.1:6379 and no redis-server installed. Install one (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL=redis://host:6379.',
    );
  }
  return startLocalRedis(path.resolve(dataDir, 'redis'), log);
}

/** The pid of the redis-server answering at url, from INFO (undefined if none answers). */
async function redisPid(url: string): Promise<number | undefined> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    const pid = /process_id:(\d+)/.exec(await r.info('server'))?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  } finally {
    r.disconnect();
  }
}

const LOCAL_REDIS_ATTEMPTS = 3;

/**
 * A redis-server of our own under dir, on a port found free. Another server may take that port
 * before ours binds it; ours then exits, and the one answering there is someone else's (another
 * Tend's, with its queues). So the answer counts only when it comes from our child's pid.
 * `firstPort` is for tests that make the first port taken.
 */
export async function startLocalRedis(dir: string, log: Logger, firstPort?: number): Promise<ResolvedRedis> {
  await mkdir(dir, { recursive: true });
  for (let attempt = 1; attempt <= LOCAL_REDIS_ATTEMPTS; attempt++) {
    const port = attempt === 1 && firstPort ? firstPort : await freePort();
    const child: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '60 1', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) {
      if ((await redisPid(url)) === child.pid) {
        log.info({ port }, 'started a local redis-server');
        return {
          url,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    log.warn({ port }, 'the local redis-server did not start on its port; trying another');
  }
  throw new RedisUnavailableError(`redis-server would not start under ${dir}; set REDIS_URL=redis://host:6379.`);
}

/** Resolves once the connection is ready, or after timeoutMs (the caller decides what down means). */
export function waitReady(conn: Redis, timeoutMs = 3_000): Promise<boolean> {
  if (conn.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const onReady = () => done(true);
    function done(ok: boolean) {
      clearTimeout(timer);
      conn.off('ready', onReady);
      resolve(ok);
    }
    conn.once('ready', onReady);
  });
}

export async function redisReachable(conn: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (conn.status !== 'ready') return false;
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  return Promise.race([conn.ping().then((p) => p === 'PONG', () => false), timer]);
}

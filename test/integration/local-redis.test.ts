// The laptop fallback's own redis-server: the URL handed back is always our child's server,
// never another one that took the port first (another Tend's, with its queues).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { startLocalRedis } from '../../src/queue/redis.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/services.ts';

const log = createLogger('silent');
const dirs: string[] = [];
let other: PrivateRedis | undefined;
afterAll(async () => {
  await other?.kill();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function withRedis<T>(url: string, use: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    return await use(r);
  } finally {
    r.disconnect();
  }
}

describe('the local redis-server fallback', () => {
  it('skips a port another redis-server answers on, and stops its own server', async () => {
    other = await startPrivateRedis();
    await withRedis(other.url, (r) => r.set('tend:whose', 'the other one'));
    const dir = await mkdtemp(path.join(tmpdir(), 'tend-redis-'));
    dirs.push(dir);

    const ours = await startLocalRedis(path.join(dir, 'redis'), log, other.port);
    expect(new URL(ours.url).port).not.toBe(String(other.port));
    expect(await withRedis(ours.url, (r) => r.get('tend:whose'))).toBeNull();
    await withRedis(ours.url, (r) => r.set('tend:whose', 'ours'));
    expect(await withRedis(other.url, (r) => r.get('tend:whose'))).toBe('the other one');

    await ours.stop();
    const after = new Redis(ours.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  }, 30_000);
});

// Redis restarted with its data gone while Tend runs: the process stays up (no crash loop),
// /healthz reports the outage and the recovery, and the scheduler's next ticks land in the
// new, empty Redis.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startProcess, type Proc } from '../support/process.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/services.ts';

let db: TestDb;
let redis: PrivateRedis;
let proc: Proc;
let port: number;

const health = async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  } catch {
    return { status: 0, body: {} };
  }
};

beforeAll(async () => {
  db = await createTestDb();
  redis = await startPrivateRedis();
  proc = startProcess({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    PORT: '0',
    TEND_QUEUE_PREFIX: 'tend',
    TEND_DATA_DIR: `/tmp/tend-redis-restart-${process.pid}`,
    TEND_SCHEDULER_CRON: '*/2 * * * * *',
    LOG_LEVEL: 'info',
  });
  const up = await proc.waitForLog((l) => String(l.msg).startsWith('Tend is up'));
  port = up.port as number;
});
afterAll(async () => {
  proc.child.kill('SIGKILL');
  await redis.kill();
  await db.drop();
});

describe('Redis restarted, data gone', () => {
  it('reports the outage, recovers, keeps one process, and schedules land in the new Redis', async () => {
    expect((await health()).status).toBe(200);
    const queue = new Queue('sweep', { connection: { url: redis.url, maxRetriesPerRequest: 1 } as never, prefix: 'tend' });
    await expect.poll(async () => (await queue.getJobCounts('wait', 'active', 'completed', 'delayed', 'failed').then((c) => Object.values(c).reduce((a, b) => a + b, 0)).catch(() => 0)), { timeout: 10_000 }).toBeGreaterThan(0);
    await queue.close();

    await redis.kill();
    await expect.poll(async () => (await health()).body.redis, { timeout: 10_000 }).toBe('down');
    expect((await health()).status).toBe(503);
    await new Promise((r) => setTimeout(r, 3_000)); // a few failed ticks and reconnect attempts
    expect(proc.child.exitCode).toBeNull();

    await redis.start();
    await expect.poll(async () => (await health()).status, { timeout: 20_000, interval: 250 }).toBe(200);
    expect(proc.child.exitCode).toBeNull();

    // the new Redis started empty; the scheduler's next tick puts the sweep back
    const fresh = new Queue('sweep', { connection: { url: redis.url } as never, prefix: 'tend' });
    await expect.poll(async () => Object.values(await fresh.getJobCounts('wait', 'active', 'completed', 'delayed', 'failed')).reduce((a, b) => a + b, 0), { timeout: 15_000 }).toBeGreaterThan(0);
    await fresh.close();
    expect(proc.logs().filter((l) => String(l.msg).startsWith('Tend is up'))).toHaveLength(1);
    // every connection has an error listener: nothing unhandled while Redis was away
    expect(proc.stderr()).not.toMatch(/Unhandled error event/);
  }, 90_000);
});

// Each test file gets its own BullMQ key prefix on the real Redis, removed at the end.
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './env.ts';
import { uniqueName } from './db.ts';

export function testPrefix(): string {
  return uniqueName('tq');
}

/** Deletes every key under `prefix:` (a test file's queues, or a bench run's). */
export async function dropPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

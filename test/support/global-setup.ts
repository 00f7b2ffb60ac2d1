// Fails the run at once, with the fix, when Postgres or Redis is not there.
import pg from 'pg';
import { Redis } from 'ioredis';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './env.ts';

export default async function setup() {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    // Drop schemas left behind by killed runs: only those over two hours old, so runs in
    // parallel (another developer's, another checkout's) keep theirs. Names carry their
    // creation time (see uniqueName).
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname ~ '^t_[0-9a-z]+_[0-9a-f]{6}$'",
    );
    const cutoff = Date.now() - 2 * 3600_000;
    for (const r of rows) {
      const born = parseInt(r.nspname.split('_')[1]!, 36);
      if (born < cutoff) await client.query(`drop schema if exists "${r.nspname}" cascade`);
    }
  } catch (err) {
    throw new Error(`Tests need PostgreSQL at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL): ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL): ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

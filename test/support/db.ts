// Each test file gets its own Postgres schema on the real server, migrated the way the
// app migrates, and dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../src/data/db.ts';
import { migrate } from '../../src/data/migrate.ts';
import { TEST_DATABASE_URL } from './env.ts';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export type TestDb = Db & { url: string; drop(): Promise<void> };

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const schema = uniqueName('t');
  const db = createDb({ url: TEST_DATABASE_URL, schema, max: 5 });
  if (opts.migrate !== false) await migrate(db.pool, schema);
  else await db.pool.query(`create schema "${schema}"`);
  return {
    ...db,
    url: `${TEST_DATABASE_URL}?schema=${schema}`,
    async drop() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

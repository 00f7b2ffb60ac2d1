// The database for a one-shot command, as `npm run db:migrate` opens it: DATABASE_URL or
// the embedded PostgreSQL, migrated first so an import into a fresh install just works.
import type { Config } from '../config.ts';
import { createDb, type Db } from '../data/db.ts';
import { startEmbeddedPostgres } from '../data/embedded-postgres.ts';
import { migrate } from '../data/migrate.ts';
import { pino } from 'pino';

export async function openDatabase(config: Config): Promise<{ db: Db; close(): Promise<void> }> {
  // stdout carries the report or the CSV itself: logs go to stderr, and only when something is wrong
  const log = pino({ name: 'tend', level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const db = createDb({ url: config.databaseUrl ?? embedded!.url, schema: config.dbSchema, max: 2 });
  try {
    await migrate(db.pool, db.schema);
  } catch (err) {
    await db.close();
    await embedded?.stop();
    throw err;
  }
  return {
    db,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}

// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { loadConfig, ConfigError } from '../config.ts';
import { createLogger } from '../log.ts';
import { createDb } from '../data/db.ts';
import { startEmbeddedPostgres } from '../data/embedded-postgres.ts';
import { migrate } from '../data/migrate.ts';

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const db = createDb({ url: config.databaseUrl ?? embedded!.url, schema: config.dbSchema });
  try {
    const { applied, alreadyApplied } = await migrate(db.pool, db.schema);
    console.log(applied.length ? `applied ${applied.join(', ')}` : `database is up to date (${alreadyApplied} migrations)`);
  } finally {
    await db.close();
    await embedded?.stop();
  }
} catch (err) {
  console.error(`tend: ${err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message}`);
  process.exit(1);
}

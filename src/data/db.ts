// The database handle: one pg pool, shared by Prisma (through the pg adapter) and by the
// set-based SQL of the scans and metrics.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type Prisma = InstanceType<typeof PrismaClient>;

export type Db = {
  prisma: Prisma;
  pool: pg.Pool;
  schema: string;
  close(): Promise<void>;
};

export type DbOptions = {
  url: string;
  /** Postgres schema to use (tests give each file its own); default "public". */
  schema?: string;
  max?: number;
  /** Without these the pg adapter waits forever for a connection or a stuck query. */
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
};

export function schemaFromUrl(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('schema') ?? undefined;
  } catch {
    return undefined;
  }
}

export function createPool(opts: DbOptions): pg.Pool {
  const schema = opts.schema ?? schemaFromUrl(opts.url) ?? 'public';
  const url = new URL(opts.url);
  url.searchParams.delete('schema'); // Prisma's URL parameter, unknown to libpq
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5_000,
    statement_timeout: opts.statementTimeoutMillis ?? 30_000,
    idleTimeoutMillis: 10_000,
    options: `-c search_path="${schema.replace(/"/g, '""')}"`,
    application_name: 'tend',
  });
  // An idle client losing its connection (Postgres restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

export function createDb(opts: DbOptions): Db {
  const schema = opts.schema ?? schemaFromUrl(opts.url) ?? 'public';
  const pool = createPool({ ...opts, schema });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  return {
    prisma,
    pool,
    schema,
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

/** True when the database answers a trivial query within the timeout. */
export async function pingDb(pool: pg.Pool, timeoutMs = 1_000): Promise<boolean> {
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const query = pool.query('select 1').then(() => true, () => false);
  return Promise.race([query, timer]);
}

// Small helpers for the raw SQL of the scans. Columns are Prisma's `timestamp(3)` (no time
// zone, UTC by convention), so instants cross the boundary as UTC text going in (a scan page's
// due times as epoch milliseconds in an array literal) and as epoch milliseconds coming out:
// the result never depends on the process's TZ.
import type pg from 'pg';

/** Anything that runs a query: the pool or a checked-out client (inside a transaction). */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A parameter for a `timestamp` column: Postgres ignores the "Z" when casting to timestamp. */
export function ts(d: Date): string {
  return d.toISOString();
}

/** Epoch milliseconds (as SQL returns them from extract(epoch …) * 1000) to a Date, or null. */
export function fromMs(ms: number | string | null): Date | null {
  return ms === null ? null : new Date(Number(ms));
}

/**
 * A Postgres array literal of numbers ('{1,2.5,NULL}') for a `$n::int[]` or `$n::float8[]`
 * parameter. node-postgres quotes and escapes each element of a JS array with two regular
 * expressions: a scan page's state columns (nine of a thousand rows) took ~5 ms that way.
 * String(number) round-trips a float8 exactly ('NaN' and 'Infinity' included).
 */
export function numbersLiteral(xs: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    out += (i > 0 ? ',' : '') + (x === null || x === undefined ? 'NULL' : String(x));
  }
  return `${out}}`;
}

/** A text[] literal whose elements are number arrays ('{"{3,7}","{}"}'), each cast in SQL (`::int[]`): unnest() cannot take arrays of arrays of different lengths. */
export function numberArraysLiteral(rows: readonly (readonly number[])[]): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) out += `${i > 0 ? ',' : ''}"{${rows[i]!.join(',')}}"`;
  return `${out}}`;
}

/** Runs fn in a transaction on one client from the pool. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

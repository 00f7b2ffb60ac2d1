// scan_run: one row per workspace and local date. It holds the context every part of the
// scan reads (so parts and retries agree on the clock, the affinity counts and the part
// boundaries) and which parts are done (so exactly the completing part releases the budget).
import type pg from 'pg';
import { ts } from './sql.ts';

export type ScanRun<C> = { id: number; parts: number; partsDone: number[]; context: C; finished: boolean };

type Row<C> = { id: number; parts: number; parts_done: number[]; context: C; finished_at: Date | null };

const toRun = <C>(r: Row<C>): ScanRun<C> => ({ id: r.id, parts: r.parts, partsDone: r.parts_done, context: r.context, finished: r.finished_at !== null });

export async function findScanRun<C>(pool: pg.Pool, workspaceId: number, localDate: string): Promise<ScanRun<C> | null> {
  const res = await pool.query<Row<C>>(
    'select id, parts, parts_done, context, finished_at from scan_run where workspace_id = $1 and local_date = $2',
    [workspaceId, localDate],
  );
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

/**
 * The day's run, created with `build()` if there is none yet. When two producers race,
 * the first insert wins and both use its context.
 */
export async function ensureScanRun<C>(
  pool: pg.Pool, workspaceId: number, localDate: string, build: () => Promise<{ parts: number; context: C }>,
): Promise<ScanRun<C>> {
  const existing = await findScanRun<C>(pool, workspaceId, localDate);
  if (existing) return existing;
  const { parts, context } = await build();
  await pool.query(
    `insert into scan_run (workspace_id, local_date, parts, context) values ($1, $2, $3, $4)
     on conflict (workspace_id, local_date) do nothing`,
    [workspaceId, localDate, parts, JSON.stringify(context)],
  );
  return (await findScanRun<C>(pool, workspaceId, localDate))!;
}

/** Records a part as done (idempotently); true when every part of the run is done. */
export async function markPartDone(pool: pg.Pool, runId: number, part: number): Promise<boolean> {
  const res = await pool.query<{ complete: boolean }>(
    `update scan_run set parts_done = case when $2 = any(parts_done) then parts_done else array_append(parts_done, $2) end
     where id = $1 returning cardinality(parts_done) >= parts as complete`,
    [runId, part],
  );
  return res.rows[0]?.complete ?? false;
}

export async function finishScanRun(pool: pg.Pool, runId: number, released: number, now: Date): Promise<void> {
  await pool.query(
    'update scan_run set finished_at = coalesce(finished_at, $2::timestamp), released = released + $3 where id = $1',
    [runId, ts(now), released],
  );
}

/** The UTC instant a local date starts in a timezone (Postgres knows the DST rules). */
export async function localDayStart(pool: pg.Pool, localDate: string, timezone: string): Promise<Date> {
  const res = await pool.query<{ ms: string }>(
    `select extract(epoch from ($1::date::timestamp at time zone $2)) * 1000 as ms`,
    [localDate, timezone],
  );
  return new Date(Number(res.rows[0]!.ms));
}

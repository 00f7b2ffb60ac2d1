// The operator's gauges from Postgres: nudges by status summed over every workspace. The one
// deliberate cross-workspace query: it returns counts only, never a workspace id or name, and
// runs on the metrics refresher's own one-connection pool, never on the pool Slack requests use.
import type pg from 'pg';

export async function countNudgesByStatus(pool: pg.Pool): Promise<{ status: string; n: number }[]> {
  const { rows } = await pool.query<{ status: string; n: number }>('select status::text as status, count(*)::int as n from nudge group by status');
  return rows;
}

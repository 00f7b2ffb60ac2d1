import type { Queryable } from './sql.ts';

// Slack retries an event for minutes, not days: a day of event ids is plenty to dedupe on.
const KEEP_MS = 24 * 3600_000;

/** Forgets event ids older than a day, so the dedupe table stays small. */
export async function pruneSlackEvents(db: Queryable, workspaceId: number, now: Date): Promise<number> {
  const res = await db.query('delete from slack_event where workspace_id = $1 and received_at < $2::timestamp', [
    workspaceId,
    new Date(now.getTime() - KEEP_MS).toISOString(),
  ]);
  return res.rowCount ?? 0;
}

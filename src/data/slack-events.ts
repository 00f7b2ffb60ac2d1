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

/** Records the first delivery of an event id in a workspace; false when it was seen before. */
export async function claimSlackEvent(db: Queryable, workspaceId: number, eventId: string): Promise<boolean> {
  const res = await db.query('insert into slack_event (workspace_id, event_id) values ($1, $2) on conflict do nothing', [workspaceId, eventId]);
  return (res.rowCount ?? 0) > 0;
}

/** Forgets an event id whose handling failed, so Slack's retry of it is handled. */
export async function releaseSlackEvent(db: Queryable, workspaceId: number, eventId: string): Promise<void> {
  await db.query('delete from slack_event where workspace_id = $1 and event_id = $2', [workspaceId, eventId]);
}

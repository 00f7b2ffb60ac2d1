// State changes people make on a nudge (claim, done, snooze, dismiss), each one transaction:
// the event row with the Slack request's dedupe key, then a conditional UPDATE from the
// allowed prior states. A duplicate request or a stale click rolls back and changes nothing.
import type pg from 'pg';
import { ALLOWED_FROM, TARGET, type NudgeAction } from '../domain/nudge-state.ts';
import { inTransaction, ts, type Queryable } from './sql.ts';

export type Transition = {
  workspaceId: number;
  nudgeId: number;
  action: NudgeAction;
  actorUserId: string;
  dedupeKey: string;
  now: Date;
  snoozedUntil?: Date;
  reason?: string | null;
  detail?: Record<string, unknown>;
};

export type TransitionResult =
  | { result: 'changed'; status: string }
  | { result: 'duplicate' }
  | { result: 'stale'; status: string | null };

// Fixed SQL per action over the typed parameters in p (never user text in the SQL string).
const SET: Record<NudgeAction, string> = {
  claim: 'claimed_by_id = p.member, claimed_at = p.now',
  release: 'claimed_by_id = null, claimed_at = null',
  done: 'done_at = p.now, claimed_by_id = coalesce(n.claimed_by_id, p.member)',
  snooze: 'snoozed_until = p.until, snooze_reason = p.reason',
  dismiss: 'dismissed_reason = p.reason',
};

/** The member row of a Slack user (created on first action), for claimed_by_id. */
async function memberId(db: Queryable, workspaceId: number, slackUserId: string): Promise<number> {
  const { rows } = await db.query(
    `insert into member (workspace_id, slack_user_id) values ($1, $2)
     on conflict (workspace_id, slack_user_id) do update set slack_user_id = excluded.slack_user_id
     returning id`,
    [workspaceId, slackUserId],
  );
  return rows[0].id;
}

class Rollback extends Error {
  constructor(readonly outcome: TransitionResult) {
    super('rollback');
  }
}

export async function applyTransition(pool: pg.Pool, t: Transition): Promise<TransitionResult> {
  try {
    return await inTransaction(pool, async (client) => {
      const target = TARGET[t.action];
      // The event first: a concurrent duplicate waits on the unique key, then finds it taken.
      const event = await client.query(
        `insert into nudge_event (workspace_id, nudge_id, actor_user_id, action, detail, dedupe_key, created_at)
         select $1, n.id, $3, $4, $5::jsonb, $6, $7::timestamp from nudge n where n.workspace_id = $1 and n.id = $2
         on conflict (workspace_id, dedupe_key) do nothing
         returning id`,
        [t.workspaceId, t.nudgeId, t.actorUserId, target, JSON.stringify(t.detail ?? {}), t.dedupeKey, ts(t.now)],
      );
      if (event.rowCount === 0) {
        const exists = await client.query('select 1 from nudge where workspace_id = $1 and id = $2', [t.workspaceId, t.nudgeId]);
        throw new Rollback(exists.rowCount ? { result: 'duplicate' } : { result: 'stale', status: null });
      }
      const member = await memberId(client, t.workspaceId, t.actorUserId);
      const updated = await client.query(
        `update nudge n set status = '${target}', updated_at = p.now, ${SET[t.action]}
         from (select $3::timestamp as now, $4::int as member, $5::timestamp as until, $6::text as reason) p
         where n.workspace_id = $1 and n.id = $2 and n.status = any($7::nudge_status[])
         returning n.status`,
        [t.workspaceId, t.nudgeId, ts(t.now), member, t.snoozedUntil ? ts(t.snoozedUntil) : null, t.reason ?? null, ALLOWED_FROM[t.action]],
      );
      if (updated.rowCount === 0) {
        const cur = await client.query('select status from nudge where workspace_id = $1 and id = $2', [t.workspaceId, t.nudgeId]);
        throw new Rollback({ result: 'stale', status: cur.rows[0]?.status ?? null });
      }
      return { result: 'changed', status: updated.rows[0].status } as const;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome;
    throw err;
  }
}

/** The nudge a message shows, by where the message is. */
export async function findNudgeByMessage(db: Queryable, workspaceId: number, channel: string, messageTs: string): Promise<number | null> {
  const { rows } = await db.query(
    'select id from nudge where workspace_id = $1 and channel_id = $2 and message_ts = $3 limit 1',
    [workspaceId, channel, messageTs],
  );
  return rows[0]?.id ?? null;
}

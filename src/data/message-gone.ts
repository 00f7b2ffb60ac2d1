// A posted nudge message that is gone from Slack (someone deleted it, or chat.update answered
// message_not_found): the rows that pointed at it stop pointing. The nudge keeps its status
// (App Home and /nudges still list it, their buttons still work); its delivery becomes
// `failed` with the reason, and message_ts is cleared, so nothing redraws it (every redraw and
// refresh_due_at reads message_ts), the sweep does not raise it to managers as sitting "in the
// channel" (escalateUnclaimed reads only `posted`), and delivery does not post it again (a
// `failed` delivery is final; a snooze's wake posts it anew). One statement, conditional on the
// message still being the one recorded: a Slack retry of the same deletion changes nothing.
import { ts, type Queryable } from './sql.ts';

export type GoneCounts = { groups: number; nudges: number };

/**
 * Marks the message (channel, messageTs) of this workspace gone, on the grouped message it
 * was (nudge_group) and on every nudge shown in it; `reason` is kept as delivery_error.
 * A nudge of that group that moved to a message of its own keeps it.
 */
export async function markMessageGone(db: Queryable, workspaceId: number, channel: string, messageTs: string, reason: string, now: Date): Promise<GoneCounts> {
  const { rows } = await db.query<{ groups: number; nudges: number }>(
    `with g as (
       update nudge_group set delivery_state = 'failed', delivery_error = $4, message_ts = null, updated_at = $5::timestamp
       where workspace_id = $1 and channel_id = $2 and message_ts = $3 and delivery_state = 'posted'
       returning id
     ), n as (
       update nudge set delivery_state = 'failed', delivery_error = $4, message_ts = null, refresh_due_at = null, updated_at = $5::timestamp
       where workspace_id = $1 and channel_id = $2 and message_ts = $3 and delivery_state = 'posted'
       returning id
     )
     select (select count(*)::int from g) as groups, (select count(*)::int from n) as nudges`,
    [workspaceId, channel, messageTs, reason.slice(0, 200), ts(now)],
  );
  return { groups: rows[0]?.groups ?? 0, nudges: rows[0]?.nudges ?? 0 };
}

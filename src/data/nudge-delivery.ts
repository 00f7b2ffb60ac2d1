// The rows behind delivering a nudge: where it goes, the intent → posted state machine,
// and the targets Slack refused for good. Every statement is scoped by workspace_id and
// changes state only from the state it expects, so a job that runs twice changes nothing twice.
import type { DeliveryMode, DeliveryState } from '../domain/vocabulary.ts';
import { notDepartedSql } from './members.ts';
import type { Queryable } from './sql.ts';
import { ts } from './sql.ts';

export type DeliveryRow = {
  status: string;
  deliveryState: DeliveryState;
  channelId: string | null;
  messageTs: string | null;
  deliveryMode: DeliveryMode;
  nudgeChannelId: string | null;
  ownerSlackUserId: string | null;
  /** how many times a snooze woke this nudge: each wake posts a new message */
  generation: number;
  /** the grouped message it was released in (grouped delivery) */
  groupId: number | null;
  /** that grouped message's delivery state (null without a group) */
  groupState: DeliveryState | null;
};

export async function loadDelivery(db: Queryable, workspaceId: number, nudgeId: number): Promise<DeliveryRow | null> {
  const { rows } = await db.query(
    `select n.status, n.delivery_state, n.channel_id, n.message_ts, n.group_id, g.delivery_state as group_state,
            w.delivery_mode, w.nudge_channel_id, m.slack_user_id as owner,
            (select count(*)::int from nudge_event e where e.workspace_id = n.workspace_id and e.nudge_id = n.id and e.action = 'woke') as generation
     from nudge n
     join workspace w on w.id = n.workspace_id
     join account a on a.id = n.account_id and a.workspace_id = n.workspace_id
     left join member m on m.id = a.owner_id and m.workspace_id = n.workspace_id
     left join nudge_group g on g.id = n.group_id and g.workspace_id = n.workspace_id
     where n.workspace_id = $1 and n.id = $2`,
    [workspaceId, nudgeId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    status: r.status,
    deliveryState: r.delivery_state,
    channelId: r.channel_id,
    messageTs: r.message_ts,
    deliveryMode: r.delivery_mode,
    nudgeChannelId: r.nudge_channel_id,
    ownerSlackUserId: r.owner,
    generation: r.generation,
    groupId: r.group_id,
    groupState: r.group_state,
  };
}

/** The block on this channel or on the whole workspace ('*'), if Slack refused either for good. */
export async function activeBlock(db: Queryable, workspaceId: number, channel: string | null): Promise<{ target: string; error: string } | null> {
  const { rows } = await db.query(
    `select target, error from delivery_block
     where workspace_id = $1 and cleared_at is null and (target = '*' or target = $2)
     order by target = '*' desc limit 1`,
    [workspaceId, channel ?? '*'],
  );
  return rows[0] ?? null;
}

// ---- the intent → posted machine, on one nudge or on a grouped message (nudge_group) --------

/** Which row a post moves; the table name comes from this closed set, never from input. */
const POST_TABLE = { nudge: 'nudge', group: 'nudge_group' } as const;
export type PostKind = keyof typeof POST_TABLE;

/**
 * Records the intent to post (pending → posting, or posting again after a crash or an
 * ambiguous error) on an open nudge or on a group. Returns the state it found, so a retry of
 * `posting` knows it must look for an earlier post before posting again; null when there is
 * nothing to deliver (already posted, failed, or a nudge no longer open).
 */
export async function claimPosting(
  db: Queryable, kind: PostKind, workspaceId: number, id: number, channel: string, now: Date,
): Promise<{ prior: Extract<DeliveryState, 'pending' | 'posting'>; channel: string } | null> {
  const table = POST_TABLE[kind];
  // a group is posted whatever its nudges became since; a nudge only while it is open
  const open = kind === 'nudge' ? "and status in ('open', 'claimed')" : '';
  const { rows } = await db.query(
    `with prev as (
       select id, delivery_state from ${table}
       where workspace_id = $1 and id = $2 ${open} and delivery_state in ('pending', 'posting')
       for update
     )
     update ${table} r set delivery_state = 'posting', updated_at = $4::timestamp,
       -- a retry reconciles in the channel it first tried, even if settings changed since
       channel_id = case when prev.delivery_state = 'posting' and r.channel_id is not null then r.channel_id else $3 end
     from prev where r.id = prev.id and r.workspace_id = $1
     returning prev.delivery_state as prior, r.channel_id as channel`,
    [workspaceId, id, channel, ts(now)],
  );
  return rows[0] ? { prior: rows[0].prior, channel: rows[0].channel } : null;
}

/** Posted: a group's nudges that were waiting on it point at its message too. */
export async function markPosted(db: Queryable, kind: PostKind, workspaceId: number, id: number, channel: string, messageTs: string, now: Date): Promise<boolean> {
  const set = "set delivery_state = 'posted', channel_id = $3, message_ts = $4, delivery_error = null, updated_at = $5::timestamp";
  const params = [workspaceId, id, channel, messageTs, ts(now)];
  const row = `update ${POST_TABLE[kind]} ${set} where workspace_id = $1 and id = $2 and delivery_state = 'posting'`;
  const res = await db.query(kind === 'group' ? withGroupNudges(row, set, "('pending', 'posting')") : `${row} returning 1`, params);
  return (res.rowCount ?? 0) > 0;
}

/** Slack refused before posting (429): nothing was posted, so the next try needs no reconciliation. */
export async function releasePosting(db: Queryable, kind: PostKind, workspaceId: number, id: number, now: Date): Promise<void> {
  await db.query(
    `update ${POST_TABLE[kind]} set delivery_state = 'pending', updated_at = $3::timestamp
     where workspace_id = $1 and id = $2 and delivery_state = 'posting'`,
    [workspaceId, id, ts(now)],
  );
}

/** Failed: a group's waiting nudges fail alike (they stay open, on /nudges). */
export async function markFailed(db: Queryable, kind: PostKind, workspaceId: number, id: number, error: string, now: Date): Promise<void> {
  const set = "set delivery_state = 'failed', delivery_error = $3, updated_at = $4::timestamp";
  const params = [workspaceId, id, error.slice(0, 200), ts(now)];
  const row = `update ${POST_TABLE[kind]} ${set} where workspace_id = $1 and id = $2 and delivery_state in ('pending', 'posting')`;
  await db.query(kind === 'group' ? withGroupNudges(row, set, "('pending', 'posting')") : row, params);
}

/**
 * One statement that moves a group row and, only when it did move, its waiting nudges too:
 * two statements would let a crash or a racing job leave them apart. Returns one row per
 * group row changed (so rowCount says whether the group moved).
 */
function withGroupNudges(groupUpdate: string, set: string, waiting: string): string {
  return `with g as (${groupUpdate} returning id),
     n as (update nudge ${set} where workspace_id = $1 and group_id in (select id from g) and delivery_state in ${waiting})
   select 1 from g`;
}


/**
 * Records that Slack refused a target for good and claims the right to tell the managers:
 * true exactly once per block, however many deliveries hit it at once.
 */
export async function recordBlockAndClaimNotice(db: Queryable, workspaceId: number, target: string, error: string, now: Date): Promise<boolean> {
  await db.query(
    `insert into delivery_block (workspace_id, target, error, created_at) values ($1, $2, $3, $4::timestamp)
     on conflict (workspace_id, target) do update set error = excluded.error, cleared_at = null,
       created_at = case when delivery_block.cleared_at is null then delivery_block.created_at else excluded.created_at end,
       notified_at = case when delivery_block.cleared_at is null then delivery_block.notified_at else null end`,
    [workspaceId, target, error, ts(now)],
  );
  const claimed = await db.query(
    `update delivery_block set notified_at = $3::timestamp
     where workspace_id = $1 and target = $2 and notified_at is null and cleared_at is null`,
    [workspaceId, target, ts(now)],
  );
  return (claimed.rowCount ?? 0) > 0;
}

/**
 * Slack takes the target again: the bot joined the channel, or the workspace was installed again
 * ('*'); or the hold Tend set itself ends (`only` SHARED_OUT_BLOCK: a manager kept the channel,
 * or it is no longer shared; an invite lifts all `except` it). The block lifts; a later refusal
 * records (and tells) anew. Returns whether one was lifted.
 */
export async function liftBlock(
  db: Queryable, workspaceId: number, target: string, now: Date, error: { only?: string; except?: string } = {},
): Promise<boolean> {
  const res = await db.query(
    `update delivery_block set cleared_at = $3::timestamp where workspace_id = $1 and target = $2 and cleared_at is null
       and ($4::text is null or error = $4) and ($5::text is null or error <> $5)`,
    [workspaceId, target, ts(now), error.only ?? null, error.except ?? null],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Telling the managers failed: let the next refused delivery try again. */
export async function releaseNotice(db: Queryable, workspaceId: number, target: string): Promise<void> {
  await db.query('update delivery_block set notified_at = null where workspace_id = $1 and target = $2', [workspaceId, target]);
}

export async function managerSlackIds(db: Queryable, workspaceId: number): Promise<string[]> {
  const { rows } = await db.query(
    // managers, and whoever the workspace sends its digest to, unless they have left Slack since
    `select slack_user_id from member where workspace_id = $1 and role = 'manager'
     union
     select x.u from workspace w cross join unnest(w.digest_user_ids) x(u) where w.id = $1 and ${notDepartedSql('$1', 'x.u')}
     limit 50`,
    [workspaceId],
  );
  return rows.map((r: { slack_user_id: string }) => r.slack_user_id);
}

/** Where the message of the snooze a nudge last woke from was posted, if it was. */
export async function snoozedPost(db: Queryable, workspaceId: number, nudgeId: number): Promise<{ channel: string; ts: string } | null> {
  const { rows } = await db.query<{ channel: string | null; ts: string | null }>(
    `select detail->>'channel' as channel, detail->>'ts' as ts from nudge_event
     where workspace_id = $1 and nudge_id = $2 and action = 'woke' order by id desc limit 1`,
    [workspaceId, nudgeId],
  );
  const r = rows[0];
  return r?.channel && r.ts ? { channel: r.channel, ts: r.ts } : null;
}

// ---- grouped messages: the row behind one, and the nudges it lists -----------------------

export type GroupRow = {
  deliveryState: DeliveryState;
  channelId: string | null;
  messageTs: string | null;
  localDay: string;
  deliveryMode: DeliveryMode;
  nudgeChannelId: string | null;
  /** the rep the group is for; null for the team's unassigned nudges */
  repSlackUserId: string | null;
};

export async function loadGroup(db: Queryable, workspaceId: number, groupId: number): Promise<GroupRow | null> {
  const { rows } = await db.query(
    `select g.delivery_state, g.channel_id, g.message_ts, g.local_day, w.delivery_mode, w.nudge_channel_id, m.slack_user_id as rep
     from nudge_group g
     join workspace w on w.id = g.workspace_id
     left join member m on m.id = g.assignee_key and m.workspace_id = g.workspace_id
     where g.workspace_id = $1 and g.id = $2`,
    [workspaceId, groupId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    deliveryState: r.delivery_state, channelId: r.channel_id, messageTs: r.message_ts, localDay: r.local_day,
    deliveryMode: r.delivery_mode, nudgeChannelId: r.nudge_channel_id, repSlackUserId: r.rep,
  };
}

/** The group's nudges, highest priority first: what its message lists. */
export async function groupNudgeIds(db: Queryable, workspaceId: number, groupId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'select id from nudge where workspace_id = $1 and group_id = $2 order by priority desc, id',
    [workspaceId, groupId],
  );
  return rows.map((r) => r.id);
}

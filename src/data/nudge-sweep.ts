// The minute sweep's set-based statements, one workspace at a time: wake snoozed nudges,
// find deliveries that lost their job, raise unclaimed nudges once, and mark cross-sell wins.
import type pg from 'pg';
import { TARGET } from '../domain/nudge-state.ts';
import type { NudgeKind } from '../domain/vocabulary.ts';
import { workDaysOf, type Weekday } from '../domain/working-days.ts';
import { inTransaction, ts, type Queryable } from './sql.ts';

export type Redelivery = { nudgeId: number; generation: number };

const GENERATION = `(select count(*)::int from nudge_event e where e.workspace_id = n.workspace_id and e.nudge_id = n.id and e.action = 'woke')`;

/** The timezone a snoozed nudge wakes in: its assignee's, else the workspace's (as a release reads it). */
const WAKE_ZONE = `coalesce(m.timezone, w.timezone)`;
const WITH_ZONE = `from nudge n join workspace w on w.id = n.workspace_id
       left join member m on m.id = n.assignee_id and m.workspace_id = n.workspace_id`;
const RAN_OUT = `${WITH_ZONE} where n.workspace_id = $1 and n.status = 'snoozed' and n.snoozed_until <= $2::timestamp`;

/** The timezone a snooze of this nudge ends and wakes in (WAKE_ZONE); null when there is no such nudge. */
export async function wakeZoneOf(db: Queryable, workspaceId: number, nudgeId: number): Promise<string | null> {
  const { rows } = await db.query<{ timezone: string }>(
    `select ${WAKE_ZONE} as timezone ${WITH_ZONE} where n.workspace_id = $1 and n.id = $2`,
    [workspaceId, nudgeId],
  );
  return rows[0]?.timezone ?? null;
}

/**
 * Snoozes that have run out: back to open (or claimed, if it was when snoozed), to be posted
 * anew (a new generation, so the new post has its own metadata key and job id), once
 * `inWorkingHours` says so for the timezone of the nudge's assignee (else the workspace's): a
 * snooze that ran out overnight or on a day off comes back in their next working morning. The
 * 'woke' event is the generation counter; its
 * key (nudge + the snooze's end) makes a second sweep of the same minute a no-op.
 * The sweep runs every minute: the snoozes that wait for a working morning are read as their
 * few timezones (the index on status and snoozed_until), not locked or returned one by one, so
 * a weekend's backlog costs each sweep one small read.
 */
export async function wakeSnoozed(pool: pg.Pool, workspaceId: number, now: Date, inWorkingHours: (timeZone: string) => boolean): Promise<Redelivery[]> {
  const zones = await pool.query<{ timezone: string }>(`select distinct ${WAKE_ZONE} as timezone ${RAN_OUT}`, [workspaceId, ts(now)]);
  const awake = zones.rows.map((r) => r.timezone).filter((tz) => inWorkingHours(tz));
  if (awake.length === 0) return [];
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `with due as (
         select n.id, n.snoozed_until ${RAN_OUT} and ${WAKE_ZONE} = any($3::text[])
         for update of n skip locked
       ), woke as (
         -- a claim snoozed is its claimer's still: it comes back claimed (never raised as unclaimed,
         -- nor free for a teammate to put away), as an unclaimed one comes back open
         update nudge n set status = case when n.claimed_by_id is not null then 'claimed'::nudge_status else 'open'::nudge_status end,
                            snoozed_until = null, delivery_state = 'pending', delivery_error = null,
                            escalated_at = null, released_at = $2::timestamp, updated_at = $2::timestamp,
                            -- the release the team first saw it in stays (wins count from it: markWins)
                            first_released_at = coalesce(n.first_released_at, n.released_at)
         from due where n.id = due.id and n.workspace_id = $1
         returning n.id, due.snoozed_until, n.channel_id, n.message_ts
       )
       -- the event keeps where the snoozed message was, so the repost can retire it
       insert into nudge_event (workspace_id, nudge_id, action, detail, dedupe_key, created_at)
       select $1, id, 'woke', jsonb_strip_nulls(jsonb_build_object('channel', channel_id, 'ts', message_ts)),
              'wake:' || id || ':' || (extract(epoch from snoozed_until) * 1000)::bigint, $2::timestamp from woke
       on conflict (workspace_id, dedupe_key) do nothing
       returning nudge_id`,
      [workspaceId, ts(now), awake],
    );
    if (rows.length === 0) return [];
    const gens = await client.query(
      `select n.id, ${GENERATION} as generation from nudge n where n.workspace_id = $1 and n.id = any($2::int[])`,
      [workspaceId, rows.map((r: { nudge_id: number }) => r.nudge_id)],
    );
    return gens.rows.map((r: { id: number; generation: number }) => ({ nudgeId: r.id, generation: r.generation }));
  });
}

/**
 * Released nudges still waiting to be posted a while after their last change: their job was
 * lost (a crash between the write and the enqueue). Re-enqueuing is harmless: job ids dedupe
 * and the delivery itself is idempotent.
 */
export async function stuckDeliveries(db: Queryable, workspaceId: number, now: Date, olderThanMs: number): Promise<Redelivery[]> {
  const { rows } = await db.query(
    `select n.id, ${GENERATION} as generation from nudge n
     where n.workspace_id = $1 and n.status in ('open', 'claimed') and n.delivery_state in ('pending', 'posting')
       and n.released_at is not null and n.updated_at <= $2::timestamp
       -- a nudge waiting on its grouped message is the group's job (pendingGroups re-queues it):
       -- a job per nudge would post the one group several times over
       and not exists (select 1 from nudge_group g
                       where g.workspace_id = n.workspace_id and g.id = n.group_id and g.delivery_state <> 'posted')
     order by n.id limit 1000`,
    [workspaceId, ts(new Date(now.getTime() - olderThanMs))],
  );
  return rows.map((r: { id: number; generation: number }) => ({ nudgeId: r.id, generation: r.generation }));
}

export type Escalated = { nudgeId: number; accountName: string; kind: NudgeKind; valueAtStakeCents: number; channelId: string | null; ownerSlackUserId: string | null };

/**
 * Posted nudges nobody claimed since `releasedBy` (the workspace's hours ago, counted in working
 * time: domain/working-days.ts workingHoursBefore): marked escalated, once. A claim handed back
 * (its claimer's or a manager's Release, the claimer leaving Slack: an 'open' event) starts the
 * wait again: the team gets the same hours to take it up before managers hear of it.
 */
export async function escalateUnclaimed(db: Queryable, workspaceId: number, releasedBy: Date, now: Date): Promise<Escalated[]> {
  const { rows } = await db.query(
    `update nudge n set escalated_at = $2::timestamp
     from account a left join member m on m.id = a.owner_id and m.workspace_id = a.workspace_id
     where n.workspace_id = $1 and a.id = n.account_id and a.workspace_id = $1
       and n.status = 'open' and n.delivery_state = 'posted' and n.escalated_at is null
       and coalesce(n.released_at, n.created_at) <= $3::timestamp
       and not exists (select 1 from nudge_event e where e.workspace_id = $1 and e.nudge_id = n.id
                         and e.action = '${TARGET.release}' and e.created_at > $3::timestamp)
     returning n.id, a.name, n.kind, n.value_at_stake_cents::float8 as value, n.channel_id, m.slack_user_id as owner`,
    [workspaceId, ts(now), ts(releasedBy)],
  );
  return rows.map((r: Record<string, unknown>) => ({
    nudgeId: r.id as number,
    accountName: r.name as string,
    kind: r.kind as NudgeKind,
    valueAtStakeCents: Number(r.value),
    channelId: r.channel_id as string | null,
    ownerSlackUserId: r.owner as string | null,
  }));
}

/**
 * When the team first saw nudge `n`: its first release (a wake moves released_at, not this).
 * A row is queued days before its release, and what the account bought before it was shown is
 * no win of the nudge's. A nudge from before releases were recorded counts from its creation.
 */
const SEEN = (n: string) => `coalesce(${n}.first_released_at, ${n}.released_at, ${n}.created_at)`;

/**
 * Done cross-sell nudges whose account started a product it did not hold when the team first
 * saw the nudge (SEEN; the suggested one preferred) no later than the win window after done:
 * outcome won, valued at that holding's MRR. One purchase is one win: a holding another nudge
 * won is not counted again, and of two nudges wanting one holding the one that suggested its
 * product wins it (else the earlier done); the other may win another holding at a later sweep.
 */
export async function markWins(db: Queryable, workspaceId: number, windowDays: number, now: Date): Promise<number[]> {
  // two sweeps overlapping (a retry running into the next minute) may pick one holding for two
  // nudges: the unique key refuses the second, and the next sweep looks again
  const res = await db.query(
    `with wants as (
       select distinct on (n.id) n.id, n.done_at, h.id as holding_id, h.mrr_cents, (h.product_id = n.suggested_product_id) as suggested
       from nudge n
       join holding h on h.workspace_id = n.workspace_id and h.account_id = n.account_id
       where n.workspace_id = $1 and n.kind = 'cross_sell' and n.status = 'done' and n.outcome is null
         and h.started_at >= ${SEEN('n')} and h.started_at <= n.done_at + make_interval(days => $2)
         and h.started_at <= $3::timestamp
         and not exists (
           select 1 from holding old
           where old.workspace_id = $1 and old.account_id = n.account_id and old.product_id = h.product_id
             and old.started_at < ${SEEN('n')} and (old.ended_at is null or old.ended_at > ${SEEN('n')}))
         and not exists (select 1 from nudge w where w.workspace_id = $1 and w.won_holding_id = h.id)
       order by n.id, (h.product_id = n.suggested_product_id) desc, h.started_at, h.id
     ),
     wins as (
       select distinct on (holding_id) id, holding_id, mrr_cents from wants
       order by holding_id, suggested desc, done_at, id
     )
     update nudge n set outcome = 'won', outcome_value_cents = wins.mrr_cents, won_holding_id = wins.holding_id,
       outcome_at = $3::timestamp, updated_at = $3::timestamp
     -- re-checked on the row: an Undo that committed while this waited on its lock leaves it alone
     from wins where n.id = wins.id and n.workspace_id = $1 and n.status = 'done' and n.outcome is null
     returning n.id`,
    [workspaceId, windowDays, ts(now)],
  ).catch((err: { code?: string }) => {
    if (err.code === '23505') return { rows: [] as { id: number }[] };
    throw err;
  });
  return res.rows.map((r: { id: number }) => r.id);
}

export type SweepWorkspace = { id: number; escalateAfterHours: number; winWindowDays: number; timezone: string; workDays: Weekday[] };

/** The ids of the workspaces a sweep tick fans out to. */
export async function activeWorkspaceIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`select id from workspace where status = 'active' order by id`);
  return rows.map((r) => r.id);
}

/** One workspace's sweep settings, or null when it is gone or no longer active. */
export async function sweepWorkspace(db: Queryable, workspaceId: number): Promise<SweepWorkspace | null> {
  const { rows } = await db.query<{ id: number; escalate_after_hours: number; win_window_days: number; timezone: string; work_days: unknown }>(
    `select id, escalate_after_hours, win_window_days, timezone, work_days from workspace where id = $1 and status = 'active'`, [workspaceId],
  );
  const r = rows[0];
  return r
    ? { id: r.id, escalateAfterHours: r.escalate_after_hours, winWindowDays: r.win_window_days, timezone: r.timezone, workDays: workDaysOf(r.work_days) }
    : null;
}

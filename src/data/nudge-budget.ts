// The daily budget, set-based: per assignee (the account's owner; unassigned nudges share
// one team budget), the highest-priority queued nudges move to open until that assignee has
// `budget` released today, at most one per account a day. The rule is domain/budget.ts
// allocateBudget (its one home); this is it set-based, with the budget as a parameter, and
// test/integration/scan/budget-release.test.ts checks both give the same release.
import type pg from 'pg';
import { releasableSql } from './attention-sql.ts';
import { inTransaction, ts } from './sql.ts';

// Which queued nudges may be released: none of an account someone holds a nudge of
// (snoozed, claimed, dismissed recently: domain/attention.ts, its SQL in attention-sql.ts).
const RELEASABLE = releasableSql('n', '$4::timestamp');

// What each assignee already has today: how many released, and for which accounts.
const TODAY = `today as (
  select coalesce(assignee_id, 0) as who, count(*) as n, array_agg(distinct account_id) as accounts
  from nudge where workspace_id = $1 and released_at >= $3::timestamp group by 1
)`;

// The release itself, from a CTE `pick(id)` of the nudges to open.
const RELEASE = `update nudge n set status = 'open', released_at = $4::timestamp, updated_at = $4::timestamp
  from pick where n.id = pick.id and n.workspace_id = $1 and n.status = 'queued'
  returning n.id`;

/**
 * The exact rule over every queued nudge: each account's best queued nudge, minus accounts
 * already released to that assignee today, ranked per assignee. Sorts all queued nudges of
 * the workspace, so it is the fallback.
 */
const EVERY_QUEUED = `with ${TODAY},
  best_per_account as (
    select distinct on (account_id) id, account_id, coalesce(assignee_id, 0) as who, priority
    from nudge n where workspace_id = $1 and status = 'queued' and ${RELEASABLE}
    order by account_id, priority desc, id
  ),
  ranked as (
    select b.id, b.who, row_number() over (partition by b.who order by b.priority desc, b.id) as rn
    from best_per_account b left join today t on t.who = b.who
    where t.accounts is null or not (b.account_id = any(t.accounts))
  ),
  pick as (select r.id from ranked r left join today t on t.who = r.who where r.rn <= $2 - coalesce(t.n, 0))
  ${RELEASE}`;

/**
 * The same rule read from the top of each assignee's queue only (an index range scan per
 * member, `$5` rows each), not from every queued nudge. Walking an assignee's queue in
 * priority order, an account's first nudge is its best one, so the picks are those of the
 * full rule whenever the rows read hold enough eligible accounts, or were all there was.
 * `unsure` says some assignee's top rows ran out before that: then the caller uses the full rule.
 */
const TOP_OF_QUEUES = `with ${TODAY},
  -- each member's queue and the team's (unassigned) queue, top rows first off the index
  top as (
    select m.id as who, q.id, q.account_id, q.priority
    from member m
    cross join lateral (
      select n.id, n.account_id, n.priority from nudge n
      where n.workspace_id = $1 and n.assignee_id = m.id and n.status = 'queued' and ${RELEASABLE}
      order by n.priority desc, n.id limit $5
    ) q
    where m.workspace_id = $1
    union all
    select 0, q.id, q.account_id, q.priority from (
      select n.id, n.account_id, n.priority from nudge n
      where n.workspace_id = $1 and n.assignee_id is null and n.status = 'queued' and ${RELEASABLE}
      order by n.priority desc, n.id limit $5
    ) q
  ),
  counted as (select t.*, count(*) over (partition by t.who) as rows_read from top t),
  firsts as (
    select distinct on (t.who, t.account_id) t.who, t.id, t.account_id, t.priority
    from counted t
    order by t.who, t.account_id, t.priority desc, t.id
  ),
  ranked as (
    select f.id, f.who, row_number() over (partition by f.who order by f.priority desc, f.id) as rn
    from firsts f left join today t on t.who = f.who
    where t.accounts is null or not (f.account_id = any(t.accounts))
  ),
  eligible as (select who, count(*) as n from ranked group by who),
  -- per assignee with queued nudges: rows read, room left today, eligible accounts among them
  per_who as (
    select c.who, max(c.rows_read) as rows_read, $2 - coalesce(max(t.n), 0) as room, coalesce(max(e.n), 0) as eligible
    from counted c left join today t on t.who = c.who left join eligible e on e.who = c.who
    group by c.who
  ),
  unsure as (select exists (select 1 from per_who where eligible < room and rows_read >= $5) as v),
  pick as (
    select r.id from ranked r join per_who p on p.who = r.who
    where r.rn <= p.room and not (select v from unsure)
  ),
  released as (${RELEASE})
  select (select v from unsure) as unsure,
         coalesce((select array_agg(id) from released), '{}') as ids`;

/**
 * Releases today's nudges; safe to run any number of times (what was released since the
 * local day began counts against the budget). Serialised per workspace by an advisory lock.
 * Returns the ids released by this call.
 */
export async function releaseBudget(
  pool: pg.Pool, workspaceId: number, budget: number, dayStart: Date, now: Date,
): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1, $2)', [0x7e4d, workspaceId]);
    // an account has at most a few queued nudges (one per kind), so 8 rows per budget slot,
    // plus slack for accounts already released today, nearly always settle it
    const rowsPerAssignee = budget * 8 + 64;
    const fast = await client.query<{ unsure: boolean; ids: number[] }>(TOP_OF_QUEUES, [workspaceId, budget, ts(dayStart), ts(now), rowsPerAssignee]);
    let ids = fast.rows[0]!.ids;
    if (fast.rows[0]!.unsure) {
      const res = await client.query<{ id: number }>(EVERY_QUEUED, [workspaceId, budget, ts(dayStart), ts(now)]);
      ids = res.rows.map((r) => r.id);
    }
    return [...ids].sort((a, b) => a - b);
  });
}

/** Open nudges released since dayStart and not yet posted: what the deliver queue must hold. */
export async function pendingDeliveries(pool: pg.Pool, workspaceId: number, dayStart: Date): Promise<number[]> {
  const res = await pool.query<{ id: number }>(
    `select id from nudge where workspace_id = $1 and status = 'open' and released_at >= $2::timestamp
       and delivery_state = 'pending' order by id`,
    [workspaceId, ts(dayStart)],
  );
  return res.rows.map((r) => r.id);
}

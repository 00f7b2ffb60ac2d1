// The daily budget, set-based: per assignee (the account's owner; unassigned nudges share
// one team budget), the highest-priority queued nudges move to open until that assignee has
// `budget` released today, at most one per account a day, equal priorities in account order. The rule is domain/budget.ts
// allocateBudget (its one home); this is it set-based, with the budget as a parameter, and
// test/integration/scan/budget-release.test.ts checks both give the same release.
import type pg from 'pg';
import { releasableSql } from './attention-sql.ts';
import { inTransaction, ts } from './sql.ts';
import { workDaysOf, type Weekday } from '../domain/working-days.ts';
import { RELEASE_MIN_GAP_HOURS, oldestStandingDay, releaseDayKeys } from '../domain/release.ts';

// Which queued nudges may be released: none of an account someone holds a nudge of
// (snoozed, claimed, dismissed recently: domain/attention.ts, its SQL in attention-sql.ts).
const RELEASABLE = releasableSql('n', '$4::timestamp');

// What each assignee already has today: how many released, and for which accounts.
const TODAY = `today as (
  select coalesce(assignee_id, 0) as who, count(*) as n, array_agg(distinct account_id) as accounts
  from nudge where workspace_id = $1 and released_at >= $3::timestamp group by 1
)`;

// The release itself, from a CTE `pick(id)` of the nudges to open.
// by primary key (an id array): a join on pick let a planner with stale statistics on a freshly
// written nudge table walk every queued row once per pick (1.5 s for 960 picks at 13k queued)
const RELEASE = `update nudge n set status = 'open', released_at = $4::timestamp, updated_at = $4::timestamp
  where n.id = any(array(select id from pick)) and n.workspace_id = $1 and n.status = 'queued'
  returning n.id`;

/**
 * The exact rule, as CTEs ending in `pick(id)`, over the queued nudges `scope` (our own SQL,
 * never input) admits: each account's best queued nudge, minus accounts already released to
 * that assignee today, ranked per assignee. Over every queued nudge of the workspace it sorts
 * them all, so it is the fallback.
 */
const budgetPicks = (scope: string) => `with ${TODAY},
  best_per_account as (
    select distinct on (account_id) id, account_id, coalesce(assignee_id, 0) as who, priority
    from nudge n where workspace_id = $1 and status = 'queued' ${scope} and ${RELEASABLE}
    order by account_id, priority desc, id
  ),
  ranked as (
    select b.id, b.who, row_number() over (partition by b.who order by b.priority desc, b.account_id, b.id) as rn
    from best_per_account b left join today t on t.who = b.who
    where t.accounts is null or not (b.account_id = any(t.accounts))
  ),
  pick as (select r.id from ranked r left join today t on t.who = r.who where r.rn <= $2 - coalesce(t.n, 0))`;

const EVERY_QUEUED = `${budgetPicks('')}
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
      order by n.priority desc, n.account_id, n.id limit $5
    ) q
    where m.workspace_id = $1
    union all
    -- every index column in the order (assignee_id all null, status one value): IS NULL does not
    -- fix a column for the planner, so only this reads the team's queue off the index
    select 0, q.id, q.account_id, q.priority from (
      select n.id, n.account_id, n.priority from nudge n
      where n.workspace_id = $1 and n.assignee_id is null and n.status = 'queued' and ${RELEASABLE}
      order by n.assignee_id, n.status, n.priority desc, n.account_id, n.id limit $5
    ) q
  ),
  counted as (select t.*, count(*) over (partition by t.who) as rows_read from top t),
  firsts as (
    select distinct on (t.who, t.account_id) t.who, t.id, t.account_id, t.priority
    from counted t
    order by t.who, t.account_id, t.priority desc, t.id
  ),
  ranked as (
    select f.id, f.who, row_number() over (partition by f.who order by f.priority desc, f.account_id, f.id) as rn
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

/**
 * Open nudges released since dayStart and not yet posted, one message each: what the deliver
 * queue must hold. A grouped message's nudges are its group's job (pendingGroups).
 */
export async function pendingDeliveries(pool: pg.Pool, workspaceId: number, dayStart: Date): Promise<number[]> {
  const res = await pool.query<{ id: number }>(
    // claimed too: a claimed nudge back from its snooze is posted anew (data/nudge-sweep.ts wakeSnoozed)
    `select id from nudge where workspace_id = $1 and status in ('open', 'claimed') and released_at >= $2::timestamp
       and delivery_state = 'pending' and group_id is null order by id`,
    [workspaceId, ts(dayStart)],
  );
  return res.rows.map((r) => r.id);
}

// ---- grouped delivery: per-rep release at their local morning -------------------------

/** Each assignee with queued nudges (0: the team's unassigned), and the timezone their day runs in. */
export async function queuedAssignees(pool: pg.Pool, workspaceId: number): Promise<{ who: number; timezone: string }[]> {
  const { rows } = await pool.query<{ who: number; timezone: string }>(
    // an index probe per member, not a pass over every queued nudge
    `select m.id as who, coalesce(m.timezone, w.timezone) as timezone
       from member m join workspace w on w.id = m.workspace_id
      where m.workspace_id = $1
        and exists (select 1 from nudge n where n.workspace_id = $1 and n.assignee_id = m.id and n.status = 'queued')
     union all
     select 0, w.timezone from workspace w
      where w.id = $1 and exists (select 1 from nudge n where n.workspace_id = $1 and n.assignee_id is null and n.status = 'queued')`,
    [workspaceId],
  );
  return rows;
}

/** The budget rule (EVERY_QUEUED) for the given assignees only ($5), returning who got what. */
const RELEASE_FOR = `${budgetPicks('and coalesce(assignee_id, 0) = any($5::int[])')}
  ${RELEASE}, coalesce(n.assignee_id, 0) as who`;

export type ReleasedGroup = { groupId: number; who: number; nudgeIds: number[] };

/**
 * Releases the day's budget to assignees with no release standing for their local day
 * (`localDay`, begun at `dayStart`: domain/release.ts releasedAlready), and gives each who got
 * something its nudge_group row for that day. In one transaction under the workspace's release lock: a second sweep finds the rows
 * and releases nothing, and a crash leaves neither the release nor the group.
 */
export async function releaseGroups(
  pool: pg.Pool, workspaceId: number, budget: number, who: readonly number[], localDay: string, dayStart: Date, now: Date,
): Promise<ReleasedGroup[]> {
  const r = await releaseDay(pool, workspaceId, budget, who, localDay, dayStart, now, 'grouped');
  return r.map((x) => ({ groupId: x.groupId!, who: x.who, nudgeIds: x.nudgeIds }));
}

/**
 * Single delivery's morning release: the same rule and lock as releaseGroups, each due
 * assignee marked in nudge_release for that local day (the row that makes it once a day
 * however often sweeps run), one message per nudge to follow.
 */
export async function releaseSingles(
  pool: pg.Pool, workspaceId: number, budget: number, who: readonly number[], localDay: string, dayStart: Date, now: Date,
): Promise<{ who: number; nudgeIds: number[] }[]> {
  const r = await releaseDay(pool, workspaceId, budget, who, localDay, dayStart, now, 'single');
  return r.map((x) => ({ who: x.who, nudgeIds: x.nudgeIds }));
}

// the table whose rows are a rep's releases (the release time is created_at), unique on
// (workspace, assignee, local day key): our own names, never input
const DAY_KEY = { grouped: 'nudge_group', single: 'nudge_release' } as const;

/**
 * The SQL twin of domain/release.ts releasedAlready: true when a release at `releasedAt` stands
 * for the local day begun at `dayStart` (timestamp expressions): since the day began, or less
 * than RELEASE_MIN_GAP_HOURS before `now`. test/integration/release-parity.test.ts runs both
 * over the same rows.
 */
export function releasedAlreadySql(releasedAt: string, dayStart: string, now: string): string {
  return `(${releasedAt} >= ${dayStart} or ${releasedAt} > ${now} - make_interval(hours => ${RELEASE_MIN_GAP_HOURS}))`;
}

/**
 * The local day key of assignee `who`'s release (domain/release.ts releaseDayKeys): `$3`, the
 * plain date, unless an earlier release of theirs (in another zone) holds it; then `$6`, the
 * date with its UTC offset.
 */
const dayKeySql = (table: (typeof DAY_KEY)[keyof typeof DAY_KEY], who: string) =>
  `case when exists (select 1 from ${table} k where k.workspace_id = $1 and k.assignee_key = ${who} and k.local_day = $3) then $6 else $3 end`;

async function releaseDay(
  pool: pg.Pool, workspaceId: number, budget: number, who: readonly number[], localDay: string, dayStart: Date, now: Date,
  grouping: 'grouped' | 'single',
): Promise<{ groupId: number | null; who: number; nudgeIds: number[] }[]> {
  if (who.length === 0) return [];
  const table = DAY_KEY[grouping];
  const keys = releaseDayKeys(localDay, dayStart);
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1, $2)', [0x7e4d, workspaceId]);
    // who has no release standing for this local day, read by when each happened (not by the
    // date it was keyed under: their zone may have changed since), among the few keyed since
    // oldestStandingDay (no older one can stand): a range of the unique key, not the rep's history
    const fresh = await client.query<{ who: number }>(
      `select w as who from unnest($2::int[]) w
        where not exists (select 1 from ${table} g where g.workspace_id = $1 and g.assignee_key = w and g.local_day >= $5
                            and ${releasedAlreadySql('g.created_at', '$3::timestamp', '$4::timestamp')})`,
      [workspaceId, who, ts(dayStart), ts(now), oldestStandingDay(localDay)],
    );
    const due = fresh.rows.map((r) => r.who);
    if (due.length === 0) return [];
    const released = await client.query<{ id: number; who: number }>(RELEASE_FOR, [workspaceId, budget, ts(dayStart), ts(now), due]);
    if (grouping === 'single') {
      // every due assignee's day is marked, even one who got nothing (all their accounts held by
      // someone): their queue is not read again every minute, and waits for the next morning
      await client.query(
        `insert into nudge_release (workspace_id, assignee_key, local_day, released, created_at)
         select $1, w, ${dayKeySql('nudge_release', 'w')}, (select count(*) from unnest($5::int[]) g where g = w), $4::timestamp from unnest($2::int[]) w`,
        [workspaceId, due, keys.plain, ts(now), released.rows.map((r) => r.who), keys.qualified],
      );
      const by = new Map<number, number[]>();
      for (const r of released.rows) by.set(r.who, [...(by.get(r.who) ?? []), r.id]);
      return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([w, list]) => ({ groupId: null, who: w, nudgeIds: list.sort((x, y) => x - y) }));
    }
    if (released.rows.length === 0) return [];
    const ids = released.rows.map((r) => r.id);
    const whoGot = [...new Set(released.rows.map((r) => r.who))];
    // one group per assignee who got something, and its nudges pointed at it, in one statement
    const grouped = await client.query<{ group_id: number; who: number; ids: number[] }>(
      `with g as (
         insert into nudge_group (workspace_id, assignee_key, local_day, created_at, updated_at)
         select $1, w, ${dayKeySql('nudge_group', 'w')}, $4::timestamp, $4::timestamp from unnest($2::int[]) w
         returning id, assignee_key
       ), u as (
         update nudge n set group_id = g.id from g
         where n.workspace_id = $1 and n.id = any($5::int[]) and coalesce(n.assignee_id, 0) = g.assignee_key
         returning n.id, g.id as group_id, g.assignee_key as who
       )
       select group_id, who, array_agg(id order by id) as ids from u group by group_id, who order by who`,
      [workspaceId, whoGot, keys.plain, ts(now), ids, keys.qualified],
    );
    return grouped.rows.map((r) => ({ groupId: r.group_id, who: r.who, nudgeIds: r.ids }));
  });
}

/**
 * Grouped messages not yet posted: every pending one, and one left `posting` since before
 * `staleBefore` (its job was lost mid-post; the retry reconciles or gives up), each with a
 * nudge of it for the job's payload (its lowest id).
 */
export async function pendingGroups(pool: pg.Pool, workspaceId: number, staleBefore: Date): Promise<{ groupId: number; nudgeId: number }[]> {
  const { rows } = await pool.query<{ group_id: number; nudge_id: number }>(
    `select g.id as group_id, min(n.id) as nudge_id from nudge_group g
       join nudge n on n.workspace_id = g.workspace_id and n.group_id = g.id
      where g.workspace_id = $1
        and (g.delivery_state = 'pending' or (g.delivery_state = 'posting' and g.updated_at <= $2::timestamp))
      group by g.id order by g.id`,
    [workspaceId, ts(staleBefore)],
  );
  return rows.map((r) => ({ groupId: r.group_id, nudgeId: r.nudge_id }));
}

/** The workspace's delivery grouping, daily budget and timezone. */
export async function releaseSettings(
  pool: pg.Pool, workspaceId: number,
): Promise<{ grouping: 'grouped' | 'single'; budget: number; timezone: string; workDays: Weekday[] } | null> {
  const { rows } = await pool.query<{ grouping: 'grouped' | 'single'; budget: number; timezone: string; workDays: unknown }>(
    'select delivery_grouping as grouping, daily_nudge_budget as budget, timezone, work_days as "workDays" from workspace where id = $1',
    [workspaceId],
  );
  const r = rows[0];
  return r ? { ...r, workDays: workDaysOf(r.workDays) } : null;
}

/**
 * Which of the workspace's local dates (`days`) have a finished scan: the daily one or a
 * manual run of that date (`<date>+<run>`). Read off scan_run's (workspace, local_date) key.
 */
export async function scannedDays(pool: pg.Pool, workspaceId: number, days: readonly string[]): Promise<Set<string>> {
  if (days.length === 0) return new Set();
  const from = [...days].sort()[0]!;
  const { rows } = await pool.query<{ day: string }>(
    `select distinct split_part(local_date, '+', 1) as day from scan_run
      where workspace_id = $1 and local_date >= $2 and finished_at is not null
        and split_part(local_date, '+', 1) = any($3::text[])`,
    [workspaceId, from, days],
  );
  return new Set(rows.map((r) => r.day));
}

// account_scan, read: which accounts a scan must look at, which waiting accounts get their
// nudges written as rows (the top of each rep's line), and how many nudges wait without one.
// The rows are written by the scan's page write (data/nudge-writes.ts writeScanPage) and
// marked due by triggers whenever an account's inputs change (prisma/migrations/*_account_scan).
import { ts, type Queryable } from './sql.ts';

/**
 * The accounts whose next look has come (inputs changed, or a threshold passed), ascending:
 * an index range on (workspace_id, due_at), not the book. Any status: one that stopped being
 * active is looked at once so its nudges resolve. `range`: only ids in [fromId, toId) (a part's).
 */
export async function dueAccountIds(db: Queryable, workspaceId: number, now: Date, range?: { fromId: number; toId: number }): Promise<number[]> {
  const res = await db.query<{ ids: number[] | null }>(
    `select array_agg(account_id order by account_id) as ids from account_scan
     where workspace_id = $1 and due_at <= $2::timestamp ${range ? 'and account_id >= $3 and account_id < $4' : ''}`,
    range ? [workspaceId, ts(now), range.fromId, range.toId] : [workspaceId, ts(now)],
  );
  return res.rows[0]?.ids ?? [];
}

/**
 * After a full scan of account ids [fromId, toId): accounts there that are not active have no
 * nudges to look for (resolveVanished closed theirs): not due until a mark (a win-back, a change)
 * or a holding's start date. An account marked again meanwhile is left due.
 */
export async function settleInactive(db: Queryable, workspaceId: number, fromId: number, toId: number, now: Date): Promise<number> {
  // the version read with the status: a mark committed meanwhile (a win-back) is not overwritten
  const res = await db.query(
    `with settle as (
       select s.account_id, s.version from account_scan s join account a on a.id = s.account_id and a.workspace_id = $1
       where s.workspace_id = $1 and s.account_id >= $2 and s.account_id < $3 and s.due_at <= $4::timestamp and a.status <> 'active'
     )
     -- not due until a mark, or the day a holding of it starts (a win-back dated ahead)
     update account_scan s set waiting = 0, waiting_priority = null, waiting_value_cents = null,
       due_at = coalesce((select min(h.started_at) from holding h
                          where h.workspace_id = $1 and h.account_id = s.account_id and h.started_at > $4::timestamp), 'infinity'::timestamp)
     from settle t where s.account_id = t.account_id and s.workspace_id = $1 and s.version = t.version`,
    [workspaceId, fromId, toId, ts(now)],
  );
  return res.rowCount ?? 0;
}

/**
 * How many accounts are due, to choose between an incremental and a full scan; with more than
 * `atLeast` due, also the active accounts, counted up to `enough(due)` (the number that settles
 * the choice), so a day's change does not count a million-account book (~80 ms at 1M).
 */
export async function countDue(
  db: Queryable, workspaceId: number, now: Date, atLeast: number, enough: (due: number) => number,
): Promise<{ due: number; accounts: number | null }> {
  const d = await db.query<{ due: number }>(
    'select count(*)::int as due from account_scan where workspace_id = $1 and due_at <= $2::timestamp',
    [workspaceId, ts(now)],
  );
  const due = d.rows[0]!.due;
  if (due <= atLeast) return { due, accounts: null };
  const a = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from account where workspace_id = $1 and status = 'active' limit $2) x`,
    // one past enough: a share's rounding cannot make "enough" read as too few
    [workspaceId, Math.ceil(enough(due)) + 1],
  );
  return { due, accounts: a.rows[0]!.n };
}

/** lineTargets' statement ($1 workspace, $2 ahead, $3 at stake), exported for the test that reads its plan. */
export const LINE_TARGETS_SQL = `with queued as (
       select coalesce(assignee_id, 0) as who, account_id, max(priority) as p, false as waiting
       from nudge where workspace_id = $1 and status = 'queued' group by 1, 2
     ),
     top as (
       select m.id as who, w.account_id, w.waiting_priority as p, true as waiting
       from member m
       cross join lateral (
         select s.account_id, s.waiting_priority from account_scan s
         where s.workspace_id = $1 and s.assignee_id = m.id and s.waiting_priority is not null
         order by s.waiting_priority desc, s.account_id limit $2
       ) w
       where m.workspace_id = $1
       union all
       -- ordered by every column of the index, assignee_id (all null here) included: IS NULL does
       -- not fix a column for the planner, so without it a book of unowned accounts (an import
       -- whose owners match no one) was read whole and sorted on every scan
       select 0, t.account_id, t.waiting_priority, true from (
         select s.account_id, s.waiting_priority from account_scan s
         where s.workspace_id = $1 and s.assignee_id is null and s.waiting_priority is not null
         order by s.assignee_id, s.waiting_priority desc, s.account_id limit $2
       ) t
     ),
     ranked as (
       select u.*, row_number() over (partition by u.who order by u.p desc, u.waiting, u.account_id) as rn
       from (select * from queued union all select * from top) u
     ),
     -- the digest's top accounts by value at stake (data/digest.ts loadTopAtStake: live rows, by
     -- value, then id), ranked with the waiting ones: those among them without a live row get one.
     -- Ranked together, a second scan finds the top held by rows and adds none below it. The
     -- waiting ones are a top-N sort of every waiting account: an index on their value doubled
     -- the cost of every state write and did not shorten the line step (docs/BENCHMARKS.md).
     valued as (
       select account_id, bool_and(waiting) as waiting from (
         select n.account_id, max(n.value_at_stake_cents) as v, false as waiting
         from nudge n where n.workspace_id = $1 and n.status in ('queued', 'open', 'claimed') group by n.account_id
         union all
         select * from (
           select s.account_id, s.waiting_value_cents, true from account_scan s
           where s.workspace_id = $1 and s.waiting_priority is not null and s.waiting_value_cents is not null
           order by s.waiting_value_cents desc, s.account_id limit $3
         ) w
       ) u
       group by account_id order by max(v) desc, account_id limit $3
     )
     select array_agg(distinct account_id) as ids
     from (select account_id from ranked where waiting and rn <= $2 union all select account_id from valued where waiting) t`;

/**
 * The waiting accounts whose nudges should become rows now. Per assignee (each member, and the
 * team's unassigned line), the accounts in line as queued rows (by their best queued priority)
 * and the best `ahead` waiting ones are ranked together, in accounts as the budget counts them
 * (one a day each): the waiting ones among the top `ahead` are returned. So the rows always hold
 * the true top of each line, and the budget's release (data/nudge-budget.ts) picks from it.
 * With them, the `atStake` waiting accounts of most value at stake, whatever their line: the
 * accounts the manager's digest names (data/digest.ts loadTopAtStake ranks rows by value).
 */
export async function lineTargets(db: Queryable, workspaceId: number, ahead: number, atStake = 0): Promise<number[]> {
  const res = await db.query<{ ids: number[] | null }>(LINE_TARGETS_SQL, [workspaceId, ahead, atStake]);
  return res.rows[0]?.ids ?? [];
}

/** Refreshes the planner's statistics of the tables a full scan rewrites (every workspace's: ANALYZE is per table). */
export async function analyzeScanState(db: Queryable): Promise<void> {
  await db.query('analyze account_scan, nudge');
}

/** Nudges the scan found that have no row yet (they wait below the top of their rep's line). */
export async function waitingWithoutRows(db: Queryable, workspaceId: number): Promise<number> {
  const res = await db.query<{ n: number }>(
    'select coalesce(sum(waiting), 0)::int as n from account_scan where workspace_id = $1 and waiting_priority is not null',
    [workspaceId],
  );
  return res.rows[0]?.n ?? 0;
}

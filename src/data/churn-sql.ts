// The SQL behind the measured thesis (src/domain/churn.ts): each account's customer-since and
// churn dates derived from its holdings when they were not imported, the churn-by-products
// counts over the last year, and each product's typical MRR. Set-based, scoped by workspace.
import { CHURN_HORIZON_DAYS, type ChurnCountRow } from '../domain/churn.ts';
import type pg from 'pg';
import { inTransaction, ts, type Queryable } from './sql.ts';

/**
 * An account churned on a day unknown (imported as churned, no holding saying when): in no churn
 * rate, neither as churned nor as at risk. Every rate over accounts leaves it out with this.
 */
export const undatedChurn = (a: string) => `(${a}.status = 'churned' and ${a}.churned_at is null)`;

/** `accountIds`: only these accounts (the ones an incremental scan is about to read); else the workspace's. */
export type DatesScope = { accountIds?: number[] };

/**
 * Fills what an import did not give, from the holdings, and lets status follow:
 * - customer_since (when empty) = the first holding's start;
 * - churned_at (when empty), for a customer whose holdings have all ended by `now` = the last end;
 * - a churned account holding a product started after its churn date came back: churned_at cleared;
 * - status: churned once churned_at has passed, active again after a win-back.
 * Imported values are never overwritten (only empty ones are filled); prospects are left alone.
 * Returns how many accounts changed.
 */
export async function deriveAccountDates(db: Queryable, workspaceId: number, now: Date, scope: DatesScope = {}): Promise<number> {
  // the due accounts only (those whose holdings changed or whose next look, a holding's end, came),
  // passed as an array: as a subquery the planner guessed their number and read all holdings
  // and accounts by sequential scans (1.1 s at 1M for 10,000 due accounts)
  const ids = scope.accountIds ?? null;
  if (ids?.length === 0) return 0;
  const only = (col: string) => (ids ? `and ${col} = any($3::int[])` : '');
  const res = await db.query(
    `with h as (
       select account_id, min(started_at) as first_start, max(ended_at) as last_end,
              bool_or(ended_at is null or ended_at > $2::timestamp) as live,
              max(started_at) filter (where ended_at is null or ended_at > $2::timestamp) as last_live_start
       from holding where workspace_id = $1 and started_at <= $2::timestamp ${only('account_id')} group by account_id
     ), next as (
       select a.id, coalesce(a.customer_since, h.first_start) as customer_since,
              case
                when a.churned_at is null and not h.live and a.status <> 'prospect' then h.last_end
                when a.churned_at is not null and h.live and h.last_live_start > a.churned_at then null
                else a.churned_at
              end as churned_at,
              a.churned_at is not null and h.live and h.last_live_start > a.churned_at as won_back,
              a.status
       from account a join h on h.account_id = a.id
       where a.workspace_id = $1 and a.status <> 'prospect' ${only('a.id')}
     ), decided as (
       select id, customer_since, churned_at,
              case when churned_at is not null and churned_at <= $2::timestamp then 'churned'::account_status
                   when won_back and status = 'churned' then 'active'::account_status
                   else status end as status
       from next
     )
     update account a set customer_since = d.customer_since, churned_at = d.churned_at, status = d.status
     from decided d
     where a.workspace_id = $1 and a.id = d.id
       and (a.customer_since is distinct from d.customer_since or a.churned_at is distinct from d.churned_at or a.status <> d.status)`,
    ids ? [workspaceId, ts(now), ids] : [workspaceId, ts(now)],
  );
  return res.rowCount ?? 0;
}

/**
 * deriveAccountDates for the scan, on the pool: the first run over a workspace of a million
 * accounts fills every row (about a minute on a small box), past the pool's statement timeout;
 * later runs change only what moved and take seconds.
 */
export async function refreshAccountDates(pool: pg.Pool, workspaceId: number, now: Date, scope: DatesScope = {}): Promise<number> {
  return inTransaction(pool, async (c) => {
    await c.query('set local statement_timeout = 0');
    return deriveAccountDates(c, workspaceId, now, scope);
  });
}

/**
 * The customers of (asOf − horizon), by how many distinct products they held then (3 = 3 or
 * more), and how many of them had churned by asOf. Who was a customer then is decided by the
 * account's dates (customer-since, else its first holding's start; churn date), so an imported
 * CRM history counts from its own dates, not from the day of the import; what each held then,
 * by the holdings' dates. A customer then whose holdings all start later (a wide sheet imported
 * without start dates) is counted under products 0: what it held then is unknown.
 */
export async function loadChurnCounts(db: Queryable, workspaceId: number, asOf: Date, horizonDays = CHURN_HORIZON_DAYS): Promise<ChurnCountRow[]> {
  const res = await db.query<ChurnCountRow>(
    `with w as (select $2::timestamp as t, $2::timestamp - make_interval(days => $3) as s),
     per_account as (
       select h.account_id, min(h.started_at) as first_start,
              count(distinct h.product_id) filter (where h.started_at <= w.s and (h.ended_at is null or h.ended_at > w.s)) as held
       from holding h cross join w
       where h.workspace_id = $1
       group by h.account_id
     )
     select least(x.held, 3)::int as products, count(*)::int as "atRisk", (count(*) filter (where a.churned_at <= w.t))::int as churned
     from per_account x cross join w join account a on a.id = x.account_id and a.workspace_id = $1
     where a.status <> 'prospect' and (a.churned_at is null or a.churned_at > w.s)
       and not ${undatedChurn('a')}
       and (x.held > 0 or coalesce(a.customer_since, x.first_start) <= w.s)
     group by 1 order by 1`,
    [workspaceId, ts(asOf), horizonDays],
  );
  return res.rows;
}

/**
 * What each product typically brings here, in cents a month: the median, over the active
 * accounts that hold it live, of what each pays for it in all (its live holdings summed first,
 * so one customer holding it as 60 seat rows is one customer, not 60), else its list price.
 * "+$500/mo if they take Analytics".
 */
export async function loadTypicalMrr(db: Queryable, workspaceId: number, asOf: Date): Promise<Map<number, number>> {
  const res = await db.query<{ id: number; cents: number }>(
    `with per_customer as (
       select h.product_id, sum(h.mrr_cents) as cents
       from holding h join account a on a.id = h.account_id and a.workspace_id = $1 and a.status = 'active'
       where h.workspace_id = $1 and h.started_at <= $2::timestamp and (h.ended_at is null or h.ended_at > $2::timestamp)
       group by h.account_id, h.product_id
       having sum(h.mrr_cents) > 0
     ), med as (
       select product_id, round(percentile_cont(0.5) within group (order by cents))::int as cents
       from per_customer group by product_id
     )
     select p.id, coalesce(m.cents, p.list_mrr_cents)::int as cents
     from product p left join med m on m.product_id = p.id
     where p.workspace_id = $1`,
    [workspaceId, ts(asOf)],
  );
  return new Map(res.rows.map((r) => [r.id, r.cents]));
}

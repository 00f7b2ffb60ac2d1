// The metrics' SQL: set-based aggregates over the base tables (account, holding, nudge,
// conversation, member), every query scoped by workspace_id and evaluated "as of" an
// instant, so last week's numbers come from the same code as today's. Derived tables
// (account_rollup) are not read: the digest must be right by construction.
// Columns are timestamp(3) in UTC; instants go in as ISO text cast to timestamp.
import { MIN_TOUCHES_FOR_RHYTHM, SESSION_GAP_DAYS } from '../domain/cadence.ts';
import {
  WINDOWS,
  bookEquity,
  churn,
  productsPerCustomer,
  touches,
  velocity,
  type CohortRow,
  type Funnel,
  type HeldRow,
  type MetricsSnapshot,
  type RepWeek,
  type Stall,
} from '../domain/metrics.ts';

import { churnCurve } from '../domain/churn.ts';
import { loadChurnCounts, undatedChurn } from './churn-sql.ts';
import { daysSinceTouchSql, medianGapSql, rhythmDaysSql, stalledAfterSql, stallLevelSql } from './cadence-sql.ts';
import type { Queryable } from './sql.ts';

const iso = (d: Date) => d.toISOString();
const daysBefore = (d: Date, days: number) => new Date(d.getTime() - days * 86_400_000);

/**
 * A customer-side account that is live at instant `t`: a customer by then (its customer-since,
 * imported or derived from its first holding, else its creation: an imported history counts
 * from its own dates, not from the day of the import) and not churned by then. An account
 * marked churned without a date counts as churned at every instant.
 */
function liveAt(a: string, t: string): string {
  return `${a}.status <> 'prospect' and ${since(a)} <= ${t}
    and (case when ${a}.churned_at is not null then ${a}.churned_at > ${t} else ${a}.status <> 'churned' end)`;
}

/** When an account became a customer: least() skips a null customer_since. */
function since(a: string): string {
  return `least(${a}.created_at, ${a}.customer_since)`;
}

/** A holding in force at instant `t`. */
function heldAt(h: string, t: string): string {
  return `${h}.started_at <= ${t} and (${h}.ended_at is null or ${h}.ended_at > ${t})`;
}

/**
 * Per account with any holding on record (one imported today may describe a customer of years:
 * customerAt decides by dates): its first holding's start and, over the holdings
 * in force at `t`, the distinct products and their MRR (`lostBy`: the part of it ended by that
 * instant). Feeds customerAt.
 */
function holdingsAt(t: string, lostBy?: string): string {
  // per (account, product) first, then per account: hash aggregates over every holding, where a
  // count(distinct) would sort them all
  return `select hp.account_id, min(hp.first_start) as first_start, (count(*) filter (where hp.held))::int as products,
            coalesce(sum(hp.mrr), 0) as mrr${lostBy ? ', coalesce(sum(hp.lost), 0) as lost' : ''}
     from (
       select h.account_id, min(h.started_at) as first_start, bool_or(${heldAt('h', t)}) as held,
              sum(h.mrr_cents) filter (where ${heldAt('h', t)}) as mrr
              ${lostBy ? `, sum(h.mrr_cents) filter (where ${heldAt('h', t)} and h.ended_at <= ${lostBy}) as lost` : ''}
       from holding h where h.workspace_id = $1 group by h.account_id, h.product_id
     ) hp group by hp.account_id`;
}

/**
 * Who was a customer at `t` (x: a holdingsAt row, a: its account): live by the account's dates
 * (liveAt) and either holding a product then or a customer by its customer-since (else its first
 * holding's start) by then. The second part keeps an imported CRM's customers customers before
 * the day a wide sheet without start dates says what they hold: last week's count comes from
 * their dates, never from nothing; what they held then is unknown (x.products = 0).
 */
function customerAt(x: string, a: string, t: string): string {
  return `${liveAt(a, t)} and (${x}.products > 0 or coalesce(${a}.customer_since, ${x}.first_start) <= ${t})`;
}

/** Customers at `asOf`, grouped by distinct products held (0: not on record then, see HeldRow). */
export async function loadHeld(db: Queryable, workspaceId: number, asOf: Date): Promise<HeldRow[]> {
  const res = await db.query<{ products: number; customers: number; mrr: string }>(
    `with x as (${holdingsAt('$2::timestamp')})
     select x.products, count(*)::int as customers, coalesce(sum(x.mrr), 0)::text as mrr
     from x join account a on a.id = x.account_id and a.workspace_id = $1
     where ${customerAt('x', 'a', '$2::timestamp')}
     group by x.products order by x.products`,
    [workspaceId, iso(asOf)],
  );
  return res.rows.map((r) => ({ products: r.products, customers: r.customers, mrrCents: Number(r.mrr) }));
}

/**
 * The customers of (asOf − days), bucketed by products held then (4 = 4+; 0 = not on record
 * then): how many had churned by asOf, their MRR then, and the part of it gone by asOf (product
 * ended or account churned).
 */
export async function loadCohort(db: Queryable, workspaceId: number, asOf: Date, days: number): Promise<CohortRow[]> {
  const res = await db.query<{ bucket: number; customers: number; churned: number; mrr: string; lost: string }>(
    `with x as (${holdingsAt('$3::timestamp', '$2::timestamp')}),
     per_account as (
       select x.products, coalesce(a.churned_at <= $2::timestamp, false) as gone, x.mrr, x.lost
       from x join account a on a.id = x.account_id and a.workspace_id = $1
       where ${customerAt('x', 'a', '$3::timestamp')}
     )
     select least(products, 4) as bucket, count(*)::int as customers, (count(*) filter (where gone))::int as churned,
            sum(mrr)::text as mrr, sum(case when gone then mrr else lost end)::text as lost
     from per_account group by 1 order by 1`,
    [workspaceId, iso(asOf), iso(daysBefore(asOf, days))],
  );
  return res.rows.map((r) => ({ bucket: r.bucket, customers: r.customers, churned: r.churned, mrrCents: Number(r.mrr), lostMrrCents: Number(r.lost) }));
}

/**
 * Account churn over the equity window, the way the scan measures it: accounts that churned
 * in it, and account-months at risk (days each account was live inside it ÷ 365/12).
 */
export async function loadChurnHistory(db: Queryable, workspaceId: number, asOf: Date): Promise<{ churned: number; months: number }> {
  const res = await db.query<{ churned: number; days: string | null }>(
    `with w as (select $2::timestamp as t, $3::timestamp as s)
     select (count(*) filter (where a.churned_at > w.s and a.churned_at <= w.t))::int as churned,
            sum(greatest(0, extract(epoch from least(coalesce(a.churned_at, w.t), w.t) - greatest(${since('a')}, w.s)) / 86400))::text as days
     from account a, w
     where a.workspace_id = $1 and a.status <> 'prospect' and ${since('a')} <= w.t
       and (a.churned_at is null or a.churned_at > w.s)
       and not ${undatedChurn('a')}`,
    [workspaceId, iso(asOf), iso(daysBefore(asOf, WINDOWS.equity))],
  );
  const r = res.rows[0];
  return { churned: r?.churned ?? 0, months: Number(r?.days ?? 0) / (365 / 12) };
}

/**
 * Nudges created in (asOf − days, asOf] and how far each had gone by asOf, from the
 * timestamps (not the current status), so the funnel can be computed as of last week.
 */
export async function loadFunnel(db: Queryable, workspaceId: number, asOf: Date, days = WINDOWS.funnel): Promise<Funnel> {
  const res = await db.query<{ created: number; claimed: number; done: number; won: number; lost: number; revenue: string; days: string }>(
    `with n as (
       select created_at, claimed_at, done_at, outcome, outcome_value_cents,
              coalesce(outcome_at, done_at, updated_at) as decided_at
       from nudge where workspace_id = $1 and created_at > $3::timestamp and created_at <= $2::timestamp
     )
     select count(*)::int as created,
            (count(*) filter (where claimed_at <= $2::timestamp or done_at <= $2::timestamp))::int as claimed,
            (count(*) filter (where done_at <= $2::timestamp))::int as done,
            (count(*) filter (where outcome = 'won' and decided_at <= $2::timestamp))::int as won,
            (count(*) filter (where outcome = 'lost' and decided_at <= $2::timestamp))::int as lost,
            coalesce(sum(outcome_value_cents) filter (where outcome = 'won' and decided_at <= $2::timestamp), 0)::text as revenue,
            coalesce(sum(extract(epoch from decided_at - created_at) / 86400) filter (where outcome = 'won' and decided_at <= $2::timestamp), 0)::text as days
     from n`,
    [workspaceId, iso(asOf), iso(daysBefore(asOf, days))],
  );
  const r = res.rows[0]!;
  return { created: r.created, claimed: r.claimed, done: r.done, won: r.won, lost: r.lost, revenueWonCents: Number(r.revenue), daysToWinSum: Number(r.days) };
}

/**
 * The team's touches in (asOf − 7 days, asOf], and each rep's: members with role rep still in
 * Slack when the window began, or anyone who logged one in it.
 */
export async function loadTouches(db: Queryable, workspaceId: number, asOf: Date): Promise<MetricsSnapshot['touches']> {
  const params = [workspaceId, iso(asOf), iso(daysBefore(asOf, WINDOWS.touches))];
  const [team, reps] = await Promise.all([
    // logged and captured apart (issue 16): a captured touch is a linked channel's hour, one
    // side; the messages it folds are counted beside it
    db.query<{ touches: number; gives: number; asks: number; logged: number; captured: number; capturedMessages: number }>(
      `select count(*)::int as touches, (count(*) filter (where kind = 'give'))::int as gives, (count(*) filter (where kind = 'ask'))::int as asks,
              (count(*) filter (where source <> 'channel'))::int as logged, (count(*) filter (where source = 'channel'))::int as captured,
              coalesce(sum(message_count) filter (where source = 'channel'), 0)::int as "capturedMessages"
       from conversation where workspace_id = $1 and occurred_at > $3::timestamp and occurred_at <= $2::timestamp`,
      params,
    ),
    db.query<RepWeek>(
      `select m.id as "memberId", m.slack_user_id as "slackUserId", m.name, count(c.id)::int as touches,
              (count(c.id) filter (where c.kind = 'give'))::int as gives, (count(c.id) filter (where c.kind = 'ask'))::int as asks
       from member m
       left join conversation c on c.member_id = m.id and c.workspace_id = $1 and c.occurred_at > $3::timestamp and c.occurred_at <= $2::timestamp
       where m.workspace_id = $1 and m.created_at <= $2::timestamp
         and ((m.role = 'rep' and (m.deactivated_at is null or m.deactivated_at > $3::timestamp)) or c.id is not null)
       group by m.id order by touches desc, m.id`,
      params,
    ),
  ]);
  return touches(team.rows[0]!, reps.rows);
}

/**
 * Customers at asOf that have gone quiet, by the workspace's own thresholds and the scan's
 * rule: the per-account stats as of asOf (touch count, median gap, last touch) are read here,
 * and the rule itself is src/domain/cadence.ts's, as SQL from ./cadence-sql.ts with its
 * constants (MIN_TOUCHES_FOR_RHYTHM, SESSION_GAP_DAYS) passed in as parameters.
 */
export async function loadStall(db: Queryable, workspaceId: number, asOf: Date): Promise<Stall> {
  const rule = {
    touchCount: 'st.n', medianGapDays: 'g.median_gap', lastTouchAt: 'st.last_at', createdAt: 'cu.created_at', now: '$2::timestamp',
    stallFactor: 's.k', stallMinDays: 's.lo', stallMaxDays: 's.max', defaultRhythmDays: 's.def', minTouchesForRhythm: '$3::int',
  };
  const res = await db.query<{ customers: number; cooling: number; stalled: number }>(
    `with s as (
       select stall_factor as k, stall_min_days as lo, stall_max_days as max, default_rhythm_days as def
       from workspace where id = $1
     ), x as (${holdingsAt('$2::timestamp')}
     ), customers as (
       select a.id, a.created_at from x join account a on a.id = x.account_id and a.workspace_id = $1
       where ${customerAt('x', 'a', '$2::timestamp')}
     ), touches as (
       select c.account_id, c.id, c.occurred_at,
              extract(epoch from c.occurred_at - lag(c.occurred_at) over (partition by c.account_id order by c.occurred_at, c.id)) / 86400.0 as gap
       from conversation c join customers cu on cu.id = c.account_id
       where c.workspace_id = $1 and c.occurred_at <= $2::timestamp
     ), gaps as (${medianGapSql('touches', '$4::float8', '$3::int')}
     ), stats as (
       select account_id, count(*) as n, max(occurred_at) as last_at from touches group by account_id
     ), levels as (
       -- per account, joined grouped: touches joined to gaps row by row was planned as a nested
       -- loop over two CTE scans when the tables had no statistics yet (a fresh demo: 23 s)
       select ${stallLevelSql(daysSinceTouchSql(rule), rhythmDaysSql(rule), stalledAfterSql(rule))} as level
       from customers cu cross join s left join stats st on st.account_id = cu.id left join gaps g on g.account_id = cu.id
     )
     select count(*)::int as customers,
            (count(*) filter (where level = 'cooling'))::int as cooling,
            (count(*) filter (where level = 'stalled'))::int as stalled
     from levels`,
    [workspaceId, iso(asOf), MIN_TOUCHES_FOR_RHYTHM, SESSION_GAP_DAYS],
  );
  return res.rows[0]!;
}

/** Every metric as of one instant. */
export async function loadMetrics(db: Queryable, workspaceId: number, asOf: Date): Promise<MetricsSnapshot> {
  const [held, c30, c90, history, funnel, team, stall, curve] = await Promise.all([
    loadHeld(db, workspaceId, asOf),
    loadCohort(db, workspaceId, asOf, WINDOWS.churnShort),
    loadCohort(db, workspaceId, asOf, WINDOWS.churnLong),
    loadChurnHistory(db, workspaceId, asOf),
    loadFunnel(db, workspaceId, asOf),
    loadTouches(db, workspaceId, asOf),
    loadStall(db, workspaceId, asOf),
    loadChurnCounts(db, workspaceId, asOf),
  ]);
  const products = productsPerCustomer(held);
  return {
    asOf,
    products,
    churn30: churn(WINDOWS.churnShort, c30),
    churn90: churn(WINDOWS.churnLong, c90),
    curve: churnCurve(curve),
    equity: bookEquity(products.mrrCents, history.churned, history.months),
    funnel,
    velocity: velocity(funnel),
    touches: team,
    stall,
  };
}

/** The metrics now and as of a week earlier, for the week-over-week arrows. */
export async function loadMetricsWithChange(db: Queryable, workspaceId: number, asOf: Date): Promise<{ current: MetricsSnapshot; previous: MetricsSnapshot }> {
  const [current, previous] = await Promise.all([
    loadMetrics(db, workspaceId, asOf),
    loadMetrics(db, workspaceId, daysBefore(asOf, WINDOWS.compare)),
  ]);
  return { current, previous };
}

/** Mean products per customer at each of the last `weeks` weekly instants, oldest first (the chart). */
export async function loadProductsTrend(db: Queryable, workspaceId: number, asOf: Date, weeks = 8): Promise<{ asOf: Date; mean: number | null; customers: number }[]> {
  const res = await db.query<{ k: number; customers: number; pairs: number }>(
    `with pts as (select k, $2::timestamp - make_interval(days => 7 * k) as t from generate_series(0, $3 - 1) k),
     per_account as (
       select p.k, h.account_id, count(distinct h.product_id) as products
       from pts p
       join holding h on h.workspace_id = $1 and ${heldAt('h', 'p.t')}
       join account a on a.id = h.account_id and a.workspace_id = $1 and ${liveAt('a', 'p.t')}
       group by p.k, h.account_id
     )
     select p.k, count(pa.account_id)::int as customers, coalesce(sum(pa.products), 0)::int as pairs
     from pts p left join per_account pa on pa.k = p.k group by p.k order by p.k desc`,
    [workspaceId, iso(asOf), weeks],
  );
  return res.rows.map((r) => ({ asOf: daysBefore(asOf, 7 * r.k), customers: r.customers, mean: r.customers > 0 ? r.pairs / r.customers : null }));
}

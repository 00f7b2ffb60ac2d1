// What a scan computes once per workspace before looking at any account: settings, the
// catalog with its give-first offers, product affinity counts and churn, and the account-id
// boundaries that split a large workspace into parts. All aggregates, computed in SQL.
import type { AffinityCounts } from '../domain/affinity.ts';
import type { ChurnObservation } from '../domain/equity.ts';
import type { OfferKind } from '../domain/vocabulary.ts';
import type { SettingsPatch } from '../domain/read-models.ts';
import { ts, type Queryable } from './sql.ts';

/** The settings a scan reads: a subset of what /tend settings edits. */
export type ScanSettings = Pick<SettingsPatch, 'timezone' | 'stallFactor' | 'stallMinDays' | 'stallMaxDays' | 'defaultRhythmDays' | 'dailyNudgeBudget'>;

export type CatalogProduct = { id: number; name: string; position: number; active: boolean; listMrrCents: number };
export type CatalogOffer = { id: number; productId: number; kind: OfferKind; title: string };

export async function loadScanSettings(db: Queryable, workspaceId: number): Promise<ScanSettings | null> {
  const res = await db.query<ScanSettings>(
    `select timezone, stall_factor as "stallFactor", stall_min_days as "stallMinDays", stall_max_days as "stallMaxDays",
            default_rhythm_days as "defaultRhythmDays", daily_nudge_budget as "dailyNudgeBudget"
     from workspace where id = $1`,
    [workspaceId],
  );
  return res.rows[0] ?? null;
}

export async function loadCatalog(db: Queryable, workspaceId: number): Promise<{ products: CatalogProduct[]; offers: CatalogOffer[] }> {
  const products = await db.query<CatalogProduct>(
    `select id, name, position, active, list_mrr_cents as "listMrrCents" from product where workspace_id = $1 order by position, id`,
    [workspaceId],
  );
  const offers = await db.query<CatalogOffer>(
    `select id, product_id as "productId", kind, title from offer where workspace_id = $1 order by id`,
    [workspaceId],
  );
  return { products: products.rows, offers: offers.rows };
}

/**
 * Affinity over current holdings. Each account's basket becomes a bit mask over the catalog
 * (one bit per product), Postgres counts accounts per distinct mask (a few hundred masks at
 * most, however many accounts), and the per-product and per-pair counts are expanded from
 * those here: exact, and one pass over the holdings without a row per pair.
 * Catalogs beyond 63 products use the pairwise query.
 */
export async function loadAffinityCounts(db: Queryable, workspaceId: number, now: Date): Promise<AffinityCounts> {
  const ids = await db.query<{ id: number }>('select id from product where workspace_id = $1 order by id', [workspaceId]);
  if (ids.rows.length > 63) return loadAffinityPairs(db, workspaceId, now);
  const res = await db.query<{ mask: string; n: number }>(
    `with bits as (select id, (row_number() over (order by id) - 1)::int as bit from product where workspace_id = $1),
     baskets as (
       select bit_or(1::int8 << b.bit) as mask from holding h join bits b on b.id = h.product_id
       where h.workspace_id = $1 and h.started_at <= $2::timestamp and (h.ended_at is null or h.ended_at > $2::timestamp)
       group by h.account_id
     )
     select mask::text, count(*)::int as n from baskets group by mask`,
    [workspaceId, ts(now)],
  );
  // a holding of a product outside the workspace's catalog would be missed by the join above
  const counts: AffinityCounts = { accounts: 0, productAccounts: new Map(), pairAccounts: new Map() };
  const product = ids.rows.map((r) => r.id);
  for (const r of res.rows) {
    const mask = BigInt(r.mask);
    const held: number[] = [];
    for (let i = 0; i < product.length; i++) if ((mask >> BigInt(i)) & 1n) held.push(product[i]!);
    counts.accounts += r.n;
    for (let i = 0; i < held.length; i++) {
      const a = held[i]!;
      counts.productAccounts.set(a, (counts.productAccounts.get(a) ?? 0) + r.n);
      // ids ascending: a < b, the pair key's order
      for (let j = i + 1; j < held.length; j++) {
        const key = `${a}:${held[j]!}`;
        counts.pairAccounts.set(key, (counts.pairAccounts.get(key) ?? 0) + r.n);
      }
    }
  }
  return counts;
}

/**
 * The same counts pairwise: each account's basket once (array of distinct products), then
 * every pair inside each basket; p1 = p2 rows are the per-product counts.
 */
async function loadAffinityPairs(db: Queryable, workspaceId: number, now: Date): Promise<AffinityCounts> {
  const res = await db.query<{ a: number; b: number; n: number }>(
    `with baskets as materialized (
       select array_agg(distinct product_id) as ps from holding
       where workspace_id = $1 and started_at <= $2::timestamp and (ended_at is null or ended_at > $2::timestamp)
       group by account_id
     )
     select 0 as a, 0 as b, count(*)::int as n from baskets
     union all
     select p1, p2, count(*)::int from baskets, unnest(ps) p1, unnest(ps) p2 where p1 <= p2 group by p1, p2`,
    [workspaceId, ts(now)],
  );
  const counts: AffinityCounts = { accounts: 0, productAccounts: new Map(), pairAccounts: new Map() };
  for (const r of res.rows) {
    if (r.a === 0) counts.accounts = r.n;
    else if (r.a === r.b) counts.productAccounts.set(r.a, r.n);
    else counts.pairAccounts.set(`${r.a}:${r.b}`, r.n);
  }
  return counts;
}

/** Churned accounts and account-months at risk over the last `months` months. */
export async function loadChurn(db: Queryable, workspaceId: number, now: Date, months = 12): Promise<ChurnObservation> {
  const res = await db.query<{ churned: number; months: number | null }>(
    `with w as (select $2::timestamp as now, $2::timestamp - make_interval(months => $3) as start)
     select count(*) filter (where a.churned_at >= w.start and a.churned_at <= w.now)::int as churned,
            sum(greatest(0, extract(epoch from least(coalesce(a.churned_at, w.now), w.now) - greatest(least(a.created_at, a.customer_since), w.start))))
              / (86400 * 30.4375) as months
     from account a, w
     where a.workspace_id = $1 and a.status <> 'prospect' and least(a.created_at, a.customer_since) <= w.now
       and (a.churned_at is null or a.churned_at >= w.start)`,
    [workspaceId, ts(now), months],
  );
  return { churnedAccounts: res.rows[0]?.churned ?? 0, accountMonthsAtRisk: Number(res.rows[0]?.months ?? 0) };
}

/**
 * Lower id bounds that split the workspace's active accounts into parts of about
 * `partSize` accounts each ([0] when one part is enough).
 */
export async function partitionAccounts(db: Queryable, workspaceId: number, partSize: number): Promise<number[]> {
  const count = await db.query<{ n: number }>(
    `select count(*)::int as n from account where workspace_id = $1 and status = 'active'`,
    [workspaceId],
  );
  const parts = Math.ceil((count.rows[0]?.n ?? 0) / partSize);
  if (parts <= 1) return [0];
  const res = await db.query<{ lo: number }>(
    `select min(id) as lo from (
       select id, ntile($2) over (order by id) as part from account where workspace_id = $1 and status = 'active'
     ) t group by part order by lo`,
    [workspaceId, parts],
  );
  // the first part starts at 0 so accounts created below the first boundary are not missed
  return res.rows.map((r, i) => (i === 0 ? 0 : r.lo));
}

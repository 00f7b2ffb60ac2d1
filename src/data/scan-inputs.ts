// What a scan computes once per workspace before looking at any account: settings, the
// catalog with its give-first offers, churn, and the account-id boundaries that split a large
// workspace into parts (the next-product model's counts: data/basket-counts.ts). All
// aggregates, computed in SQL.
import type { ChurnObservation } from '../domain/equity.ts';
import type { OfferKind } from '../domain/vocabulary.ts';
import type { SettingsPatch } from '../domain/read-models.ts';
import { undatedChurn } from './churn-sql.ts';
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

/** Churned accounts and account-months at risk over the last `months` months. */
export async function loadChurn(db: Queryable, workspaceId: number, now: Date, months = 12): Promise<ChurnObservation> {
  const res = await db.query<{ churned: number; months: number | null }>(
    `with w as (select $2::timestamp as now, $2::timestamp - make_interval(months => $3) as start)
     select count(*) filter (where a.churned_at >= w.start and a.churned_at <= w.now)::int as churned,
            sum(greatest(0, extract(epoch from least(coalesce(a.churned_at, w.now), w.now) - greatest(least(a.created_at, a.customer_since), w.start))))
              / (86400 * 30.4375) as months
     from account a, w
     where a.workspace_id = $1 and a.status <> 'prospect' and least(a.created_at, a.customer_since) <= w.now
       and (a.churned_at is null or a.churned_at >= w.start)
       and not ${undatedChurn('a')}`,
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

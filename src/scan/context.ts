// The scan's context: computed once per workspace and local date, stored as JSON in
// scan_run, and turned back into the pure rules' inputs by every part of the scan.
import type pg from 'pg';
import { cadenceSettings } from '../domain/cadence.ts';
import type { ChurnObservation } from '../domain/equity.ts';
import { expectedLifetimeMonths, monthlyChurnRate } from '../domain/equity.ts';
import type { ScanRules } from '../domain/nudges.ts';
import { loadCatalog, loadChurn, loadScanSettings, partitionAccounts, type CatalogOffer, type CatalogProduct, type ScanSettings } from '../data/scan-inputs.ts';
import { localDayStart } from '../data/scan-runs.ts';
import { loadBasketCounts } from '../data/basket-counts.ts';
import { learnBaskets, type BasketCounts } from '../domain/recommend.ts';
import { loadChurnCounts, loadTypicalMrr } from '../data/churn-sql.ts';
import { churnCurve, thesis, type ChurnCountRow } from '../domain/churn.ts';

/** A product cancelled within this many days is not suggested again. */
export const RECENT_END_DAYS = 180;

export type ScanContext = {
  now: string;
  dayStart: string;
  settings: ScanSettings;
  products: CatalogProduct[];
  offers: CatalogOffer[];
  /** What the next-product model learns from: retained customers' baskets and moves (data/basket-counts.ts). */
  baskets: BasketCounts;
  churn: ChurnObservation;
  monthlyChurn: number;
  lifetimeMonths: number;
  /** The churn-by-products counts over the last year (domain/churn.ts), as of the UTC day. */
  churnCounts: ChurnCountRow[];
  /** Each product's typical MRR here (median of live holdings, else list price): [productId, cents]. */
  typicalMrr: [number, number][];
  /** Lower account-id bound of each part; parts run [bounds[i], bounds[i+1]). */
  bounds: number[];
};

export async function buildScanContext(
  pool: pg.Pool, workspaceId: number, localDate: string, now: Date, partSize: number,
): Promise<ScanContext | null> {
  const settings = await loadScanSettings(pool, workspaceId);
  if (!settings) return null;
  // churn and value figures from day-granular inputs: two scans of one day price a nudge alike
  const day = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  const [catalog, counts, churn, bounds, dayStart, churnCounts, typicalMrr] = await Promise.all([
    loadCatalog(pool, workspaceId),
    loadBasketCounts(pool, workspaceId, now),
    loadChurn(pool, workspaceId, day),
    partitionAccounts(pool, workspaceId, partSize),
    localDayStart(pool, localDate, settings.timezone),
    loadChurnCounts(pool, workspaceId, day),
    loadTypicalMrr(pool, workspaceId, day),
  ]);
  const monthlyChurn = monthlyChurnRate(churn);
  return {
    now: now.toISOString(),
    dayStart: dayStart.toISOString(),
    settings,
    products: catalog.products,
    offers: catalog.offers,
    baskets: counts,
    churn,
    monthlyChurn,
    lifetimeMonths: expectedLifetimeMonths(monthlyChurn),
    churnCounts,
    typicalMrr: [...typicalMrr],
    bounds,
  };
}

export function rulesFrom(ctx: ScanContext): ScanRules {
  const names = new Map(ctx.products.map((p) => [p.id, p.name]));
  const live = new Set(ctx.products.filter((p) => p.active).map((p) => p.id));
  return {
    cadence: cadenceSettings(ctx.settings),
    // a run stored before the basket model has no baskets: catalog order until the next day's scan
    model: learnBaskets(ctx.baskets ?? { baskets: [] }),
    products: ctx.products.map((p) => ({ id: p.id, position: p.position, active: p.active, name: p.name })),
    offers: ctx.offers
      .filter((o) => live.has(o.productId))
      .map((o) => ({ id: o.id, productId: o.productId, kind: o.kind, title: o.title, productName: names.get(o.productId) ?? '' })),
    lifetimeMonths: ctx.lifetimeMonths,
    churn: churnRules(ctx.churnCounts ?? []),
    typicalMrrCents: new Map(ctx.typicalMrr ?? []),
  };
}

/** The book's curve and what it says about single-product customers (a run stored before them: no counts, so the prior). */
function churnRules(rows: ChurnCountRow[]): ScanRules['churn'] {
  const curve = churnCurve(rows);
  return { curve, thesis: thesis(curve) };
}

/** Part i's account-id range. */
export function partRange(ctx: ScanContext, fromId: number): { fromId: number; toId: number } {
  const i = ctx.bounds.indexOf(fromId);
  const next = i >= 0 ? ctx.bounds[i + 1] : undefined;
  return { fromId, toId: next ?? 2_147_483_647 };
}

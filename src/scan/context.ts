// The scan's context: computed once per workspace and local date, stored as JSON in
// scan_run, and turned back into the pure rules' inputs by every part of the scan.
import { hash } from 'node:crypto';
import type pg from 'pg';
import { cadenceSettings, DAY_MS } from '../domain/cadence.ts';
import { countDue, dueAccountIds } from '../data/account-scan.ts';
import type { ChurnObservation } from '../domain/equity.ts';
import { expectedLifetimeMonths, monthlyChurnRate } from '../domain/equity.ts';
import type { ScanRules } from '../domain/nudges.ts';
import { loadCatalog, loadChurn, loadScanSettings, partitionAccounts, type CatalogOffer, type CatalogProduct, type ScanSettings } from '../data/scan-inputs.ts';
import { localDayStart } from '../data/scan-runs.ts';
import { loadBasketCounts } from '../data/basket-counts.ts';
import { learnBaskets, type BasketCounts } from '../domain/recommend.ts';
import { loadChurnCounts, loadTypicalMrr, refreshAccountDates } from '../data/churn-sql.ts';
import { churnCurve, thesis, type ChurnCountRow } from '../domain/churn.ts';

/** A product cancelled within this many days is not suggested again. */
export const RECENT_END_DAYS = 180;

/**
 * The book is relearned (basket counts, churn curve, typical MRR) and every account judged
 * again at least this often; in between, a scan reads only accounts that are due with the
 * last full scan's model, so its cost follows what changed (issue 14).
 */
export const REMODEL_DAYS = 7;
/** When more than this share of the active accounts is due (and at least FULL_SCAN_MIN_DUE), a full scan is cheaper than by ids. */
export const FULL_SCAN_SHARE = 0.25;
/** Below this many due accounts a scan by ids costs little whatever the share: a small book stays incremental. */
export const FULL_SCAN_MIN_DUE = 10_000;
/**
 * Due accounts per part of an incremental scan: a part reads them by id (~0.15 s a thousand at
 * 1M accounts), so a day's few thousand stay one job and more are shared by the workers.
 */
export const DUE_PART_SIZE = 5_000;
/**
 * At most this many parts however many are due: each part reads the due index range to find its
 * own ids, so the parts' reads stay within a few times the due accounts (a quarter of a 1M book
 * due would be 50 parts of 5,000, each reading all 250,000).
 */
export const MAX_DUE_PARTS = 8;

/** full: every active account with a freshly learned model; incremental: the due accounts, the last model. */
export type ScanMode = 'full' | 'incremental';

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
  /** Absent on runs stored before incremental scans: full. */
  mode?: ScanMode;
  /** When the model, churn and value figures were learned (a full scan's clock). */
  learnedAt?: string;
  /** The rules' own inputs (settings but the timezone, catalog, offers): a change makes the next scan full. */
  rulesKey?: string;
};

/** What fixes the rules besides the learned book: any change re-judges every account. */
function rulesKeyOf(settings: ScanSettings, catalog: { products: CatalogProduct[]; offers: CatalogOffer[] }): string {
  const { timezone: _tz, ...rest } = settings;
  return hash('md5', JSON.stringify([rest, catalog.products, catalog.offers]), 'base64');
}

/**
 * Decides the day's scan and builds its context. Incremental when canScanIncrementally: the
 * learned figures are reused and the due accounts split into parts of `duePartSize`, each
 * deriving its own accounts' dates (scan/range.ts scanDue). Else full: every account's dates,
 * and the book learned anew.
 */
export async function planScan(
  pool: pg.Pool, workspaceId: number, localDate: string, now: Date, partSize: number, duePartSize = DUE_PART_SIZE,
): Promise<ScanContext | null> {
  const settings = await loadScanSettings(pool, workspaceId);
  if (!settings) return null;
  const [catalog, previous, due] = await Promise.all([
    loadCatalog(pool, workspaceId), lastFullContext(pool, workspaceId), countDue(pool, workspaceId, now, FULL_SCAN_MIN_DUE, (n) => n / FULL_SCAN_SHARE),
  ]);
  const rulesKey = rulesKeyOf(settings, catalog);
  if (!canScanIncrementally(previous, rulesKey, now, due)) return planFullScan(pool, workspaceId, localDate, now, partSize, rulesKey);
  // the due ids split into parts; each part derives the dates of the accounts it reads and
  // reads them (scan/range.ts scanDue), a mark made since the plan included
  const dueIds = due.due > duePartSize ? await dueAccountIds(pool, workspaceId, now) : [];
  const dayStart = await localDayStart(pool, localDate, settings.timezone);
  return {
    ...previous, now: now.toISOString(), dayStart: dayStart.toISOString(), settings, products: catalog.products, offers: catalog.offers,
    bounds: dueBounds(dueIds, duePartSize, MAX_DUE_PARTS), mode: 'incremental', rulesKey,
  };
}

/**
 * A full scan's context: every account's dates derived, the book learned anew. The book is
 * learned while the dates are derived (the long poles of the plan, on two connections), and
 * learned again only if the derivation changed an account: an import derives its own, and the
 * daily scans derive the due accounts', so a full scan rarely does.
 */
export async function planFullScan(
  pool: pg.Pool, workspaceId: number, localDate: string, now: Date, partSize: number, rulesKey: string,
): Promise<ScanContext | null> {
  const [changed, learned] = await Promise.all([
    refreshAccountDates(pool, workspaceId, now), buildScanContext(pool, workspaceId, localDate, now, partSize),
  ]);
  const ctx = changed > 0 ? await buildScanContext(pool, workspaceId, localDate, now, partSize) : learned;
  return ctx && { ...ctx, mode: 'full', learnedAt: ctx.now, rulesKey };
}

/**
 * The parts' lower bounds over ascending due ids, the first from 0: `size` due accounts a part,
 * or more when that would make over `maxParts` parts.
 */
export function dueBounds(ids: readonly number[], size: number, maxParts = Infinity): number[] {
  const step = Math.max(1, size, Math.ceil(ids.length / maxParts));
  const bounds = [0];
  for (let i = step; i < ids.length; i += step) bounds.push(ids[i]!);
  return bounds;
}

/**
 * Whether the day's scan may read only the due accounts: the last full scan's model is younger
 * than REMODEL_DAYS and was learned under the same rules, and at most FULL_SCAN_SHARE of the
 * active accounts (or FULL_SCAN_MIN_DUE) are due. `due.accounts`: null when few are due (not
 * counted), else the active accounts counted at least up to due / FULL_SCAN_SHARE.
 */
export function canScanIncrementally<P extends Pick<ScanContext, 'learnedAt' | 'rulesKey'>>(
  previous: P | null, rulesKey: string, now: Date, due: { due: number; accounts: number | null },
): previous is P {
  const age = previous?.learnedAt ? now.getTime() - new Date(previous.learnedAt).getTime() : NaN;
  return previous !== null && previous.rulesKey === rulesKey && age >= 0 && age < REMODEL_DAYS * DAY_MS
    && (due.accounts === null || due.due <= Math.max(FULL_SCAN_SHARE * due.accounts, FULL_SCAN_MIN_DUE));
}

/** The newest finished full scan's context (an incremental one carries its learned figures on too). */
async function lastFullContext(pool: pg.Pool, workspaceId: number): Promise<ScanContext | null> {
  const res = await pool.query<{ context: ScanContext }>(
    `select context from scan_run where workspace_id = $1 and finished_at is not null and context ? 'learnedAt'
     order by finished_at desc, id desc limit 1`,
    [workspaceId],
  );
  return res.rows[0]?.context ?? null;
}

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

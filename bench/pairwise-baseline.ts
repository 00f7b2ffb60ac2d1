// The recommender bench's pairwise baselines: "accounts that hold A also hold B" and the next
// product by the best single pair (max P(B|A), Tend's model before the whole-basket one in
// src/domain/recommend.ts), and "most popular product not held". Kept with the bench, not in
// src: nothing in the app ranks with them any more. Pure.

/** Pairs held together by fewer accounts than this do not count as evidence. */
export const MIN_PAIR_SUPPORT = 3;

export type AffinityCounts = {
  /** Accounts that currently hold at least one product (the basket population). */
  accounts: number;
  /** productId → accounts currently holding it. */
  productAccounts: Map<number, number>;
  /** pairKey(a, b) → accounts currently holding both a and b. */
  pairAccounts: Map<string, number>;
};

export type Affinity = { support: number; confidence: number; lift: number };

export type CatalogEntry = { id: number; position: number; active: boolean };

export type ProductSuggestion = {
  productId: number;
  /** P(holds product | holds basedOnProductId); 0 for catalog fallbacks. */
  confidence: number;
  lift: number;
  /** Share of all accounts holding both. */
  support: number;
  /** Accounts holding both: the raw evidence size. */
  pairAccounts: number;
  /** The held product whose evidence was strongest; null for catalog fallbacks. */
  basedOnProductId: number | null;
  basis: 'affinity' | 'catalog';
};

/** Canonical pair key: smaller id first, so (a, b) and (b, a) share one count. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** Builds the counts from baskets in memory: for tests and the benchmark, not the scan. */
export function countBaskets(baskets: number[][]): AffinityCounts {
  const productAccounts = new Map<number, number>();
  const pairAccounts = new Map<string, number>();
  let accounts = 0;
  for (const basket of baskets) {
    // an account holding a product twice (two holdings) still counts once
    const items = [...new Set(basket)].sort((x, y) => x - y);
    if (items.length === 0) continue;
    accounts++;
    for (let i = 0; i < items.length; i++) {
      const a = items[i]!;
      productAccounts.set(a, (productAccounts.get(a) ?? 0) + 1);
      for (let j = i + 1; j < items.length; j++) {
        const k = pairKey(a, items[j]!);
        pairAccounts.set(k, (pairAccounts.get(k) ?? 0) + 1);
      }
    }
  }
  return { accounts, productAccounts, pairAccounts };
}

export function pairCount(counts: AffinityCounts, a: number, b: number): number {
  return a === b ? (counts.productAccounts.get(a) ?? 0) : (counts.pairAccounts.get(pairKey(a, b)) ?? 0);
}

/**
 * Association of "holds b" given "holds a":
 * support = |A∩B| / N, confidence = |A∩B| / |A|, lift = confidence / (|B| / N).
 * Empty denominators yield 0 rather than NaN so callers can rank without guards.
 */
export function affinity(counts: AffinityCounts, a: number, b: number): Affinity {
  const n = counts.accounts;
  const both = pairCount(counts, a, b);
  const holdA = counts.productAccounts.get(a) ?? 0;
  const holdB = counts.productAccounts.get(b) ?? 0;
  const support = n > 0 ? both / n : 0;
  const confidence = holdA > 0 ? both / holdA : 0;
  const lift = n > 0 && holdB > 0 ? confidence / (holdB / n) : 0;
  return { support, confidence, lift };
}

export type NextBestInput = {
  held: number[];
  /** Held before and cancelled recently: offering them again reads as not listening. */
  excluded: number[];
  counts: AffinityCounts;
  catalog: CatalogEntry[];
  limit: number;
  /** Pairs seen on fewer accounts than this are noise: the candidate falls back to catalog order. */
  minPairSupport: number;
};

/**
 * Ranks the products an account should be offered next.
 *
 * Each candidate takes the strongest evidence over every held product (max confidence):
 * it is what the suggestion text quotes ("64% of Analytics customers also use Reporting"),
 * and unlike noisy-or it does not inflate scores by treating correlated products as
 * independent witnesses. Ties go to the higher lift (the pairing is more than popularity),
 * then to catalog order. Candidates with only thin evidence follow, in catalog order.
 */
export function nextBestProducts(input: NextBestInput): ProductSuggestion[] {
  const { held, counts, minPairSupport } = input;
  const blocked = new Set([...held, ...input.excluded]);
  const minPairs = Math.max(1, minPairSupport);
  const affine: (ProductSuggestion & { position: number })[] = [];
  const fallback: (ProductSuggestion & { position: number })[] = [];

  for (const p of input.catalog) {
    if (!p.active || blocked.has(p.id)) continue;
    let best: (ProductSuggestion & { position: number }) | null = null;
    for (const a of held) {
      const both = pairCount(counts, a, p.id);
      if (both < minPairs) continue;
      const f = affinity(counts, a, p.id);
      if (
        best === null ||
        f.confidence > best.confidence ||
        (f.confidence === best.confidence && f.lift > best.lift)
      ) {
        best = {
          productId: p.id, support: f.support, confidence: f.confidence, lift: f.lift,
          pairAccounts: both, basedOnProductId: a, basis: 'affinity', position: p.position,
        };
      }
    }
    if (best) affine.push(best);
    else
      fallback.push({
        productId: p.id, confidence: 0, lift: 0, support: 0, pairAccounts: 0,
        basedOnProductId: null, basis: 'catalog', position: p.position,
      });
  }

  affine.sort((x, y) => y.confidence - x.confidence || y.lift - x.lift || byCatalog(x, y));
  fallback.sort(byCatalog);
  // written out field by field (V8's object rest/spread takes a slow path): the scan calls this per account
  return affine.concat(fallback).slice(0, Math.max(0, input.limit)).map((x): ProductSuggestion => ({
    productId: x.productId, confidence: x.confidence, lift: x.lift, support: x.support,
    pairAccounts: x.pairAccounts, basedOnProductId: x.basedOnProductId, basis: x.basis,
  }));
}

function byCatalog(x: { position: number; productId: number }, y: { position: number; productId: number }): number {
  return x.position - y.position || x.productId - y.productId;
}

/**
 * Baseline for the benchmark: the most widely held active product the account does not
 * hold (ignores what the account holds beyond excluding it). Ties go to catalog order.
 */
export function mostPopularNotHeld(input: {
  held: number[];
  excluded?: number[];
  counts: AffinityCounts;
  catalog: CatalogEntry[];
}): number | null {
  const blocked = new Set([...input.held, ...(input.excluded ?? [])]);
  let best: { id: number; n: number; position: number } | null = null;
  for (const p of input.catalog) {
    if (!p.active || blocked.has(p.id)) continue;
    const n = input.counts.productAccounts.get(p.id) ?? 0;
    if (
      best === null ||
      n > best.n ||
      (n === best.n && (p.position < best.position || (p.position === best.position && p.id < best.id)))
    ) {
      best = { id: p.id, n, position: p.position };
    }
  }
  return best?.id ?? null;
}

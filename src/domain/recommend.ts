// The next-product model: what an account should be offered next, given everything it holds
// (its whole basket), learned from the workspace's retained customers. Pure: the scan and
// the export read the basket counts with one set-based query (data/basket-counts.ts) and
// hand them here; this module never sees a row per account.
//
// The estimate backs off from the exact basket to its subsets, shrinking each level toward
// the one below (m-estimate: (hits + m·parent) / (n + m)) and finally toward the base rate,
// so a basket seen on 3 accounts leans on its sub-baskets and a basket seen on 3,000 speaks
// for itself. Nothing here is tuned to a data set: m is one stated constant for the
// co-holding levels, and how far the last step (what accounts with this exact basket took
// next) leans on them is learned from the workspace's own counts (learnNextWeight).

export type BasketCounts = {
  /** Each distinct basket of the learning set (ascending product ids) and how many accounts hold exactly it. */
  baskets: { products: number[]; accounts: number }[];
  /**
   * What the learning set's accounts added, in order: the basket live just before a holding
   * started → its product, with how many accounts made that move. Empty when the book has
   * no usable dates (every holding started the same day): the model then uses baskets alone.
   */
  moves?: { before: number[]; product: number; accounts: number }[];
};

/** Pseudo-accounts each level's parent estimate weighs: a level needs ~this many accounts to outweigh it. */
export const SHRINKAGE_M = 10;
/** Subsets up to this size are counted (C(10,3) = 120 per basket of ten): the combinatorics stay bounded. */
export const MAX_PATTERN = 3;
/** Evidence is quoted from a sub-basket held by at least this many accounts; fewer is an anecdote. */
export const MIN_EVIDENCE_ACCOUNTS = 5;

export type BasketModel = {
  /** Accounts in the learning set (each with at least one product). */
  accounts: number;
  /** key(S) → accounts whose basket contains S, for every S of size ≤ MAX_PATTERN + 1. */
  contains: Map<string, number>;
  /** key(basket) → accounts holding exactly that basket. */
  exact: Map<string, number>;
  /** key(basket before) → product added next → accounts that made that move. */
  moves: Map<string, Map<number, number>>;
  /** Every product seen in the learning set. */
  products: number[];
  m: number;
  /** bySize[k] = accounts holding exactly k products. */
  bySize: number[];
  /** Rankings already computed, by held basket (the scan meets the same baskets again and again). */
  memo: Map<string, Map<number, Ranked>>;
  /**
   * Lists already picked, per catalog: held basket, excluded products and limit → recommend()'s
   * answer, shared by every caller (read-only; a catalog is never changed in place).
   */
  picks: WeakMap<readonly RecommendCatalogEntry[], Map<string, readonly Recommendation[]>>;
  /**
   * Tier 1–2 estimates already computed, by sub-basket (size ≤ MAX_PATTERN), over every product
   * in `products`: they depend on the sub-basket alone, and thousands of baskets share them.
   */
  subMemo?: Map<string, SubEstimate>;
  /** Product id → its position in `products` (the estimates' index), made on first use. */
  index?: Map<number, number>;
  /** Pseudo-accounts the co-holding estimate weighs against next-product counts; learned on first use (learnNextWeight). */
  nextM?: number;
};

export type Evidence = {
  /** The held products the quote is about (a sub-basket of what the account holds); empty: all customers. */
  basis: number[];
  /** Customers holding the basis. */
  holders: number;
  /** Of those, customers also holding the suggested product. */
  alsoHold: number;
  /** (alsoHold / holders) / (share of all customers holding it); 0 without data. */
  lift: number;
};

export type Recommendation = {
  productId: number;
  /**
   * Estimated chance the account takes this product next, 0..1: the chance an account with this
   * basket takes any further product × the share of those that take this one. Shrunk: never 1
   * from a handful of accounts, and low where the book's customers rarely hold more.
   */
  score: number;
  basis: 'basket' | 'catalog';
  evidence: Evidence | null;
};

/** rank orders the candidates (P(next = B | it takes one)); score is the chance (× P(takes one)). */
type Ranked = { productId: number; rank: number; score: number; /** computed on first use, then kept with the ranking */ evidence?: Evidence | null };

/** Tier 1–2 estimates for one sub-basket S over every learned product, and the counts behind them. */
type SubEstimate = { q: Float64Array; /** customers holding S and the product */ also: Float64Array };

/** A sub-basket evidence may be quoted from and how many customers hold it. */
type EvidenceBasis = { basis: number[]; holders: number; /** its kept estimate's counts, found on first use */ also?: Float64Array };

export type RecommendCatalogEntry = { id: number; position: number; active: boolean };

/** Canonical key of a set of product ids (ascending). */
export function basketKey(ids: readonly number[]): string {
  return ids.join(',');
}

function sortedUnique(ids: readonly number[]): readonly number[] {
  // most inputs already are (a scan reads them so): no copy then
  let ok = true;
  for (let i = 1; i < ids.length && ok; i++) ok = ids[i - 1]! < ids[i]!;
  return ok ? ids : [...new Set(ids)].sort((a, b) => a - b);
}

/** All subsets of `xs` (ascending) with size ≤ k, the empty set included, each ascending. */
function subsetsUpTo(xs: readonly number[], k: number, visit: (s: number[]) => void): void {
  const cur: number[] = [];
  const go = (from: number) => {
    visit(cur.slice());
    if (cur.length === k) return;
    for (let i = from; i < xs.length; i++) {
      cur.push(xs[i]!);
      go(i + 1);
      cur.pop();
    }
  };
  go(0);
}

/** Builds the counts from baskets in memory (tests and the bench; the scan counts in SQL). */
export function basketCounts(baskets: readonly (readonly number[])[]): BasketCounts {
  const byKey = new Map<string, { products: number[]; accounts: number }>();
  for (const b of baskets) {
    const products = sortedUnique(b);
    if (products.length === 0) continue;
    const key = basketKey(products);
    const row = byKey.get(key);
    if (row) row.accounts++;
    else byKey.set(key, { products: [...products], accounts: 1 });
  }
  return { baskets: [...byKey.values()] };
}

/**
 * Learns the model: for every distinct basket, its subsets up to MAX_PATTERN + 1 products
 * (a pattern and one candidate) add its accounts to `contains`. Work is per distinct basket,
 * not per account: a few hundred baskets for a catalog of ten, however many accounts.
 */
export function learnBaskets(counts: BasketCounts, m = SHRINKAGE_M): BasketModel {
  const contains = new Map<string, number>();
  const exact = new Map<string, number>();
  const products = new Set<number>();
  let accounts = 0;
  for (const b of counts.baskets) {
    const items = sortedUnique(b.products);
    if (items.length === 0 || b.accounts <= 0) continue;
    accounts += b.accounts;
    for (const p of items) products.add(p);
    const key = basketKey(items);
    exact.set(key, (exact.get(key) ?? 0) + b.accounts);
    // each subset's key grows from its parent's (as basketKey would write it): no array per subset
    const visit = (from: number, size: number, k: string) => {
      contains.set(k, (contains.get(k) ?? 0) + b.accounts);
      if (size === MAX_PATTERN + 1) return;
      for (let i = from; i < items.length; i++) visit(i + 1, size + 1, size === 0 ? String(items[i]) : `${k},${items[i]}`);
    };
    visit(0, 0, '');
  }
  const moves = new Map<string, Map<number, number>>();
  for (const mv of counts.moves ?? []) {
    const before = sortedUnique(mv.before);
    // a product already held is a renewal, not a next product; nothing held before is a first purchase
    if (before.length === 0 || before.includes(mv.product) || mv.accounts <= 0) continue;
    const key = basketKey(before);
    const row = moves.get(key) ?? new Map<number, number>();
    row.set(mv.product, (row.get(mv.product) ?? 0) + mv.accounts);
    moves.set(key, row);
  }
  const bySize: number[] = [];
  for (const b of counts.baskets) {
    const k = new Set(b.products).size;
    if (k > 0 && b.accounts > 0) bySize[k] = (bySize[k] ?? 0) + b.accounts;
  }
  return { accounts, contains, exact, moves, products: [...products].sort((a, b) => a - b), m, memo: new Map(), picks: new WeakMap(), bySize: Array.from(bySize, (x) => x ?? 0) };
}

function containing(model: BasketModel, s: readonly number[]): number {
  return s.length === 0 ? model.accounts : (model.contains.get(basketKey(s)) ?? 0);
}

function withProduct(s: readonly number[], p: number): number[] {
  const out = s.slice();
  let i = out.length;
  while (i > 0 && out[i - 1]! > p) i--;
  out.splice(i, 0, p);
  return out;
}

/**
 * P(next product = B | basket = held) for every product not held, summing to 1 (or empty
 * without data). Three tiers, each shrunk toward the one before it:
 * 1. base rate: share of customers holding B;
 * 2. sub-baskets S ⊆ held of size 1..MAX_PATTERN: customers holding S who also hold B,
 *    shrunk toward the mean of S's own sub-baskets' estimates;
 * 3. the exact basket: customers holding exactly held + B, among those holding held plus
 *    exactly one more product, and the dated moves from exactly this basket (what accounts
 *    like this one went on to add), shrunk toward tier 2 at the largest sub-baskets with the
 *    weight learnNextWeight finds in this book's counts; a distribution over next products.
 */
function rankAll(model: BasketModel, held: readonly number[]): Map<number, Ranked> {
  const key = basketKey(held);
  const hit = model.memo.get(key);
  if (hit) return hit;
  const heldSet = new Set(held);
  const cands = model.products.filter((p) => !heldSet.has(p));
  const ranked: Ranked[] = [];
  if (model.accounts > 0 && cands.length > 0) {
    const pi = coHolding(model, held, cands);
    // tier 3: what accounts like this one took as their next product: those holding exactly
    // this basket plus one more, and (from dates) those that once held exactly this basket and
    // went on to add one; pooled, shrunk toward tier 2 by the weight this book's counts support
    const after = nextCounts(model, held, cands);
    const e = after.reduce((a, x) => a + x, 0);
    const w = learnNextWeight(model);
    const more = takesMore(model, held);
    for (let i = 0; i < cands.length; i++) {
      const rank = (after[i]! + w * pi[i]!) / (e + w);
      ranked.push({ productId: cands[i]!, rank, score: rank * more });
    }
  }
  // bounded: the distinct baskets met by one scan; cleared rather than grown without end
  if (model.memo.size > 100_000) model.memo.clear();
  const byId = new Map(ranked.map((r) => [r.productId, r]));
  model.memo.set(key, byId);
  return byId;
}

/** Next-product counts for `held` over `cands`: accounts holding exactly held + B, plus dated moves held → B. */
function nextCounts(model: BasketModel, held: readonly number[], cands: readonly number[]): number[] {
  const moved = model.moves.get(basketKey(held));
  return cands.map((b) => (model.exact.get(basketKey(withProduct(held, b))) ?? 0) + (moved?.get(b) ?? 0));
}

/**
 * Tiers 1 and 2 normalised over the candidates: what customers holding (sub-baskets of) this
 * basket also hold, the co-holding estimate tier 3 shrinks toward.
 */
function coHolding(model: BasketModel, held: readonly number[], cands: readonly number[]): Float64Array {
  // bounded like the ranking memo: at most this many estimates (one number per product each) are kept
  if (model.subMemo && model.subMemo.size * model.products.length > 2_000_000) model.subMemo.clear();
  const at = productIndex(model);
  const top = Math.min(MAX_PATTERN, held.length);
  const level: number[][] = [];
  subsetsUpTo(held, top, (s) => { if (s.length === top) level.push(s); });
  const prior = new Float64Array(cands.length);
  for (const s of level) {
    const { q } = subEstimate(model, s);
    for (let i = 0; i < cands.length; i++) prior[i]! += q[at.get(cands[i]!)!]! / level.length;
  }
  const total = prior.reduce((a, x) => a + x, 0);
  for (let i = 0; i < cands.length; i++) prior[i] = total > 0 ? prior[i]! / total : 1 / cands.length;
  return prior;
}

/**
 * Tier 1 (s empty: the base rate) or tier 2 for sub-basket s over every learned product:
 * customers holding s who also hold B, shrunk toward the mean of s's one-smaller sub-baskets'
 * estimates. A function of s alone (entries for products in s are never read), so it is
 * worked out once per sub-basket, not once per basket containing it.
 */
function subEstimate(model: BasketModel, s: readonly number[]): SubEstimate {
  const memo = (model.subMemo ??= new Map());
  const key = basketKey(s);
  const hit = memo.get(key);
  if (hit) return hit;
  const ps = model.products;
  const q = new Float64Array(ps.length);
  const also = new Float64Array(ps.length);
  for (let i = 0; i < ps.length; i++) also[i] = containing(model, withProduct(s, ps[i]!));
  if (s.length === 0) {
    for (let i = 0; i < ps.length; i++) q[i] = also[i]! / model.accounts;
  } else {
    const parent = new Float64Array(ps.length);
    for (let drop = 0; drop < s.length; drop++) {
      const p = subEstimate(model, s.filter((_, j) => j !== drop)).q;
      for (let i = 0; i < ps.length; i++) parent[i]! += p[i]! / s.length;
    }
    const ns = containing(model, s);
    for (let i = 0; i < ps.length; i++) q[i] = (also[i]! + model.m * parent[i]!) / (ns + model.m);
  }
  const entry = { q, also };
  memo.set(key, entry);
  return entry;
}

function productIndex(model: BasketModel): Map<number, number> {
  return (model.index ??= new Map(model.products.map((p, i) => [p, i])));
}

/** Baskets whose next-product counts the weight is fitted on: the best-counted ones (the fit's cost stays bounded). */
const FIT_BASKETS = 1_000;

/**
 * How many pseudo-accounts the co-holding estimate weighs when it meets a basket's
 * next-product counts, learned from this book rather than assumed: across every basket with
 * next-product counts, the weight under which those counts are most likely if each basket's
 * next product were drawn around its co-holding estimate (a Dirichlet-multinomial's marginal
 * likelihood, searched over 1…100,000 on a log grid). Where products are bought in a set
 * order, the counts stray far from co-holding and the weight is small, so they speak for
 * themselves; where the order is random, co-holding already says it, with more accounts
 * behind it, and the weight is large. SHRINKAGE_M when the book has too few counts to tell.
 */
export function learnNextWeight(model: BasketModel): number {
  if (model.nextM !== undefined) return model.nextM;
  // each basket's total next-product count first (an exact basket counts toward each of its
  // one-smaller sub-baskets), so only the best-counted ones are worked out in full
  const totals = new Map<string, number>();
  for (const [k, row] of model.moves) for (const n of row.values()) totals.set(k, (totals.get(k) ?? 0) + n);
  for (const [k, n] of model.exact) {
    const items = k.split(',').map(Number);
    if (items.length < 2) continue;
    for (let drop = 0; drop < items.length; drop++) {
      const sub = basketKey(items.filter((_, j) => j !== drop));
      totals.set(sub, (totals.get(sub) ?? 0) + n);
    }
  }
  const best = [...totals].filter(([k, n]) => n >= 2 && model.products.length - k.split(',').length >= 2).sort((x, y) => y[1] - x[1]).slice(0, FIT_BASKETS);
  const rows = best.map(([k, n]) => {
    const held = k.split(',').map(Number);
    const heldSet = new Set(held);
    const cands = model.products.filter((p) => !heldSet.has(p));
    return { c: nextCounts(model, held, cands), pi: coHolding(model, held, cands), n };
  });
  let weight = model.m;
  // a handful of baskets is no basis for a learned weight
  if (rows.length >= 3) {
    let bestL = -Infinity;
    for (let step = 0; step <= 50; step++) {
      const w = 10 ** (step / 10);
      let ll = 0;
      for (const r of rows) {
        ll += logGamma(w) - logGamma(w + r.n);
        for (let i = 0; i < r.c.length; i++) {
          // a product co-holding never saw still gets a sliver, so a count on it is not impossible
          const a = w * Math.max(r.pi[i]!, 1e-9);
          if (r.c[i]! > 0) ll += logGamma(a + r.c[i]!) - logGamma(a);
        }
      }
      if (ll > bestL) { bestL = ll; weight = w; }
    }
  }
  model.nextM = weight;
  return weight;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7): accurate to ~1e-13, ample for comparing likelihoods. */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const y = x - 1;
  let a = c[0]!;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The chance an account holding `held` takes any further product: of the customers holding
 * at least this basket, the share holding more than it, shrunk toward the same share over all
 * customers with as many products. Nothing held: 1 (any product is a next one).
 */
export function takesMore(model: BasketModel, held: readonly number[]): number {
  const k = held.length;
  if (k === 0) return 1;
  let atLeast = 0;
  for (let j = k; j < model.bySize.length; j++) atLeast += model.bySize[j] ?? 0;
  const more = atLeast - (model.bySize[k] ?? 0);
  const base = atLeast > 0 ? more / atLeast : 0;
  // sub-basket counts stop at MAX_PATTERN + 1 products; beyond, the base share alone
  if (k > MAX_PATTERN + 1) return base;
  const n = containing(model, held);
  const exactly = model.exact.get(basketKey(held)) ?? 0;
  return (n - exactly + model.m * base) / (n + model.m);
}

/**
 * The quote behind a suggestion: the largest sub-basket of what the account holds that at
 * least MIN_EVIDENCE_ACCOUNTS customers hold (all of it when the basket is common; among
 * equals the one whose holders take the product most often), with how many of them also
 * hold the product and the lift over all customers.
 */
export function evidenceFor(model: BasketModel, held: readonly number[], productId: number, bases?: readonly EvidenceBasis[]): Evidence | null {
  if (model.accounts === 0) return null;
  const share = containing(model, [productId]) / model.accounts;
  let best: Evidence | null = null;
  // among sub-baskets of the largest size, the one that holds the product most often (the
  // reason it is suggested), then the one more customers hold
  const i = productIndex(model).get(productId);
  for (const b of bases ?? evidenceBases(model, held)) {
    const { basis, holders } = b;
    // read from the basis's kept estimate when the model knows the product (the same count)
    const alsoHold = i === undefined ? containing(model, withProduct(basis, productId)) : (b.also ??= subEstimate(model, basis).also)[i]!;
    if (best) {
      const d = alsoHold * best.holders - best.alsoHold * holders;
      if (d < 0 || (d === 0 && holders <= best.holders)) continue;
    }
    best = { basis: basis.slice(), holders, alsoHold, lift: share > 0 && holders > 0 ? alsoHold / holders / share : 0 };
  }
  return best;
}

/**
 * The sub-baskets of `held` evidence may be quoted from, whatever the product: those of the
 * largest size (larger ones describe the account better) that at least MIN_EVIDENCE_ACCOUNTS
 * customers hold, in enumeration order; the empty basket (all customers) when none is.
 */
function evidenceBases(model: BasketModel, held: readonly number[]): EvidenceBasis[] {
  let out: EvidenceBasis[] = [];
  const top = Math.min(MAX_PATTERN, held.length);
  const cur: number[] = [];
  // subsets in subsetsUpTo's order, each key grown from its parent's
  const go = (from: number, k: string) => {
    const size = out[0]?.basis.length ?? -1;
    if (cur.length >= size) {
      const holders = cur.length === 0 ? model.accounts : (model.contains.get(k) ?? 0);
      if (cur.length === 0 || holders >= MIN_EVIDENCE_ACCOUNTS) {
        if (cur.length > size) out = [];
        out.push({ basis: cur.slice(), holders });
      }
    }
    if (cur.length === top) return;
    for (let i = from; i < held.length; i++) {
      cur.push(held[i]!);
      go(i + 1, cur.length === 1 ? String(held[i]) : `${k},${held[i]}`);
      cur.pop();
    }
  };
  go(0, '');
  return out;
}

export type RecommendInput = {
  held: readonly number[];
  /** Cancelled recently: offering them again reads as not listening. */
  excluded: readonly number[];
  catalog: readonly RecommendCatalogEntry[];
  limit: number;
};

/**
 * The top `limit` products to offer, best first. Products the model has never seen follow
 * in catalog order (a new catalog still gets a suggestion); ties go to catalog order.
 */
export function recommend(model: BasketModel, input: RecommendInput): readonly Recommendation[] {
  const held = sortedUnique(input.held);
  // a scan meets the same baskets again and again: the list is picked once per basket, exclusions and limit
  let picked = model.picks.get(input.catalog);
  if (!picked) model.picks.set(input.catalog, (picked = new Map()));
  const key = `${basketKey(held)}|${basketKey(sortedUnique(input.excluded))}|${input.limit}`;
  const hit = picked.get(key);
  if (hit) return hit;
  const blocked = new Set([...held, ...input.excluded]);
  const all = rankAll(model, held);
  // the sub-baskets evidence may be quoted from, found once for this call's products (not kept:
  // a basket's evidence is kept with its ranking, and the sub-basket lists would outweigh it)
  let bases: EvidenceBasis[] | undefined;
  const open = input.catalog.filter((p) => p.active && !blocked.has(p.id));
  open.sort((x, y) => (all.get(y.id)?.rank ?? -1) - (all.get(x.id)?.rank ?? -1) || x.position - y.position || x.id - y.id);
  const list = open.slice(0, Math.max(0, input.limit)).map((p) => {
    const r = all.get(p.id);
    if (!r) return { productId: p.id, score: 0, basis: 'catalog' as const, evidence: null };
    // the scan meets the same basket again and again: its evidence is worked out once
    if (r.evidence === undefined) r.evidence = evidenceFor(model, held, p.id, (bases ??= evidenceBases(model, held)));
    return { productId: p.id, score: r.score, basis: 'basket' as const, evidence: r.evidence };
  });
  // bounded like the ranking memo
  if (picked.size > 100_000) picked.clear();
  picked.set(key, list);
  return list;
}

/**
 * What a whitespace suggestion is worth ranking by: the value the rep can add (the chance
 * they take it × the product's monthly value × the months a customer stays), in dollars like
 * equity.ts's priority, scaled by a risk factor the churn model supplies (1 = neutral).
 */
export function whitespaceValue(p: { score: number; addMrrCents: number; lifetimeMonths: number; risk?: number }): number {
  // a factor that is not a finite number (a score from empty counts) adds nothing, never a NaN
  // rank: Postgres sorts NaN above every number, so it would be released first
  const f = (x: number) => (Number.isFinite(x) && x > 0 ? x : 0);
  return (f(p.score) * f(p.addMrrCents) * f(p.lifetimeMonths) * (p.risk === undefined ? 1 : f(p.risk))) / 100;
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The share a quote shows ("80 of 150"), or null when it shows no count (the catalog's order). */
function quotedShare(r: Pick<Recommendation, 'basis' | 'evidence'>): { alsoHold: number; holders: number } | null {
  const e = r.evidence;
  return r.basis === 'catalog' || !e || e.holders === 0 ? null : e;
}

/**
 * The evidence in words, always with its counts: "31 of 48 customers who hold Reporting and
 * Alerts also hold Analytics (2.1× the average)". The ratio is quoted only when it reads above
 * 1.0×; otherwise the first pick is called what it is, the most common next product, unless a
 * product quoted `beside` it (the list it is shown in) has a bigger count or share: the ranking
 * also reads what customers took next, and "most common" beside "80 of 150" for another reads
 * false. An alternative gets its counts alone. Plain text: the views escape it.
 */
export function evidenceSentence(
  r: Pick<Recommendation, 'basis' | 'evidence'>, productName: string, name: (id: number) => string, rank = 1,
  beside: readonly Pick<Recommendation, 'basis' | 'evidence'>[] = [],
): string {
  const e = r.evidence;
  // the first pick that no customer with that basket took is the catalog's order, not "the most
  // common next product" (an alternative still shows its counts, zero included)
  if (r.basis === 'catalog' || !e || e.holders === 0 || (e.alsoHold === 0 && rank === 1)) return `${productName} is the next product in the catalog`;
  const lift = Math.round(e.lift * 10) / 10;
  const mostCommon = rank === 1 && !beside.some((o) => {
    const q = o === r ? null : quotedShare(o);
    return q !== null && (q.alsoHold > e.alsoHold || q.alsoHold * e.holders > e.alsoHold * q.holders);
  });
  if (e.basis.length === 0) {
    const of = `${count(e.alsoHold)} of ${count(e.holders)} customers hold`;
    return mostCommon ? `${productName} is the most common next product here: ${of} it` : `${of} ${productName}`;
  }
  const who = `${count(e.alsoHold)} of ${count(e.holders)} customers who hold ${listNames(e.basis.map(name))} also hold`;
  if (lift > 1) return `${who} ${productName} (${lift.toFixed(1)}× the average)`;
  return mostCommon ? `${productName} is the most common next product here: ${who} it` : `${who} ${productName}`;
}

/** One of a cross-sell nudge's next products as stored in its evidence (domain/nudges.ts). */
export type NextProduct = { productName: string; score: number; evidence: string };

/**
 * The next products a nudge's evidence carries (evidence.alternatives, or that list), best
 * first; [] for other shapes, e.g. a nudge written before the basket model. Reads untrusted JSON.
 */
export function nextProductsOf(evidence: unknown): NextProduct[] {
  // the evidence record, or its alternatives list itself (as the account card reads it)
  const list = Array.isArray(evidence) ? evidence : typeof evidence === 'object' && evidence !== null ? (evidence as Record<string, unknown>).alternatives : null;
  if (!Array.isArray(list)) return [];
  const out: NextProduct[] = [];
  for (const x of list.slice(0, 3)) {
    if (typeof x !== 'object' || x === null) continue;
    const r = x as Record<string, unknown>;
    if (typeof r.productName !== 'string' || !r.productName.trim() || typeof r.score !== 'number' || !Number.isFinite(r.score)) continue;
    out.push({ productName: r.productName, score: r.score, evidence: typeof r.evidence === 'string' ? r.evidence : '' });
  }
  return out;
}

/** A chance as people read it: "41%", "under 1%"; never "100%" (an estimate is never a certainty). */
export function chanceText(score: number): string {
  const pct = Math.round(Math.max(0, score) * 100);
  return pct < 1 ? 'under 1%' : `${Math.min(99, pct)}%`;
}

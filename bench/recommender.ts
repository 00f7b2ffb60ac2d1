// Recommender bench: does Tend's next-product model (src/domain/recommend.ts) name the
// product a customer takes better than the simple answers? Two protocols, on two books of
// different shape (bench/books.ts), over 5 seeds each:
// (a) hide one: learn from 80% of the active customers; for each other active customer with
//     2+ products hide one at random and predict it from the rest;
// (b) temporal: learn from the book as it was 180 days ago; predict the product each customer
//     of that day actually added next.
// Every model learns from the same set (active customers' live holdings at the learning date),
// so the figures compare models, not data; a last row shows today's pairwise model learning as
// it used to, from every account with open holdings (churned ones too).
import { countBaskets, mostPopularNotHeld, nextBestProducts, type CatalogEntry } from '../src/domain/affinity.ts';
import { basketCounts, basketKey, learnBaskets, recommend, type BasketModel } from '../src/domain/recommend.ts';
import { MIN_PAIR_SUPPORT } from '../src/scan/context.ts';
import { prng } from '../src/demo/generate.ts';
import { journeysBook, tastesBook, type BenchAccount, type BenchBook } from './books.ts';
import type { BenchRow } from './run.ts';

const DAY = 86_400_000;
const SEEDS = [11, 12, 13, 14, 15];
const MODELS = ['tend', 'popularity', 'max P(B|A)', 'full-basket conditional', 'max P(B|A), churned included'] as const;
type Model = (typeof MODELS)[number];
type Case = { held: number[]; excluded: number[]; target: number };
type Learned = { baskets: number[][]; all: number[][]; moves: { before: number[]; product: number; accounts: number }[] };

const live = (a: BenchAccount, t: number) =>
  [...new Set(a.holdings.filter((h) => h.startedAt <= t && (h.endedAt === null || h.endedAt > t)).map((h) => h.product + 1))];
const endedBy = (a: BenchAccount, t: number, held: number[]) =>
  [...new Set(a.holdings.filter((h) => h.endedAt !== null && h.endedAt <= t && h.endedAt > t - 180 * DAY).map((h) => h.product + 1))].filter((p) => !held.includes(p));
const activeAt = (a: BenchAccount, t: number) => a.churnedAt === null || a.churnedAt > t;
/** Each product the account added up to t, with the basket it held just before. */
const movesOf = (a: BenchAccount, t: number) =>
  a.holdings.filter((h) => h.startedAt <= t).map((h) => ({ before: live(a, h.startedAt - 1), product: h.product + 1, accounts: 1 }));

/**
 * (a): five folds; each fold learns from the active customers of the other four and, for each
 * of its own active customers with 2+ products, hides each product in turn (every hide counts).
 */
function hideOne(book: BenchBook): { learn: Learned; cases: Case[] }[] {
  return [0, 1, 2, 3, 4].map((fold) => {
    const learn: Learned = { baskets: [], all: [], moves: [] };
    const cases: Case[] = [];
    book.accounts.forEach((a, i) => {
      const basket = live(a, book.now);
      if (i % 5 !== fold) {
        if (a.status === 'active') {
          learn.baskets.push(basket);
          learn.moves.push(...movesOf(a, book.now));
        }
        learn.all.push(basket);
        return;
      }
      if (a.status !== 'active' || basket.length < 2) return;
      const excluded = endedBy(a, book.now, basket);
      for (const target of basket) cases.push({ held: basket.filter((p) => p !== target), excluded, target });
    });
    return { learn, cases };
  });
}

/** (b): the book as of 180 days ago; each customer's first product added after that day. */
function temporal(book: BenchBook): { learn: Learned; cases: Case[] }[] {
  const cut = book.now - 180 * DAY;
  const learn: Learned = { baskets: [], all: [], moves: [] };
  const cases: Case[] = [];
  for (const a of book.accounts) {
    const held = live(a, cut);
    if (held.length === 0) continue;
    learn.all.push(held);
    if (!activeAt(a, cut)) continue;
    learn.baskets.push(held);
    learn.moves.push(...movesOf(a, cut));
    const next = a.holdings.filter((h) => h.startedAt > cut && !held.includes(h.product + 1)).sort((x, y) => x.startedAt - y.startedAt)[0];
    if (next) cases.push({ held, excluded: endedBy(a, cut, held), target: next.product + 1 });
  }
  return [{ learn, cases }];
}

/** Baseline: among customers holding everything this one holds, the share also holding B; popularity when none. */
function fullBasketConditional(learned: { products: number[]; accounts: number }[], held: number[], blocked: Set<number>, catalog: CatalogEntry[]): number[] {
  const hits = new Map<number, number>();
  const pop = new Map<number, number>();
  for (const b of learned) {
    for (const p of b.products) pop.set(p, (pop.get(p) ?? 0) + b.accounts);
    if (held.every((h) => b.products.includes(h))) for (const p of b.products) hits.set(p, (hits.get(p) ?? 0) + b.accounts);
  }
  return catalog
    .filter((p) => !blocked.has(p.id))
    .sort((x, y) => (hits.get(y.id) ?? 0) - (hits.get(x.id) ?? 0) || (pop.get(y.id) ?? 0) - (pop.get(x.id) ?? 0) || x.position - y.position)
    .slice(0, 3)
    .map((p) => p.id);
}

/** Hits at 1 and at 3 of each model, summed over the cases. */
function evaluate(products: number, learn: Learned, cases: Case[]): Record<Model, [number, number]> {
  const catalog: CatalogEntry[] = Array.from({ length: products }, (_, i) => ({ id: i + 1, position: i, active: true }));
  const model: BasketModel = learnBaskets({ ...basketCounts(learn.baskets), moves: learn.moves });
  const pairs = countBaskets(learn.baskets);
  const pairsAll = countBaskets(learn.all);
  const distinct = basketCounts(learn.baskets).baskets;
  const memo = new Map<string, number[]>();
  const score = {} as Record<Model, [number, number]>;
  for (const m of MODELS) score[m] = [0, 0];
  for (const c of cases) {
    const blocked = new Set([...c.held, ...c.excluded]);
    const key = `${basketKey([...c.held].sort((a, b) => a - b))}|${basketKey([...c.excluded].sort((a, b) => a - b))}`;
    let full = memo.get(key);
    if (!full) memo.set(key, (full = fullBasketConditional(distinct, c.held, blocked, catalog)));
    const popular: number[] = [];
    for (let k = 0; k < 3; k++) {
      const p = mostPopularNotHeld({ held: c.held, excluded: [...c.excluded, ...popular], counts: pairs, catalog });
      if (p !== null) popular.push(p);
    }
    const lists: Record<Model, number[]> = {
      tend: recommend(model, { held: c.held, excluded: c.excluded, catalog, limit: 3 }).map((r) => r.productId),
      popularity: popular,
      'max P(B|A)': nextBestProducts({ held: c.held, excluded: c.excluded, counts: pairs, catalog, limit: 3, minPairSupport: MIN_PAIR_SUPPORT }).map((s) => s.productId),
      'full-basket conditional': full,
      'max P(B|A), churned included': nextBestProducts({ held: c.held, excluded: c.excluded, counts: pairsAll, catalog, limit: 3, minPairSupport: MIN_PAIR_SUPPORT }).map((s) => s.productId),
    };
    for (const m of MODELS) {
      if (lists[m][0] === c.target) score[m][0]++;
      if (lists[m].slice(0, 3).includes(c.target)) score[m][1]++;
    }
  }
  return score;
}

export async function run(): Promise<BenchRow[]> {
  const accounts = Math.max(1_000, Math.round(20_000 * Number(process.env.BENCH_SCALE ?? 1)));
  const rows: BenchRow[] = [];
  const shapes: [string, (seed: number) => BenchBook][] = [
    ['journeys', (s) => journeysBook(s, accounts)],
    ['tastes', (s) => tastesBook(s, accounts)],
  ];
  for (const [shape, make] of shapes) {
    for (const [protocol, split] of [['hide one', hideOne], ['temporal', temporal]] as const) {
      const runs = SEEDS.map((seed) => {
        const book = make(seed);
        const score = {} as Record<Model, [number, number]>;
        for (const m of MODELS) score[m] = [0, 0];
        let n = 0;
        for (const { learn, cases } of split(book)) {
          const s = evaluate(book.products, learn, cases);
          for (const m of MODELS) score[m] = [score[m][0] + s[m][0], score[m][1] + s[m][1]];
          n += cases.length;
        }
        for (const m of MODELS) score[m] = [score[m][0] / n, score[m][1] / n];
        return { cases: n, score };
      });
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const mean = (m: Model, k: 0 | 1) => runs.reduce((s, r) => s + r.score[m][k], 0) / runs.length;
      console.log(`recommender ${shape} / ${protocol}: ${runs.map((r) => r.cases).join(', ')} cases (hidden products or next products) over seeds ${SEEDS.join(', ')} (${accounts} accounts each)`);
      for (const k of [0, 1] as const) {
        // the margin that holds on every seed: Tend minus the best baseline of that seed
        const margins = runs.map((r) => r.score.tend[k] - Math.max(...MODELS.filter((m) => m !== 'tend').map((m) => r.score[m][k])));
        const minMargin = Math.min(...margins);
        const at = k === 0 ? 'hit@1' : 'hit@3';
        rows.push({
          bench: 'recommender', metric: `${shape} ${protocol} ${at} tend`, value: pct(mean('tend', k)),
          target: `> every baseline on each seed; min margin ${minMargin >= 0 ? '+' : ''}${(100 * minMargin).toFixed(1)} pts`,
        });
        for (const m of MODELS) if (m !== 'tend') rows.push({ bench: 'recommender', metric: `${shape} ${protocol} ${at} ${m}`, value: pct(mean(m, k)), target: 'baseline' });
      }
    }
  }
  return rows;
}

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
// Printed per seed, with the paired noise of Tend's margin over the full-basket conditional
// (how many cases the two disagree on), split by basket size, by how many learning customers
// hold the basket (how thick its counts are) and by whether dated moves from that exact basket
// were there to use. The target column is computed: met, not met, or a tie within the noise.
// Last, the churn-by-products curve Tend measures from the book as an import would give it,
// beside the one the generator planted.
import { countBaskets, MIN_PAIR_SUPPORT, mostPopularNotHeld, nextBestProducts, type CatalogEntry } from './pairwise-baseline.ts';
import { basketCounts, basketKey, learnBaskets, learnNextWeight, recommend, type BasketModel } from '../src/domain/recommend.ts';
import { churnCurve, pctText, thesis, type ChurnCountRow, type ChurnCurve } from '../src/domain/churn.ts';
import { journeysBook, tastesBook, type BenchAccount, type BenchBook } from './books.ts';
import type { BenchRow } from './run.ts';

const DAY = 86_400_000;
const SEEDS = [11, 12, 13, 14, 15];
const MODELS = ['tend', 'popularity', 'max P(B|A)', 'full-basket conditional', 'max P(B|A), churned included'] as const;
type Model = (typeof MODELS)[number];
type Case = { held: number[]; excluded: number[]; target: number };
/** Per group of cases ('all', 'size 2', 'moves: yes'…): cases, and each model's hits at 1 and 3. */
type Split = Map<string, { n: number; hits: Record<Model, [number, number]>; /** per baseline, cases only Tend got and cases only that baseline got, at 1 and at 3 (the paired noise) */ onlyTend: Record<Model, [number, number]>; onlyOther: Record<Model, [number, number]>; /** hits of the basket-only ceiling (see evaluate) */ ceiling: [number, number] }>;
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

/** Hits at 1 and at 3 of each model, summed over the cases, also by group into `split`. */
function evaluate(products: number, learn: Learned, cases: Case[], split: Split, weights: number[]): Record<Model, [number, number]> {
  const catalog: CatalogEntry[] = Array.from({ length: products }, (_, i) => ({ id: i + 1, position: i, active: true }));
  const model: BasketModel = learnBaskets({ ...basketCounts(learn.baskets), moves: learn.moves });
  weights.push(learnNextWeight(model));
  const pairs = countBaskets(learn.baskets);
  const pairsAll = countBaskets(learn.all);
  const distinct = basketCounts(learn.baskets).baskets;
  const memo = new Map<string, number[]>();
  // the basket-only ceiling: for each held basket, the products its own cases' targets were
  // most often, read off the answers (in-sample, so optimistic): no model that sees only the
  // basket can do better, so a margin near it is all there is to win
  const answers = new Map<string, Map<number, number>>();
  const holdersOf = new Map<string, number>();
  const seen: { key: string; target: number; groups: string[] }[] = [];
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
    const sorted = [...c.held].sort((a, b) => a - b);
    const moved = model.moves.has(basketKey(sorted));
    // how thick the counts behind this basket are: learning customers holding all of it
    let holders = holdersOf.get(basketKey(sorted));
    if (holders === undefined) {
      holders = c.held.length <= 4 ? (model.contains.get(basketKey(sorted)) ?? 0) : distinct.reduce((a, b) => a + (c.held.every((h) => b.products.includes(h)) ? b.accounts : 0), 0);
      holdersOf.set(basketKey(sorted), holders);
    }
    const thick = holders >= 1_000 ? 'holders 1000+' : holders >= 100 ? 'holders 100-999' : 'holders 1-99';
    const groups = ['all', `size ${Math.min(4, c.held.length)}${c.held.length >= 4 ? '+' : ''}`, `moves ${moved ? 'yes' : 'no'}`, thick];
    const heldKey = basketKey(sorted);
    const tally = answers.get(heldKey) ?? new Map<number, number>();
    tally.set(c.target, (tally.get(c.target) ?? 0) + 1);
    answers.set(heldKey, tally);
    seen.push({ key: heldKey, target: c.target, groups });
    for (const g of groups) {
      let row = split.get(g);
      const zero = () => Object.fromEntries(MODELS.map((m) => [m, [0, 0]])) as Record<Model, [number, number]>;
      if (!row) split.set(g, (row = { n: 0, hits: zero(), onlyTend: zero(), onlyOther: zero(), ceiling: [0, 0] }));
      row.n++;
      for (const m of MODELS) {
        if (lists[m][0] === c.target) row.hits[m][0]++;
        if (lists[m].includes(c.target)) row.hits[m][1]++;
      }
      for (const k of [0, 1] as const) {
        const t = lists.tend.slice(0, k === 0 ? 1 : 3).includes(c.target);
        for (const m of MODELS) {
          const o = lists[m].slice(0, k === 0 ? 1 : 3).includes(c.target);
          if (t && !o) row.onlyTend[m][k]++;
          if (o && !t) row.onlyOther[m][k]++;
        }
      }
    }
  }
  const tops = new Map([...answers].map(([k, t]) => [k, [...t].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 3).map(([p]) => p)]));
  for (const c of seen) {
    const top = tops.get(c.key)!;
    for (const g of c.groups) {
      const row = split.get(g)!;
      if (top[0] === c.target) row.ceiling[0]++;
      if (top.includes(c.target)) row.ceiling[1]++;
    }
  }
  return score;
}

/**
 * The churn-by-products curve of the year to `book.now` (churn.ts, the digest's own curve),
 * from the counts data/churn-sql.ts's loadChurnCounts would read: customers a year ago by
 * products held then, and how many of them had left by now.
 * - planted: the generator's truth (every churned customer's real churn date, its holdings
 *   live until then);
 * - learned: what Tend sees after an import: a churned customer's date derived from its
 *   holdings' last end (deriveAccountDates) and none when an import left them open, and such a
 *   customer, status churned without a date, counted nowhere, as the SQL does.
 */
function churnCurves(book: BenchBook): { planted: ChurnCurve; learned: ChurnCurve } {
  const start = book.now - 365 * DAY;
  const planted = new Map<number, ChurnCountRow>(), learned = new Map<number, ChurnCountRow>();
  const add = (rows: Map<number, ChurnCountRow>, products: number, churned: boolean) => {
    const k = Math.min(3, products);
    const r = rows.get(k) ?? { products: k, atRisk: 0, churned: 0 };
    r.atRisk++;
    if (churned) r.churned++;
    rows.set(k, r);
  };
  for (const a of book.accounts) {
    // the truth: a churned customer's holdings all ended on its churn date, whatever the import says
    if (a.churnedAt === null || a.churnedAt > start) {
      const held = new Set(a.holdings.filter((h) => h.startedAt <= start && (h.endedAt ?? Infinity) > start && (a.churnedAt ?? Infinity) > start).map((h) => h.product));
      if (held.size > 0) add(planted, held.size, a.churnedAt !== null && a.churnedAt <= book.now);
    }
    const ends = a.holdings.map((h) => h.endedAt);
    const derived = a.status === 'churned' && ends.every((e) => e !== null && e <= book.now) ? Math.max(...(ends as number[])) : null;
    if (a.status === 'churned' && derived === null) continue;
    if (derived !== null && derived <= start) continue;
    const held = new Set(a.holdings.filter((h) => h.startedAt <= start && (h.endedAt === null || h.endedAt > start)).map((h) => h.product));
    if (held.size > 0) add(learned, held.size, derived !== null);
  }
  return { planted: churnCurve([...planted.values()]), learned: churnCurve([...learned.values()]) };
}

const curveText = (c: ChurnCurve['buckets'][number]) => (c.rate === null ? 'no customers' : `${pctText(c.rate)} (${c.churned.toLocaleString('en-US')} of ${c.atRisk.toLocaleString('en-US')})`);

export async function run(): Promise<BenchRow[]> {
  const accounts = Math.max(1_000, Math.round(20_000 * Number(process.env.BENCH_SCALE ?? 1)));
  const rows: BenchRow[] = [];
  const shapes: [string, (seed: number) => BenchBook][] = [
    ['journeys', (s) => journeysBook(s, accounts)],
    ['tastes', (s) => tastesBook(s, accounts)],
  ];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  const pts1 = (x: number) => (100 * x).toFixed(1);
  // the paired noise of Tend's margin over a baseline: 1.96 × √(cases only one of the two got) / cases
  const noise = (row: NonNullable<ReturnType<Split['get']>>, m: Model, k: 0 | 1) => (1.96 * Math.sqrt(row.onlyTend[m][k] + row.onlyOther[m][k])) / row.n;
  for (const [shape, make] of shapes) {
    const books = SEEDS.map((seed) => make(seed));
    for (const [protocol, splitOf] of [['hide one', hideOne], ['temporal', temporal]] as const) {
      const bySeed: Split[] = [];
      const runs = books.map((book) => {
        const score = {} as Record<Model, [number, number]>;
        for (const m of MODELS) score[m] = [0, 0];
        const split: Split = new Map();
        const weights: number[] = [];
        let n = 0;
        for (const { learn, cases } of splitOf(book)) {
          const s = evaluate(book.products, learn, cases, split, weights);
          for (const m of MODELS) score[m] = [score[m][0] + s[m][0], score[m][1] + s[m][1]];
          n += cases.length;
        }
        for (const m of MODELS) score[m] = [score[m][0] / n, score[m][1] / n];
        bySeed.push(split);
        return { cases: n, score, weights };
      });
      const mean = (m: Model, k: 0 | 1) => runs.reduce((s, r) => s + r.score[m][k], 0) / runs.length;
      console.log(`recommender ${shape} / ${protocol}: ${runs.map((r) => r.cases).join(', ')} cases (hidden products or next products) over seeds ${SEEDS.join(', ')} (${accounts} accounts each)`);
      // per seed: the figures, and Tend's margin over the full-basket conditional beside its paired
      // noise (1.96 × √(cases only one of the two got) / cases): a margin inside it is a tie
      runs.forEach((r, i) => {
        const all = bySeed[i]!.get('all')!;
        const vs = ([0, 1] as const).map((k) => `${pts(r.score.tend[k] - r.score['full-basket conditional'][k])} ± ${pts1(noise(all, 'full-basket conditional', k))}`);
        console.log(`  seed ${SEEDS[i]}: ${MODELS.map((m) => `${m} ${pct(r.score[m][0])} / ${pct(r.score[m][1])}`).join(' · ')}; vs full-basket ${vs.join(' / ')} pts; co-holding weight ${r.weights.map((w) => Math.round(w)).join(', ')}`);
        // where the counts are thick, Tend's estimate has converged to the basket's own counts:
        // there it must not lose to the full-basket conditional beyond the noise
        const thick = bySeed[i]!.get('holders 1000+');
        if (thick) {
          const tv = ([0, 1] as const).map((k) => `${pts((thick.hits.tend[k] - thick.hits['full-basket conditional'][k]) / thick.n)} ± ${pts1(noise(thick, 'full-basket conditional', k))}`);
          console.log(`           holders 1000+ (${thick.n} cases): vs full-basket ${tv.join(' / ')} pts`);
        }
      });
      // by group, pooled over the seeds: where Tend gains or loses against the full-basket conditional
      const groups = [...new Set(bySeed.flatMap((s) => [...s.keys()]))].sort();
      for (const g of groups) {
        const rows = bySeed.map((s) => s.get(g)).filter((x) => x !== undefined);
        const n = rows.reduce((a, x) => a + x.n, 0);
        const at = (m: Model, k: 0 | 1) => pct(rows.reduce((a, x) => a + x.hits[m][k], 0) / n);
        const ceil = (k: 0 | 1) => pct(rows.reduce((a, x) => a + x.ceiling[k], 0) / n);
        console.log(`  ${g.padEnd(15)} ${String(n).padStart(6)} cases: tend ${at('tend', 0)} / ${at('tend', 1)}, full-basket ${at('full-basket conditional', 0)} / ${at('full-basket conditional', 1)}, max P(B|A) ${at('max P(B|A)', 0)} / ${at('max P(B|A)', 1)}; basket-only ceiling ${ceil(0)} / ${ceil(1)}`);
      }
      for (const k of [0, 1] as const) {
        // the margin that holds on every seed: Tend minus the best baseline of that seed
        const margins = runs.map((r) => r.score.tend[k] - Math.max(...MODELS.filter((m) => m !== 'tend').map((m) => r.score[m][k])));
        const minMargin = Math.min(...margins);
        const at = k === 0 ? 'hit@1' : 'hit@3';
        // the target, computed: met when Tend beats every baseline beyond its paired noise on every
        // seed; not met when any baseline beats Tend beyond it on any seed; otherwise a tie
        const seedVerdicts = runs.map((r, i) => {
          const all = bySeed[i]!.get('all')!;
          const d = MODELS.filter((m) => m !== 'tend').map((m) => ({ margin: r.score.tend[k] - r.score[m][k], noise: noise(all, m, k) }));
          return d.some((x) => x.margin < -x.noise) ? 'loss' : d.every((x) => x.margin > x.noise) ? 'win' : 'tie';
        });
        const verdict = seedVerdicts.includes('loss') ? 'not met' : seedVerdicts.every((v) => v === 'win') ? 'met' : 'tie';
        const which = (v: string) => SEEDS.filter((_, i) => seedVerdicts[i] === v).join(', ');
        const detail = verdict === 'met' ? 'beyond paired noise on every seed' : verdict === 'not met' ? `lost beyond paired noise on seed ${which('loss')}` : `within paired noise on seed ${which('tie')}`;
        rows.push({
          bench: 'recommender', metric: `${shape} ${protocol} ${at} tend`, value: pct(mean('tend', k)),
          target: `beat every baseline on each seed: ${verdict} (${detail}); min margin ${pts(minMargin)} pts`,
        });
        for (const m of MODELS) if (m !== 'tend') rows.push({ bench: 'recommender', metric: `${shape} ${protocol} ${at} ${m}`, value: pct(mean(m, k)), target: 'baseline' });
      }
    }
    // the churn curve of the first seed's book (the others are alike): learned beside planted
    const { planted, learned } = churnCurves(books[0]!);
    for (let b = 0; b < 3; b++) {
      rows.push({
        bench: 'recommender', metric: `${shape} churn, ${planted.buckets[b]!.label} product${b === 0 ? '' : 's'} (seed ${SEEDS[0]})`,
        value: `learned ${curveText(learned.buckets[b]!)}`, target: `planted ${curveText(planted.buckets[b]!)}`,
      });
    }
    const verdict = (c: ChurnCurve) => { const t = thesis(c); return t.verdict === 'more' ? `single-product leave more (${t.ratio === null ? 'only they left' : `${t.ratio.toFixed(1)}×`})` : t.verdict; };
    rows.push({ bench: 'recommender', metric: `${shape} churn thesis (seed ${SEEDS[0]})`, value: `learned: ${verdict(learned)}`, target: `planted: ${verdict(planted)}` });
  }
  return rows;
}

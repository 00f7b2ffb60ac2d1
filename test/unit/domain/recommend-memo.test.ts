// The ranking's shortcuts (tier 1–2 estimates kept per sub-basket across baskets, evidence
// sub-baskets found once per basket) must not change a single result: on a generated book,
// every distinct basket's top 3, scores and evidence equal a plain per-basket computation of
// the same model, whatever order the baskets are met in.
import { describe, expect, it } from 'vitest';
import {
  basketCounts, learnBaskets, learnNextWeight, MAX_PATTERN, MIN_EVIDENCE_ACCOUNTS, recommend, takesMore,
  type BasketCounts, type BasketModel, type Evidence,
} from '../../../src/domain/recommend.ts';
import { prng } from '../../../src/demo/generate.ts';

const PRODUCTS = 14;
// product 99 is in the catalog but no learning customer holds it: a held product the model never saw
const catalog = [...Array.from({ length: PRODUCTS }, (_, i) => ({ id: i + 1, position: i, active: i !== 6 })), { id: 99, position: PRODUCTS, active: true }];

/** Skewed popularity, four product families that are bought together, 1–8 products, dated moves in buying order. */
function generatedBook(seed: number, accounts: number): { held: number[][]; counts: BasketCounts } {
  const rnd = prng(seed);
  const pop = Array.from({ length: PRODUCTS }, (_, i) => 1 / (i + 1) ** 0.8);
  const held: number[][] = [];
  const moves = new Map<string, { before: number[]; product: number; accounts: number }>();
  for (let a = 0; a < accounts; a++) {
    const size = Math.min(8, 1 + Math.floor(-Math.log(1 - rnd()) * 1.8));
    const basket: number[] = [];
    while (basket.length < size) {
      const w = pop.map((p, i) => (basket.includes(i + 1) ? 0 : p * (basket.some((h) => (h - 1) % 4 === i % 4) ? 4 : 1)));
      let r = rnd() * w.reduce((x, y) => x + y, 0);
      let j = 0;
      while (r > w[j]!) r -= w[j++]!;
      const before = [...basket].sort((x, y) => x - y);
      if (before.length > 0) {
        const key = `${before.join(',')}>${j + 1}`;
        const row = moves.get(key) ?? { before, product: j + 1, accounts: 0 };
        row.accounts++;
        moves.set(key, row);
      }
      basket.push(j + 1);
    }
    held.push(basket);
  }
  return { held, counts: { ...basketCounts(held), moves: [...moves.values()] } };
}

// ---- the same model computed plainly, basket by basket, nothing kept between baskets ----

const key = (s: readonly number[]) => s.join(',');
const containing = (model: BasketModel, s: readonly number[]) => (s.length === 0 ? model.accounts : (model.contains.get(key(s)) ?? 0));
const plus = (s: readonly number[], p: number) => [...s, p].sort((a, b) => a - b);
function subsets(xs: readonly number[], k: number): number[][] {
  const out: number[][] = [];
  const go = (from: number, cur: number[]) => {
    out.push(cur);
    if (cur.length < k) for (let i = from; i < xs.length; i++) go(i + 1, [...cur, xs[i]!]);
  };
  go(0, []);
  return out;
}

function plainCoHolding(model: BasketModel, held: number[], cands: number[]): number[] {
  const est = new Map<string, number[]>([['', cands.map((b) => containing(model, [b]) / model.accounts)]]);
  const top = Math.min(MAX_PATTERN, held.length);
  let level: number[][] = [[]];
  for (let size = 1; size <= top; size++) {
    level = subsets(held, size).filter((s) => s.length === size);
    for (const s of level) {
      const parent = cands.map(() => 0);
      for (let drop = 0; drop < s.length; drop++) {
        const p = est.get(key(s.filter((_, j) => j !== drop)))!;
        for (let i = 0; i < cands.length; i++) parent[i]! += p[i]! / s.length;
      }
      const ns = containing(model, s);
      est.set(key(s), cands.map((b, i) => (containing(model, plus(s, b)) + model.m * parent[i]!) / (ns + model.m)));
    }
  }
  const prior = cands.map(() => 0);
  for (const s of level) est.get(key(s))!.forEach((q, i) => { prior[i]! += q / level.length; });
  const total = prior.reduce((a, x) => a + x, 0);
  return prior.map((x) => (total > 0 ? x / total : 1 / cands.length));
}

function plainEvidence(model: BasketModel, held: number[], productId: number): Evidence {
  const share = containing(model, [productId]) / model.accounts;
  let best: Evidence | null = null;
  for (const s of subsets(held, MAX_PATTERN)) {
    const holders = containing(model, s);
    if (s.length > 0 && holders < MIN_EVIDENCE_ACCOUNTS) continue;
    const alsoHold = containing(model, plus(s, productId));
    if (best && s.length < best.basis.length) continue;
    if (best && s.length === best.basis.length) {
      const d = alsoHold * best.holders - best.alsoHold * holders;
      if (d < 0 || (d === 0 && holders <= best.holders)) continue;
    }
    best = { basis: s, holders, alsoHold, lift: share > 0 && holders > 0 ? alsoHold / holders / share : 0 };
  }
  return best!;
}

function plainTop3(model: BasketModel, heldRaw: number[], excluded: number[]) {
  const held = [...new Set(heldRaw)].sort((a, b) => a - b);
  const cands = model.products.filter((p) => !held.includes(p));
  const pi = plainCoHolding(model, held, cands);
  const moved = model.moves.get(key(held));
  const after = cands.map((b) => (model.exact.get(key(plus(held, b))) ?? 0) + (moved?.get(b) ?? 0));
  const e = after.reduce((a, x) => a + x, 0);
  // the fitted weight is a function of the same co-holding estimates, checked here basket by basket
  const w = learnNextWeight(model);
  const more = takesMore(model, held);
  const rank = new Map(cands.map((b, i) => [b, (after[i]! + w * pi[i]!) / (e + w)]));
  return catalog
    .filter((p) => p.active && !held.includes(p.id) && !excluded.includes(p.id))
    .sort((x, y) => (rank.get(y.id) ?? -1) - (rank.get(x.id) ?? -1) || x.position - y.position)
    .slice(0, 3)
    .map((p) => (rank.has(p.id)
      ? { productId: p.id, score: rank.get(p.id)! * more, basis: 'basket', evidence: plainEvidence(model, held, p.id) }
      : { productId: p.id, score: 0, basis: 'catalog', evidence: null }));
}

describe('recommend: the kept estimates change nothing', () => {
  const { held, counts } = generatedBook(20261130, 6_000);
  // every distinct basket, some with a product the model never saw, one with a product cancelled
  const cases = [
    ...counts.baskets.map((b) => ({ held: b.products, excluded: [] as number[] })),
    ...held.slice(0, 300).map((h, i) => ({ held: i % 3 === 0 ? [...h, 99] : h, excluded: i % 5 === 0 ? [((i * 7) % PRODUCTS) + 1] : [] })),
  ];

  it('is a book with many baskets, large ones and dated moves', () => {
    expect(counts.baskets.length).toBeGreaterThan(500);
    expect(Math.max(...counts.baskets.map((b) => b.products.length))).toBeGreaterThan(MAX_PATTERN + 2);
    expect(counts.moves!.length).toBeGreaterThan(100);
  });

  it('gives every basket the same top 3, scores and evidence as the plain computation', () => {
    const model = learnBaskets(counts);
    let basket = 0;
    for (const c of cases) {
      const got = recommend(model, { held: c.held, excluded: c.excluded, catalog, limit: 3 });
      const want = plainTop3(model, c.held, c.excluded);
      expect(got).toEqual(want);
      // exactly, not close: the same arithmetic in the same order
      expect(got.map((r) => r.score)).toStrictEqual(want.map((r) => r.score));
      if (got[0]?.basis === 'basket') basket++;
    }
    expect(basket).toBeGreaterThan(cases.length / 2);
  });

  it('picks a basket\'s list once: met again, in any order and with repeats, it is that list; other exclusions, limits and catalogs get their own', () => {
    const model = learnBaskets(counts);
    const h = counts.baskets.find((b) => b.products.length >= 3)!.products;
    const first = recommend(model, { held: h, excluded: [], catalog, limit: 3 });
    expect(recommend(model, { held: [...h].reverse().concat(h[0]!), excluded: [], catalog, limit: 3 })).toBe(first);
    const smaller = catalog.slice(0, 10);
    const others: [number[], number, typeof catalog][] = [[[first[0]!.productId], 3, catalog], [[], 1, catalog], [[], 3, smaller], [[], 5, catalog]];
    for (const [excluded, limit, cat] of others) {
      const got = recommend(model, { held: h, excluded, catalog: cat, limit });
      // a fresh model keeps nothing: what the kept list must equal
      expect(got).toEqual(recommend(learnBaskets(counts), { held: h, excluded, catalog: cat, limit }));
      expect(got).not.toEqual(first);
    }
  });

  it('gives the same results whichever order the baskets are met in', () => {
    const forward = learnBaskets(counts);
    const backward = learnBaskets(counts);
    const run = (model: BasketModel, list: typeof cases) => new Map(list.map((c) => [`${key(c.held)}|${key(c.excluded)}`, recommend(model, { ...c, catalog, limit: 3 })]));
    const a = run(forward, cases);
    const b = run(backward, [...cases].reverse());
    for (const [k, v] of a) expect(b.get(k)).toEqual(v);
  });
});

import { describe, expect, it } from 'vitest';
import {
  basketCounts, chanceText, evidenceFor, evidenceSentence, learnBaskets, learnNextWeight, MIN_EVIDENCE_ACCOUNTS, nextProductsOf, recommend, SHRINKAGE_M, takesMore, whitespaceValue,
  type BasketCounts, type RecommendCatalogEntry,
} from '../../../src/domain/recommend.ts';
import { prng } from '../../../src/demo/generate.ts';

// Products: 1 Analytics, 2 Reporting, 3 Alerts, 4 Forecasting, 5 Seats (retired), 6 Academy (never held)
const names: Record<number, string> = { 1: 'Analytics', 2: 'Reporting', 3: 'Alerts', 4: 'Forecasting', 5: 'Seats', 6: 'Academy' };
const name = (id: number) => names[id]!;
const catalog: RecommendCatalogEntry[] = [
  { id: 1, position: 0, active: true },
  { id: 2, position: 1, active: true },
  { id: 3, position: 2, active: true },
  { id: 4, position: 3, active: true },
  { id: 5, position: 4, active: false },
  { id: 6, position: 5, active: true },
];

const times = (n: number, basket: number[]) => Array.from({ length: n }, () => basket);

// A book where the pairwise view and the whole basket disagree: Analytics holders mostly take
// Reporting, but those holding Analytics AND Alerts take Forecasting.
const book = [
  ...times(40, [1, 2]),
  ...times(30, [1, 3, 4]),
  ...times(10, [1]),
  ...times(20, [3]),
  ...times(5, [2, 3]),
  ...times(3, [1, 3, 2]),
  ...times(2, [5]),
];
const model = learnBaskets(basketCounts(book));

describe('basketCounts and learnBaskets', () => {
  it('groups accounts by distinct basket, ignoring order, repeats and empty baskets', () => {
    const c = basketCounts([[2, 1], [1, 2, 2], [3], []]);
    expect(c.baskets).toEqual([{ products: [1, 2], accounts: 2 }, { products: [3], accounts: 1 }]);
  });

  it.each([
    // sub-basket, accounts whose basket contains it
    [[1], 83],
    [[2], 48],
    [[3], 58],
    [[1, 3], 33],
    [[1, 2], 43],
    [[1, 3, 4], 30],
    [[1, 2, 3], 3],
  ])('counts customers holding %j: %i', (s, n) => {
    expect(model.contains.get(s.join(','))).toBe(n);
  });

  it('counts every account once and knows exact baskets', () => {
    expect(model.accounts).toBe(110);
    expect(model.exact.get('1,2')).toBe(40);
    expect(model.exact.get('1,2,3')).toBe(3);
  });
});

describe('recommend: the whole basket', () => {
  it.each([
    // held, excluded, expected ranking (ids)
    [[1], [], [2, 3, 4]],        // Analytics alone: what Analytics-only customers went on to (Reporting, 40 accounts)
    [[1, 3], [], [4, 2, 6]],     // Analytics + Alerts: Forecasting (30 accounts hold exactly 1,3,4), not Reporting
    [[1, 3], [4], [2, 6]],       // Forecasting cancelled recently: never offered again
    [[3], [], [2, 1, 4]],        // Alerts: the 5 holding exactly Alerts + Reporting are one step away; then Analytics
    [[], [], [3, 1, 2]],         // nothing held: what single-product customers hold, then the common products
  ])('held %j, excluded %j → %j', (held, excluded, expected) => {
    const got = recommend(model, { held, excluded, catalog, limit: 3 }).map((r) => r.productId);
    expect(got).toEqual(expected);
  });

  it('never offers what is held, excluded or retired, and follows with unseen products in catalog order', () => {
    const got = recommend(model, { held: [1, 2, 3], excluded: [], catalog, limit: 5 });
    expect(got.map((r) => r.productId)).toEqual([4, 6]);
    expect(got[1]).toMatchObject({ productId: 6, basis: 'catalog', score: 0, evidence: null });
  });

  it('shrinks: three accounts out of three never make a certainty', () => {
    const small = learnBaskets(basketCounts([...times(3, [1, 2]), ...times(30, [3]), ...times(30, [4])]));
    const ranked = recommend(small, { held: [1], excluded: [], catalog, limit: 3 });
    const reporting = ranked.find((r) => r.productId === 2)!;
    // 3 of 3 Analytics customers hold Reporting; shrunk toward the base rate (3 of 63) it stays a possibility
    expect(ranked[0]!.productId).toBe(2);
    expect(reporting.score).toBeGreaterThan(0);
    expect(reporting.score).toBeLessThan(0.5);
  });

  it('a rare basket leans on its sub-baskets; a common one speaks for itself', () => {
    // [1,2,3] is held by 3 accounts, so what those 3 did next (nothing) is thin; the estimate for
    // Forecasting follows its sub-basket [1,3] (30 of 33 took it)
    const [top] = recommend(model, { held: [1, 2, 3], excluded: [], catalog, limit: 1 });
    expect(top!.productId).toBe(4);
    // with 400 accounts holding exactly [1, 2, 3] + Academy, the exact basket wins over the sub-baskets
    const many = learnBaskets(basketCounts([...book, ...times(400, [1, 2, 3, 6])]));
    expect(recommend(many, { held: [1, 2, 3], excluded: [], catalog, limit: 1 })[0]!.productId).toBe(6);
  });

  it('scores are the chance of each next product: they add up to the chance of taking any', () => {
    const all = recommend(model, { held: [1], excluded: [], catalog: catalog.map((p) => ({ ...p, active: true })), limit: 10 });
    const total = all.reduce((s, r) => s + r.score, 0);
    // 73 of the 83 holding Analytics hold more; 78 of 110 customers with one product or more hold two or more
    const more = (73 + SHRINKAGE_M * (78 / 110)) / (83 + SHRINKAGE_M);
    expect(takesMore(model, [1])).toBeCloseTo(more, 10);
    expect(total).toBeCloseTo(more, 10);
    expect(takesMore(model, [])).toBe(1);
  });

  it('the last product left is not a certainty: few customers hold everything', () => {
    // nobody holds more than two products: an account holding two is unlikely to take a third
    const two = learnBaskets(basketCounts([...times(20, [1, 2]), ...times(20, [1, 3]), ...times(10, [2, 3])]));
    const [only] = recommend(two, { held: [1, 2], excluded: [], catalog: catalog.filter((p) => p.id <= 3), limit: 3 });
    expect(only!.productId).toBe(3);
    expect(only!.score).toBe(0);
  });

  it('with no data at all, suggests in catalog order', () => {
    const empty = learnBaskets({ baskets: [] });
    expect(recommend(empty, { held: [2], excluded: [], catalog, limit: 3 }).map((r) => [r.productId, r.basis])).toEqual([[1, 'catalog'], [3, 'catalog'], [4, 'catalog']]);
  });

  it('learns from dated moves: what customers holding exactly this basket added next', () => {
    const counts: BasketCounts = {
      baskets: basketCounts([...times(20, [1, 2]), ...times(20, [1, 3])]).baskets,
      // 25 accounts went from [1] to 3; renewals and first purchases are no evidence of a next product
      moves: [{ before: [1], product: 3, accounts: 25 }, { before: [1], product: 1, accounts: 500 }, { before: [], product: 2, accounts: 500 }],
    };
    expect(recommend(learnBaskets(counts), { held: [1], excluded: [], catalog, limit: 1 })[0]!.productId).toBe(3);
    expect(recommend(learnBaskets({ baskets: counts.baskets }), { held: [1], excluded: [], catalog, limit: 1 })[0]!.productId).toBe(2);
  });

  it('the chance of taking any product never reorders one account\'s products: score order is rank order', () => {
    for (const held of [[], [1], [3], [1, 3], [2, 3]]) {
      const scores = recommend(model, { held, excluded: [], catalog, limit: 10 }).map((r) => r.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
    }
  });

  it('states its shrinkage constant', () => {
    expect(SHRINKAGE_M).toBe(10);
    expect(MIN_EVIDENCE_ACCOUNTS).toBe(5);
  });
});

// 3,000 accounts over six products, each wanting a basket drawn from one of three tastes; they
// take their products one at a time, either in a random order or always in the catalog's order.
// The baskets come out the same; only the dated moves differ.
function orderedBook(order: 'random' | 'catalog'): BasketCounts {
  const rand = prng(7);
  const tastes = [[1, 2, 3, 4], [2, 4, 5, 6], [1, 3, 5]];
  const baskets: number[][] = [];
  const moves = new Map<string, { before: number[]; product: number; accounts: number }>();
  for (let a = 0; a < 3_000; a++) {
    const wants = tastes[a % 3]!.filter(() => rand() < 0.6);
    if (wants.length === 0) continue;
    const seq = order === 'catalog' ? wants : wants.map((p) => [rand(), p] as const).sort((x, y) => x[0] - y[0]).map(([, p]) => p);
    baskets.push(seq);
    for (let i = 1; i < seq.length; i++) {
      const before = seq.slice(0, i).sort((x, y) => x - y);
      const key = `${before.join(',')}>${seq[i]}`;
      const row = moves.get(key) ?? { before, product: seq[i]!, accounts: 0 };
      row.accounts++;
      moves.set(key, row);
    }
  }
  return { baskets: basketCounts(baskets).baskets, moves: [...moves.values()] };
}

describe('how far the next-product counts lean on co-holding: learned from the book', () => {
  it('a book bought in random order: co-holding already says what comes next, so it weighs several times more than in a set order', () => {
    const random = learnNextWeight(learnBaskets(orderedBook('random')));
    const set = learnNextWeight(learnBaskets(orderedBook('catalog')));
    expect(random).toBeGreaterThan(3 * set);
  });

  it('a book bought in a set order: the moves say what co-holding cannot, so it weighs little', () => {
    const w = learnNextWeight(learnBaskets(orderedBook('catalog')));
    expect(w).toBeLessThanOrEqual(SHRINKAGE_M);
    // and the ranking follows the order: holding 1 and 2, the next is 3 (catalog order), never 4 first
    const m = learnBaskets(orderedBook('catalog'));
    expect(recommend(m, { held: [1, 2], excluded: [], catalog, limit: 1 })[0]!.productId).toBe(3);
  });

  it('learns once per model and keeps it', () => {
    const m = learnBaskets(orderedBook('random'));
    const w = learnNextWeight(m);
    expect(m.nextM).toBe(w);
    expect(learnNextWeight(m)).toBe(w);
  });

  it('converges to the exact basket\'s own next-product counts as they grow, whatever co-holding says', () => {
    // co-holding from Analytics [1] says Reporting [2] (330 of 340 Analytics holders hold it); what
    // accounts holding exactly Analytics went on to add (k dated moves each way, 8k to Forecasting) says Forecasting [4]
    const cands = [2, 3, 4];
    const at = (k: number) => {
      const counts: BasketCounts = {
        baskets: basketCounts([...times(300, [1, 2, 3]), ...times(30, [1, 2]), ...times(10, [1, 4])]).baskets,
        moves: k === 0 ? [] : [{ before: [1], product: 2, accounts: k }, { before: [1], product: 3, accounts: k }, { before: [1], product: 4, accounts: 8 * k }],
      };
      const got = recommend(learnBaskets(counts), { held: [1], excluded: [], catalog: catalog.filter((p) => cands.includes(p.id)), limit: 3 });
      const total = got.reduce((a, r) => a + r.score, 0);
      const share = new Map(got.map((r) => [r.productId, r.score / total]));
      // the exact basket's next-product counts: exactly Analytics + one more held, and moves from Analytics
      const next = new Map([[2, 30 + k], [3, k], [4, 10 + 8 * k]]);
      return { top: got[0]!.productId, gap: cands.reduce((a, b) => a + Math.abs(share.get(b)! - next.get(b)! / (40 + 10 * k)), 0) };
    };
    expect(at(0).top).toBe(2);
    const gaps = [1, 10, 100, 1_000, 10_000].map((k) => at(k).gap);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1]!);
    expect(gaps[gaps.length - 1]).toBeLessThan(0.02);
    expect(at(10_000).top).toBe(4);
  });

  it('too few counted baskets to tell: the stated constant', () => {
    expect(learnNextWeight(learnBaskets(basketCounts([...times(5, [1, 2]), ...times(5, [1])])))).toBe(SHRINKAGE_M);
    expect(learnNextWeight(learnBaskets({ baskets: [] }))).toBe(SHRINKAGE_M);
  });
});

describe('evidence', () => {
  it.each([
    // held, product, basis, holders, alsoHold, lift
    [[1, 3], 4, [1, 3], 33, 30, (30 / 33) / (30 / 110)],
    [[1], 2, [1], 83, 43, (43 / 83) / (48 / 110)],
    [[1, 2, 3], 4, [1, 3], 33, 30, (30 / 33) / (30 / 110)], // [1,2,3] itself: 3 holders, too few to quote
    [[], 1, [], 110, 83, 1],
  ])('held %j, product %i: quotes %j (%i holders, %i also)', (held, product, basis, holders, alsoHold, lift) => {
    const e = evidenceFor(model, held, product)!;
    expect(e.basis).toEqual(basis);
    expect(e.holders).toBe(holders);
    expect(e.alsoHold).toBe(alsoHold);
    expect(e.lift).toBeCloseTo(lift, 10);
  });

  it.each([
    [{ basis: 'basket' as const, evidence: { basis: [2, 3], holders: 48, alsoHold: 31, lift: 2.1 } }, 1,
      '31 of 48 customers who hold Reporting and Alerts also hold Analytics (2.1× the average)'],
    [{ basis: 'basket' as const, evidence: { basis: [2], holders: 1200, alsoHold: 1100, lift: 1.04 } }, 1,
      'Analytics is the most common next product here: 1,100 of 1,200 customers who hold Reporting also hold it'],
    [{ basis: 'basket' as const, evidence: { basis: [2], holders: 48, alsoHold: 20, lift: 0.8 } }, 2,
      '20 of 48 customers who hold Reporting also hold Analytics'],
    [{ basis: 'basket' as const, evidence: { basis: [], holders: 110, alsoHold: 83, lift: 1 } }, 1,
      'Analytics is the most common next product here: 83 of 110 customers hold it'],
    [{ basis: 'basket' as const, evidence: { basis: [], holders: 110, alsoHold: 20, lift: 1 } }, 3,
      '20 of 110 customers hold Analytics'],
    [{ basis: 'catalog' as const, evidence: null }, 1, 'Analytics is the next product in the catalog'],
    // nobody who holds that basket took it: no "most common next product" with zero behind it
    [{ basis: 'basket' as const, evidence: { basis: [2], holders: 34, alsoHold: 0, lift: 0 } }, 1, 'Analytics is the next product in the catalog'],
  ])('%j at rank %i reads "%s"', (r, rank, text) => {
    expect(evidenceSentence(r, 'Analytics', name, rank)).toBe(text);
  });

  it('calls a first pick the most common only when nothing quoted beside it has a bigger count or share', () => {
    const first = { basis: 'basket' as const, evidence: { basis: [2], holders: 150, alsoHold: 60, lift: 1 } };
    const quote = (basis: number[], holders: number, alsoHold: number) => ({ basis: 'basket' as const, evidence: { basis, holders, alsoHold, lift: 1 } });
    const common = 'Analytics is the most common next product here: 60 of 150 customers who hold Reporting also hold it';
    const plain = '60 of 150 customers who hold Reporting also hold Analytics';
    expect(evidenceSentence(first, 'Analytics', name, 1, [first, quote([2], 150, 40)])).toBe(common);
    expect(evidenceSentence(first, 'Analytics', name, 1, [first, quote([2], 150, 60)])).toBe(common);
    expect(evidenceSentence(first, 'Analytics', name, 1, [first, { basis: 'catalog', evidence: null }])).toBe(common);
    expect(evidenceSentence(first, 'Analytics', name, 1, [first, quote([2], 150, 80)])).toBe(plain);
    // a bigger share over another basis (50 of 60) reads as more common too
    expect(evidenceSentence(first, 'Analytics', name, 1, [first, quote([3], 60, 50)])).toBe(plain);
    const all = { basis: 'basket' as const, evidence: { basis: [], holders: 110, alsoHold: 20, lift: 1 } };
    expect(evidenceSentence(all, 'Analytics', name, 1, [all, quote([], 110, 83)])).toBe('20 of 110 customers hold Analytics');
  });

  it('never puts "most common" beside a bigger number when dated moves rank a less co-held product first', () => {
    // 150 customers hold Analytics: 80 took Alerts with it the same day (no move), 60 added
    // Reporting later, 10 hold Analytics alone; what Analytics-only accounts did next says Reporting
    const counts: BasketCounts = {
      baskets: basketCounts([...times(80, [1, 3]), ...times(60, [1, 2]), ...times(10, [1])]).baskets,
      moves: [{ before: [], product: 1, accounts: 150 }, { before: [], product: 3, accounts: 80 }, { before: [1], product: 2, accounts: 60 }],
    };
    const m = learnBaskets(counts);
    const list = recommend(m, { held: [1], excluded: [], catalog, limit: 3 });
    expect(list.map((r) => r.productId).slice(0, 2)).toEqual([2, 3]);
    const words = list.map((r, i) => evidenceSentence(r, name(r.productId), name, i + 1, list));
    expect(words.slice(0, 2)).toEqual([
      '60 of 150 customers who hold Analytics also hold Reporting',
      '80 of 150 customers who hold Analytics also hold Alerts',
    ]);
  });

  it('never reads a bare percentage: three of three shows its counts', () => {
    const small = learnBaskets(basketCounts([...times(6, [1, 2]), ...times(30, [3])]));
    const [top] = recommend(small, { held: [1], excluded: [], catalog, limit: 1 });
    expect(top!.score).toBeLessThan(0.7);
    expect(evidenceSentence(top!, name(top!.productId), name)).toBe('6 of 6 customers who hold Analytics also hold Reporting (6.0× the average)');
    // below MIN_EVIDENCE_ACCOUNTS holders the sub-basket is not quoted: all customers are
    const tiny = learnBaskets(basketCounts([...times(3, [1, 2]), ...times(30, [2])]));
    const [pick] = recommend(tiny, { held: [1], excluded: [], catalog, limit: 1 });
    expect(evidenceSentence(pick!, name(pick!.productId), name)).toBe('Reporting is the most common next product here: 33 of 33 customers hold it');
  });
});

describe('whitespaceValue', () => {
  it.each([
    // score, add MRR cents, lifetime months, risk, dollars
    [0.5, 50_000, 24, undefined, 6_000],
    [0.5, 50_000, 24, 1.5, 9_000],
    [0, 50_000, 24, 1, 0],
    [0.2, 0, 24, 1, 0],
    // not a number (a score from empty counts) adds nothing, never a NaN rank
    [Number.NaN, 50_000, 24, undefined, 0],
    [0.5, Number.NaN, 24, 1, 0],
    [0.5, 50_000, 24, Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 50_000, 24, 1, 0],
  ])('%f × %i¢ × %i months × risk %s = $%i', (score, addMrrCents, lifetimeMonths, risk, dollars) => {
    expect(whitespaceValue({ score, addMrrCents, lifetimeMonths, risk })).toBeCloseTo(dollars, 6);
  });
});

describe('next products on a nudge', () => {
  it.each([
    [0.412, '41%'], [0.004, 'under 1%'], [0, 'under 1%'], [0.999, '99%'], [1, '99%'],
  ])('chance %f reads %s', (score, text) => {
    expect(chanceText(score)).toBe(text);
  });

  it('reads the alternatives an evidence record carries, and nothing from other shapes', () => {
    const alternatives = [
      { productName: 'Reporting', score: 0.4, evidence: '13 of 21 customers who hold Analytics also hold Reporting (1.4× the average)' },
      { productName: '', score: 0.2 }, { productName: 'Alerts', score: 'high' }, null, { productName: 'Alerts', score: 0.1 },
    ];
    expect(nextProductsOf({ alternatives })).toEqual([alternatives[0]]);
    expect(nextProductsOf({ alternatives: alternatives.slice(3) })).toEqual([{ productName: 'Alerts', score: 0.1, evidence: '' }]);
    expect(nextProductsOf(alternatives)).toEqual([alternatives[0]]);
    for (const e of [null, 'x', 3, {}, { suggested: { confidence: 0.6 } }, { alternatives: 'x' }]) expect(nextProductsOf(e)).toEqual([]);
  });
});

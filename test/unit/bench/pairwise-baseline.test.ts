import { describe, expect, it } from 'vitest';
import {
  affinity, countBaskets, mostPopularNotHeld, nextBestProducts, pairKey, type CatalogEntry,
} from '../../../bench/pairwise-baseline.ts';

// 10 accounts, worked by hand. Products: 1 Analytics, 2 Reporting, 3 Billing, 4 Alerts.
// |1| = 6 (accounts 1,2,3,4,5,9), |2| = 5 (1,2,3,6,9), |3| = 4 (3,5,7,8), |4| = 1 (10)
// |1∩2| = 4 (1,2,3,9), |1∩3| = 2 (3,5), |2∩3| = 1 (3)
const baskets = [[1, 2], [1, 2], [1, 2, 3], [1], [1, 3], [2], [3], [3], [1, 2], [4]];
const counts = countBaskets(baskets);
const catalog: CatalogEntry[] = [
  { id: 1, position: 0, active: true },
  { id: 2, position: 1, active: true },
  { id: 3, position: 2, active: true },
  { id: 4, position: 3, active: true },
  { id: 5, position: -1, active: false }, // first in catalog order but retired
];

describe('countBaskets', () => {
  it('counts accounts, products and pairs', () => {
    expect(counts.accounts).toBe(10);
    expect([...counts.productAccounts.entries()].sort()).toEqual([[1, 6], [2, 5], [3, 4], [4, 1]]);
    expect(counts.pairAccounts.get('1:2')).toBe(4);
    expect(counts.pairAccounts.get('1:3')).toBe(2);
    expect(counts.pairAccounts.get('2:3')).toBe(1);
    expect(counts.pairAccounts.size).toBe(3);
  });

  it('counts a product held twice once and skips empty baskets', () => {
    const c = countBaskets([[2, 1, 1], []]);
    expect(c.accounts).toBe(1);
    expect(c.productAccounts.get(1)).toBe(1);
    expect(c.pairAccounts.get('1:2')).toBe(1);
  });

  it('keys pairs smaller id first', () => {
    expect(pairKey(5, 2)).toBe('2:5');
    expect(pairKey(2, 5)).toBe('2:5');
  });
});

describe('affinity (holds b | holds a)', () => {
  it.each([
    // a, b, support, confidence, lift
    [1, 2, 0.4, 4 / 6, 4 / 6 / 0.5],   // 4/10; 4/6; 0.667 / (5/10) = 1.333
    [2, 1, 0.4, 0.8, 0.8 / 0.6],       // 4/10; 4/5; 0.8 / (6/10) = 1.333
    [1, 3, 0.2, 2 / 6, 2 / 6 / 0.4],   // 2/10; 2/6; 0.333 / (4/10) = 0.833
    [3, 2, 0.1, 0.25, 0.5],            // 1/10; 1/4; 0.25 / (5/10)
    [1, 4, 0, 0, 0],
    [1, 99, 0, 0, 0],                  // unknown product: zeros, not NaN
    [99, 1, 0, 0, 0],
  ])('%i → %i', (a, b, support, confidence, lift) => {
    const f = affinity(counts, a, b);
    expect(f.support).toBeCloseTo(support, 10);
    expect(f.confidence).toBeCloseTo(confidence, 10);
    expect(f.lift).toBeCloseTo(lift, 10);
  });

  it('is all zeros on empty counts', () => {
    expect(affinity(countBaskets([]), 1, 2)).toEqual({ support: 0, confidence: 0, lift: 0 });
  });
});

describe('nextBestProducts', () => {
  const ids = (held: number[], excluded: number[], minPairSupport: number, limit = 10) =>
    nextBestProducts({ held, excluded, counts, catalog, limit, minPairSupport }).map((s) => [s.productId, s.basis]);

  it.each([
    { held: [1], excluded: [], min: 2, want: [[2, 'affinity'], [3, 'affinity'], [4, 'catalog']] },
    // 1∩3 = 2 accounts is below 3: Billing falls back behind the affinity suggestion
    { held: [1], excluded: [], min: 3, want: [[2, 'affinity'], [3, 'catalog'], [4, 'catalog']] },
    // conf(3→1) = 0.5 beats conf(3→2) = 0.25
    { held: [3], excluded: [], min: 1, want: [[1, 'affinity'], [2, 'affinity'], [4, 'catalog']] },
    { held: [1], excluded: [2], min: 2, want: [[3, 'affinity'], [4, 'catalog']] },
    { held: [], excluded: [], min: 1, want: [[1, 'catalog'], [2, 'catalog'], [3, 'catalog'], [4, 'catalog']] },
    { held: [1, 2, 3, 4], excluded: [], min: 1, want: [] },
  ])('held $held excluded $excluded min $min', ({ held, excluded, min, want }) => {
    expect(ids(held, excluded, min)).toEqual(want);
  });

  it('never suggests a held, excluded or inactive product', () => {
    for (const s of nextBestProducts({ held: [1], excluded: [3], counts, catalog, limit: 10, minPairSupport: 1 })) {
      expect([1, 3, 5]).not.toContain(s.productId);
    }
  });

  it('reports the evidence of the strongest held product', () => {
    const [top] = nextBestProducts({ held: [1, 3], excluded: [], counts, catalog, limit: 1, minPairSupport: 1 });
    // conf(1→2) = 0.667 beats conf(3→2) = 0.25
    expect(top).toMatchObject({ productId: 2, basedOnProductId: 1, pairAccounts: 4, support: 0.4, basis: 'affinity' });
    expect(top!.confidence).toBeCloseTo(4 / 6, 10);
    expect(top!.lift).toBeCloseTo(4 / 3, 10);
  });

  it('gives catalog fallbacks no affinity numbers', () => {
    const r = nextBestProducts({ held: [1], excluded: [], counts, catalog, limit: 10, minPairSupport: 2 });
    expect(r[2]).toEqual({ productId: 4, confidence: 0, lift: 0, support: 0, pairAccounts: 0, basedOnProductId: null, basis: 'catalog' });
  });

  it('respects the limit', () => {
    expect(ids([1], [], 1, 1)).toEqual([[2, 'affinity']]);
    expect(ids([1], [], 1, 0)).toEqual([]);
  });

  it('breaks equal confidence by lift, then by catalog position', () => {
    // conf(1→2) = conf(1→3) = 1/2; lift(1→2) = 0.5/(2/5) = 1.25 > lift(1→3) = 0.5/(3/5) = 0.83
    const c1 = countBaskets([[1, 2], [1, 3], [2], [3], [3]]);
    const cat = [{ id: 3, position: 0, active: true }, { id: 2, position: 1, active: true }];
    expect(nextBestProducts({ held: [1], excluded: [], counts: c1, catalog: cat, limit: 5, minPairSupport: 1 }).map((s) => s.productId))
      .toEqual([2, 3]);
    // symmetric data: equal confidence and lift → catalog order (3 before 2)
    const c2 = countBaskets([[1, 2], [1, 3], [2], [3]]);
    expect(nextBestProducts({ held: [1], excluded: [], counts: c2, catalog: cat, limit: 5, minPairSupport: 1 }).map((s) => s.productId))
      .toEqual([3, 2]);
  });
});

describe('mostPopularNotHeld', () => {
  it.each([
    { held: [1], excluded: [], want: 2 },   // |2| = 5 is the most held after |1| = 6
    { held: [2], excluded: [], want: 1 },
    { held: [1, 2], excluded: [], want: 3 },
    { held: [1], excluded: [2], want: 3 },
    { held: [1, 2, 3], excluded: [], want: 4 },
    { held: [1, 2, 3, 4], excluded: [], want: null }, // 5 is inactive
  ])('held $held excluded $excluded → $want', ({ held, excluded, want }) => {
    expect(mostPopularNotHeld({ held, excluded, counts, catalog })).toBe(want);
  });

  it('breaks ties by catalog position', () => {
    const c = countBaskets([[1], [2]]);
    const cat = [{ id: 1, position: 5, active: true }, { id: 2, position: 1, active: true }];
    expect(mostPopularNotHeld({ held: [], counts: c, catalog: cat })).toBe(2);
  });
});

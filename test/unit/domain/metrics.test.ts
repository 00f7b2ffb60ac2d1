import { describe, expect, it } from 'vitest';
import { change, churn, giveAskText, productsPerCustomer, velocity } from '../../../src/domain/metrics.ts';

const funnel = { created: 0, claimed: 0, done: 0, won: 0, lost: 0, revenueWonCents: 0, daysToWinSum: 0 };

describe('metrics arithmetic', () => {
  it('reports no data as null, never as zero', () => {
    expect(productsPerCustomer([])).toMatchObject({ customers: 0, mean: null, singleShare: null });
    expect(churn(30, [])).toMatchObject({ accountRate: null, revenueRate: null });
    expect(velocity({ ...funnel, created: 4, lost: 2 })).toEqual({ opportunities: 4, winRate: 0, avgValueCents: null, avgDaysToWin: null, centsPerDay: null });
  });

  it('counts customers whose products then are not on record, but leaves them out of the ratios and the headline equity', () => {
    // 11 customers by their dates a week ago, none with a holding dated then (a wide sheet imported today)
    const p = productsPerCustomer([{ products: 0, customers: 11, mrrCents: 0 }]);
    expect(p).toMatchObject({ customers: 11, unknown: 11, holdings: 0, mean: null, singleShare: null, mrrCents: 0 });
    const mixed = productsPerCustomer([{ products: 0, customers: 2, mrrCents: 0 }, { products: 1, customers: 3, mrrCents: 300 }, { products: 3, customers: 1, mrrCents: 500 }]);
    expect(mixed).toMatchObject({ customers: 6, unknown: 2, holdings: 6, mean: 1.5, one: 3, threePlus: 1, singleShare: 0.75 });
    expect(churn(30, [{ bucket: 0, customers: 4, churned: 1, mrrCents: 0, lostMrrCents: 0 }, { bucket: 1, customers: 4, churned: 1, mrrCents: 400, lostMrrCents: 100 }]))
      .toMatchObject({ customers: 8, churned: 2, accountRate: 0.25, revenueRate: 0.25 });
  });

  it('counts a same-day win as one day so velocity stays finite', () => {
    // 2 opportunities, 1 won of 1 decided, 10000 in 0.25 days → 2 × 1 × 10000 / 1
    expect(velocity({ ...funnel, created: 2, won: 1, revenueWonCents: 10000, daysToWinSum: 0.25 }).centsPerDay).toBe(20000);
  });

  it('gives direction and good news, ignoring float noise', () => {
    expect(change(0.1 + 0.2, 0.3, true)).toEqual({ delta: 0, direction: 'flat', good: null });
    expect(change(0.2, 0.1, false)).toMatchObject({ direction: 'up', good: false });
    expect(change(1, 2, false)).toEqual({ delta: -1, direction: 'down', good: true });
  });

  it.each([[0, 0, 'no gives or asks'], [3, 0, '3 : 0 (all gives)'], [4, 2, '2 : 1'], [3, 2, '1.5 : 1'], [1, 4, '1 : 4'], [1, 30, '1 : 30'], [3, 4, '1 : 1.3'], [1_234_567, 1, '1,234,567 : 1'], [2_500, 0, '2,500 : 0 (all gives)'], [49, 25, '2 : 1']])('%d gives, %d asks → %s', (g, a, s) => {
    expect(giveAskText(g, a)).toBe(s);
  });
});

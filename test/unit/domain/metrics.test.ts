import { describe, expect, it } from 'vitest';
import { change, churn, giveAskText, productsPerCustomer, velocity } from '../../../src/domain/metrics.ts';

const funnel = { created: 0, claimed: 0, done: 0, won: 0, lost: 0, revenueWonCents: 0, daysToWinSum: 0 };

describe('metrics arithmetic', () => {
  it('reports no data as null, never as zero', () => {
    expect(productsPerCustomer([])).toMatchObject({ customers: 0, mean: null, singleShare: null });
    expect(churn(30, [])).toMatchObject({ accountRate: null, revenueRate: null });
    expect(velocity({ ...funnel, created: 4, lost: 2 })).toEqual({ opportunities: 4, winRate: 0, avgValueCents: null, avgDaysToWin: null, centsPerDay: null });
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

  it.each([[0, 0, 'no gives or asks'], [3, 0, '3 : 0 (all gives)'], [4, 2, '2 : 1'], [3, 2, '1.5 : 1'], [1, 4, '0.3 : 1']])('%d gives, %d asks → %s', (g, a, s) => {
    expect(giveAskText(g, a)).toBe(s);
  });
});

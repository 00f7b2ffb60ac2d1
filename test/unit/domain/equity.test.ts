import { describe, expect, it } from 'vitest';
import {
  PRIORITY_MULTIPLIERS, customerEquityCents, expectedLifetimeMonths, monthlyChurnRate, priority, type PriorityInput,
} from '../../../src/domain/equity.ts';

describe('monthlyChurnRate', () => {
  it.each([
    { name: 'raw rate without prior', obs: [10, 1000], opts: { priorMonths: 0 }, want: 0.01 },
    { name: 'shrunk toward the 2% prior: (10 + 0.48) / (1000 + 24)', obs: [10, 1000], opts: {}, want: 10.48 / 1024 },
    { name: 'no data → the prior', obs: [0, 0], opts: {}, want: 0.02 },
    { name: 'no data, no prior weight → the prior', obs: [0, 0], opts: { priorMonths: 0 }, want: 0.02 },
    { name: 'no churn is floored', obs: [0, 10_000], opts: { priorMonths: 0 }, want: 0.005 },
    { name: 'runaway churn is capped', obs: [50, 60], opts: { priorMonths: 0 }, want: 0.5 },
    { name: 'tiny new workspace stays near the prior: 0.48 / 27', obs: [0, 3], opts: {}, want: 0.48 / 27 },
    { name: 'negative inputs are treated as zero', obs: [-4, -10], opts: {}, want: 0.02 },
  ])('$name', ({ obs, opts, want }) => {
    expect(monthlyChurnRate({ churnedAccounts: obs[0]!, accountMonthsAtRisk: obs[1]! }, opts)).toBeCloseTo(want, 12);
  });
});

describe('expectedLifetimeMonths', () => {
  it.each([
    [0.02, undefined, 50],
    [0.5, undefined, 2],
    [0.01, undefined, 60], // 100 months, capped at 60
    [0, undefined, 60],
    [0.1, 24, 10],
    [0.01, 24, 24],
  ])('churn %s cap %s → %s', (churn, cap, want) => {
    expect(expectedLifetimeMonths(churn, cap)).toBeCloseTo(want, 12);
  });
});

describe('customerEquityCents', () => {
  it.each([
    [10_000, 50, 500_000],
    [999, 2.5, 2498], // 2497.5 rounds to whole cents
    [0, 60, 0],
    [-5, 10, 0],
  ])('%i cents × %s months = %i', (mrr, months, want) => {
    const v = customerEquityCents(mrr, months);
    expect(v).toBe(want);
    expect(Number.isInteger(v)).toBe(true);
  });
});

describe('priority', () => {
  const base: PriorityInput = { valueCents: 100_000, singleProductBoost: 1, stallLevel: 'ok', asksWithoutGives: false, overdueNextStep: false };

  it.each([
    { name: 'no risk: dollars at stake', p: {}, want: 1000 },
    { name: "single product while the book cannot tell: the prior's 1.5×", p: { singleProductBoost: 1.5 }, want: 1500 },
    { name: 'single product on a measured book: its rate is in valueCents, no boost', p: { singleProductBoost: 1 }, want: 1000 },
    { name: 'a boost below 1 never lowers priority', p: { singleProductBoost: 0.4 }, want: 1000 },
    { name: 'cooling', p: { stallLevel: 'cooling' as const }, want: 1250 },
    { name: 'stalled', p: { stallLevel: 'stalled' as const }, want: 1600 },
    { name: 'asks without gives', p: { asksWithoutGives: true }, want: 1300 },
    { name: 'overdue next step', p: { overdueNextStep: true }, want: 1200 },
    { name: 'single × stalled × asks', p: { singleProductBoost: 1.5, stallLevel: 'stalled' as const, asksWithoutGives: true }, want: 3120 },
    { name: 'zero value still ranks by risk', p: { valueCents: 0, singleProductBoost: 1.5 }, want: 1.5 },
    { name: 'a value that is not a number ranks as none, never NaN', p: { valueCents: Number.NaN, singleProductBoost: 1.5 }, want: 1.5 },
    { name: 'a boost that is not a number is no boost', p: { singleProductBoost: Number.NaN }, want: 1000 },
  ])('$name', ({ p, want }) => {
    expect(priority({ ...base, ...p })).toBeCloseTo(want, 9);
  });

  it('ranks combined risks above any single risk at equal value', () => {
    const combined = priority({ ...base, singleProductBoost: 1.5, stallLevel: 'stalled', asksWithoutGives: true });
    const singles: Partial<PriorityInput>[] = [
      { singleProductBoost: 1.5 }, { stallLevel: 'stalled' }, { stallLevel: 'cooling' }, { asksWithoutGives: true }, { overdueNextStep: true },
    ];
    for (const s of singles) expect(combined).toBeGreaterThan(priority({ ...base, ...s }));
  });

  it('grows with value', () => {
    expect(priority({ ...base, valueCents: 200_000 })).toBeGreaterThan(priority(base));
    expect(priority({ ...base, valueCents: 200_000, stallLevel: 'stalled' })).toBeCloseTo(2 * priority({ ...base, stallLevel: 'stalled' }), 9);
  });

  it('documents multipliers above 1 and ordered by stall severity', () => {
    const m = PRIORITY_MULTIPLIERS;
    expect(m.stall.ok).toBe(1);
    expect(m.stall.cooling).toBeGreaterThan(1);
    expect(m.stall.stalled).toBeGreaterThan(m.stall.cooling);
    for (const v of [m.asksWithoutGives, m.overdueNextStep]) expect(v).toBeGreaterThan(1);
  });
});

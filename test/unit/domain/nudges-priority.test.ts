// Priority counts single-product churn once: a measured book prices each account at its
// group's churn rate and adds no boost on top, so a single-product account ranks above a
// multi-product one by the measured ratio (pulled toward the book's rate), never by its square.
// The prior's ratio applies only while every account is priced at the same prior rate.
import { describe, expect, it } from 'vitest';
import { cadenceSettings } from '../../../src/domain/cadence.ts';
import { PRIOR, churnCurve, churnProbability, thesis, type ChurnCountRow } from '../../../src/domain/churn.ts';
import { nudgesFor, type NudgeCandidate, type ScanRules } from '../../../src/domain/nudges.ts';
import { basketCounts, learnBaskets } from '../../../src/domain/recommend.ts';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const MRR = 1_000_000; // $10,000/mo: whole-dollar rounding of the value moves the ratio by under 1e-4

const rows = (one: [number, number], multi: [number, number]): ChurnCountRow[] => [
  { products: 1, atRisk: one[0], churned: one[1] },
  { products: 2, atRisk: multi[0], churned: multi[1] },
];

function rulesFor(r: ChurnCountRow[]): ScanRules {
  const curve = churnCurve(r);
  return {
    cadence: cadenceSettings({ stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 21 }),
    model: learnBaskets(basketCounts([])),
    products: [],
    offers: [],
    lifetimeMonths: 50,
    churn: { curve, thesis: thesis(curve) },
    typicalMrrCents: new Map(),
  };
}

/** Never touched, a year old: stalled alike, so only the product count tells them apart. */
const account = (accountId: number, held: number[]): NudgeCandidate => ({
  accountId, name: `A${accountId}`, ownerId: null, createdAt: new Date('2025-06-01T00:00:00Z'), heldProductIds: held, endedProductIds: [],
  mrrCents: MRR, holdingSince: null, touchCount: 0, lastTouchAt: null, medianGapDays: null, recentKinds: [],
  nextStepConversationId: null, nextStep: null, nextStepDue: null,
});

/** The stalled nudge's priority: a single-product account's over a two-product one's at the same MRR. */
function priorityRatio(rules: ScanRules): number {
  const stalled = (c: NudgeCandidate) => nudgesFor(c, rules, NOW, () => 'P').find((d) => d.kind === 'stalled')!;
  const single = stalled(account(1, [1])), multi = stalled(account(2, [1, 2]));
  expect(single.valueAtStakeCents).toBeGreaterThan(0);
  return single.priority / multi.priority;
}

describe('single/multi priority on a measured book', () => {
  it('equals the measured ratio: 30% against 10% on a large book ranks 3×, not 3 × 3', () => {
    const r = rulesFor(rows([10_000, 3_000], [20_000, 2_000]));
    expect(r.churn.thesis.verdict).toBe('more');
    expect(r.churn.thesis.ratio).toBeCloseTo(3, 9);
    expect(priorityRatio(r)).toBeCloseTo(3, 2);
  });

  it("equals the ratio of the rates the card quotes (each group's, pulled toward the book's) on a smaller book", () => {
    // the reviewer's book: 30% against 10% on 100 each; before the fix single-product priority was ~8×
    const r = rulesFor(rows([100, 30], [100, 10]));
    const { curve, thesis: t } = r.churn;
    const quoted = churnProbability(curve, t, 1).p / churnProbability(curve, t, 2).p;
    expect(priorityRatio(r)).toBeCloseTo(quoted, 3);
    expect(quoted).toBeGreaterThan(2.5);
    expect(quoted).toBeLessThan(3);
  });

  it('where single-product customers left less, ranks them lower by their own rate: no boost', () => {
    const r = rulesFor(rows([400, 44], [500, 180]));
    expect(r.churn.thesis.verdict).toBe('not-more');
    const { curve, thesis: t } = r.churn;
    expect(priorityRatio(r)).toBeCloseTo(churnProbability(curve, t, 1).p / churnProbability(curve, t, 2).p, 3);
    expect(priorityRatio(r)).toBeLessThan(1);
  });

  it("a few single-product customers against a large multi side that contradicts the prior: no boost, no claim", () => {
    const r = rulesFor(rows([20, 1], [400, 120]));
    expect(r.churn.thesis).toMatchObject({ basis: 'measured', verdict: 'not-more' });
    expect(priorityRatio(r)).toBeLessThan(1);
    const cross = nudgesFor(account(1, [1]), r, NOW, () => 'P');
    for (const d of cross) expect((d.evidence.value as Record<string, unknown>).churnWords).toBeNull();
  });
});

describe('single/multi priority while the book cannot tell', () => {
  it("is the prior's ratio, every account priced at the prior's rate", () => {
    const r = rulesFor(rows([20, 4], [20, 2]));
    expect(r.churn.thesis.verdict).toBe('prior');
    expect(priorityRatio(r)).toBeCloseTo(PRIOR.singleRatio, 9);
  });
});

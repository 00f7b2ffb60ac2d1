import { describe, expect, it } from 'vitest';
import {
  MIN_AT_RISK, PRIOR, addValueText, annualRiskCents, atRiskFigure, atRiskHow, atRiskText, binomialTail, churnCurve, churnProbability, roundedMoney,
  singleProductBoost, singleProductChurnWords, thesis, thesisSummary, timesText, type ChurnCountRow,
} from '../../../src/domain/churn.ts';

const rows = (one: [number, number], two: [number, number], three: [number, number]): ChurnCountRow[] => [
  { products: 1, atRisk: one[0], churned: one[1] },
  { products: 2, atRisk: two[0], churned: two[1] },
  { products: 3, atRisk: three[0], churned: three[1] },
];

describe('churnCurve', () => {
  it('folds 3 or more products into one bucket and keeps empty buckets as null rates', () => {
    const c = churnCurve([{ products: 1, atRisk: 4, churned: 1 }, { products: 3, atRisk: 2, churned: 1 }, { products: 5, atRisk: 2, churned: 0 }]);
    expect(c.buckets).toEqual([
      { label: '1', atRisk: 4, churned: 1, rate: 0.25 },
      { label: '2', atRisk: 0, churned: 0, rate: null },
      { label: '3+', atRisk: 4, churned: 1, rate: 0.25 },
    ]);
    expect([c.atRisk, c.churned, c.rate]).toEqual([8, 2, 0.25]);
  });

  it('keeps customers whose products then are not on record apart: in no bucket, nor in the totals', () => {
    const c = churnCurve([{ products: 0, atRisk: 11, churned: 2 }, { products: 1, atRisk: 4, churned: 1 }]);
    expect(c.unknown).toEqual({ atRisk: 11, churned: 2 });
    expect([c.atRisk, c.churned]).toEqual([4, 1]);
    expect(churnCurve([]).unknown).toEqual({ atRisk: 0, churned: 0 });
  });

  it('reports no data as null, never as 0%', () => {
    expect(churnCurve([]).rate).toBeNull();
    expect(churnCurve([]).buckets.map((b) => b.rate)).toEqual([null, null, null]);
  });
});

describe('thesis: what the book says about single-product customers', () => {
  it.each([
    // the book: single-product customers churned least (10.9%), 3-product most (44.9%)
    { name: 'single churn least → not-more, no boost', r: rows([400, 44], [300, 90], [200, 90]), verdict: 'not-more', boost: 1 },
    // 24% against 10%: 2.4×, significant on 100 and 200 accounts; no boost: each bucket's own rate prices it
    { name: 'single churn most → more, priced by its rate, no boost on top', r: rows([100, 24], [150, 15], [50, 5]), verdict: 'more', boost: 1 },
    // 3 of 30 against 2 of 30 is noise: no claim either way
    { name: 'a small difference is within noise → not-more', r: rows([30, 3], [20, 1], [10, 1]), verdict: 'not-more', boost: 1 },
    // one side too small, the other agreeing with the prior (or unable to contradict it)
    { name: 'too few single-product customers a year ago → prior', r: rows([MIN_AT_RISK - 1, 20], [500, 10], [0, 0]), verdict: 'prior', boost: PRIOR.singleRatio },
    { name: 'too few multi-product customers → prior', r: rows([500, 100], [MIN_AT_RISK - 1, 1], [0, 0]), verdict: 'prior', boost: PRIOR.singleRatio },
    { name: 'a brand-new book → prior', r: [], verdict: 'prior', boost: PRIOR.singleRatio },
    { name: 'both sides small, whatever they show → prior', r: rows([20, 0], [20, 10], [0, 0]), verdict: 'prior', boost: PRIOR.singleRatio },
    // 4 of 20 against 30% of 400: fewer, but 4 or fewer happens 24% of the time at 30%
    { name: 'few single-product customers leaving a bit less than a large multi side → still prior', r: rows([20, 4], [300, 90], [100, 30]), verdict: 'prior', boost: PRIOR.singleRatio },
    // 1 of 20 against 30% of 400: 1 or fewer happens under 1% of the time at 30%
    { name: 'few single-product customers, a large multi side leaving far more → no claim, no boost', r: rows([20, 1], [300, 90], [100, 30]), verdict: 'not-more', boost: 1 },
    // 8 of 20 two-product customers left against 2% of 400 single-product ones
    { name: 'few multi-product customers leaving far more than a large single side → no claim, no boost', r: rows([400, 8], [20, 8], [0, 0]), verdict: 'not-more', boost: 1 },
    { name: 'an extreme ratio: measured, priced by the rates, no boost', r: rows([100, 60], [100, 2], [0, 0]), verdict: 'more', boost: 1 },
    { name: 'nobody with more products left: more, no boost', r: rows([100, 30], [100, 0], [0, 0]), verdict: 'more', boost: 1 },
  ])('$name', ({ r, verdict, boost }) => {
    const t = thesis(churnCurve(r));
    expect(t.verdict).toBe(verdict);
    expect(singleProductBoost(t)).toBeCloseTo(boost, 9);
  });

  it('says nothing about churn where single-product customers do not leave more', () => {
    expect(singleProductChurnWords(thesis(churnCurve(rows([400, 44], [300, 90], [200, 90]))))).toBeNull();
    // nor where the side it can measure contradicts the prior
    expect(singleProductChurnWords(thesis(churnCurve(rows([20, 1], [300, 90], [100, 30]))))).toBeNull();
  });

  it('says by how much, with the counts, where they leave more', () => {
    expect(singleProductChurnWords(thesis(churnCurve(rows([100, 24], [150, 15], [50, 5]))))).toBe(
      'Single-product customers here left 2.4× as often as customers with more products over the last year (24 of 100, against 20 of 200).',
    );
    // a large book's counts are grouped
    expect(singleProductChurnWords(thesis(churnCurve(rows([412_345, 98_765], [200_000, 20_000], [100_000, 10_000]))))).toContain('(98,765 of 412,345, against 30,000 of 300,000)');
  });

  it('names the prior in one short sentence when the book cannot tell (the digest says why)', () => {
    const words = singleProductChurnWords(thesis(churnCurve([])))!;
    expect(words).toBe("Single-product customers usually leave about 1.5× as often: Tend's starting assumption until this book can tell.");
    // it stands in every single-product nudge of a young book: half the ~190 characters it was
    expect(words.length).toBeLessThanOrEqual(120);
  });
});

describe('binomialTail: the exact test on a side too small for z', () => {
  it.each([
    { n: 20, k: 1, p: 0.3, side: 'at-most' as const, want: 0.7 ** 20 + 20 * 0.3 * 0.7 ** 19 },
    { n: 3, k: 2, p: 0.5, side: 'at-least' as const, want: 0.5 },
    { n: 10, k: 10, p: 0.5, side: 'at-most' as const, want: 1 },
    { n: 10, k: 0, p: 0.3, side: 'at-least' as const, want: 1 },
    // a side that never left, or always did
    { n: 5, k: 0, p: 0, side: 'at-most' as const, want: 1 },
    { n: 5, k: 1, p: 0, side: 'at-least' as const, want: 0 },
    { n: 5, k: 4, p: 1, side: 'at-most' as const, want: 0 },
    { n: 0, k: 0, p: 0.3, side: 'at-most' as const, want: 1 },
  ])('$k $side of $n at $p → $want', ({ n, k, p, side, want }) => {
    expect(binomialTail(n, k, p, side)).toBeCloseTo(want, 12);
  });
});

describe('thesisSummary: what the digest says the curve means', () => {
  it.each([
    ['measured more', rows([100, 24], [150, 15], [50, 5]), /^Single-product customers here left 2\.4× as often .* rank higher by about that ratio \(each account's revenue at risk is priced at its group's rate\)\.$/],
    ['measured less', rows([400, 44], [300, 90], [200, 90]), /^Single-product customers here did not leave more often than customers with more products \(44 of 400, against 180 of 500\), so .*no extra priority/],
    ['a small side the large one contradicts', rows([20, 1], [300, 90], [100, 30]), /^Single-product customers here did not leave more often .*\(1 of 20, against 120 of 400\).*no extra priority/],
    // the demo book: 16 of 157 against 2 of 50 is higher, but not beyond chance
    ['higher but within chance', rows([157, 16], [42, 0], [8, 2]), /^Single-product customers here left 10% of the time against 4% .*\(16 of 157, against 2 of 50\): too few to rule out chance/],
    ['too young', [], /^Too few customers a year ago to measure \(fewer than 30/],
  ])('%s', (_name, r, want) => {
    expect(thesisSummary(thesis(churnCurve(r)))).toMatch(want);
  });
});

describe('churnProbability', () => {
  it('is the prior while the book is too young', () => {
    const c = churnCurve([]);
    expect(churnProbability(c, thesis(c), 1)).toEqual({ p: PRIOR.annualChurn, basis: 'prior', label: '1' });
  });

  it("is the bucket's rate, shrunk toward the book's overall rate", () => {
    const c = churnCurve(rows([100, 24], [150, 15], [50, 5]));
    // overall = (44 + 0.2 × 10) / (300 + 10) = 46/310; single = (24 + 10 × 46/310) / 110
    const overall = 46 / 310;
    expect(churnProbability(c, thesis(c), 1).p).toBeCloseTo((24 + 10 * overall) / 110, 12);
    expect(churnProbability(c, thesis(c), 7)).toMatchObject({ label: '3+', basis: 'measured' });
    expect(churnProbability(c, thesis(c), 7).p).toBeCloseTo((5 + 10 * overall) / 60, 12);
  });
});

describe('value a rep understands', () => {
  it.each([
    [240_000, 0.1, 288_000], // $2,400/mo × 12 × 10% = $2,880
    [240_000, 1, 2_880_000],
    [12_345, 0.137, 20_300], // $1,481.40 × 13.7% = $202.95 → whole dollars
    [0, 0.5, 0],
    [10_000, 2, 120_000], // a probability above 1 is bounded
  ])('%i cents/mo at %s → %i cents a year, whole dollars', (mrr, p, want) => {
    expect(annualRiskCents(mrr, p)).toBe(want);
  });

  it.each([
    [2_880_000, '$29k'], [124_000, '$1.2k'], [74_000, '$740'], [6_415_930_200, '$64M'], [123_456_789, '$1.2M'], [50, '$0'], [100, '$1'],
    [123_456_789_000, '$1.2B'], [1e14, '$1,000B'],
  ])('%i cents rounds to %s', (cents, want) => {
    expect(roundedMoney(cents)).toBe(want);
  });

  it('words the figure, the addable value and how it was computed', () => {
    expect(atRiskText(2_880_000)).toBe('≈ $29k/yr at risk');
    // an account with no revenue on record (a quiet one made by /log) is not "$0 at risk": unknown
    for (const cents of [0, 50, 99, -5]) {
      expect(atRiskText(cents)).toBe('no revenue on record');
      expect(atRiskFigure(cents)).toBe('none on record');
    }
    expect(atRiskText(100)).toBe('≈ $1/yr at risk');
    expect(addValueText(50_000, 'Analytics')).toBe('+$500/mo if they take Analytics');
    expect(atRiskHow({ mrrCents: 240_000, p: 0.109, basis: 'measured', label: '1' })).toBe(
      'At risk = MRR $2,400/mo × 12 × 11%, about the share of single-product customers here who left over the last year.',
    );
    expect(atRiskHow({ mrrCents: 240_000, p: 0.2, basis: 'prior', label: '3+' })).toBe(
      "At risk = MRR $2,400/mo × 12 × 20%, Tend's starting assumption until this book can tell.",
    );
  });

  it.each([[2.4, '2.4×'], [1.04, '1.1×'], [3, '3×'], [12.3, '12×'], [500_000, '500,000×']])('%s → %s', (r, want) => {
    expect(timesText(r)).toBe(want);
  });
});

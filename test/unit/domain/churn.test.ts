import { describe, expect, it } from 'vitest';
import {
  MIN_AT_RISK, PRIOR, addValueText, annualRiskCents, atRiskHow, atRiskText, churnCurve, churnProbability, roundedMoney,
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

  it('reports no data as null, never as 0%', () => {
    expect(churnCurve([]).rate).toBeNull();
    expect(churnCurve([]).buckets.map((b) => b.rate)).toEqual([null, null, null]);
  });
});

describe('thesis: what the book says about single-product customers', () => {
  it.each([
    // the book: single-product customers churned least (10.9%), 3-product most (44.9%)
    { name: 'single churn least → not-more, no boost', r: rows([400, 44], [300, 90], [200, 90]), verdict: 'not-more', boost: 1 },
    // 24% against 10%: 2.4×, significant on 100 and 200 accounts
    { name: 'single churn most → more, the measured ratio', r: rows([100, 24], [150, 15], [50, 5]), verdict: 'more', boost: 2.4 },
    // 3 of 30 against 2 of 30 is noise: no claim either way
    { name: 'a small difference is within noise → not-more', r: rows([30, 3], [20, 1], [10, 1]), verdict: 'not-more', boost: 1 },
    { name: 'too few single-product customers a year ago → prior', r: rows([MIN_AT_RISK - 1, 20], [500, 10], [0, 0]), verdict: 'prior', boost: PRIOR.singleRatio },
    { name: 'too few multi-product customers → prior', r: rows([500, 100], [MIN_AT_RISK - 1, 1], [0, 0]), verdict: 'prior', boost: PRIOR.singleRatio },
    { name: 'a brand-new book → prior', r: [], verdict: 'prior', boost: PRIOR.singleRatio },
    { name: 'an extreme ratio is capped', r: rows([100, 60], [100, 2], [0, 0]), verdict: 'more', boost: 3 },
    { name: 'nobody with more products left: capped, never infinite', r: rows([100, 30], [100, 0], [0, 0]), verdict: 'more', boost: 3 },
  ])('$name', ({ r, verdict, boost }) => {
    const t = thesis(churnCurve(r));
    expect(t.verdict).toBe(verdict);
    expect(singleProductBoost(t)).toBeCloseTo(boost, 9);
  });

  it('says nothing about churn where single-product customers do not leave more', () => {
    expect(singleProductChurnWords(thesis(churnCurve(rows([400, 44], [300, 90], [200, 90]))))).toBeNull();
  });

  it('says by how much, with the counts, where they leave more', () => {
    expect(singleProductChurnWords(thesis(churnCurve(rows([100, 24], [150, 15], [50, 5]))))).toBe(
      'Single-product customers here left 2.4× as often as customers with more products over the last year (24 of 100, against 20 of 200).',
    );
  });

  it('names the prior and why when the book is too young', () => {
    const words = singleProductChurnWords(thesis(churnCurve([])))!;
    expect(words).toContain("Tend's starting assumption");
    expect(words).toContain('too young');
    expect(words).toContain(`fewer than ${MIN_AT_RISK}`);
  });
});

describe('thesisSummary: what the digest says the curve means', () => {
  it.each([
    ['measured more', rows([100, 24], [150, 15], [50, 5]), /^Single-product customers here left 2\.4× as often .* rank higher by that ratio\.$/],
    ['measured less', rows([400, 44], [300, 90], [200, 90]), /^Single-product customers here did not leave more often .*no extra priority/],
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
  ])('%i cents rounds to %s', (cents, want) => {
    expect(roundedMoney(cents)).toBe(want);
  });

  it('words the figure, the addable value and how it was computed', () => {
    expect(atRiskText(2_880_000)).toBe('≈ $29k/yr at risk');
    expect(addValueText(50_000, 'Analytics')).toBe('+$500/mo if they take Analytics');
    expect(atRiskHow({ mrrCents: 240_000, p: 0.109, basis: 'measured', label: '1' })).toBe(
      'At risk = MRR $2,400/mo × 12 × 11%, the share of single-product customers here who left over the last year.',
    );
    expect(atRiskHow({ mrrCents: 240_000, p: 0.2, basis: 'prior', label: '3+' })).toContain("Tend's starting assumption");
  });

  it.each([[2.4, '2.4×'], [1.04, '1.1×'], [3, '3×'], [12.3, '12×']])('%s → %s', (r, want) => {
    expect(timesText(r)).toBe(want);
  });
});

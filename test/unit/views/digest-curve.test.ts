// The digest's churn-by-products lines when some or all of a year's customers have holdings
// without start dates (a wide sheet imported as it is): they are counted by their dates but in
// no bucket, and the digest says so instead of "no customers then".
import { describe, expect, it } from 'vitest';
import { churnCurve, type ChurnCountRow } from '../../../src/domain/churn.ts';
import type { MetricsSnapshot } from '../../../src/domain/metrics.ts';
import { curveLines } from '../../../src/views/digest.ts';

const snapshot = (rows: ChurnCountRow[]) => ({ curve: churnCurve(rows) }) as MetricsSnapshot;

describe('curveLines', () => {
  it('says it cannot bucket by products when no customer of a year ago has a dated holding', () => {
    const text = curveLines(snapshot([{ products: 0, atRisk: 11, churned: 1 }]));
    expect(text).toBe(
      "*Churn by products held, last 12 months:* Tend cannot tell churn by products held yet: 11 customers a year ago (1 left since), but their holdings carry no start dates, so what each held then is unknown; import a started_at column to measure churn by products.\n" +
      "Until then nudges use Tend's starting assumption that single-product customers leave 1.5× as often, and 20% of customers a year.",
    );
  });

  it('counts the dated ones and says how many more are not counted', () => {
    const text = curveLines(snapshot([{ products: 0, atRisk: 4, churned: 0 }, { products: 1, atRisk: 10, churned: 2 }, { products: 2, atRisk: 5, churned: 1 }]));
    expect(text).toContain('1 product: 20% (2 of 10 left) · 2 products: 20% (1 of 5 left) · 3+ products: no customers then (4 more customers a year ago not counted: their holdings carry no start dates)');
    expect(text).toContain('Too few customers a year ago to measure');
  });

  it('reads as before when every holding is dated', () => {
    const text = curveLines(snapshot([{ products: 1, atRisk: 10, churned: 2 }]));
    expect(text).not.toContain('not counted');
    expect(text).not.toContain('cannot tell');
    expect(text).toContain('1 product: 20% (2 of 10 left)');
  });

  it('says "no customers then" when the book had none a year ago, dated or not', () => {
    expect(curveLines(snapshot([]))).toContain('1 product: no customers then');
  });
});

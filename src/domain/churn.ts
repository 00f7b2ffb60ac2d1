// The thesis, measured per workspace: do this book's single-product customers really leave
// more often? The churn-by-products curve (customers at the start of a 12-month window,
// grouped by products held then, and how many left by its end) decides priority and
// wording, instead of a fixed boost. Pure: the counts come from src/data/churn-sql.ts.

/** The horizon every churn figure here speaks of: "over the last year", "per year". */
export const CHURN_HORIZON_DAYS = 365;
export const CHURN_HORIZON_MONTHS = 12;

/**
 * Below this many customers a year ago on either side (one product; two or more) the book is
 * too young or too small to tell, and Tend falls back to the prior below and says so, unless
 * the side it can measure already shows the prior wrong (thesis below).
 */
export const MIN_AT_RISK = 30;

/**
 * The stated prior, used only when the book cannot tell: single-product customers leave about
 * 1.5× as often (the pattern Tend was built on), and about 20% of customers leave in a year
 * (2% a month, a common B2B figure).
 */
export const PRIOR = { singleRatio: 1.5, annualChurn: 0.2 } as const;

/** Weight (in accounts) pulling a small bucket's rate toward the book's overall rate. */
const SHRINK_ACCOUNTS = 10;

/** |z| at least this (two-sided 95%) before the book is said to differ between the two groups. */
const Z_95 = 1.96;

/** The same bar as one tail's chance, for the exact test on a side too small for z. */
const TAIL_95 = 0.025;

export type BucketLabel = '1' | '2' | '3+';
export const BUCKETS: readonly BucketLabel[] = ['1', '2', '3+'];

/**
 * Customers a year ago holding that many products (3 = "3 or more"), and how many of them left
 * since. products 0: customers a year ago (by their customer-since and churn dates) whose
 * holdings on record all start later, so what they held then is unknown.
 */
export type ChurnCountRow = { products: number; atRisk: number; churned: number };

export type CurveBucket = { label: BucketLabel; atRisk: number; churned: number; rate: number | null };

export type ChurnCurve = {
  horizonDays: number;
  buckets: CurveBucket[];
  atRisk: number;
  churned: number;
  rate: number | null;
  /** customers a year ago whose products then are not on record: in no bucket, nor in the totals above */
  unknown: { atRisk: number; churned: number };
};

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** Rows by products held (any order, 3+ folded together) into the fixed 1, 2, 3+ curve. */
export function churnCurve(rows: readonly ChurnCountRow[], horizonDays = CHURN_HORIZON_DAYS): ChurnCurve {
  const acc = BUCKETS.map((label) => ({ label, atRisk: 0, churned: 0 }));
  const unknown = { atRisk: 0, churned: 0 };
  for (const r of rows) {
    if (r.products === 0) {
      unknown.atRisk += Math.max(0, r.atRisk);
      unknown.churned += Math.max(0, Math.min(r.churned, r.atRisk));
    }
    if (!(r.products >= 1)) continue;
    const b = acc[Math.min(3, Math.floor(r.products)) - 1]!;
    b.atRisk += Math.max(0, r.atRisk);
    b.churned += Math.max(0, Math.min(r.churned, r.atRisk));
  }
  const atRisk = acc.reduce((s, b) => s + b.atRisk, 0);
  const churned = acc.reduce((s, b) => s + b.churned, 0);
  return {
    horizonDays,
    buckets: acc.map((b) => ({ ...b, rate: ratio(b.churned, b.atRisk) })),
    atRisk,
    churned,
    rate: ratio(churned, atRisk),
    unknown,
  };
}

export function bucketOf(productsHeld: number): BucketLabel {
  return productsHeld <= 1 ? '1' : productsHeld === 2 ? '2' : '3+';
}

/**
 * What the book says about single-product customers, against customers with two or more:
 * - 'more': they left significantly more often; `ratio` says how many times.
 * - 'not-more': they left as often or less (or the difference is within noise): no claim, no boost.
 *   Also when one side is too small to measure but, against the other side's measured rate,
 *   single-product customers clearly left less: the book contradicts the prior.
 * - 'prior': too few customers a year ago to tell; the stated prior applies and the wording says so.
 */
export type Thesis =
  | { basis: 'measured'; verdict: 'more' | 'not-more'; ratio: number | null; single: Side; multi: Side }
  | { basis: 'prior'; verdict: 'prior'; ratio: number; single: Side; multi: Side };

export type Side = { atRisk: number; churned: number; rate: number | null };

export function thesis(curve: ChurnCurve, minAtRisk = MIN_AT_RISK): Thesis {
  const [one, two, three] = curve.buckets as [CurveBucket, CurveBucket, CurveBucket];
  const single: Side = { atRisk: one.atRisk, churned: one.churned, rate: one.rate };
  const mAt = two.atRisk + three.atRisk, mCh = two.churned + three.churned;
  const multi: Side = { atRisk: mAt, churned: mCh, rate: ratio(mCh, mAt) };
  const r = single.rate !== null && multi.rate !== null && multi.rate > 0 ? single.rate / multi.rate : null;
  const singleSmall = single.atRisk < minAtRisk, multiSmall = multi.atRisk < minAtRisk;
  if (singleSmall || multiSmall) {
    const contradicted = singleSmall !== multiSmall && (singleSmall
      ? binomialTail(single.atRisk, single.churned, multi.rate!, 'at-most') < TAIL_95
      : binomialTail(multi.atRisk, multi.churned, single.rate!, 'at-least') < TAIL_95);
    if (contradicted) return { basis: 'measured', verdict: 'not-more', ratio: r, single, multi };
    return { basis: 'prior', verdict: 'prior', ratio: PRIOR.singleRatio, single, multi };
  }
  const p1 = single.rate!, p2 = multi.rate!;
  // two-proportion z-test: a handful of departures either way is not a finding
  const pooled = (single.churned + multi.churned) / (single.atRisk + multi.atRisk);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / single.atRisk + 1 / multi.atRisk));
  const significant = se > 0 && (p1 - p2) / se >= Z_95;
  return { basis: 'measured', verdict: significant ? 'more' : 'not-more', ratio: r, single, multi };
}

/**
 * The chance of `k` or fewer ('at-most') or `k` or more ('at-least') departures among `n`
 * customers who each leave with chance `p`: exact, for a side under MIN_AT_RISK customers.
 */
export function binomialTail(n: number, k: number, p: number, side: 'at-most' | 'at-least'): number {
  let ways = 1, sum = 0;
  for (let i = 0; i <= n; i++) {
    if (side === 'at-most' ? i <= k : i >= k) sum += ways * p ** i * (1 - p) ** (n - i);
    ways = (ways * (n - i)) / (i + 1);
  }
  return Math.min(1, sum);
}

/**
 * The priority multiplier a single-product account gets on top of its value at risk: the
 * prior's ratio while the book cannot tell (every account is then priced at the same prior
 * rate), none once the book is measured (its bucket's own churn rate already prices it, so a
 * boost would count the same ratio twice).
 */
export function singleProductBoost(t: Thesis): number {
  return t.verdict === 'prior' ? PRIOR.singleRatio : 1;
}

/** "2.4×": one decimal, never "1.0×" for a real difference; "1,250×" grouped. */
export function timesText(r: number): string {
  return `${r >= 10 ? Math.round(r).toLocaleString('en-US') : Math.max(1.1, Math.round(r * 10) / 10).toFixed(1).replace(/\.0$/, '')}×`;
}

/** "(1,204 of 9,876, against 310 of 8,002)": the two groups' counts, thousands grouped. */
function counts(s: { churned: number; atRisk: number }, m: { churned: number; atRisk: number }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(s.churned)} of ${n(s.atRisk)}, against ${n(m.churned)} of ${n(m.atRisk)}`;
}

/**
 * The one sentence a single-product nudge or card may say about churn; null when the book
 * says single-product customers do not leave more (nothing may then claim they do).
 */
export function singleProductChurnWords(t: Thesis): string | null {
  if (t.verdict === 'not-more') return null;
  if (t.verdict === 'prior') {
    // on every single-product nudge of a young book: short; the digest says why (thesisSummary)
    return `Single-product customers usually leave about ${timesText(PRIOR.singleRatio)} as often: Tend's starting assumption until this book can tell.`;
  }
  const times = t.ratio === null ? 'more often than customers with more products, who did not leave at all,' : `${timesText(t.ratio)} as often as customers with more products`;
  return `Single-product customers here left ${times} over the last year (${counts(t.single, t.multi)}).`;
}

/**
 * What the curve means for nudges, for the managers' digest: the measured ratio, no difference
 * (said apart from a difference too small to rule out chance), or the prior and why.
 */
export function thesisSummary(t: Thesis): string {
  if (t.verdict === 'more') return `${singleProductChurnWords(t)} Single-product nudges rank higher by about that ratio (each account's revenue at risk is priced at its group's rate).`;
  if (t.verdict === 'prior') {
    return `Too few customers a year ago to measure (fewer than ${MIN_AT_RISK} with one product, or with more): nudges use Tend's starting assumption that single-product customers leave ${timesText(PRIOR.singleRatio)} as often, and ${pctText(PRIOR.annualChurn)} of customers a year.`;
  }
  const { single: s, multi: m } = t;
  if (s.rate !== null && m.rate !== null && s.rate > m.rate) {
    return `Single-product customers here left ${pctText(s.rate)} of the time against ${pctText(m.rate)} with more products (${counts(s, m)}): too few to rule out chance, so single-product nudges get no extra priority and say nothing about churn.`;
  }
  return `Single-product customers here did not leave more often than customers with more products (${counts(s, m)}), so single-product nudges get no extra priority and say nothing about churn.`;
}

/**
 * The chance an account holding `productsHeld` products leaves within the horizon: its bucket's
 * rate, shrunk toward the book's overall rate (itself shrunk toward the prior) so a bucket of 4
 * accounts does not claim 0% or 100%. The prior alone when the book is too young.
 */
export function churnProbability(curve: ChurnCurve, t: Thesis, productsHeld: number): { p: number; basis: 'measured' | 'prior'; label: BucketLabel } {
  const label = bucketOf(productsHeld);
  if (t.basis === 'prior') return { p: PRIOR.annualChurn, basis: 'prior', label };
  const overall = (curve.churned + PRIOR.annualChurn * SHRINK_ACCOUNTS) / (curve.atRisk + SHRINK_ACCOUNTS);
  const b = curve.buckets.find((x) => x.label === label)!;
  const p = (b.churned + overall * SHRINK_ACCOUNTS) / (b.atRisk + SHRINK_ACCOUNTS);
  return { p, basis: 'measured', label };
}

/** A year of revenue at risk, in whole dollars' cents: MRR × 12 × the probability, from integers and the day's curve only. */
export function annualRiskCents(mrrCents: number, p: number): number {
  return Math.round((Math.max(0, mrrCents) * CHURN_HORIZON_MONTHS * Math.max(0, Math.min(1, p))) / 100) * 100;
}

/** Rounds to two significant figures: $28,800 → $29k; $1,240 → $1.2k; $740 → $740. */
export function roundedMoney(cents: number): string {
  const dollars = Math.max(0, cents) / 100;
  if (dollars < 1) return '$0';
  const mag = 10 ** (Math.floor(Math.log10(dollars)) - 1);
  const r = Math.round(dollars / mag) * mag;
  if (r >= 1e9) return `$${Number(trim(r / 1e9)).toLocaleString('en-US')}B`;
  if (r >= 1e6) return `$${trim(r / 1e6)}M`;
  if (r >= 1e3) return `$${trim(r / 1e3)}k`;
  return `$${Math.round(r)}`;
}

const trim = (x: number) => (Math.round(x * 10) / 10).toString();

/**
 * Under a dollar a year at risk: the account has no revenue on record (a quiet account made by
 * /log, never given a product). "$0 at risk" would read as nothing to lose; it is unknown.
 */
const noRevenue = (cents: number) => Math.max(0, cents) < 100;

/** "≈ $29k/yr"; "none on record" for an account with no revenue Tend knows of. */
export function atRiskFigure(cents: number): string {
  return noRevenue(cents) ? 'none on record' : `≈ ${roundedMoney(cents)}/yr`;
}

/** "≈ $29k/yr at risk"; "no revenue on record" for an account with none Tend knows of. */
export function atRiskText(cents: number): string {
  return noRevenue(cents) ? 'no revenue on record' : `${atRiskFigure(cents)} at risk`;
}

export function pctText(p: number): string {
  const v = p * 100;
  return `${v < 10 ? (Math.round(v * 10) / 10).toString() : Math.round(v).toString()}%`;
}

/** How the figure was computed, one line for the card. */
export function atRiskHow(v: { mrrCents: number; p: number; basis: 'measured' | 'prior'; label: BucketLabel }): string {
  const who = v.label === '1' ? 'single-product' : v.label === '2' ? '2-product' : '3+-product';
  const source = v.basis === 'measured'
    // about: the share is pulled toward the book's overall rate (churnProbability), so it can differ from the digest's curve
    ? `about the share of ${who} customers here who left over the last year`
    : `Tend's starting assumption until this book can tell`;
  return `At risk = MRR ${formatCents(v.mrrCents)}/mo × 12 × ${pctText(v.p)}, ${source}.`;
}

function formatCents(cents: number): string {
  return `$${Math.round(cents / 100).toLocaleString('en-US')}`;
}

/** "+$500/mo if they take Analytics": the product's typical MRR here (rounded to whole dollars). */
export function addValueText(mrrCents: number, productName: string): string {
  return `+${formatCents(mrrCents)}/mo if they take ${productName}`;
}

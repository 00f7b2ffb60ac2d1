// Customer equity (what the book is worth over its expected lifetime, for the digest) and the
// priority that ranks nudges: value at stake, raised when risks pile up. Pure; churn counts
// come from SQL over account history.

import type { StallLevel } from './cadence.ts';

export type ChurnObservation = {
  /** Accounts that churned in the observation window. */
  churnedAccounts: number;
  /** Sum over accounts of months each was active (at risk of churning) in the window. */
  accountMonthsAtRisk: number;
};

export type ChurnOptions = {
  /** Assumed rate before the workspace has data (2%/month: a typical B2B figure). */
  priorRate?: number;
  /** Weight of that assumption in account-months; real data outweighs it quickly. */
  priorMonths?: number;
  /** Below this no estimate is believable (and lifetime would explode). */
  floor?: number;
  cap?: number;
};

/**
 * Monthly churn = churned / account-months at risk, shrunk toward a prior so that a new
 * workspace (3 accounts, 0 churned) does not claim eternal customers, then bounded.
 * rate = (churned + priorRate × priorMonths) / (monthsAtRisk + priorMonths).
 */
export function monthlyChurnRate(obs: ChurnObservation, opts: ChurnOptions = {}): number {
  const { priorRate = 0.02, priorMonths = 24, floor = 0.005, cap = 0.5 } = opts;
  const churned = Math.max(0, obs.churnedAccounts);
  const months = Math.max(0, obs.accountMonthsAtRisk);
  const denom = months + priorMonths;
  const raw = denom > 0 ? (churned + priorRate * priorMonths) / denom : priorRate;
  return Math.min(cap, Math.max(floor, raw));
}

/** Geometric lifetime 1/churn, capped: nobody plans on a customer for more than five years. */
export function expectedLifetimeMonths(monthlyChurn: number, capMonths = 60): number {
  if (!(monthlyChurn > 0)) return capMonths;
  return Math.min(capMonths, 1 / monthlyChurn);
}

/** Equity in integer cents: monthly value × expected lifetime (undiscounted). */
export function customerEquityCents(mrrCents: number, lifetimeMonths: number): number {
  return Math.max(0, Math.round(mrrCents * Math.max(0, lifetimeMonths)));
}

/**
 * Risk multipliers. They multiply, so risks that combine rank above any one alone at equal
 * value: stalled × asks-without-gives = 1.6 × 1.3 = 2.08.
 * - single product: not a constant, and never on top of a measured rate. Once the book's
 *   churn-by-products curve is measured, valueCents already prices each account at its
 *   group's churn rate, so single-product accounts rank higher exactly where they leave more
 *   and no multiplier applies (a second one would count the same ratio twice). Only while the
 *   book cannot tell, when every account is priced at the same prior rate, does the stated
 *   prior's ratio apply (src/domain/churn.ts singleProductBoost).
 * - stall: cooling 1.25, stalled 1.6: silence precedes churn; the longer, the worse.
 * - asksWithoutGives 1.3: we have been taking without giving; goodwill is draining.
 * - overdueNextStep 1.2: we promised something and did not follow through.
 */
export const PRIORITY_MULTIPLIERS = {
  stall: { ok: 1, cooling: 1.25, stalled: 1.6 } as Record<StallLevel, number>,
  asksWithoutGives: 1.3,
  overdueNextStep: 1.2,
} as const;

/** Value floor (one dollar) so zero-value accounts still order among themselves by risk. */
const MIN_BASE_CENTS = 100;

export type PriorityInput = {
  /** The value at stake in cents: a year of revenue at risk (churn.ts annualRiskCents). */
  valueCents: number;
  /** 1 for an account with several products; churn.ts singleProductBoost for a single-product one (above 1 only on the prior). */
  singleProductBoost: number;
  stallLevel: StallLevel;
  asksWithoutGives: boolean;
  overdueNextStep: boolean;
};

/** Priority in dollars of value at stake, risk-weighted: higher first. */
export function priority(p: PriorityInput): number {
  const m = PRIORITY_MULTIPLIERS;
  // a value or boost that is not a finite number counts as none (a NaN rank would sort first in Postgres)
  const base = Math.max(MIN_BASE_CENTS, Number.isFinite(p.valueCents) ? p.valueCents : 0) / 100;
  return (
    base *
    (Number.isFinite(p.singleProductBoost) ? Math.max(1, p.singleProductBoost) : 1) *
    m.stall[p.stallLevel] *
    (p.asksWithoutGives ? m.asksWithoutGives : 1) *
    (p.overdueNextStep ? m.overdueNextStep : 1)
  );
}

// Customer equity (what an account is worth over its expected lifetime) and the priority
// that ranks nudges: value at stake, raised when risks pile up. Pure; churn counts come
// from SQL over account history.

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
 * value: single product × stalled × asks-without-gives = 1.5 × 1.6 × 1.3 = 3.12.
 * - singleProduct 1.5: single-product customers are the likeliest to switch.
 * - stall: cooling 1.25, stalled 1.6: silence precedes churn; the longer, the worse.
 * - asksWithoutGives 1.3: we have been taking without giving; goodwill is draining.
 * - overdueNextStep 1.2: we promised something and did not follow through.
 */
export const PRIORITY_MULTIPLIERS = {
  singleProduct: 1.5,
  stall: { ok: 1, cooling: 1.25, stalled: 1.6 } as Record<StallLevel, number>,
  asksWithoutGives: 1.3,
  overdueNextStep: 1.2,
} as const;

/** Value floor (one dollar) so zero-value accounts still order among themselves by risk. */
const MIN_BASE_CENTS = 100;

export type PriorityInput = {
  equityCents: number;
  singleProduct: boolean;
  stallLevel: StallLevel;
  asksWithoutGives: boolean;
  overdueNextStep: boolean;
};

/** Priority in dollars of equity at stake, risk-weighted: higher first. */
export function priority(p: PriorityInput): number {
  const m = PRIORITY_MULTIPLIERS;
  const base = Math.max(MIN_BASE_CENTS, p.equityCents) / 100;
  return (
    base *
    (p.singleProduct ? m.singleProduct : 1) *
    m.stall[p.stallLevel] *
    (p.asksWithoutGives ? m.asksWithoutGives : 1) *
    (p.overdueNextStep ? m.overdueNextStep : 1)
  );
}

// The monetisation metrics, as pure arithmetic over the aggregates that src/data/metrics.ts
// reads in SQL. Every ratio is null when its denominator is zero: "no data" must never
// render as 0 % churn or an infinitely good velocity.
import { customerEquityCents, expectedLifetimeMonths, monthlyChurnRate } from './equity.ts';
import type { ChurnCurve } from './churn.ts';

export const DAY_MS = 86_400_000;

/** Windows, in days, each metric looks back over from its `asOf` instant. */
export const WINDOWS = {
  churnShort: 30,
  churnLong: 90,
  /** nudges created in this window make up the funnel and the velocity */
  funnel: 30,
  /** touches and give:ask: the team's week */
  touches: 7,
  /** churn history behind customer equity (as the scan prices nudges) */
  equity: 365,
  /** week-over-week: the same metric as of this many days earlier */
  compare: 7,
} as const;

export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

// ---------------------------------------------------------------- products per customer

/**
 * One row per number of distinct products held: how many customers hold that many, and their MRR.
 * products 0: customers then (by their customer-since and churn dates) whose holdings on record
 * all start later, e.g. a wide sheet imported without start dates: what they held then is unknown.
 */
export type HeldRow = { products: number; customers: number; mrrCents: number };

export type ProductsPerCustomer = {
  /** every customer, products known or not */
  customers: number;
  /** of `customers`, those whose products at that instant are not on record (left out of the ratios and the MRR) */
  unknown: number;
  /** distinct (customer, product) pairs */
  holdings: number;
  mean: number | null;
  one: number;
  two: number;
  threePlus: number;
  singleShare: number | null;
  mrrCents: number;
};

export function productsPerCustomer(rows: readonly HeldRow[]): ProductsPerCustomer {
  let customers = 0, unknown = 0, holdings = 0, one = 0, two = 0, threePlus = 0, mrrCents = 0;
  for (const r of rows) {
    customers += r.customers;
    holdings += r.products * r.customers;
    mrrCents += r.mrrCents;
    if (r.products <= 0) unknown += r.customers;
    else if (r.products === 1) one += r.customers;
    else if (r.products === 2) two += r.customers;
    else threePlus += r.customers;
  }
  const known = customers - unknown;
  return { customers, unknown, holdings, mean: ratio(holdings, known), one, two, threePlus, singleShare: ratio(one, known), mrrCents };
}

// ---------------------------------------------------------------- churn and the monetisation curve

/**
 * The customers of the window's first day grouped by how many products they held then (4 =
 * "4 or more"): how many churned by its last day, and the MRR they held and lost (a
 * dropped product counts as lost revenue even when the customer stays). Bucket 0: customers
 * then whose products then are not on record (see HeldRow): they count in the account churn
 * rate (dates decide it), not in the revenue rate (their MRR then is unknown).
 */
export type CohortRow = { bucket: number; customers: number; churned: number; mrrCents: number; lostMrrCents: number };

export type Churn = {
  days: number;
  customers: number;
  churned: number;
  accountRate: number | null;
  mrrCents: number;
  lostMrrCents: number;
  revenueRate: number | null;
};

export function churn(days: number, rows: readonly CohortRow[]): Churn {
  const sum = (k: keyof CohortRow) => rows.reduce((s, r) => s + r[k], 0);
  const customers = sum('customers'), churned = sum('churned'), mrrCents = sum('mrrCents'), lostMrrCents = sum('lostMrrCents');
  return { days, customers, churned, accountRate: ratio(churned, customers), mrrCents, lostMrrCents, revenueRate: ratio(lostMrrCents, mrrCents) };
}


// ---------------------------------------------------------------- customer equity

export type Equity = { mrrCents: number; monthlyChurn: number; lifetimeMonths: number; equityCents: number };

/** The book's MRR times the expected lifetime the scan prices nudges with (same prior, same cap). */
export function bookEquity(mrrCents: number, churnedAccounts: number, accountMonthsAtRisk: number): Equity {
  const monthlyChurn = monthlyChurnRate({ churnedAccounts, accountMonthsAtRisk });
  const lifetimeMonths = expectedLifetimeMonths(monthlyChurn);
  return { mrrCents, monthlyChurn, lifetimeMonths, equityCents: customerEquityCents(mrrCents, lifetimeMonths) };
}

// ---------------------------------------------------------------- the nudge funnel and velocity

export type Funnel = {
  created: number;
  claimed: number;
  done: number;
  won: number;
  lost: number;
  revenueWonCents: number;
  /** summed over won nudges: days from creation to the win */
  daysToWinSum: number;
};

export type Velocity = {
  opportunities: number;
  winRate: number | null;
  avgValueCents: number | null;
  avgDaysToWin: number | null;
  /** expected revenue (MRR won) per day */
  centsPerDay: number | null;
};

/**
 * Sales velocity = opportunities × win rate × average value ÷ average days to win. Win rate
 * counts decided nudges only (won ÷ (won + lost)): an undecided one is not a loss yet. A win
 * on the day the nudge appeared counts as one day, so the quotient stays finite.
 */
export function velocity(f: Funnel): Velocity {
  const winRate = ratio(f.won, f.won + f.lost);
  const avgValueCents = ratio(f.revenueWonCents, f.won);
  const avgDaysToWin = f.won > 0 ? Math.max(1, f.daysToWinSum / f.won) : null;
  const centsPerDay =
    winRate === null || avgValueCents === null || avgDaysToWin === null ? null : (f.created * winRate * avgValueCents) / avgDaysToWin;
  return { opportunities: f.created, winRate, avgValueCents, avgDaysToWin, centsPerDay };
}

// ---------------------------------------------------------------- touches and give:ask

export type RepWeek = { memberId: number; slackUserId: string; name: string | null; touches: number; gives: number; asks: number };

export type Touches = {
  /** every touch in the window, including imported ones no member logged */
  touches: number;
  gives: number;
  asks: number;
  reps: RepWeek[];
  /** touches logged by the listed reps ÷ their number */
  perRep: number | null;
  /** gives ÷ asks; null when nobody asked (see giveAskText) */
  giveAsk: number | null;
  /** of `touches`, those people logged and those captured from linked channels (issue 16); a give or ask is always marked */
  logged?: number;
  captured?: number;
  /** the channel messages the captured touches fold (one touch per account, side and hour) */
  capturedMessages?: number;
};

export function touches(team: { touches: number; gives: number; asks: number; logged?: number; captured?: number; capturedMessages?: number }, reps: RepWeek[]): Touches {
  const byReps = reps.reduce((s, r) => s + r.touches, 0);
  return { ...team, reps, perRep: ratio(byReps, reps.length), giveAsk: ratio(team.gives, team.asks) };
}

/**
 * "38 logged · 212 captured from 1,904 channel messages", or null when nothing was captured (a
 * workspace with no linked channel reads as before). A captured touch is an account's hour of
 * channel talk on one side, so the messages behind them are said too: the touches add up to
 * the total shown beside them, the messages do not.
 */
export function loggedCapturedText(t: { logged?: number; captured?: number; capturedMessages?: number }): string | null {
  if (!t.captured) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const messages = t.capturedMessages ?? t.captured;
  return `${n(t.logged ?? 0)} logged · ${n(t.captured)} captured from ${n(messages)} channel message${messages === 1 ? '' : 's'}`;
}

/** "3 : 1" style, readable also when one side is zero. */
export function giveAskText(gives: number, asks: number): string {
  if (gives === 0 && asks === 0) return 'no gives or asks';
  if (asks === 0) return `${gives.toLocaleString('en-US')} : 0 (all gives)`;
  return ratioText(gives / asks);
}

/**
 * A gives-to-asks ratio as people say it: "2.5 : 1" from one up, "1 : 30" below one (as
 * "0.03 : 1" it would round to a zero beside the gives it counts), "0 : 1" for none.
 */
export function ratioText(r: number): string {
  const one = (x: number) => (Number.isInteger(x) ? x : Number(x.toFixed(1))).toLocaleString('en-US');
  if (r === 0 || r >= 1) return `${one(r)} : 1`;
  return `1 : ${one(1 / r)}`;
}

// ---------------------------------------------------------------- stalled accounts

export type Stall = { customers: number; cooling: number; stalled: number };

// ---------------------------------------------------------------- the snapshot and its change

export type MetricsSnapshot = {
  asOf: Date;
  products: ProductsPerCustomer;
  churn30: Churn;
  churn90: Churn;
  /** Churn by products held over the last year (1, 2, 3+), the same curve the scan prices nudges with (domain/churn.ts). */
  curve: ChurnCurve;
  equity: Equity;
  funnel: Funnel;
  velocity: Velocity;
  touches: Touches;
  stall: Stall;
};

export type Direction = 'up' | 'down' | 'flat';

export type Headline = {
  key: string;
  label: string;
  value: number | null;
  previous: number | null;
  /** value − previous, null when either is unknown */
  delta: number | null;
  direction: Direction;
  /** whether the move is good news (churn going down is) */
  good: boolean | null;
  format: 'number' | 'decimal' | 'percent' | 'money' | 'roundedMoney' | 'moneyPerDay' | 'ratio';
};

type HeadlineDef = Pick<Headline, 'key' | 'label' | 'format'> & { pick: (m: MetricsSnapshot) => number | null; higherIsBetter: boolean };

export const HEADLINES: readonly HeadlineDef[] = [
  { key: 'ppc', label: 'Products per customer', format: 'decimal', higherIsBetter: true, pick: (m) => m.products.mean },
  { key: 'single', label: 'Single-product customers', format: 'percent', higherIsBetter: false, pick: (m) => m.products.singleShare },
  { key: 'customers', label: 'Customers', format: 'number', higherIsBetter: true, pick: (m) => m.products.customers },
  { key: 'churn30', label: 'Churn, 30 days', format: 'percent', higherIsBetter: false, pick: (m) => m.churn30.accountRate },
  { key: 'revchurn30', label: 'Revenue churn, 30 days', format: 'percent', higherIsBetter: false, pick: (m) => m.churn30.revenueRate },
  { key: 'churn90', label: 'Churn, 90 days', format: 'percent', higherIsBetter: false, pick: (m) => m.churn90.accountRate },
  { key: 'revchurn90', label: 'Revenue churn, 90 days', format: 'percent', higherIsBetter: false, pick: (m) => m.churn90.revenueRate },
  // the book's MRR is unknown while some customers' holdings then are not on record: no figure beats a rise from nothing
  { key: 'equity', label: 'Customer equity', format: 'roundedMoney', higherIsBetter: true, pick: (m) => (m.products.unknown > 0 ? null : m.equity.equityCents) },
  { key: 'velocity', label: 'Nudge sales velocity', format: 'moneyPerDay', higherIsBetter: true, pick: (m) => m.velocity.centsPerDay },
  { key: 'won', label: 'Revenue won (30 days)', format: 'money', higherIsBetter: true, pick: (m) => m.funnel.revenueWonCents },
  { key: 'giveAsk', label: 'Give : ask', format: 'ratio', higherIsBetter: true, pick: (m) => m.touches.giveAsk },
  { key: 'perRep', label: 'Touches per rep (7 days)', format: 'decimal', higherIsBetter: true, pick: (m) => m.touches.perRep },
  { key: 'stalled', label: 'Stalled accounts', format: 'number', higherIsBetter: false, pick: (m) => m.stall.stalled },
  { key: 'cooling', label: 'Cooling accounts', format: 'number', higherIsBetter: false, pick: (m) => m.stall.cooling },
];

/** Tiny float noise (0.1 + 0.2) is not a change worth an arrow. */
const EPSILON = 1e-9;

export function change(value: number | null, previous: number | null, higherIsBetter: boolean): Pick<Headline, 'delta' | 'direction' | 'good'> {
  if (value === null || previous === null) return { delta: null, direction: 'flat', good: null };
  const delta = value - previous;
  if (Math.abs(delta) < EPSILON) return { delta: 0, direction: 'flat', good: null };
  const direction: Direction = delta > 0 ? 'up' : 'down';
  return { delta, direction, good: (direction === 'up') === higherIsBetter };
}

/** Every headline number with its change since `previous` (the same metric a week earlier). */
export function headlines(current: MetricsSnapshot, previous: MetricsSnapshot): Headline[] {
  return HEADLINES.map((h) => {
    const value = h.pick(current);
    const prev = h.pick(previous);
    return { key: h.key, label: h.label, format: h.format, value, previous: prev, ...change(value, prev, h.higherIsBetter) };
  });
}

// The metrics on a small book (test/support/book-fixture.ts) in real Postgres, against values
// worked out by hand below. A second, identical workspace is seeded too: any query that
// forgot its workspace scope would double the numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMetrics, loadProductsTrend } from '../../src/data/metrics.ts';
import { headlines, type MetricsSnapshot } from '../../src/domain/metrics.ts';
import { loadChurnCounts } from '../../src/data/churn-sql.ts';
import { churnCurve } from '../../src/domain/churn.ts';
import { d, seedActivity, seedBook, T, type Book } from '../support/book-fixture.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
let book: Book;
let now: MetricsSnapshot;
let weekAgo: MetricsSnapshot;

beforeAll(async () => {
  db = await createTestDb();
  book = await seedBook(db.prisma, 'T0METRICS1');
  await seedActivity(db.prisma, book);
  await seedActivity(db.prisma, await seedBook(db.prisma, 'T0METRICS2'));
  now = await loadMetrics(db.pool, book.workspaceId, T);
  weekAgo = await loadMetrics(db.pool, book.workspaceId, d(7));
});
afterAll(async () => {
  await db?.drop();
});

describe('products per customer', () => {
  it('counts live accounts with at least one product in force, as of T', () => {
    // customers at T: A(1) B(2) C(3) D(4) H(1) I(1, P2 ended d20) = 6; E, F churned, G prospect, J holds nothing
    // pairs 1+2+3+4+1+1 = 12 → mean 12/6 = 2; one: A H I = 3; two: B; 3+: C D; single share 3/6
    // MRR 10000 + 50000 + 30000 + 20000 + 15000 + 10000 = 135000
    expect(now.products).toEqual({ customers: 6, unknown: 0, holdings: 12, mean: 2, one: 3, two: 1, threePlus: 2, singleShare: 0.5, mrrCents: 135000 });
  });

  it('as of a week earlier', () => {
    // at d(7): A(1) B(2) C(3) D(4) I(1); E churned d(10), H created d(5) → 5 customers, 11 pairs, mean 2.2
    // one: A I = 2 → 2/5; MRR 10000 + 50000 + 30000 + 20000 + 10000 = 120000
    expect(weekAgo.products).toEqual({ customers: 5, unknown: 0, holdings: 11, mean: 2.2, one: 2, two: 1, threePlus: 2, singleShare: 0.4, mrrCents: 120000 });
  });

  it('gives the weekly trend, oldest first', async () => {
    const trend = await loadProductsTrend(db.pool, book.workspaceId, T, 3);
    // d(14): A B C D E(1, churns d10) I(1: P2 ended d20) → (1+2+3+4+1+1)/6 = 2; d(7): 11/5; T: 12/6
    expect(trend.map((p) => [p.asOf.toISOString(), p.customers, p.mean])).toEqual([
      [d(14).toISOString(), 6, 2],
      [d(7).toISOString(), 5, 2.2],
      [T.toISOString(), 6, 2],
    ]);
  });
});

describe('churn', () => {
  it('30 days: of the customers at d(30), who churned and what revenue went', () => {
    // cohort at d(30): A B C D E I (F churned d60, H not yet) = 6; churned by T: E → 1/6
    // MRR then: A 10000 + B 50000 + C 30000 + D 20000 + E 40000 + I 15000 = 165000
    // lost: E 40000 (churned) + I's P2 5000 (downgrade d20) = 45000 → 45000/165000 = 3/11
    expect(now.churn30).toEqual({ days: 30, customers: 6, churned: 1, accountRate: 1 / 6, mrrCents: 165000, lostMrrCents: 45000, revenueRate: 45000 / 165000 });
  });

  it('90 days', () => {
    // cohort at d(90): A B C D E F I = 7; churned: E, F → 2/7
    // MRR then: 165000 + F 20000 = 185000; lost: 40000 + 20000 + 5000 = 65000
    expect(now.churn90).toEqual({ days: 90, customers: 7, churned: 2, accountRate: 2 / 7, mrrCents: 185000, lostMrrCents: 65000, revenueRate: 65000 / 185000 });
  });

  it('counts the churn-by-products curve: customers at the window start by products held then, and who left', async () => {
    // over 90 days, from d(90): 1 product: A, E → E churned → 1 of 2; 2: B, F, I → F → 1 of 3; 3+: C, D → 0 of 2
    expect(churnCurve(await loadChurnCounts(db.pool, book.workspaceId, T, 90)).buckets).toEqual([
      { label: '1', atRisk: 2, churned: 1, rate: 0.5 },
      { label: '2', atRisk: 3, churned: 1, rate: 1 / 3 },
      { label: '3+', atRisk: 2, churned: 0, rate: 0 },
    ]);
  });

  it("the digest's curve looks back a year: holdings began d(200), so nobody was a customer a year ago", () => {
    expect(now.curve).toMatchObject({ horizonDays: 365, atRisk: 0, churned: 0, rate: null });
    expect(now.curve.buckets.map((b) => [b.label, b.atRisk, b.churned])).toEqual([['1', 0, 0], ['2', 0, 0], ['3+', 0, 0]]);
  });
});

describe('customer equity of the book', () => {
  it('is MRR × expected lifetime from a year of churn, with the scan’s prior', () => {
    // days live in (d365, T]: A B C D I J 6 × 365 = 2190; E 355; F 305; H 5 → 2855 days
    // months at risk = 2855 / (365/12) = 34260/365; churned in the year: E, F = 2
    // monthly churn = (2 + 0.02 × 24) / (34260/365 + 24)   (prior 2 %/month weighted 24 months)
    // lifetime = 1 / churn (< 60-month cap); equity = round(135000 × lifetime)
    const months = 34260 / 365;
    const rate = 2.48 / (months + 24);
    expect(now.equity.monthlyChurn).toBeCloseTo(rate, 12);
    expect(now.equity.lifetimeMonths).toBeCloseTo(1 / rate, 9);
    expect(now.equity.equityCents).toBe(Math.round(135000 / rate));
    // 34260/365 = 93.86301…; + 24 = 117.86301…; / 2.48 = 47.52541… months; × 135000 = 6415930.2
    expect(now.equity.equityCents).toBe(6415930);
  });
});

describe('nudge funnel and velocity', () => {
  it('follows the nudges created in the last 30 days by their timestamps', () => {
    // created in (d30, T]: N1 N2 N3 N4 N5 N7 = 6 (N6 d40 and N8 d45 are older)
    // claimed: N1 N2 N3 N4, and N7 (done without a claim) = 5; done: N1 N2 N3 N7 = 4
    // won: N1 30000 (10 days), N2 20000 (20 days) → 2, 50000, 30 days; lost: N3
    expect(now.funnel).toEqual({ created: 6, claimed: 5, done: 4, won: 2, lost: 1, revenueWonCents: 50000, daysToWinSum: 30 });
    // win rate 2/3; average value 25000; average days 15 → 6 × 2/3 × 25000 / 15 = 6666.67 per day
    expect(now.velocity).toEqual({ opportunities: 6, winRate: 2 / 3, avgValueCents: 25000, avgDaysToWin: 15, centsPerDay: (6 * (2 / 3) * 25000) / 15 });
  });

  it('as of a week earlier, counts only what had happened by then', () => {
    // (d37, d7]: N1 N2 N3; N2 was claimed d24 but done and won only d5 → claimed 3, done N1 N3 = 2
    // won N1 30000 in 10 days; lost N3 → win rate 1/2; velocity 3 × 1/2 × 30000 / 10 = 4500
    expect(weekAgo.funnel).toEqual({ created: 3, claimed: 3, done: 2, won: 1, lost: 1, revenueWonCents: 30000, daysToWinSum: 10 });
    expect(weekAgo.velocity.centsPerDay).toBe(4500);
  });
});

describe('give:ask and touches per rep', () => {
  it('counts the last 7 days for the team and each rep', () => {
    // (d7, T]: A d1 g, d2 g, d3 a (R1); B d1 a, d6 n (R2), d4 g (import); C d2 g (M1) → 7 touches, 4 gives, 2 asks
    // reps: R1 3, R2 2, M1 1 (a manager who logged), R3 0 → 6 touches by 4 people → 1.5
    expect(now.touches).toMatchObject({ touches: 7, gives: 4, asks: 2, giveAsk: 2, perRep: 1.5 });
    expect(now.touches.reps.map((r) => [r.slackUserId, r.touches, r.gives, r.asks])).toEqual([
      ['U0REP0001', 3, 2, 1],
      ['U0REP0002', 2, 0, 1],
      ['U0MGR0001', 1, 1, 0],
      ['U0REP0003', 0, 0, 0],
    ]);
    // a week earlier (d14, d7]: A d8 give → 1 touch, no asks; reps R1 1, R2 0, R3 0 (M1 logged nothing) → 1/3
    expect(weekAgo.touches).toMatchObject({ touches: 1, gives: 1, asks: 0, giveAsk: null, perRep: 1 / 3 });
  });
});

describe('stalled accounts', () => {
  it('uses the workspace thresholds (k 2, 14–90 days, default 30) and each account’s rhythm', () => {
    // A: 4 touches, gaps 5 1 1 → median 1 → rhythm max(14, 2) = 14; 1 day quiet → ok
    // B: 3 touches d6 d4 d1, gaps 2 3 → rhythm 14; 1 day → ok.  C: 1 touch → default 30; 2 days → ok
    // D: last touch d120 → 120 > 90 → stalled.  H: no touch, created d5 → 5 ≤ 30 → ok
    // I: d100 d90 d80 d70 → median gap 10 → rhythm 20; 70 days → cooling (≤ 90)
    expect(now.stall).toEqual({ customers: 6, cooling: 1, stalled: 1 });
    // at d(7): A 1 touch (d8) → ok; B and C untouched since creation d400 → stalled; D 113 days → stalled;
    // I 63 days > rhythm 20 → cooling; H not yet created → 5 customers
    expect(weekAgo.stall).toEqual({ customers: 5, cooling: 1, stalled: 3 });
  });
});

describe('week over week', () => {
  it('gives every headline its change and whether it is good news', () => {
    const byKey = Object.fromEntries(headlines(now, weekAgo).map((h) => [h.key, h]));
    expect(byKey.ppc).toMatchObject({ value: 2, previous: 2.2, direction: 'down', good: false });
    expect(byKey.ppc!.delta).toBeCloseTo(-0.2, 12);
    expect(byKey.single).toMatchObject({ value: 0.5, previous: 0.4, direction: 'up', good: false });
    expect(byKey.stalled).toMatchObject({ value: 1, previous: 3, delta: -2, direction: 'down', good: true });
    expect(byKey.velocity).toMatchObject({ previous: 4500, direction: 'up', good: true });
    expect(byKey.giveAsk).toMatchObject({ value: 2, previous: null, delta: null, direction: 'flat', good: null });
    expect(byKey.customers).toMatchObject({ value: 6, previous: 5, delta: 1, direction: 'up', good: true });
  });
});

// The candidate SQL and the workspace aggregates on a hand-built fixture: exactly the
// accounts that deserve a look, with the stats the rules need, and exactly the levels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCandidatePage, type Candidate } from '../../../src/data/candidates.ts';
import { refreshRollups } from '../../../src/data/rollups.ts';
import { loadBasketCounts } from '../../../src/data/basket-counts.ts';
import { loadChurn, partitionAccounts } from '../../../src/data/scan-inputs.ts';
import { nudgesFor } from '../../../src/domain/nudges.ts';
import { buildScanContext, rulesFrom } from '../../../src/scan/context.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';
import { buildFixture, LOCAL_DATE, NOW, type Fixture } from '../../support/scan-fixture.ts';

let db: TestDb;
let fx: Fixture;
let other: Fixture;
const query = () => ({ workspaceId: fx.workspaceId, now: NOW, quietAfterDays: 14, recentEndDays: 180 });

async function all(pageSize: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  // keyset pages as the scan reads them (scan/range.ts), until one comes back empty
  for (let after = -1; ; ) {
    const page = await fetchCandidatePage(db.pool, query(), after, 2 ** 31 - 1, pageSize);
    if (page.lastAccountId === null) return out;
    out.push(...page.candidates);
    after = page.lastAccountId;
  }
}

beforeAll(async () => {
  db = await createTestDb();
  fx = await buildFixture(db.pool, 'T_ONE');
  other = await buildFixture(db.pool, 'T_TWO');
  await refreshRollups(db.pool, fx.workspaceId, { all: true });
  await refreshRollups(db.pool, other.workspaceId, { all: true });
});
afterAll(async () => {
  await db.drop();
});

describe('candidate SQL', () => {
  it('returns exactly the active accounts holding a product (whitespace), and the quiet and overdue ones', async () => {
    const names = (await all(1000)).map((c) => c.name);
    expect(names).toEqual(['Pair One', 'Pair Two', 'Pair Three', 'Pair Four', 'Trio', 'Solo', 'Quiet', 'Gone', 'Late', 'Fresh', 'Asker']);
  });

  it('pages by account id without losing or repeating anyone, whatever the page size', async () => {
    const whole = (await all(1000)).map((c) => c.accountId);
    for (const size of [1, 2, 3, 7]) expect((await all(size)).map((c) => c.accountId)).toEqual(whole);
  });

  it('never returns another workspace’s accounts, even with the same names', async () => {
    const ids = new Set(Object.values(fx.accounts));
    for (const c of await all(4)) expect(ids.has(c.accountId)).toBe(true);
  });

  it('carries holdings, value, rhythm and latest kinds', async () => {
    const byName = new Map((await all(1000)).map((c) => [c.name, c]));
    const solo = byName.get('Solo')!;
    expect(solo.heldProductIds).toEqual([fx.products.Analytics]);
    expect(solo.mrrCents).toBe(80_000);
    expect(solo.touchCount).toBe(6);
    expect(solo.medianGapDays).toBeCloseTo(10, 6);
    expect(solo.recentKinds.slice(0, 2)).toEqual(['give', 'neutral']);
    expect(byName.get('Asker')!.recentKinds.slice(0, 3)).toEqual(['ask', 'ask', 'neutral']);
    const late = byName.get('Late')!;
    expect(late.nextStep).toBe('Send the renewal quote');
    expect(late.nextStepDue?.toISOString()).toBe(new Date(NOW.getTime() - 4 * 86_400_000).toISOString());
    expect(byName.get('Fresh')!.touchCount).toBe(0);
    expect(byName.get('Fresh')!.lastTouchAt).toBeNull();
  });

  it('counts a holding that starts later as not held yet: no revenue, no "since", and not offered (it is signed)', async () => {
    const ws = (await db.pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, updated_at) values ('T_FUTURE', 'future', now()) returning id`)).rows[0]!.id;
    const [core, analytics] = (await db.pool.query<{ id: number }>(
      `insert into product (workspace_id, name, name_key) values ($1, 'Core', 'core'), ($1, 'Analytics', 'analytics') returning id`, [ws],
    )).rows.map((r) => r.id);
    const acc = (await db.pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, status, created_at) values ($1, 'Signed Co', 'signed co', 'active', $2::timestamp - interval '2 years') returning id`, [ws, NOW.toISOString()],
    )).rows[0]!.id;
    await db.pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values
         ($1, $2, $3, 50000, $5::timestamp - interval '365 days'), ($1, $2, $4, 30000, $5::timestamp + interval '30 days')`,
      [ws, acc, core, analytics, NOW.toISOString()],
    );
    const page = await fetchCandidatePage(db.pool, { ...query(), workspaceId: ws }, -1, 2 ** 31 - 1, 10);
    const c = page.candidates.find((x) => x.accountId === acc)!;
    expect(c.heldProductIds).toEqual([core]);
    expect(c.mrrCents).toBe(50_000);
    expect(c.holdingSince?.toISOString()).toBe(new Date(NOW.getTime() - 365 * 86_400_000).toISOString());
    // signed already: kept from suggestions like a recent end, and looked at again the day it starts
    expect(c.endedProductIds).toEqual([analytics]);
    expect(c.holdingsChangeAt?.toISOString()).toBe(new Date(NOW.getTime() + 30 * 86_400_000).toISOString());
  });

  it('reports the highest id examined even when a page holds no candidate', async () => {
    // a workspace of new accounts with no product yet: nothing to offer, nothing quiet
    const ws = await db.pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, updated_at) values ('T_EMPTY', 'empty', now()) returning id`);
    const ids = await db.pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, status, created_at)
       select $1, 'New ' || g, 'new ' || g, 'active', $2::timestamp from generate_series(1, 3) g returning id`,
      [ws.rows[0]!.id, NOW.toISOString()],
    );
    const page = await fetchCandidatePage(db.pool, { ...query(), workspaceId: ws.rows[0]!.id }, 0, 2 ** 31 - 1, 2);
    expect(page.candidates).toEqual([]);
    expect(page.lastAccountId).toBe(ids.rows[1]!.id);
  });
});

describe('workspace aggregates', () => {
  it('counts retained customers baskets and moves over current holdings', async () => {
    const counts = await loadBasketCounts(db.pool, fx.workspaceId, NOW);
    const { Analytics: a, Reporting: r, Alerts: l } = fx.products;
    const key = (ids: number[]) => [...ids].sort((x, y) => x - y).join(',');
    // Lost has churned: its basket is no reason to buy anything
    expect(Object.fromEntries(counts.baskets.map((b) => [key(b.products), b.accounts]))).toEqual({
      [key([a!, r!])]: 7, [key([a!, l!])]: 1, [key([a!])]: 2, [key([r!])]: 1,
    });
    // the pairs took Analytics, then Reporting; Trio Analytics, then Alerts
    expect(Object.fromEntries((counts.moves ?? []).map((m) => [`${key(m.before)}>${m.product}`, m.accounts]))).toEqual({
      [`${a}>${r}`]: 7, [`${a}>${l}`]: 1,
    });
  });

  it('observes churn over the last year', async () => {
    const churn = await loadChurn(db.pool, fx.workspaceId, NOW);
    expect(churn.churnedAccounts).toBe(1);
    // 9 accounts older than a year (12 months each, Lost until it left), Solo 300 days, Fresh 3
    expect(churn.accountMonthsAtRisk).toBeGreaterThan(100);
    expect(churn.accountMonthsAtRisk).toBeLessThan(130);
    // an account churned on a day unknown (imported so, no holding saying when) counts nowhere
    const undated = await db.pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, status, created_at) values ($1, 'Undated', 'undated', 'churned', $2::timestamp - interval '400 days') returning id`,
      [fx.workspaceId, NOW.toISOString()]);
    try {
      expect(await loadChurn(db.pool, fx.workspaceId, NOW)).toEqual(churn);
    } finally {
      await db.pool.query('delete from account where id = $1', [undated.rows[0]!.id]);
    }
  });

  it('splits active accounts into parts by id', async () => {
    expect(await partitionAccounts(db.pool, fx.workspaceId, 100)).toEqual([0]);
    const bounds = await partitionAccounts(db.pool, fx.workspaceId, 4);
    expect(bounds).toHaveLength(3);
    expect(bounds[0]).toBe(0);
  });
});

describe('rules applied to the candidates', () => {
  it('give exactly the expected nudges', async () => {
    const ctx = (await buildScanContext(db.pool, fx.workspaceId, LOCAL_DATE, NOW, 100))!;
    const rules = rulesFrom(ctx);
    const name = (id: number) => ctx.products.find((p) => p.id === id)!.name;
    const got = (await all(1000)).flatMap((c) => nudgesFor(c, rules, NOW, name).map((n) => `${c.name}:${n.kind}`));
    expect(got.sort()).toEqual(
      ['Asker:cross_sell', 'Asker:stalled', 'Fresh:cross_sell', 'Gone:stalled', 'Late:follow_up_due', 'Quiet:cooling', 'Solo:cross_sell'].sort(),
    );
    // fuller accounts: nobody in this book holds more than two products, so nobody is told to buy a third
    const asker = (await all(1000)).find((c) => c.name === 'Asker')!;
    const [cross] = nudgesFor(asker, rules, NOW, name);
    expect(cross!.suggestedProductId).toBe(fx.products.Analytics);
    // 7 of the 8 holding Reporting hold Analytics, below its 10 in 11 overall: no ratio quoted
    expect(cross!.suggestion).toContain('Analytics is the most common next product here: 7 of 8 customers who hold Reporting also hold it');
    expect(cross!.evidence.action).toBe('give');
    // the top three with score and counted evidence travel on the nudge
    const alternatives = cross!.evidence.alternatives as { productName: string; score: number; evidence: string }[];
    expect(alternatives.map((x) => x.productName)).toEqual(['Analytics', 'Alerts']);
    expect(alternatives[0]!.score).toBeGreaterThan(alternatives[1]!.score);
    expect(alternatives.every((x) => x.score > 0 && x.score < 1 && /\d+ of \d+ customers/.test(x.evidence))).toBe(true);
  });

  it('offers a two-product account its third once customers like it hold more', async () => {
    await db.pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 10000, $4::timestamp)`,
      [fx.workspaceId, fx.accounts['Pair Four'], fx.products.Alerts, new Date(NOW.getTime() - 10 * 86_400_000).toISOString()],
    );
    const ctx = (await buildScanContext(db.pool, fx.workspaceId, LOCAL_DATE, NOW, 100))!;
    const name = (id: number) => ctx.products.find((p) => p.id === id)!.name;
    const pairOne = (await all(1000)).find((c) => c.name === 'Pair One')!;
    const [cross] = nudgesFor(pairOne, rulesFrom(ctx), NOW, name);
    expect(cross!.kind).toBe('cross_sell');
    expect(cross!.suggestedProductId).toBe(fx.products.Alerts);
    expect(cross!.suggestion).toMatch(/^Pair One has Analytics and Reporting since .*; /);
    expect(cross!.evidence.headline).toBe('Pair One: next is Alerts');
  });
});

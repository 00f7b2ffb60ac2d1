// The candidate SQL and the workspace aggregates on a hand-built fixture: exactly the
// accounts that deserve a look, with the stats the rules need, and exactly the levels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCandidatePage, type Candidate } from '../../../src/data/candidates.ts';
import { refreshRollups } from '../../../src/data/rollups.ts';
import { loadAffinityCounts, loadChurn, partitionAccounts } from '../../../src/data/scan-inputs.ts';
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
  it('returns exactly the single-product, quiet and overdue active accounts of the workspace', async () => {
    const names = (await all(1000)).map((c) => c.name);
    expect(names).toEqual(['Solo', 'Quiet', 'Gone', 'Late', 'Fresh', 'Asker']);
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

  it('reports the highest id examined even when a page holds no candidate', async () => {
    const page = await fetchCandidatePage(db.pool, query(), 0, 2 ** 31 - 1, 2);
    expect(page.candidates).toEqual([]);
    expect(page.lastAccountId).toBe(fx.accounts['Pair Two']);
  });
});

describe('workspace aggregates', () => {
  it('counts product baskets over current holdings', async () => {
    const counts = await loadAffinityCounts(db.pool, fx.workspaceId, NOW);
    const { Analytics: a, Reporting: r, Alerts: l } = fx.products;
    expect(counts.accounts).toBe(11); // Lost no longer holds anything
    expect(Object.fromEntries(counts.productAccounts)).toEqual({ [a!]: 10, [r!]: 8, [l!]: 1 });
    expect(Object.fromEntries(counts.pairAccounts)).toEqual({ [`${a}:${r}`]: 7, [`${a}:${l}`]: 1 });
  });

  it('observes churn over the last year', async () => {
    const churn = await loadChurn(db.pool, fx.workspaceId, NOW);
    expect(churn.churnedAccounts).toBe(1);
    // 9 accounts older than a year (12 months each, Lost until it left), Solo 300 days, Fresh 3
    expect(churn.accountMonthsAtRisk).toBeGreaterThan(100);
    expect(churn.accountMonthsAtRisk).toBeLessThan(130);
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
    const asker = (await all(1000)).find((c) => c.name === 'Asker')!;
    const [cross] = nudgesFor(asker, rules, NOW, name);
    expect(cross!.suggestedProductId).toBe(fx.products.Analytics);
    expect(cross!.suggestion).toContain('88% of Reporting customers also use Analytics');
    expect(cross!.evidence.action).toBe('give');
  });
});

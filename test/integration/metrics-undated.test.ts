// Who was a customer at a past instant, on a book where some holdings carry their history and
// some were imported without start dates (they start on the import day): membership comes from
// the account's customer-since and churn dates, what each held from the holdings' dates, and a
// customer whose holdings then are not on record counts as one with products unknown. A second
// workspace holds the same rows: a query that forgot its scope would double every count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChurnCounts } from '../../src/data/churn-sql.ts';
import { loadCohort, loadHeld, loadMetrics } from '../../src/data/metrics.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-15T12:00:00.000Z');
const ago = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString();
let db: TestDb;
let ws: number;

/**
 * A: customer 400 days, one product imported today (no history).
 * B: customer 400 days, two products dated 400 days ago.
 * C: no customer-since, a product from 3 days ago.
 * D: in the CRM for 500 days (created then), no customer-since, a product won today.
 * E: customer 400 days, one dated product, churned 20 days ago.
 * F: a prospect holding a product.
 */
async function seed(team: string): Promise<number> {
  const id = (await db.pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, updated_at) values ($1, $1, now()) returning id`, [team])).rows[0]!.id;
  const [p1, p2] = (await db.pool.query<{ id: number }>(
    `insert into product (workspace_id, name, name_key, list_mrr_cents) values ($1, 'P1', 'p1', 1000), ($1, 'P2', 'p2', 1000) returning id`, [id],
  )).rows.map((r) => r.id);
  const acct = async (name: string, o: { since?: number; created?: number; churned?: number; status?: string }) =>
    (await db.pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, status, customer_since, churned_at, created_at)
       values ($1, $2, lower($2), $3::account_status, $4::timestamp, $5::timestamp, $6::timestamp) returning id`,
      [id, name, o.status ?? 'active', o.since === undefined ? null : ago(o.since), o.churned === undefined ? null : ago(o.churned), ago(o.created ?? 0)],
    )).rows[0]!.id;
  const hold = (a: number, p: number, start: number, end?: number) =>
    db.pool.query(`insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at, ended_at) values ($1, $2, $3, 1000, $4::timestamp, $5::timestamp)`,
      [id, a, p, ago(start), end === undefined ? null : ago(end)]);
  await hold(await acct('A', { since: 400 }), p1!, 0.25);
  const b = await acct('B', { since: 400 });
  await hold(b, p1!, 400);
  await hold(b, p2!, 400);
  await hold(await acct('C', {}), p1!, 3);
  await hold(await acct('D', { created: 500 }), p1!, 0.25);
  await hold(await acct('E', { since: 400, churned: 20, status: 'churned' }), p1!, 400, 20);
  await hold(await acct('F', { status: 'prospect' }), p1!, 10);
  return id;
}

beforeAll(async () => {
  db = await createTestDb();
  ws = await seed('T0UNDATED1');
  await seed('T0UNDATED2');
});
afterAll(async () => {
  await db?.drop();
});

describe('customers at a past instant, with holdings with and without history', () => {
  it('now: every customer holding a product today, none unknown', async () => {
    // A B C D; E churned, F a prospect
    expect(await loadHeld(db.pool, ws, NOW)).toEqual([{ products: 1, customers: 3, mrrCents: 3000 }, { products: 2, customers: 1, mrrCents: 2000 }]);
  });

  it("a week ago: A by its customer-since with products unknown, B as held; not C or D (their first product came later), not E (gone)", async () => {
    expect(await loadHeld(db.pool, ws, new Date(NOW.getTime() - 7 * DAY))).toEqual([{ products: 0, customers: 1, mrrCents: 0 }, { products: 2, customers: 1, mrrCents: 2000 }]);
    const m = await loadMetrics(db.pool, ws, new Date(NOW.getTime() - 7 * DAY));
    expect(m.products).toMatchObject({ customers: 2, unknown: 1, holdings: 2, mean: 2, singleShare: 0 });
  });

  it('the 30-day cohort: A counts toward account churn only, E churned with its revenue', async () => {
    expect(await loadCohort(db.pool, ws, NOW, 30)).toEqual([
      { bucket: 0, customers: 1, churned: 0, mrrCents: 0, lostMrrCents: 0 },
      { bucket: 1, customers: 1, churned: 1, mrrCents: 1000, lostMrrCents: 1000 },
      { bucket: 2, customers: 1, churned: 0, mrrCents: 2000, lostMrrCents: 0 },
    ]);
  });

  it('the churn curve a year back: A under products 0, B and E in their buckets', async () => {
    expect(await loadChurnCounts(db.pool, ws, NOW)).toEqual([
      { products: 0, atRisk: 1, churned: 0 },
      { products: 1, atRisk: 1, churned: 1 },
      { products: 2, atRisk: 1, churned: 0 },
    ]);
  });
});

// "Typical MRR" (what a product brings, quoted as "+$1,000/mo if they take it") is a median
// over customers, not over holding rows: a customer holding a product as many seat rows counts
// once, with what it pays for the product in all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTypicalMrr } from '../../src/data/churn-sql.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

const AS_OF = new Date('2026-06-15T12:00:00.000Z');

let db: TestDb;
let workspaceId: number;
const product: Record<string, number> = {};

async function customer(name: string, holdings: { product: string; cents: number; rows?: number; ended?: boolean }[]) {
  const a = await db.pool.query<{ id: number }>(
    `insert into account (workspace_id, name, name_key) values ($1, $2, lower($2)) returning id`, [workspaceId, name]);
  for (const h of holdings) {
    await db.pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at, ended_at)
       select $1, $2, $3, $4, '2026-01-01', $5::timestamp from generate_series(1, $6)`,
      [workspaceId, a.rows[0]!.id, product[h.product], h.cents, h.ended ? '2026-03-01' : null, h.rows ?? 1],
    );
  }
}

beforeAll(async () => {
  db = await createTestDb();
  const ws = await db.pool.query<{ id: number }>(`insert into workspace (slack_team_id, name, updated_at) values ('T_TYPICAL', 't', now()) returning id`);
  workspaceId = ws.rows[0]!.id;
  for (const [name, list] of [['Seats', 50_000], ['Split', 0], ['Unheld', 12_300]] as const) {
    const p = await db.pool.query<{ id: number }>(
      `insert into product (workspace_id, name, name_key, list_mrr_cents) values ($1, $2, lower($2), $3) returning id`, [workspaceId, name, list]);
    product[name] = p.rows[0]!.id;
  }
  // one customer holds Seats as 60 rows at $10; 26 customers hold it at $1,000
  await customer('Many rows', [{ product: 'Seats', cents: 1_000, rows: 60 }]);
  for (let i = 0; i < 26; i++) await customer(`Customer ${i}`, [{ product: 'Seats', cents: 100_000 }]);
  // Split: $300 + $300 live (and an ended row that no longer counts) against one at $500
  await customer('Two lines', [{ product: 'Split', cents: 30_000, rows: 2 }, { product: 'Split', cents: 90_000, ended: true }]);
  await customer('One line', [{ product: 'Split', cents: 50_000 }]);
});
afterAll(async () => {
  await db?.drop();
});

describe('loadTypicalMrr', () => {
  it('takes the median over customers, each paying the sum of its live holdings of the product', async () => {
    const typical = await loadTypicalMrr(db.pool, workspaceId, AS_OF);
    // Seats: 26 customers at $1,000 and one at 60 × $10 = $600 → $1,000
    expect(typical.get(product.Seats!)).toBe(100_000);
    // Split: $600 and $500 → $550
    expect(typical.get(product.Split!)).toBe(55_000);
    // nobody holds it: the list price
    expect(typical.get(product.Unheld!)).toBe(12_300);
  });
});

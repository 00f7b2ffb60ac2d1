// The product catalog and holdings (account × product). Lookups narrowed in SQL like accounts.
import type pg from 'pg';
import type { MatchCandidate } from '../domain/match.ts';
import { inTransaction, ts, type Queryable } from './sql.ts';

/** Products whose name key equals or starts with `key` (at most 100). */
export async function findProductCandidates(db: Queryable, workspaceId: number, key: string): Promise<MatchCandidate[]> {
  if (!key) return [];
  const res = await db.query<{ id: number; name: string }>(
    `select id, name from product where workspace_id = $1 and name_key like $2 order by name_key limit 100`,
    [workspaceId, key.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'],
  );
  return res.rows.map((r) => ({ id: r.id, name: r.name, keys: [] }));
}

/** A few catalog names, in catalog order, to suggest when a product is unknown. */
export async function listProductNames(db: Queryable, workspaceId: number, limit = 10): Promise<{ names: string[]; total: number }> {
  const res = await db.query<{ name: string; total: string }>(
    `select name, count(*) over () as total from product where workspace_id = $1 and active order by position, name_key limit $2`,
    [workspaceId, limit],
  );
  return { names: res.rows.map((r) => r.name), total: Number(res.rows[0]?.total ?? 0) };
}

export type HoldingWrite = { created: boolean; previousCents: number | null };

/**
 * The account now holds the product at this monthly value: a new holding, or the value of
 * the active one updated (so a redelivered command changes nothing twice). The account row
 * is locked so two writers never open two active holdings of one product.
 */
export async function upsertHolding(pool: pg.Pool, workspaceId: number, accountId: number, productId: number, cents: number, now: Date): Promise<HoldingWrite> {
  return inTransaction(pool, async (c) => {
    await c.query('select id from account where workspace_id = $1 and id = $2 for update', [workspaceId, accountId]);
    const cur = await c.query<{ id: number; mrr_cents: number }>(
      'select id, mrr_cents from holding where workspace_id = $1 and account_id = $2 and product_id = $3 and ended_at is null order by id limit 1',
      [workspaceId, accountId, productId],
    );
    const held = cur.rows[0];
    if (held) {
      await c.query('update holding set mrr_cents = $3 where workspace_id = $1 and id = $2', [workspaceId, held.id, cents]);
      return { created: false, previousCents: held.mrr_cents };
    }
    await c.query(
      'insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, $4, $5::timestamp)',
      [workspaceId, accountId, productId, cents, ts(now)],
    );
    return { created: true, previousCents: null };
  });
}

/** Ends the account's active holdings of the product; returns how many were ended. */
export async function endHolding(db: Queryable, workspaceId: number, accountId: number, productId: number, now: Date): Promise<number> {
  const res = await db.query(
    'update holding set ended_at = $4::timestamp where workspace_id = $1 and account_id = $2 and product_id = $3 and ended_at is null',
    [workspaceId, accountId, productId, ts(now)],
  );
  return res.rowCount ?? 0;
}

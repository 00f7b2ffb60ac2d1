// What the next-product model learns from (domain/recommend.ts), read set-based: the baskets
// of the workspace's retained customers (active accounts' live holdings) counted per distinct
// basket, and the moves they made (the live products held just before a live holding started
// → its product). Churned accounts and ended holdings never count as a reason to buy; a
// product an account cancelled is kept from its own suggestions by the caller instead.
import type { BasketCounts } from '../domain/recommend.ts';
import { ts, type Queryable } from './sql.ts';

/**
 * Both counts as of `now`, in one pass over the holdings: each account's basket as a bit mask
 * over the catalog (one bit per product) counted per distinct mask, and each live holding's
 * basket just before it (a window over the account's holdings by start date, holdings started
 * the same instant excluded) counted per (mask, product). A few hundred rows for a catalog of
 * ten, however many accounts; decoded here. Catalogs beyond 63 products use arrays instead.
 * Holdings started the same instant (an import without dates) make no move: a dateless book
 * teaches baskets only.
 */
export async function loadBasketCounts(db: Queryable, workspaceId: number, now: Date): Promise<BasketCounts> {
  const ids = await db.query<{ id: number }>('select id from product where workspace_id = $1 order by id', [workspaceId]);
  if (ids.rows.length > 63) return loadBasketArrays(db, workspaceId, now);
  const res = await db.query<{ kind: 'b' | 'm'; mask: string; bit: number; n: number }>(
    `with bits as (select id, (row_number() over (order by id) - 1)::int as bit from product where workspace_id = $1),
     live as materialized (
       select h.account_id, h.started_at, b.bit
       from holding h join bits b on b.id = h.product_id
                      join account a on a.id = h.account_id and a.workspace_id = $1 and a.status = 'active'
       where h.workspace_id = $1 and h.started_at <= $2::timestamp and (h.ended_at is null or h.ended_at > $2::timestamp)
     ),
     moves as (
       select bit, bit_or(1::int8 << bit) over (partition by account_id order by started_at
                                              range between unbounded preceding and current row exclude group) as before
       from live
     )
     select 'b' as kind, mask::text as mask, -1 as bit, count(*)::int as n
     from (select bit_or(1::int8 << bit) as mask from live group by account_id) b group by mask
     union all
     select 'm', before::text, bit, count(*)::int from moves
     where before is not null and before & (1::int8 << bit) = 0
     group by before, bit`,
    [workspaceId, ts(now)],
  );
  const product = ids.rows.map((r) => r.id);
  const decode = (mask: string): number[] => {
    const m = BigInt(mask);
    const out: number[] = [];
    for (let i = 0; i < product.length; i++) if ((m >> BigInt(i)) & 1n) out.push(product[i]!);
    return out;
  };
  const counts: Required<BasketCounts> = { baskets: [], moves: [] };
  for (const r of res.rows) {
    if (r.kind === 'b') counts.baskets.push({ products: decode(r.mask), accounts: r.n });
    else counts.moves.push({ before: decode(r.mask), product: product[r.bit]!, accounts: r.n });
  }
  return counts;
}

/** The same counts with arrays of product ids (any catalog size, slower: a sort per account). */
async function loadBasketArrays(db: Queryable, workspaceId: number, now: Date): Promise<BasketCounts> {
  const res = await db.query<{ kind: 'b' | 'm'; products: number[]; product: number | null; n: number }>(
    `with live as materialized (
       select h.account_id, h.started_at, h.product_id
       from holding h join account a on a.id = h.account_id and a.workspace_id = $1 and a.status = 'active'
       where h.workspace_id = $1 and h.started_at <= $2::timestamp and (h.ended_at is null or h.ended_at > $2::timestamp)
     ),
     moves as (
       select product_id, array_agg(product_id) over (partition by account_id order by started_at
                                                     range between unbounded preceding and current row exclude group) as before
       from live
     )
     select 'b' as kind, products, null::int as product, count(*)::int as n
     from (select array_agg(distinct product_id order by product_id) as products from live group by account_id) b group by products
     union all
     select 'm', before, product_id, count(*)::int from (
       select product_id, (select array_agg(distinct x order by x) from unnest(before) x) as before from moves where before is not null
     ) m
     where not (product_id = any(before))
     group by before, product_id`,
    [workspaceId, ts(now)],
  );
  const counts: Required<BasketCounts> = { baskets: [], moves: [] };
  for (const r of res.rows) {
    if (r.kind === 'b') counts.baskets.push({ products: r.products, accounts: r.n });
    else counts.moves.push({ before: r.products, product: r.product!, accounts: r.n });
  }
  return counts;
}

// The product catalog as managers edit it from Slack: the list with its give-first offers,
// a new product at the end of the catalog order, a new offer on a product. Scoped by workspace.
import { nameKey } from '../domain/text.ts';
import type { CatalogListing } from '../domain/read-models.ts';
import type { OfferKind } from '../domain/vocabulary.ts';
import type { Queryable } from './sql.ts';

/** Every product in catalog order, with how many accounts hold it now and its offers. */
export async function listCatalog(db: Queryable, workspaceId: number): Promise<CatalogListing[]> {
  const { rows } = await db.query<{ id: number; name: string; list_mrr_cents: number; active: boolean; holders: number; offers: CatalogListing['offers'] }>(
    `with held as (
       select product_id, count(distinct account_id)::int as holders from holding
       where workspace_id = $1 and ended_at is null group by product_id
     ),
     offers as (
       select product_id, json_agg(json_build_object('kind', kind, 'title', title) order by id) as offers from offer
       where workspace_id = $1 group by product_id
     )
     select p.id, p.name, p.list_mrr_cents, p.active, coalesce(h.holders, 0) as holders, coalesce(o.offers, '[]'::json) as offers
     from product p
     left join held h on h.product_id = p.id
     left join offers o on o.product_id = p.id
     where p.workspace_id = $1 order by p.position, p.name_key`,
    [workspaceId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, listMrrCents: r.list_mrr_cents, active: r.active, holders: r.holders, offers: r.offers }));
}

/**
 * Adds a product at the end of the catalog; a name that matches an existing one (ignoring
 * case and accents) adds nothing and returns that product.
 */
export async function addProduct(
  db: Queryable, workspaceId: number, name: string, listMrrCents: number | null,
): Promise<{ created: boolean; id: number; name: string }> {
  const key = nameKey(name);
  const ins = await db.query<{ id: number; name: string }>(
    `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
     select $1, $2, $3, $4, coalesce(max(position), -1) + 1 from product where workspace_id = $1
     on conflict (workspace_id, name_key) do nothing
     returning id, name`,
    [workspaceId, name, key, listMrrCents ?? 0],
  );
  if (ins.rows[0]) return { created: true, ...ins.rows[0] };
  const found = await db.query<{ id: number; name: string }>('select id, name from product where workspace_id = $1 and name_key = $2', [workspaceId, key]);
  return { created: false, ...found.rows[0]! };
}

/** Adds a give-first offer to a product unless it already has one with the same words. */
export async function addOffer(
  db: Queryable, workspaceId: number, productId: number, kind: OfferKind, title: string, o: { setKind?: boolean } = {},
): Promise<{ created: boolean; kindChanged?: boolean }> {
  // one statement: the existence check and the insert see the same snapshot of the product's offers
  const res = await db.query(
    `insert into offer (workspace_id, product_id, kind, title)
     select $1, $2, $3::offer_kind, $4
     where not exists (select 1 from offer where workspace_id = $1 and product_id = $2 and lower(title) = lower($4))`,
    [workspaceId, productId, kind, title],
  );
  if ((res.rowCount ?? 0) > 0) return { created: true };
  if (!o.setKind) return { created: false };
  // a kind named outright re-kinds the existing offer of that title (how a defaulted kind is changed)
  const upd = await db.query(
    `update offer set kind = $3::offer_kind where workspace_id = $1 and product_id = $2 and lower(title) = lower($4) and kind <> $3::offer_kind`,
    [workspaceId, productId, kind, title],
  );
  return { created: false, kindChanged: (upd.rowCount ?? 0) > 0 };
}

// The catalog from a file, matched by name. An empty list_mrr or position keeps what the
// product has; a new product without a position takes its place in the file, so a catalog
// file in the order people want it suggested needs no numbers.
import { nameKey } from '../../domain/text.ts';
import type { ProductRow } from '../../domain/records.ts';
import type { Queryable } from '../sql.ts';
import { STAGE, type KindWriter } from './stage.ts';
import { pickWorkspace } from './workspace.ts';

const range = 's.ord >= $2 and s.ord < $3';

export const productWriter: KindWriter<ProductRow> = {
  columns: [['name', 'text'], ['name_key', 'text'], ['list_mrr', 'int'], ['position', 'int']],
  extra: 'target_id int, changed boolean not null default false',
  values: (p) => [p.name, nameKey(p.name), p.list_mrr, p.position],

  async resolve(c, ws) {
    await c.query(
      `update ${STAGE} s set target_id = p.id, changed = (
         p.name is distinct from s.name
         or (s.list_mrr is not null and p.list_mrr_cents <> s.list_mrr)
         or (s.position is not null and p.position <> s.position))
       from product p where p.workspace_id = $1 and p.name_key = s.name_key`,
      [ws],
    );
    return { newMembers: 0 };
  },

  async check() {
    return []; // a product is its name: every valid row either updates one or creates one
  },

  phases: [
    async (c, ws, from, to) => {
      await c.query(
        `update product p set name = s.name, list_mrr_cents = coalesce(s.list_mrr, p.list_mrr_cents), position = coalesce(s.position, p.position)
         from ${STAGE} s where p.workspace_id = $1 and p.id = s.target_id and s.changed and ${range}`,
        [ws, from, to],
      );
    },
    async (c, ws, from, to) => {
      await c.query(
        `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
         select $1, s.name, s.name_key, coalesce(s.list_mrr, 0), coalesce(s.position, s.ord)
         from ${STAGE} s where s.target_id is null and ${range}`,
        [ws, from, to],
      );
    },
  ],
};

/**
 * The catalog a wide sheet's headers are read against: every product of the workspace the
 * import will write to (none when it does not exist yet), by name and match key.
 */
export async function importCatalog(db: Queryable, team: string | undefined): Promise<{ name: string; key: string }[]> {
  const ws = await pickWorkspace(db, team, { create: false });
  if (!ws.ok) return [];
  const res = await db.query<{ name: string; key: string }>('select name, name_key as key from product where workspace_id = $1 order by position, id', [ws.id]);
  return res.rows;
}

// Give-first offers from a file, keyed by product and offer text (case-insensitive, as
// `/tend offer add` keys them), so the same file twice changes nothing. A row without a kind
// takes the one its words name, else the default, as `/tend offer add` does; it never
// re-kinds an offer someone set in Slack. A row whose kind is given re-kinds it.
import { DEFAULT_OFFER_KIND, offerKindOf } from '../../domain/catalog-command.ts';
import { nameKey } from '../../domain/text.ts';
import type { OfferRow } from '../../domain/records.ts';
import { duplicateTargets, missingProducts, STAGE, type KindWriter } from './stage.ts';

const range = 's.ord >= $2 and s.ord < $3';

export const offerWriter: KindWriter<OfferRow> = {
  columns: [['product_ref', 'text'], ['product_key', 'text'], ['title', 'text'], ['kind', 'text'], ['derived', 'text']],
  extra: 'product_id int, target_id int, changed boolean not null default false',
  values: (o) => [o.product, nameKey(o.product), o.offer, o.kind, offerKindOf(o.offer) ?? DEFAULT_OFFER_KIND],

  async resolve(c, ws) {
    await c.query(`update ${STAGE} s set product_id = (select p.id from product p where p.workspace_id = $1 and p.name_key = s.product_key)`, [ws]);
    // the oldest of a product's offers with these words: the one /tend offer add would have kept
    await c.query(
      `update ${STAGE} s set target_id = (select min(o.id) from offer o where o.workspace_id = $1 and o.product_id = s.product_id and lower(o.title) = lower(s.title))
       where s.product_id is not null`,
      [ws],
    );
    await c.query(
      `update ${STAGE} s set changed = (s.kind is not null and o.kind::text <> s.kind) or o.title <> s.title
       from offer o where o.workspace_id = $1 and o.id = s.target_id`,
      [ws],
    );
    return { newMembers: 0 };
  },

  async check(c, ws) {
    return [
      ...(await missingProducts(c, ws)),
      ...(await duplicateTargets(c, 'target_id', 'offer', 'the same offer')),
    ].sort((a, b) => a.line - b.line);
  },

  phases: [
    async (c, ws, from, to) => {
      await c.query(
        `update offer o set title = s.title, kind = coalesce(s.kind, o.kind::text)::offer_kind
         from ${STAGE} s where o.workspace_id = $1 and o.id = s.target_id and s.changed and ${range}`,
        [ws, from, to],
      );
    },
    async (c, ws, from, to) => {
      await c.query(
        `insert into offer (workspace_id, product_id, kind, title)
         select $1, s.product_id, coalesce(s.kind, s.derived)::offer_kind, s.title
         from ${STAGE} s where s.target_id is null and ${range}`,
        [ws, from, to],
      );
    },
  ],
};

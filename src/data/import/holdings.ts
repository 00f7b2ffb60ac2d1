// Holdings from a file. A row is the holding with its external_id; a row without one gets
// a deterministic id from the resolved account, product and start, so the same file twice
// is the same holdings. "tend:<id>" (what export writes for a holding created in Slack,
// which has no external id) names that holding itself.
// A wide sheet's cell (wide = 1) names no dates: it is the account's live holding of the
// product when there is one (its price, if the cell gave one, updates the MRR), else a new
// holding keyed "wide:<account>:<product>", started on the sheet's started_at for the row, else
// the day of the import (the account's customer-since would claim years of holding nobody
// recorded, and the churn curve would count them), at the cell's price or the product's list
// price. A "No" cell never arrives here: an import fills, it does not end what someone recorded.
import { nameKey } from '../../domain/text.ts';
import type { HoldingRow } from '../../domain/records.ts';
import { ts } from '../sql.ts';
import { ACCOUNT_REF_COLUMNS, ACCOUNT_REF_EXTRA, accountRefValues, ambiguousAccounts, duplicateTargets, missingAccounts, missingProducts, resolveAccounts, STAGE, type KindWriter } from './stage.ts';

const range = 's.ord >= $2 and s.ord < $3';
/** Rows of one import past which the table's statistics are refreshed at its end. */
const ANALYZE_AFTER_ROWS = 10_000;

export const holdingWriter: KindWriter<HoldingRow> = {
  columns: [
    ...ACCOUNT_REF_COLUMNS, ['product_ref', 'text'], ['product_key', 'text'], ['mrr', 'int'], ['started_at', 'timestamp'], ['ended_at', 'timestamp'],
    ['external_id', 'text'], ['wide', 'int'],
  ],
  extra: `${ACCOUNT_REF_EXTRA}, product_id int, ext text, target_id int, changed boolean not null default false`,
  values: (h) => [
    ...accountRefValues(h.account), h.product, nameKey(h.product), h.mrr, h.started_at ? ts(h.started_at) : null, h.ended_at ? ts(h.ended_at) : null, h.external_id, h.wide ? 1 : 0,
  ],

  async resolve(c, ws) {
    await resolveAccounts(c, ws);
    await c.query(`update ${STAGE} s set product_id = (select p.id from product p where p.workspace_id = $1 and p.name_key = s.product_key)`, [ws]);
    await c.query(
      `update ${STAGE} s set ext = coalesce(s.external_id,
         'auto:' || s.account_id || ':' || s.product_id || ':' || to_char(s.started_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS'))
       where s.account_id is not null and s.product_id is not null and s.wide = 0`,
    );
    await c.query(
      `update ${STAGE} s set ext = 'wide:' || s.account_id || ':' || s.product_id,
         started_at = coalesce(s.started_at, date_trunc('day', now() at time zone 'utc'))
       where s.account_id is not null and s.product_id is not null and s.wide = 1`,
    );
    // the live holding of each (account, product) the sheet names, as one join: a subquery per
    // row planned on a freshly filled holding table's stale statistics scanned it per row
    await c.query(
      `with live as (
         select h.account_id, h.product_id, min(h.id) as id
         from holding h join (select distinct account_id, product_id from ${STAGE} where wide = 1 and ext is not null) k
           on k.account_id = h.account_id and k.product_id = h.product_id
         where h.workspace_id = $1 and h.ended_at is null
         group by h.account_id, h.product_id)
       update ${STAGE} s set target_id = live.id from live
       where s.wide = 1 and s.account_id = live.account_id and s.product_id = live.product_id`,
      [ws],
    );
    await c.query(`update ${STAGE} s set target_id = h.id from holding h where s.target_id is null and h.workspace_id = $1 and h.external_id = s.ext`, [ws]);
    // a "Yes" with no price: a new holding takes the list price, an existing one keeps its MRR
    await c.query(
      `update ${STAGE} s set mrr = p.list_mrr_cents from product p
       where s.wide = 1 and s.mrr is null and s.target_id is null and p.workspace_id = $1 and p.id = s.product_id`,
      [ws],
    );
    await c.query(
      `update ${STAGE} s set target_id = h.id from holding h
       where s.target_id is null and h.workspace_id = $1
         and h.id = case when s.ext ~ '^tend:[0-9]{1,9}$' then substr(s.ext, 6)::int end`,
      [ws],
    );
    await c.query(
      `update ${STAGE} s set changed = case when s.wide = 1 then s.mrr is not null and h.mrr_cents <> s.mrr
                                         else (h.account_id, h.product_id, h.mrr_cents, h.started_at, h.ended_at)
                                              is distinct from (s.account_id, s.product_id, s.mrr, s.started_at, s.ended_at) end
       from holding h where h.workspace_id = $1 and h.id = s.target_id`,
      [ws],
    );
    return { newMembers: 0 };
  },

  async check(c, ws) {
    return [
      ...(await missingAccounts(c, ws)),
      ...(await ambiguousAccounts(c, ws)),
      ...(await missingProducts(c, ws)),
      ...(await duplicateTargets(c, 'ext', 'started_at', 'the same holding (account, product, started_at or external_id)')),
      ...(await duplicateTargets(c, 'target_id', 'external_id', 'the same holding')),
    ].sort((a, b) => a.line - b.line);
  },

  async finish(c) {
    // a bulk load leaves the planner blind until autovacuum gets to the table: the next
    // import's joins on holding (and the scan's) planned on "empty" ran for minutes
    const { rows } = await c.query<{ n: number }>(`select count(*)::int as n from ${STAGE}`);
    if (rows[0]!.n >= ANALYZE_AFTER_ROWS) await c.query('analyze holding');
  },

  phases: [
    async (c, ws, from, to) => {
      await c.query(
        `update holding h set mrr_cents = coalesce(s.mrr, h.mrr_cents),
           account_id = case when s.wide = 1 then h.account_id else s.account_id end,
           product_id = case when s.wide = 1 then h.product_id else s.product_id end,
           started_at = case when s.wide = 1 then h.started_at else s.started_at end,
           ended_at = case when s.wide = 1 then h.ended_at else s.ended_at end
         from ${STAGE} s where h.workspace_id = $1 and h.id = s.target_id and s.changed and ${range}`,
        [ws, from, to],
      );
    },
    async (c, ws, from, to) => {
      await c.query(
        `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at, ended_at, external_id)
         select $1, s.account_id, s.product_id, s.mrr, s.started_at, s.ended_at, s.ext
         from ${STAGE} s where s.target_id is null and ${range}`,
        [ws, from, to],
      );
    },
  ],
};

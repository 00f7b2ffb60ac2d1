// Holdings from a file. A row is the holding with its external_id; a row without one gets
// a deterministic id from the resolved account, product and start, so the same file twice
// is the same holdings. "tend:<id>" (what export writes for a holding created in Slack,
// which has no external id) names that holding itself.
import { nameKey } from '../../domain/text.ts';
import type { HoldingRow } from '../../domain/records.ts';
import { ts } from '../sql.ts';
import { duplicateTargets, missingRefs, resolveAccounts, STAGE, type KindWriter } from './stage.ts';

const range = 's.ord >= $2 and s.ord < $3';

export const holdingWriter: KindWriter<HoldingRow> = {
  columns: [['account_ref', 'text'], ['account_key', 'text'], ['product_ref', 'text'], ['product_key', 'text'], ['mrr', 'int'], ['started_at', 'timestamp'], ['ended_at', 'timestamp'], ['external_id', 'text']],
  extra: 'account_id int, product_id int, ext text, target_id int, changed boolean not null default false',
  values: (h) => [h.account, nameKey(h.account), h.product, nameKey(h.product), h.mrr, ts(h.started_at), h.ended_at ? ts(h.ended_at) : null, h.external_id],

  async resolve(c, ws) {
    await resolveAccounts(c, ws);
    await c.query(`update ${STAGE} s set product_id = (select p.id from product p where p.workspace_id = $1 and p.name_key = s.product_key)`, [ws]);
    await c.query(
      `update ${STAGE} s set ext = coalesce(s.external_id,
         'auto:' || s.account_id || ':' || s.product_id || ':' || to_char(s.started_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS'))
       where s.account_id is not null and s.product_id is not null`,
    );
    await c.query(`update ${STAGE} s set target_id = h.id from holding h where h.workspace_id = $1 and h.external_id = s.ext`, [ws]);
    await c.query(
      `update ${STAGE} s set target_id = h.id from holding h
       where s.target_id is null and h.workspace_id = $1
         and h.id = case when s.ext ~ '^tend:[0-9]{1,9}$' then substr(s.ext, 6)::int end`,
      [ws],
    );
    await c.query(
      `update ${STAGE} s set changed = (h.account_id, h.product_id, h.mrr_cents, h.started_at, h.ended_at)
                                     is distinct from (s.account_id, s.product_id, s.mrr, s.started_at, s.ended_at)
       from holding h where h.workspace_id = $1 and h.id = s.target_id`,
      [ws],
    );
    return { newMembers: 0 };
  },

  async check(c) {
    return [
      ...(await missingRefs(c, 'account_id', 'account', `format('no account "%s" in this workspace (import accounts first)', account_ref)`)),
      ...(await missingRefs(c, 'product_id', 'product', `format('no product "%s" in this workspace (import products first)', product_ref)`)),
      ...(await duplicateTargets(c, 'ext', 'started_at', 'the same holding (account, product, started_at or external_id)')),
      ...(await duplicateTargets(c, 'target_id', 'external_id', 'the same holding')),
    ].sort((a, b) => a.line - b.line);
  },

  phases: [
    async (c, ws, from, to) => {
      await c.query(
        `update holding h set account_id = s.account_id, product_id = s.product_id, mrr_cents = s.mrr, started_at = s.started_at, ended_at = s.ended_at
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

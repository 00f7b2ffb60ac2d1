// Conversations from a file, with source 'import'. The source key ('import:' + external_id,
// or a hash of the row; see conversationSourceKey) makes a re-import a no-op; "tend:<id>"
// (what export writes for a touch logged in Slack) names that conversation itself. Rollups
// of accounts whose touches were edited are refreshed here; new touches are folded in by
// catchUpRollups once the transaction has committed.
import { conversationSourceKey, type ConversationRow } from '../../domain/records.ts';
import { refreshRollups } from '../rollups.ts';
import { ts } from '../sql.ts';
import { ACCOUNT_REF_COLUMNS, ACCOUNT_REF_EXTRA, accountRefValues, ambiguousAccounts, duplicateTargets, ensureMembers, missingAccounts, resolveAccounts, STAGE, type KindWriter } from './stage.ts';

const range = 's.ord >= $2 and s.ord < $3';
const when = (d: Date | null) => (d ? ts(d) : null);

export const conversationWriter: KindWriter<ConversationRow> = {
  columns: [
    ...ACCOUNT_REF_COLUMNS, ['occurred_at', 'timestamp'], ['medium', 'text'], ['kind', 'text'], ['summary', 'text'],
    ['sentiment', 'text'], ['next_step', 'text'], ['next_step_due', 'timestamp'], ['member', 'text'], ['source_key', 'text'],
  ],
  extra: `${ACCOUNT_REF_EXTRA}, member_id int, target_id int, old_account_id int, changed boolean not null default false`,
  values: (t) => [
    ...accountRefValues(t.account), ts(t.occurred_at), t.medium, t.kind, t.summary,
    t.sentiment, t.next_step, when(t.next_step_due), t.member, conversationSourceKey(t),
  ],

  async resolve(c, ws) {
    const newMembers = await ensureMembers(c, ws, 'member');
    await resolveAccounts(c, ws);
    await c.query(`update ${STAGE} s set member_id = m.id from member m where m.workspace_id = $1 and m.slack_user_id = s.member`, [ws]);
    // two joins rather than a subquery per row; the CASE keeps the cast away from other keys
    await c.query(`update ${STAGE} s set target_id = c.id from conversation c where c.workspace_id = $1 and c.source_key = s.source_key`, [ws]);
    await c.query(
      `update ${STAGE} s set target_id = c.id from conversation c
       where s.target_id is null and c.workspace_id = $1
         and c.id = case when s.source_key ~ '^import:tend:[0-9]{1,9}$' then substr(s.source_key, 13)::int end`,
      [ws],
    );
    await c.query(
      `update ${STAGE} s set old_account_id = c.account_id, changed =
         (c.account_id, c.member_id, c.occurred_at, c.medium::text, c.kind::text, c.summary, c.sentiment::text, c.next_step, c.next_step_due)
         is distinct from (s.account_id, s.member_id, s.occurred_at, s.medium, s.kind, s.summary, s.sentiment, s.next_step, s.next_step_due)
       from conversation c where c.workspace_id = $1 and c.id = s.target_id`,
      [ws],
    );
    return { newMembers };
  },

  async check(c, ws) {
    return [
      ...(await missingAccounts(c, ws)),
      ...(await ambiguousAccounts(c, ws)),
      ...(await duplicateTargets(c, 'target_id', 'external_id', 'the same conversation')),
    ].sort((a, b) => a.line - b.line);
  },

  phases: [
    async (c, ws, from, to) => {
      await c.query(
        `update conversation c set account_id = s.account_id, member_id = s.member_id, occurred_at = s.occurred_at,
           medium = s.medium::medium, kind = s.kind::touch_kind, summary = s.summary, sentiment = s.sentiment::sentiment,
           next_step = s.next_step, next_step_due = s.next_step_due
         from ${STAGE} s where c.workspace_id = $1 and c.id = s.target_id and s.changed and ${range}`,
        [ws, from, to],
      );
    },
    async (c, ws, from, to) => {
      await c.query(
        `insert into conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, sentiment,
                                   next_step, next_step_due, source, source_key)
         select $1, s.account_id, s.member_id, s.occurred_at, s.medium::medium, s.summary, s.kind::touch_kind, s.sentiment::sentiment,
                s.next_step, s.next_step_due, 'import', s.source_key
         from ${STAGE} s where s.target_id is null and ${range}
         order by s.occurred_at, s.ord`,
        [ws, from, to],
      );
    },
  ],

  async finish(c, ws) {
    // an edited touch can move the rhythm of the account it left and of the one it joined
    const res = await c.query<{ id: number }>(
      `select distinct unnest(array[account_id, old_account_id]) as id from ${STAGE} where changed`,
    );
    const ids = res.rows.map((r) => r.id).filter((id) => id !== null);
    if (ids.length) await refreshRollups(c, ws, { accountIds: ids });
  },
};

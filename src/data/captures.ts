// Captured touches (issue 16): a message in a linked channel folds into one conversation row
// per account, direction and hour (its source_key, unique per workspace, is the fold key), with
// a message count. The account's rollup moves with it, under the same account lock recordTouch
// takes for a logged touch, so a capture resets the stall clock exactly like a /log.
import type pg from 'pg';
import type { TouchDirection } from '../domain/vocabulary.ts';
import { refreshRollups } from './rollups.ts';
import { inTransaction, ts } from './sql.ts';

export type CaptureInput = {
  workspaceId: number;
  accountId: number;
  channelId: string;
  direction: TouchDirection;
  at: Date;
  /** the fold key (domain/capture.ts foldKey) */
  sourceKey: string;
  /** null unless the workspace keeps snippets */
  snippet: string | null;
  /** the sender, when they are a known member (team side only) */
  memberId: number | null;
};

/**
 * Adds one message to its fold row (made on the hour's first message). The row's time is its
 * latest message's, so "last touch" is the last message; a snippet, when kept, is the latest.
 * One statement, outside any transaction, on the busy path: it locks the account as
 * recordTouch does (the insert selects from the account row, `for update`), so a touch and a
 * refresh never interleave, and the lock lasts only that statement. A message folding into an
 * existing row moves only the rollup's last touch (count, kinds and next step are unchanged,
 * the median gap moves by under an hour); the hour's first message refreshes the rollup whole.
 * Returns whether the row was new and its message count; null when the account is not in the
 * workspace (unlinked or deleted meanwhile).
 */
export async function recordCapture(pool: pg.Pool, c: CaptureInput): Promise<{ conversationId: number; created: boolean; messages: number } | null> {
  const { rows } = await pool.query<{ id: number; created: boolean; messages: number }>(
    `with up as (
       insert into conversation as c (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, source, source_key,
                                      channel_id, direction, message_count)
       select a.workspace_id, a.id, $3, $4::timestamp, 'chat', coalesce($5::text, ''), 'neutral', 'channel', $6, $7, $8::touch_direction, 1
       from account a where a.id = $2 and a.workspace_id = $1
       for update of a
       on conflict (workspace_id, source_key) do update set
         message_count = coalesce(c.message_count, 0) + 1,
         occurred_at = greatest(c.occurred_at, excluded.occurred_at),
         channel_id = excluded.channel_id,
         summary = case when $5::text is not null and excluded.occurred_at >= c.occurred_at then excluded.summary else c.summary end,
         member_id = coalesce(c.member_id, excluded.member_id)
       where c.account_id = excluded.account_id
       returning id, (xmax = 0) as created, message_count, occurred_at
     ),
     moved as (
       update account_rollup r set last_touch_at = greatest(r.last_touch_at, up.occurred_at), refreshed_at = now()
       from up where not up.created and r.workspace_id = $1 and r.account_id = $2
       returning 1
     )
     select id, created, message_count as messages from up`,
    [c.workspaceId, c.accountId, c.memberId, ts(c.at), c.snippet, c.sourceKey, c.channelId, c.direction],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.created) {
    await inTransaction(pool, async (client) => {
      await client.query('select id from account where id = $1 and workspace_id = $2 for update', [c.accountId, c.workspaceId]);
      await refreshRollups(client, c.workspaceId, { accountIds: [c.accountId] });
    });
  }
  return { conversationId: row.id, created: row.created, messages: row.messages };
}

/** Marks a captured fold row as a give (a give reaction on one of its messages); true when it changed. */
export async function markCapturedGive(pool: pg.Pool, workspaceId: number, accountId: number, sourceKey: string): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    await client.query('select id from account where id = $1 and workspace_id = $2 for update', [accountId, workspaceId]);
    const res = await client.query(
      `update conversation set kind = 'give'
       where workspace_id = $1 and account_id = $2 and source_key = $3 and source = 'channel' and kind <> 'give'`,
      [workspaceId, accountId, sourceKey],
    );
    if ((res.rowCount ?? 0) === 0) return false;
    await refreshRollups(client, workspaceId, { accountIds: [accountId] });
    return true;
  });
}

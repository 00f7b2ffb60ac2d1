// Writing a touch: the one way conversations should be written, because it keeps the
// account's rollup (what the scan reads) in step in the same transaction.
import type pg from 'pg';
import type { Medium, Sentiment, TouchKind, TouchSource } from '../domain/vocabulary.ts';
import { refreshRollups } from './rollups.ts';
import { inTransaction, ts } from './sql.ts';

export type TouchInput = {
  workspaceId: number;
  accountId: number;
  memberId?: number | null;
  occurredAt: Date;
  medium?: Medium;
  summary: string;
  kind?: TouchKind;
  sentiment?: Sentiment | null;
  nextStep?: string | null;
  nextStepDue?: Date | null;
  source?: TouchSource;
  /** Makes a redelivered command or a double submit idempotent: the second write is a no-op. */
  sourceKey?: string | null;
};

export type RecordedTouch = { conversationId: number; created: boolean };

/**
 * Inserts the conversation and refreshes its account's rollup, atomically. The account row
 * is locked by the insert itself (its values are selected from that row, `for update`), so
 * two touches on one account serialise and the later refresh sees both, and a touch costs one
 * round trip less on a /log's path. With a sourceKey already used in the workspace, returns
 * the existing conversation (created: false) and writes nothing.
 */
export async function recordTouch(pool: pg.Pool, t: TouchInput): Promise<RecordedTouch> {
  return inTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: number }>(
      `insert into conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, sentiment,
                                 next_step, next_step_due, source, source_key)
       select a.workspace_id, a.id, $3, $4::timestamp, $5::medium, $6, $7::touch_kind, $8::sentiment, $9, $10::timestamp, $11::touch_source, $12
       from account a where a.id = $2 and a.workspace_id = $1
       for update of a
       on conflict (workspace_id, source_key) do nothing
       returning id`,
      [
        t.workspaceId, t.accountId, t.memberId ?? null, ts(t.occurredAt), t.medium ?? 'chat', t.summary, t.kind ?? 'neutral',
        t.sentiment ?? null, t.nextStep ?? null, t.nextStepDue ? ts(t.nextStepDue) : null, t.source ?? 'command', t.sourceKey ?? null,
      ],
    );
    if (inserted.rowCount === 0) {
      // nothing inserted: no such account in this workspace, or the sourceKey was used before (a redelivery)
      const { rows } = await client.query<{ here: boolean; prior: number | null }>(
        `select exists (select 1 from account where id = $2 and workspace_id = $1) as here,
                (select id from conversation where workspace_id = $1 and source_key = $3) as prior`,
        [t.workspaceId, t.accountId, t.sourceKey ?? null],
      );
      if (!rows[0]!.here) throw new Error(`account ${t.accountId} is not in workspace ${t.workspaceId}`);
      return { conversationId: rows[0]!.prior!, created: false };
    }
    await refreshRollups(client, t.workspaceId, { accountIds: [t.accountId] });
    return { conversationId: inserted.rows[0]!.id, created: true };
  });
}

// Writing a touch: the one way conversations should be written, because it keeps the
// account's rollup (what the scan reads) in step in the same transaction.
import type { Medium, Sentiment, TouchKind, TouchSource } from '../domain/vocabulary.ts';
import { refreshRollupsSql } from './rollups.ts';
import { ts, type Queryable } from './sql.ts';

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

/** refreshRollups' own statement, handed to the database so the fold is written once ($1 the workspace, $2 the account ids). */
const REFOLD = refreshRollupsSql({ accountIds: [] }).sql;

/**
 * Inserts the conversation and refolds its account's rollup, atomically and in one round trip
 * (the database's tend_record_touch, prisma/migrations/20261201030000_record_touch): the
 * account row is locked by the insert, so two touches on one account serialise and the later
 * refold sees both. A /log's path had four round trips here (BEGIN, insert, refold, COMMIT),
 * each ~130 µs of CPU in its socket write alone on a 2-core box (docs/BENCHMARKS.md, commands).
 * With a sourceKey already used in the workspace, returns the existing conversation (created:
 * false) and writes nothing.
 */
export async function recordTouch(db: Queryable, t: TouchInput): Promise<RecordedTouch> {
  const res = await db.query<{ conversation_id: number; created: boolean }>(
    `select conversation_id, created
     from tend_record_touch($1, $2, $3, $4::timestamp, $5::medium, $6, $7::touch_kind, $8::sentiment, $9, $10::timestamp,
                            $11::touch_source, $12, $13)`,
    [
      t.workspaceId, t.accountId, t.memberId ?? null, ts(t.occurredAt), t.medium ?? 'chat', t.summary, t.kind ?? 'neutral',
      t.sentiment ?? null, t.nextStep ?? null, t.nextStepDue ? ts(t.nextStepDue) : null, t.source ?? 'command', t.sourceKey ?? null,
      REFOLD,
    ],
  );
  const r = res.rows[0];
  // no row: no such account in this workspace (a redelivery's sourceKey never lets a foreign account through)
  if (!r) throw new Error(`account ${t.accountId} is not in workspace ${t.workspaceId}`);
  return { conversationId: r.conversation_id, created: r.created };
}

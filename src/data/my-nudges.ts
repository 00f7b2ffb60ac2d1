// The nudges a member has in hand: assigned to them and still open, or claimed by them.
import type { MyNudge } from '../domain/read-models.ts';
import type { LiveNudgeStatus, NudgeKind } from '../domain/vocabulary.ts';
import type { Queryable } from './sql.ts';

/** Which nudges are a member's ($1 the workspace, $2 the member, over nudge n): `/nudges` and App Home both list these. */
export const MINE = `n.workspace_id = $1 and ((n.status = 'open' and n.assignee_id = $2) or (n.status = 'claimed' and n.claimed_by_id = $2))`;

export async function listMyNudges(db: Queryable, workspaceId: number, memberId: number, limit = 10): Promise<{ nudges: MyNudge[]; total: number }> {
  const [rows, count] = await Promise.all([
    // the enum's reserved at_risk is never written, so the stored kind is one of ours
    db.query<Omit<MyNudge, 'valueAtStakeCents'> & { valueAtStakeCents: string }>(
      `select n.id, n.kind, n.status, a.name as "accountName", n.suggestion, p.name as "productName",
              n.value_at_stake_cents::text as "valueAtStakeCents", n.channel_id as "channelId", n.message_ts as "messageTs"
       from nudge n
       join account a on a.workspace_id = n.workspace_id and a.id = n.account_id
       left join product p on p.workspace_id = n.workspace_id and p.id = n.suggested_product_id
       where ${MINE}
       order by n.priority desc, n.created_at desc, n.id desc
       limit $3`,
      [workspaceId, memberId, limit],
    ),
    db.query<{ total: number }>(`select count(*)::int as total from nudge n where ${MINE}`, [workspaceId, memberId]),
  ]);
  return {
    total: count.rows[0]!.total,
    nudges: rows.rows.map((r) => ({
      ...r, kind: r.kind as NudgeKind, status: r.status as LiveNudgeStatus, valueAtStakeCents: Number(r.valueAtStakeCents),
    })),
  };
}

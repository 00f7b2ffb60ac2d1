// Reads a nudge as the plain data its Slack message is built from (views/nudge.ts), with
// who acted last: the actor of the latest event that led to the current status, and until
// when that change can be undone.
import { canUndo, outcomeAllowsUndo, UNDOABLE, undoUntil } from '../domain/nudge-state.ts';
import type { NudgeKind, NudgeResolution } from '../domain/vocabulary.ts';
import type { NudgeCard, NudgeCardState } from '../domain/read-models.ts';
import { fromMs, type Queryable } from './sql.ts';

export type CardRow = { card: NudgeCard; accountId: number; channelId: string | null; messageTs: string | null };

// event action recorded for each status (data/nudge-actions.ts writes the same names)
const SQL = `
  select n.id, n.kind, n.status, n.suggestion, n.evidence, n.value_at_stake_cents::float8 as value,
         extract(epoch from n.snoozed_until) * 1000 as snoozed_until_ms, n.snooze_reason, n.dismissed_reason,
         n.outcome, n.outcome_value_cents, n.resolution, n.resolution_detail, n.channel_id, n.message_ts, n.account_id,
         a.name as account_name, owner.slack_user_id as owner, p.name as product, o.title as offer,
         claimer.slack_user_id as claimed_by,
         (select e.actor_user_id from nudge_event e
           where e.workspace_id = n.workspace_id and e.nudge_id = n.id and e.action = n.status::text
           order by e.id desc limit 1) as last_actor,
         (select case when e.action = n.status::text and e.detail ? 'prev' then extract(epoch from e.created_at) * 1000 end
           from nudge_event e
           where e.workspace_id = n.workspace_id and e.nudge_id = n.id and e.action = any($3::text[])
           order by e.id desc limit 1) as undoable_at_ms
  from nudge n
  join account a on a.id = n.account_id and a.workspace_id = n.workspace_id
  left join member owner on owner.id = a.owner_id and owner.workspace_id = n.workspace_id
  left join member claimer on claimer.id = n.claimed_by_id and claimer.workspace_id = n.workspace_id
  left join product p on p.id = n.suggested_product_id and p.workspace_id = n.workspace_id
  left join offer o on o.id = n.offer_id and o.workspace_id = n.workspace_id
  where n.workspace_id = $1 and n.id = $2`;

type Row = Record<string, unknown> & { status: string };

function stateOf(r: Row): NudgeCardState {
  const by = (r.last_actor as string | null) ?? (r.claimed_by as string | null);
  switch (r.status) {
    case 'claimed':
      return { status: 'claimed', by: (r.claimed_by as string | null) ?? by };
    case 'done':
      return r.outcome === 'won' ? { status: 'won', by, valueCents: Number(r.outcome_value_cents ?? 0) } : { status: 'done', by };
    case 'snoozed':
      return { status: 'snoozed', by, until: fromMs(r.snoozed_until_ms as number | null) ?? new Date(0), reason: r.snooze_reason as string | null };
    case 'dismissed':
      return { status: 'dismissed', by, reason: r.dismissed_reason as string | null };
    case 'resolved':
      // retired by what answered it (domain/attention.ts), or resolved by a scan
      return r.resolution ? { status: 'resolved', retired: { resolution: r.resolution as NudgeResolution, detail: r.resolution_detail } } : { status: 'resolved' };
    default:
      return { status: 'open' };
  }
}

/** With now, the card offers Undo while the latest Done / Snooze / Dismiss is in its window. */
export async function loadCard(db: Queryable, workspaceId: number, nudgeId: number, now?: Date): Promise<CardRow | null> {
  const { rows } = await db.query(SQL, [workspaceId, nudgeId, UNDOABLE]);
  const r = rows[0] as Row | undefined;
  if (!r) return null;
  const actedAt = fromMs(r.undoable_at_ms as number | null);
  const undoOpen = actedAt && now && outcomeAllowsUndo(r.outcome as string | null) && canUndo(actedAt, now) ? undoUntil(actedAt) : null;
  return {
    accountId: r.account_id as number,
    channelId: r.channel_id as string | null,
    messageTs: r.message_ts as string | null,
    card: {
      id: r.id as number,
      kind: r.kind as NudgeKind,
      accountName: r.account_name as string,
      ownerSlackUserId: r.owner as string | null,
      suggestion: r.suggestion as string,
      evidence: r.evidence,
      offerTitle: r.offer as string | null,
      productName: r.product as string | null,
      valueAtStakeCents: Number(r.value),
      state: stateOf(r),
      undoUntil: undoOpen,
    },
  };
}

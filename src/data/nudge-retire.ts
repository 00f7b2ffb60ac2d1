// Retiring the nudges an answer makes moot (domain/attention.ts answers): one UPDATE …
// RETURNING over the account's waiting nudges, right after the write that answered them
// (a touch, a new holding, a churn, a new owner). Returns the ones with a Slack message to edit.
import { answerDetail, answeredKinds, RETIRABLE_STATUSES, type Answer } from '../domain/attention.ts';
import { ts, type Queryable } from './sql.ts';

export type RetiredNudge = { id: number; posted: boolean };

export async function retireAnswered(db: Queryable, workspaceId: number, accountId: number, a: Answer, now: Date): Promise<RetiredNudge[]> {
  const productId = a.resolution === 'holding' ? a.productId : null;
  const { rows } = await db.query<{ id: number; posted: boolean }>(
    `update nudge set status = 'resolved', resolved_at = $3::timestamp, updated_at = $3::timestamp,
                      resolution = $4::nudge_resolution, resolution_detail = $5::jsonb
     where workspace_id = $1 and account_id = $2 and status = any($6::nudge_status[]) and kind = any($7::nudge_kind[])
       and ($8::int is null or suggested_product_id = $8::int)
       -- a churn is the account's last product ending: while any holding is live, nothing is retired
       and ($4::nudge_resolution <> 'churn' or not exists (
             select 1 from holding h where h.workspace_id = $1 and h.account_id = $2 and (h.ended_at is null or h.ended_at > $3::timestamp)))
     returning id, message_ts is not null as posted`,
    [workspaceId, accountId, ts(now), a.resolution, JSON.stringify(answerDetail(a, now)), RETIRABLE_STATUSES, answeredKinds(a.resolution), productId],
  );
  return rows.sort((x, y) => x.id - y.id);
}

/**
 * The account moved to member `ownerId`, in one statement: what still waits for someone
 * (queued and snoozed nudges, and open ones not yet posted, which go back to the queue for
 * the new owner's next morning release) takes the new owner; open ones already posted to the
 * old owner are retired, their resolution naming the new owner so the message says where the
 * account went. Claimed ones stay with their claimer; nudges already the new owner's are left.
 */
export async function moveToOwner(
  db: Queryable, workspaceId: number, accountId: number, ownerId: number, ownerSlackUserId: string, now: Date,
): Promise<{ moved: number[]; retired: RetiredNudge[] }> {
  const detail = answerDetail({ resolution: 'owner', ownerSlackUserId }, now);
  const { rows } = await db.query<{ what: 'moved' | 'retired'; id: number }>(
    `with moved as (
       update nudge n set assignee_id = $3,
              status = case when n.status = 'open' then 'queued'::nudge_status else n.status end,
              released_at = case when n.status = 'open' then null else n.released_at end,
              group_id = case when n.status = 'open' then null else n.group_id end,
              escalated_at = case when n.status = 'open' then null else n.escalated_at end,
              updated_at = $4::timestamp
       where n.workspace_id = $1 and n.account_id = $2 and n.assignee_id is distinct from $3
         and (n.status in ('queued', 'snoozed') or (n.status = 'open' and n.message_ts is null and n.delivery_state = 'pending'))
       returning n.id
     ), retired as (
       update nudge n set status = 'resolved', resolved_at = $4::timestamp, updated_at = $4::timestamp,
              resolution = 'owner', resolution_detail = $5::jsonb
       where n.workspace_id = $1 and n.account_id = $2 and n.assignee_id is distinct from $3
         and n.status = 'open' and n.message_ts is not null
       returning n.id
     )
     select 'moved' as what, id from moved union all select 'retired', id from retired`,
    [workspaceId, accountId, ownerId, ts(now), JSON.stringify(detail)],
  );
  const ids = (what: string) => rows.filter((r) => r.what === what).map((r) => r.id).sort((a, b) => a - b);
  return { moved: ids('moved'), retired: ids('retired').map((id) => ({ id, posted: true })) };
}

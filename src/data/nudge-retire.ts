// Retiring the nudges an answer makes moot (domain/attention.ts answers): one UPDATE …
// RETURNING over the account's waiting nudges, right after the write that answered them
// (a touch, a new holding, a churn). Returns the ones with a Slack message to edit.
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

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

// ---- after a bulk write (an import): every answered nudge of the accounts it wrote, at once ----

/** to_char's pattern for an ISO instant, as the views read a resolution's `at` */
export const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Retires, in one statement, the waiting nudges (queued, open) of `accountIds` that the data
 * now answers, as domain/attention.ts answers() says: every nudge of an account churned
 * (status churned, or holdings none of which is live); a cross-sell of a product the account
 * now holds; a cooling, stalled or follow-up nudge of an account touched after the last touch
 * the nudge was written with (its scan's time less its daysSinceTouch: never a touch the scan
 * already knew). A posted one is marked refresh_due_at: the minute sweep queues its edit, so
 * a writer with no queue at hand (the import CLI) still gets the messages to say why.
 * Runs inside the writer's transaction; scoped to the workspace throughout.
 */
export async function retireAnsweredByData(db: Queryable, workspaceId: number, accountIds: readonly number[], now: Date): Promise<RetiredNudge[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.query<{ id: number; posted: boolean }>(
    `with acc as (select distinct unnest($2::int[]) as id),
     answered as (
       select n.id,
         case
           when a.status = 'churned'
             or (exists (select 1 from holding h where h.workspace_id = $1 and h.account_id = n.account_id)
                 and not exists (select 1 from holding h where h.workspace_id = $1 and h.account_id = n.account_id
                                   and (h.ended_at is null or h.ended_at > $3::timestamp))) then 'churn'
           when held.mrr_cents is not null then 'holding'
           when touch.occurred_at is not null then 'touch'
         end as resolution,
         held.product_name, held.mrr_cents, touch.medium, touch.occurred_at
       from nudge n
       join acc on acc.id = n.account_id
       join account a on a.workspace_id = $1 and a.id = n.account_id
       left join lateral (
         select p.name as product_name, h.mrr_cents from holding h join product p on p.workspace_id = $1 and p.id = h.product_id
         where n.kind = 'cross_sell' and h.workspace_id = $1 and h.account_id = n.account_id and h.product_id = n.suggested_product_id
           and h.started_at <= $3::timestamp and (h.ended_at is null or h.ended_at > $3::timestamp)
         order by h.started_at desc limit 1
       ) held on true
       left join lateral (
         select c.medium::text as medium, c.occurred_at from conversation c
         where n.kind in ('cooling', 'stalled', 'follow_up_due') and c.workspace_id = $1 and c.account_id = n.account_id
           and c.occurred_at <= $3::timestamp
           and c.occurred_at > n.last_scan_at - coalesce((n.evidence->>'daysSinceTouch')::float8, 0) * interval '1 day'
         order by c.occurred_at desc limit 1
       ) touch on true
       where n.workspace_id = $1 and n.status = any($4::nudge_status[])
     )
     update nudge n set status = 'resolved', resolved_at = $3::timestamp, updated_at = $3::timestamp,
            resolution = x.resolution::nudge_resolution,
            resolution_detail = case x.resolution
              when 'holding' then jsonb_build_object('productName', x.product_name, 'mrrCents', x.mrr_cents, 'at', to_char($3::timestamp, ${ISO}))
              when 'touch' then jsonb_build_object('medium', x.medium, 'at', to_char(x.occurred_at, ${ISO}))
              else jsonb_build_object('at', to_char($3::timestamp, ${ISO})) end,
            refresh_due_at = case when n.message_ts is not null then $3::timestamp end
     from answered x
     where n.workspace_id = $1 and n.id = x.id and x.resolution is not null
     returning n.id, n.message_ts is not null as posted`,
    [workspaceId, accountIds, ts(now), RETIRABLE_STATUSES],
  );
  return rows.sort((x, y) => x.id - y.id);
}

/** Posted nudges retired by a bulk write whose message is not edited yet, oldest first, at most `limit`. */
export async function refreshesDue(db: Queryable, workspaceId: number, limit = 500): Promise<{ id: number; dueAt: Date }[]> {
  const { rows } = await db.query<{ id: number; due_ms: string }>(
    `select id, extract(epoch from refresh_due_at) * 1000 as due_ms from nudge
      where workspace_id = $1 and refresh_due_at is not null order by refresh_due_at, id limit $2`,
    [workspaceId, limit],
  );
  return rows.map((r) => ({ id: r.id, dueAt: new Date(Number(r.due_ms)) }));
}

/** Clears the marks once their edits are queued (only those not marked again since). */
export async function clearRefreshesDue(db: Queryable, workspaceId: number, due: readonly { id: number; dueAt: Date }[]): Promise<void> {
  if (due.length === 0) return;
  await db.query(
    `update nudge n set refresh_due_at = null
       from unnest($2::int[], $3::timestamp[]) d(id, due_at)
      where n.workspace_id = $1 and n.id = d.id and n.refresh_due_at = d.due_at`,
    [workspaceId, due.map((d) => d.id), due.map((d) => ts(d.dueAt))],
  );
}

/** What waits for its assignee: queued, snoozed, or released to them but not posted yet (nudge `n`). */
export const WAITING = (n: string) =>
  `(${n}.status in ('queued', 'snoozed') or (${n}.status = 'open' and ${n}.message_ts is null and ${n}.delivery_state = 'pending'))`;
/** SET clauses (nudge `n`) for a waiting nudge handed to someone else: one released but not posted goes back to the queue, for their next release. */
export const BACK_TO_QUEUE = `status = case when n.status = 'open' then 'queued'::nudge_status else n.status end,
              released_at = case when n.status = 'open' then null else n.released_at end,
              group_id = case when n.status = 'open' then null else n.group_id end,
              escalated_at = case when n.status = 'open' then null else n.escalated_at end`;

/**
 * After accounts changed owner (/account owner, an accounts import), in one statement: what
 * still waits for someone (queued and snoozed nudges, and open ones not yet posted, which go
 * back to the queue for the new owner's next morning release) takes the account's owner; open
 * ones already posted to the old owner are retired, their resolution naming the new owner so
 * the message says where the account went. So are open ones whose delivery to the old owner
 * began (posting: the deliver job may be on the wire; it edits what it posts once it sees the
 * nudge retired) or failed (maybe in Slack, 'unconfirmed'): these are `withdrawn`, with no
 * message to edit yet; the next scan queues the nudge again for the new owner. Claimed ones
 * stay with their claimer; nudges already the owner's, and accounts with no owner, are left.
 * `markRefresh`: the posted ones get refresh_due_at for the sweep to edit (a writer with no
 * queue at hand).
 */
export async function followOwners(
  db: Queryable, workspaceId: number, accountIds: readonly number[], now: Date, o: { markRefresh: boolean } = { markRefresh: true },
): Promise<{ moved: number[]; retired: RetiredNudge[]; withdrawn: number[] }> {
  if (accountIds.length === 0) return { moved: [], retired: [], withdrawn: [] };
  const { rows } = await db.query<{ what: 'moved' | 'retired'; id: number; posted: boolean }>(
    `with owner as (
       select a.id as account_id, a.owner_id, m.slack_user_id from account a join member m on m.workspace_id = $1 and m.id = a.owner_id
       where a.workspace_id = $1 and a.id = any($2::int[])
     ), moved as (
       update nudge n set assignee_id = o.owner_id, ${BACK_TO_QUEUE}, updated_at = $3::timestamp
       from owner o
       where n.workspace_id = $1 and n.account_id = o.account_id and n.assignee_id is distinct from o.owner_id and ${WAITING('n')}
       returning n.id
     ), retired as (
       update nudge n set status = 'resolved', resolved_at = $3::timestamp, updated_at = $3::timestamp,
              refresh_due_at = case when $4::boolean and n.message_ts is not null then $3::timestamp end,
              resolution = 'owner', resolution_detail = jsonb_build_object('ownerSlackUserId', o.slack_user_id, 'at', to_char($3::timestamp, ${ISO}))
       from owner o
       where n.workspace_id = $1 and n.account_id = o.account_id and n.assignee_id is distinct from o.owner_id
         -- every open one the move above leaves: posted, being posted, or failed
         and n.status = 'open' and not (n.message_ts is null and n.delivery_state = 'pending')
       returning n.id, n.message_ts is not null as posted
     )
     select 'moved' as what, id, false as posted from moved union all select 'retired', id, posted from retired`,
    [workspaceId, accountIds, ts(now), o.markRefresh],
  );
  const ids = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).map((r) => r.id).sort((a, b) => a - b);
  return {
    moved: ids((r) => r.what === 'moved'),
    retired: ids((r) => r.what === 'retired' && r.posted).map((id) => ({ id, posted: true })),
    withdrawn: ids((r) => r.what === 'retired' && !r.posted),
  };
}

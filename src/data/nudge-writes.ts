// Writing a scan's nudges: one multi-row upsert per page on (workspace_id, dedupe_key),
// and one set-based close of the open/queued nudges whose situation went away.
import type { NudgeDraft } from '../domain/nudges.ts';
import { ts, type Queryable } from './sql.ts';

/**
 * Upserts the drafts (new ones arrive queued). An existing nudge is only rewritten when it
 * is queued or open and something changed, when it was resolved and the situation is back,
 * or when its snooze has run out; claimed, done, dismissed and still-snoozed nudges are
 * left alone, so a scan never recreates what a rep put aside. Returns rows written.
 */
export async function upsertNudges(db: Queryable, workspaceId: number, drafts: NudgeDraft[], now: Date): Promise<number> {
  if (drafts.length === 0) return 0;
  const col = <K extends keyof NudgeDraft>(k: K) => drafts.map((d) => d[k]);
  const res = await db.query(
    `insert into nudge as n (workspace_id, account_id, kind, dedupe_key, status, evidence, suggestion, suggested_product_id,
                             offer_id, priority, value_at_stake_cents, assignee_id, last_scan_at, created_at, updated_at)
     select $1, t.account_id, t.kind, t.dedupe_key, 'queued', t.evidence, t.suggestion, t.suggested_product_id,
            t.offer_id, t.priority, t.value, t.assignee_id, $12::timestamp, $12::timestamp, $12::timestamp
     from unnest($2::int[], $3::nudge_kind[], $4::text[], $5::jsonb[], $6::text[], $7::int[], $8::int[], $9::float8[], $10::int8[], $11::int[])
          as t(account_id, kind, dedupe_key, evidence, suggestion, suggested_product_id, offer_id, priority, value, assignee_id)
     on conflict (workspace_id, dedupe_key) do update set
       kind = excluded.kind, evidence = excluded.evidence, suggestion = excluded.suggestion,
       suggested_product_id = excluded.suggested_product_id, offer_id = excluded.offer_id, priority = excluded.priority,
       value_at_stake_cents = excluded.value_at_stake_cents, assignee_id = excluded.assignee_id,
       last_scan_at = excluded.last_scan_at, updated_at = excluded.updated_at,
       -- back from resolved or an ended snooze: in line for the budget again, to be posted anew
       status = case when n.status in ('resolved', 'snoozed') then 'queued'::nudge_status else n.status end,
       released_at = case when n.status in ('resolved', 'snoozed') then null else n.released_at end,
       resolved_at = case when n.status = 'resolved' then null else n.resolved_at end,
       delivery_state = case when n.status in ('resolved', 'snoozed') then 'pending'::delivery_state else n.delivery_state end
     where (n.status in ('queued', 'open')
            and (n.kind, n.suggestion, n.priority, n.value_at_stake_cents, n.assignee_id, n.offer_id, n.suggested_product_id)
                is distinct from
                (excluded.kind, excluded.suggestion, excluded.priority, excluded.value_at_stake_cents, excluded.assignee_id,
                 excluded.offer_id, excluded.suggested_product_id))
        or n.status = 'resolved'
        or (n.status = 'snoozed' and n.snoozed_until <= $12::timestamp)`,
    [
      workspaceId, col('accountId'), col('kind'), col('dedupeKey'), drafts.map((d) => JSON.stringify(d.evidence)), col('suggestion'),
      col('suggestedProductId'), col('offerId'), col('priority'), col('valueAtStakeCents'), col('assigneeId'), ts(now),
    ],
  );
  return res.rowCount ?? 0;
}

/**
 * Closes open and queued nudges of accounts with id in (afterId, upToId] whose dedupe key
 * this scan did not produce: the account bought a second product, got a touch, churned.
 */
export async function resolveVanished(
  db: Queryable, workspaceId: number, afterId: number, upToId: number, keptKeys: string[], now: Date,
): Promise<number> {
  const res = await db.query(
    `update nudge set status = 'resolved', resolved_at = $5::timestamp, updated_at = $5::timestamp
     where workspace_id = $1 and account_id > $2 and account_id <= $3 and status in ('open', 'queued')
       and not (dedupe_key = any($4::text[]))`,
    [workspaceId, afterId, upToId, keptKeys, ts(now)],
  );
  return res.rowCount ?? 0;
}

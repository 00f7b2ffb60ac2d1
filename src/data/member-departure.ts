// A member Slack deactivated (they left the company) or brought back. What was theirs goes back
// to the team in one transaction, so no nudge waits for someone who will never see it: the
// nudges they claimed are open again (a snoozed one wakes open), their accounts have no owner
// (the next scan hands those accounts' nudges to the team's budget; a manager gives them a new
// owner with /account owner), and what waited for them (queued, snoozed, released but not yet
// posted) waits for the team. Nudges already posted to the channel stay there, anyone's to claim.
// A manager who left is one no more. The member row stays (their conversations and events name
// them), marked, so no import or command makes them an owner again.
import { liftBlock } from './nudge-delivery.ts';
import { inTransaction, ts } from './sql.ts';
import { BACK_TO_QUEUE, ISO, WAITING } from './nudge-retire.ts';
import type pg from 'pg';

export type Departure = {
  /** claimed nudges open again (posted ones are marked for the sweep's redraw) */
  released: number[];
  /** accounts they owned, now without an owner */
  accounts: number;
  /** nudges that waited for them, now the team's */
  unassigned: number;
  /** open nudges delivered to them by DM (owner_dm), retired for the team's line */
  retired: number[];
};

/** What Slack said and when (the event's own time, event_ts), so a late delivery of an older word changes nothing. */
export type SlackSaid = { eventKey: string; saidAt: Date };

// the member's latest word from Slack is not newer than this one ($3: its time)
const NOT_NEWER = `(slack_state_at is null or slack_state_at <= $3::timestamp)`;

/**
 * Marks the member deactivated and hands back what was theirs; null when there is no such
 * member, it was marked already (Slack retries an event: the second changes nothing), or Slack
 * has since said otherwise (a reactivation delivered before this retried deactivation).
 * `eventKey`: the Slack event's id, which names the release in each nudge's history.
 */
export async function memberLeft(pool: pg.Pool, workspaceId: number, slackUserId: string, now: Date, said: SlackSaid): Promise<Departure | null> {
  const eventKey = said.eventKey;
  return inTransaction(pool, async (c) => {
    const m = await c.query<{ id: number }>(
      // a manager who left manages no more (digests and notices would go to no one); reactivated, a
      // Slack admin or the installer is one again on their first manager's verb, as anyone is
      `update member set deactivated_at = $4::timestamp, slack_state_at = $3::timestamp,
                         role = 'rep', manager_via = null, manager_added_by = null, manager_since = null
       where workspace_id = $1 and slack_user_id = $2 and deactivated_at is null and ${NOT_NEWER} returning id`,
      [workspaceId, slackUserId, ts(said.saidAt), ts(now)],
    );
    const member = m.rows[0]?.id;
    if (member === undefined) return null;
    const released = await c.query<{ id: number }>(
      `with rel as (
         update nudge n set claimed_by_id = null, claimed_at = null, updated_at = $3::timestamp,
                status = case when n.status = 'claimed' then 'open'::nudge_status else n.status end,
                refresh_due_at = case when n.message_ts is not null then $3::timestamp else n.refresh_due_at end
         where n.workspace_id = $1 and n.claimed_by_id = $2 and n.status in ('claimed', 'snoozed')
         returning n.id, n.status
       ), ev as (
         -- a claim handed back, as a manager's release records it; a snoozed one says so when it wakes open
         insert into nudge_event (workspace_id, nudge_id, actor_user_id, action, detail, dedupe_key, created_at)
         select $1, r.id, $4, 'open', '{"via": "deactivated"}'::jsonb, 'left:' || $5 || ':' || r.id, $3::timestamp from rel r where r.status = 'open'
         on conflict (workspace_id, dedupe_key) do nothing
       )
       select id from rel order by id`,
      [workspaceId, member, ts(now), slackUserId, eventKey],
    );
    const accounts = await c.query(`update account set owner_id = null where workspace_id = $1 and owner_id = $2`, [workspaceId, member]);
    // as followOwners moves what waits: a nudge released to them but not posted goes back to the queue
    const unassigned = await c.query(
      `update nudge n set assignee_id = null, ${BACK_TO_QUEUE}, updated_at = $3::timestamp
       where n.workspace_id = $1 and n.assignee_id = $2 and ${WAITING('n')}`,
      [workspaceId, member, ts(now)],
    );
    // delivered to them by DM (owner_dm), an open nudge is where nobody else will see it: retired,
    // its message saying why, and the next scan puts it in the team's line (as followOwners does)
    const retired = await c.query<{ id: number }>(
      `update nudge n set status = 'resolved', resolved_at = $3::timestamp, updated_at = $3::timestamp,
              refresh_due_at = case when n.message_ts is not null then $3::timestamp end, resolution = 'owner',
              resolution_detail = jsonb_build_object('leftSlackUserId', $4::text, 'at', to_char($3::timestamp, ${ISO}))
       from workspace w
       where w.id = $1 and w.delivery_mode = 'owner_dm' and n.workspace_id = $1 and n.assignee_id = $2 and n.status = 'open'
       returning n.id`,
      [workspaceId, member, ts(now), slackUserId],
    );
    return { released: released.rows.map((r) => r.id), accounts: accounts.rowCount ?? 0, unassigned: unassigned.rowCount ?? 0, retired: retired.rows.map((r) => r.id) };
  });
}

/**
 * Slack says the member is active (reactivated, or any change of someone not deactivated): they
 * can own accounts and be matched again (nothing is handed back to them). Recorded even when
 * they were never marked, so an older deactivation delivered after it changes nothing. True
 * when they had been marked deactivated.
 */
export async function memberReturned(pool: pg.Pool, workspaceId: number, slackUserId: string, saidAt: Date): Promise<boolean> {
  const res = await pool.query<{ was: boolean }>(
    `with old as (select id, deactivated_at is not null as was from member where workspace_id = $1 and slack_user_id = $2 and ${NOT_NEWER} for update)
     update member m set deactivated_at = null, slack_state_at = $3::timestamp from old
     where m.id = old.id and m.workspace_id = $1 returning old.was`,
    [workspaceId, slackUserId, ts(saidAt)],
  );
  const was = res.rows[0]?.was ?? false;
  // Slack refused to DM them while they were gone (owner_dm delivery): it may again now
  if (was) await liftBlock(pool, workspaceId, slackUserId, saidAt);
  return was;
}

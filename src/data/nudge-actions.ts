// State changes people make on a nudge (claim, release, done, snooze, dismiss, undo, a snooze's
// reason), each one transaction: the nudge's row locked first, then the event row with the Slack
// request's dedupe key, then a conditional UPDATE from the allowed prior states. What belongs to
// one person (a claim, a snooze's reason) is checked on the locked row by mayActFor
// (domain/nudge-state.ts), the rule's one home. A duplicate request, a stale click or a refused
// one rolls back and changes nothing. Done, snooze and dismiss keep the state they replaced in their event, so Undo can
// put it back; a Done's event also lists the sibling nudges its logged give retired, and when.
import type pg from 'pg';
import { RETIRABLE_STATUSES, type Answer } from '../domain/attention.ts';
import { ALLOWED_FROM, canUndo, mayActFor, needsHolder, outcomeAllowsUndo, TARGET, UNDOABLE, type NudgeAction } from '../domain/nudge-state.ts';
import type { NudgeStatus } from '../domain/vocabulary.ts';
import { retireAnswered, type RetiredNudge } from './nudge-retire.ts';
import { refreshRollups } from './rollups.ts';
import { managesNowSql } from './members.ts';
import { fromMs, inTransaction, ts, type Queryable } from './sql.ts';

export type Transition = {
  workspaceId: number;
  nudgeId: number;
  action: NudgeAction;
  actorUserId: string;
  dedupeKey: string;
  now: Date;
  snoozedUntil?: Date;
  reason?: string | null;
  detail?: Record<string, unknown>;
} & ManagerConfirmed;

export type TransitionResult =
  | { result: 'changed'; status: string }
  | { result: 'duplicate' }
  /** claimedBy / claimedAt: who holds it and since when, so a second Claim can be told */
  | { result: 'stale'; status: string | null; claimedBy?: string | null; claimedAt?: Date | null }
  /** a HOLDER_ONLY action by someone who neither holds the nudge (by) nor manages the team: nothing changed */
  | { result: 'not_yours'; status: string; by: string | null };

// A column for the row read under the lock: whether the acting Slack user (parameter `actor`)
// manages nudge n's workspace at `now` as the member row tells without asking Slack
// (managesNowSql), or `confirmed` (a boolean parameter: the caller's managerGate just said so,
// asked after a refusal). A fact for mayActFor, not the rule.
const ACTOR_IS_MANAGER = (actor: string, now: string, confirmed: string) =>
  `(${confirmed}::boolean or exists (select 1 from member mg where mg.workspace_id = n.workspace_id and mg.slack_user_id = ${actor}
     and ${managesNowSql('mg', `${now}::timestamp`)})) as actor_is_manager`;

/**
 * For a change only the holder or a manager may make: true when the caller's managerGate
 * (slack/flows/caller.ts) confirmed just now that the actor manages Tend (asked after the change
 * was refused: the member row may not know a Slack admin yet, or knows one only as of a day ago).
 */
export type ManagerConfirmed = { managerConfirmed?: boolean };

// What Undo restores, read from the row (locked) as the change is made; timestamps as
// Postgres prints them, so they go back bit for bit.
const PREV = `jsonb_build_object('status', status, 'claimedById', claimed_by_id, 'claimedAt', claimed_at, 'doneAt', done_at,
  'snoozedUntil', snoozed_until, 'snoozeReason', snooze_reason, 'dismissedReason', dismissed_reason, 'dismissedAt', dismissed_at)`;

// Fixed SQL per action over the typed parameters in p (never user text in the SQL string).
const SET: Record<NudgeAction, string> = {
  claim: 'claimed_by_id = p.member, claimed_at = p.now',
  release: 'claimed_by_id = null, claimed_at = null',
  done: 'done_at = p.now, claimed_by_id = coalesce(n.claimed_by_id, p.member)',
  snooze: 'snoozed_until = p.until, snooze_reason = p.reason',
  // dismissed_at: a dismissal quiets its account for a while (domain/attention.ts)
  dismiss: 'dismissed_reason = p.reason, dismissed_at = p.now',
};

/** The member row of a Slack user (created on first action), for claimed_by_id. */
async function memberId(db: Queryable, workspaceId: number, slackUserId: string): Promise<number> {
  const { rows } = await db.query(
    `insert into member (workspace_id, slack_user_id) values ($1, $2)
     on conflict (workspace_id, slack_user_id) do update set slack_user_id = excluded.slack_user_id
     returning id`,
    [workspaceId, slackUserId],
  );
  return rows[0].id;
}

class Rollback extends Error {
  constructor(readonly outcome: TransitionResult | UndoResult | SnoozeReasonResult) {
    super('rollback');
  }
}

export async function applyTransition(pool: pg.Pool, t: Transition): Promise<TransitionResult> {
  try {
    return await inTransaction(pool, async (client) => {
      const target = TARGET[t.action];
      // The row first, locked: the state Undo will restore is the one this change replaces, not
      // one a concurrent click replaced a moment earlier, and who holds it stays who holds it
      // until this commits (so the holder check below cannot be raced).
      const locked = await client.query(
        `select ${PREV} as prev, n.status, extract(epoch from n.claimed_at) * 1000 as claimed_at_ms,
                (select m.slack_user_id from member m where m.id = n.claimed_by_id and m.workspace_id = n.workspace_id) as claimed_by,
                ${ACTOR_IS_MANAGER('$3', '$4', '$5')}
         from nudge n where n.workspace_id = $1 and n.id = $2 for update`,
        [t.workspaceId, t.nudgeId, t.actorUserId, ts(t.now), t.managerConfirmed ?? false],
      );
      const cur = locked.rows[0] as { prev: unknown; status: NudgeStatus; claimed_at_ms: number | string | null; claimed_by: string | null; actor_is_manager: boolean } | undefined;
      if (!cur) return { result: 'stale', status: null } as const;
      const detail = { ...(t.detail ?? {}), ...(UNDOABLE.includes(target) ? { prev: cur.prev } : {}) };
      // Then the event: a concurrent duplicate waits on the unique key, then finds it taken.
      const event = await client.query(
        `insert into nudge_event (workspace_id, nudge_id, actor_user_id, action, detail, dedupe_key, created_at)
         select $1, n.id, $3, $4, $5::jsonb, $6, $7::timestamp from nudge n where n.workspace_id = $1 and n.id = $2
         on conflict (workspace_id, dedupe_key) do nothing
         returning id`,
        [t.workspaceId, t.nudgeId, t.actorUserId, target, JSON.stringify(detail), t.dedupeKey, ts(t.now)],
      );
      if (event.rowCount === 0) throw new Rollback({ result: 'duplicate' });
      // in a state the action may start from, but not the clicker's to take (the row is locked, so
      // still as read): say whose it is
      if (needsHolder(t.action, cur.status) && ALLOWED_FROM[t.action].includes(cur.status) && !mayActFor(cur.claimed_by, t.actorUserId, cur.actor_is_manager)) {
        throw new Rollback({ result: 'not_yours', status: cur.status, by: cur.claimed_by });
      }
      const member = await memberId(client, t.workspaceId, t.actorUserId);
      const updated = await client.query(
        `update nudge n set status = '${target}', updated_at = p.now, ${SET[t.action]}
         from (select $3::timestamp as now, $4::int as member, $5::timestamp as until, $6::text as reason) p
         where n.workspace_id = $1 and n.id = $2 and n.status = any($7::nudge_status[])
         returning n.status`,
        [t.workspaceId, t.nudgeId, ts(t.now), member, t.snoozedUntil ? ts(t.snoozedUntil) : null, t.reason ?? null, ALLOWED_FROM[t.action]],
      );
      if (updated.rowCount === 0) {
        throw new Rollback({ result: 'stale', status: cur.status, claimedBy: cur.claimed_by, claimedAt: fromMs(cur.claimed_at_ms) });
      }
      return { result: 'changed', status: updated.rows[0].status } as const;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome as TransitionResult;
    throw err;
  }
}

/**
 * Whether `actor` may take `action` on the nudge as it is now, read as applyTransition reads it
 * (who claimed it, the actor's role; the rule: domain/nudge-state.ts): for a form to be offered
 * or not before anything is written. Advisory: applyTransition decides again on the locked row.
 */
export async function holderCheck(
  db: Queryable, workspaceId: number, nudgeId: number, action: NudgeAction, actorUserId: string, now: Date, o: ManagerConfirmed = {},
): Promise<{ ok: true } | { ok: false; by: string | null }> {
  const { rows } = await db.query<{ status: NudgeStatus; claimed_by: string | null; actor_is_manager: boolean }>(
    `select n.status, (select m.slack_user_id from member m where m.id = n.claimed_by_id and m.workspace_id = n.workspace_id) as claimed_by,
            ${ACTOR_IS_MANAGER('$3', '$4', '$5')}
     from nudge n where n.workspace_id = $1 and n.id = $2`,
    [workspaceId, nudgeId, actorUserId, ts(now), o.managerConfirmed ?? false],
  );
  const cur = rows[0];
  if (!cur || !needsHolder(action, cur.status) || mayActFor(cur.claimed_by, actorUserId, cur.actor_is_manager)) return { ok: true };
  return { ok: false, by: cur.claimed_by };
}

export type UndoRequest = {
  workspaceId: number; nudgeId: number; actorUserId: string; dedupeKey: string; now: Date;
  /** a reaction taken back: only the change that reaction made (by reaction, of this action, by the actor), never another's as a manager */
  reactionTakenBack?: NudgeAction;
} & ManagerConfirmed;

export type UndoResult =
  /** restored: the account's nudges the Done had retired and are back as they were (posted: has a message to edit) */
  | { result: 'undone'; status: string; removedConversationId: number | null; restored: RetiredNudge[] }
  | { result: 'duplicate' }
  /** the change is older than the undo window: nothing changed */
  | { result: 'too_late'; status: string }
  /** someone else made the change and the clicker is no manager: nothing changed */
  | { result: 'not_yours'; status: string; by: string | null }
  /** nothing to undo (already undone, or changed since): status is the current one, null for no such nudge */
  | { result: 'stale'; status: string | null };

/**
 * Takes back the latest Done, Snooze or Dismiss while the window is open (a won Done stays:
 * outcomeAllowsUndo): the nudge gets the state, claimer and dates it had before, and the conversation a Done form logged is deleted
 * (with its account's rollup recomputed), because the give it records is being taken back and
 * the ledger must not count it; the sibling nudges that give retired go back to the state they
 * had (unless something else moved them since). Only the person who made the change, or a
 * manager, may take it back. An "undone" event keyed by the request makes a redelivered click
 * count once; a second click finds nothing left to undo.
 */
export async function applyUndo(pool: pg.Pool, u: UndoRequest): Promise<UndoResult> {
  try {
    return await inTransaction(pool, async (client) => {
      const cur = await client.query(
        `select n.status, n.account_id, n.outcome, ${ACTOR_IS_MANAGER('$3', '$4', '$5')} from nudge n where n.workspace_id = $1 and n.id = $2 for update`,
        [u.workspaceId, u.nudgeId, u.actorUserId, ts(u.now), u.managerConfirmed ?? false],
      );
      const nudge = cur.rows[0] as { status: string; account_id: number; outcome: string | null; actor_is_manager: boolean } | undefined;
      if (!nudge) return { result: 'stale', status: null } as const;
      // won since the click was shown: nothing to undo (the redrawn card shows the win)
      if (!outcomeAllowsUndo(nudge.outcome)) return { result: 'stale', status: nudge.status } as const;
      const last = await client.query(
        `select e.id, e.action, e.detail, e.actor_user_id, extract(epoch from e.created_at) * 1000 as at_ms from nudge_event e
         where e.workspace_id = $1 and e.nudge_id = $2 and e.action = any($3::text[])
         order by e.id desc limit 1`,
        [u.workspaceId, u.nudgeId, UNDOABLE],
      );
      const ev = last.rows[0] as { id: number; action: string; detail: Record<string, unknown>; actor_user_id: string | null; at_ms: number } | undefined;
      // only the change that set the current state, and only one that kept what it replaced
      const prev = ev?.detail.prev as Record<string, unknown> | undefined;
      if (!ev || !prev || ev.action !== nudge.status) return { result: 'stale', status: nudge.status } as const;
      // events keep the status an action moved to (snooze → snoozed), so the action is read through TARGET
      const taken = u.reactionTakenBack;
      if (taken && (ev.action !== TARGET[taken] || ev.actor_user_id !== u.actorUserId || ev.detail.via !== 'reaction')) return { result: 'stale', status: nudge.status } as const;
      if (!canUndo(fromMs(ev.at_ms)!, u.now)) return { result: 'too_late', status: nudge.status } as const;
      // the change belongs to who made it: they, or a manager, may take it back
      if (!mayActFor(ev.actor_user_id, u.actorUserId, nudge.actor_is_manager)) return { result: 'not_yours', status: nudge.status, by: ev.actor_user_id } as const;
      const event = await client.query(
        `insert into nudge_event (workspace_id, nudge_id, actor_user_id, action, detail, dedupe_key, created_at)
         values ($1, $2, $3, 'undone', $4::jsonb, $5, $6::timestamp)
         on conflict (workspace_id, dedupe_key) do nothing returning id`,
        [u.workspaceId, u.nudgeId, u.actorUserId, JSON.stringify({ undid: ev.id, from: nudge.status, to: prev.status }), u.dedupeKey, ts(u.now)],
      );
      if (event.rowCount === 0) throw new Rollback({ result: 'duplicate' });
      // a claimer who has left Slack since (member-departure.ts) gets no claim back: the nudge
      // comes back open, the team's, as their departure left their other claims
      const restored = await client.query(
        `update nudge n set status = case when x.gone and p->>'status' = 'claimed' then 'open' else p->>'status' end::nudge_status,
                claimed_by_id = case when x.gone then null else (p->>'claimedById')::int end,
                claimed_at = case when x.gone then null else (p->>'claimedAt')::timestamp end, done_at = (p->>'doneAt')::timestamp,
                snoozed_until = (p->>'snoozedUntil')::timestamp, snooze_reason = p->>'snoozeReason',
                dismissed_reason = p->>'dismissedReason', dismissed_at = (p->>'dismissedAt')::timestamp, updated_at = $3::timestamp
         from (select $4::jsonb as p, exists (select 1 from member m where m.workspace_id = $1 and m.id = ($4::jsonb->>'claimedById')::int
                                                and m.deactivated_at is not null) as gone) x
         where n.workspace_id = $1 and n.id = $2
         returning n.status, x.gone`,
        [u.workspaceId, u.nudgeId, ts(u.now), JSON.stringify(prev)],
      );
      if (restored.rows[0].gone && prev.status === 'claimed') {
        // open for the team from now, as a handed-back claim is: the escalation's wait starts again (nudge-sweep.ts)
        await client.query(
          `insert into nudge_event (workspace_id, nudge_id, actor_user_id, action, detail, dedupe_key, created_at)
           values ($1, $2, $3, $4, '{"via": "undo_after_departure"}'::jsonb, $5, $6::timestamp)
           on conflict (workspace_id, dedupe_key) do nothing`,
          [u.workspaceId, u.nudgeId, u.actorUserId, TARGET.release, `${u.dedupeKey}:open`, ts(u.now)],
        );
      }
      const conversationId = typeof ev.detail.conversationId === 'number' ? ev.detail.conversationId : null;
      let removed: number | null = null;
      if (conversationId !== null) {
        const del = await client.query(
          `delete from conversation where workspace_id = $1 and id = $2 and account_id = $3 and source = 'action' returning id`,
          [u.workspaceId, conversationId, nudge.account_id],
        );
        if (del.rowCount) {
          removed = conversationId;
          await refreshRollups(client, u.workspaceId, { accountIds: [nudge.account_id] });
        }
      }
      // the nudges the Done's give retired (retireForDone), while they still stand as it left
      // them: retired at the Done's moment. One a scan brought back and a later touch retired
      // again stays retired: that touch still answers it. (An event from before retiredAt was
      // recorded names no moment: its list alone decides, as it did.)
      const retired = Array.isArray(ev.detail.retired) ? ev.detail.retired : [];
      const retiredAt = typeof ev.detail.retiredAt === 'string' ? ev.detail.retiredAt : null;
      const back = retired.length === 0 ? { rows: [] as RetiredNudge[] } : await client.query<RetiredNudge>(
        `update nudge n set status = r.status::nudge_status, resolved_at = null, resolution = null, resolution_detail = null, updated_at = $4::timestamp
         from jsonb_to_recordset($3::jsonb) as r(id int, status text)
         where n.workspace_id = $1 and n.id = r.id and n.account_id = $2 and n.status = 'resolved' and n.resolution = 'touch'
           and ($5::timestamp is null or n.resolved_at = $5::timestamp)
         returning n.id, n.message_ts is not null as posted`,
        [u.workspaceId, nudge.account_id, JSON.stringify(retired), ts(u.now), retiredAt],
      );
      return { result: 'undone', status: restored.rows[0].status, removedConversationId: removed, restored: back.rows.sort((a, b) => a.id - b.id) } as const;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome as UndoResult;
    throw err;
  }
}

/**
 * A Done's logged give answers the account's other quiet or overdue nudges: retire them
 * (data/nudge-retire.ts) and list each with the state it had in the Done's event, so Undo can
 * put them back. One transaction holding the done nudge's row, as applyUndo does: after an
 * Undo won the race the give is deleted, and nothing is retired. Returns the retired ones.
 */
export async function retireForDone(
  pool: pg.Pool,
  d: { workspaceId: number; nudgeId: number; accountId: number; conversationId: number; dedupeKey: string; answer: Answer; now: Date },
): Promise<RetiredNudge[]> {
  return inTransaction(pool, async (client) => {
    await client.query('select 1 from nudge where workspace_id = $1 and id = $2 for update', [d.workspaceId, d.nudgeId]);
    const give = await client.query('select 1 from conversation where workspace_id = $1 and id = $2', [d.workspaceId, d.conversationId]);
    if (give.rowCount === 0) return [];
    // what each retirable sibling is now, locked so it is still that when it is retired
    const prior = await client.query<{ id: number; status: string }>(
      `select id, status from nudge where workspace_id = $1 and account_id = $2 and status = any($3::nudge_status[]) order by id for update`,
      [d.workspaceId, d.accountId, RETIRABLE_STATUSES],
    );
    const retired = await retireAnswered(client, d.workspaceId, d.accountId, d.answer, d.now);
    const was = new Map(prior.rows.map((r) => [r.id, r.status]));
    const list = retired.filter((r) => was.has(r.id)).map((r) => ({ id: r.id, status: was.get(r.id) }));
    if (list.length > 0) {
      await client.query(
        // retiredAt: their resolved_at as written, so Undo restores only what this Done retired
        `update nudge_event set detail = detail || jsonb_build_object('retired', $4::jsonb, 'retiredAt', $5::text)
         where workspace_id = $1 and dedupe_key = $2 and nudge_id = $3 and action = 'done'`,
        [d.workspaceId, d.dedupeKey, d.nudgeId, JSON.stringify(list), ts(d.now)],
      );
    }
    return retired;
  });
}

export type SnoozeReasonRequest = { workspaceId: number; nudgeId: number; actorUserId: string; reason: string; dedupeKey: string; now: Date } & ManagerConfirmed;

export type SnoozeReasonResult =
  | { result: 'saved' }
  /** the same submission again: the first one saved it */
  | { result: 'duplicate' }
  /** someone who neither snoozed it (by) nor manages the team: nothing written */
  | { result: 'not_yours'; by: string | null }
  /** no longer snoozed, or no such nudge: nothing to explain */
  | { result: 'stale' };

// The member who snoozed the nudge: the actor of its latest "snoozed" event (applyTransition writes one per snooze).
const SNOOZER = `(select e.actor_user_id from nudge_event e
  where e.workspace_id = n.workspace_id and e.nudge_id = n.id and e.action = 'snoozed' order by e.id desc limit 1)`;

/**
 * A snooze's reason, added after the one-click snooze: only while that nudge is still snoozed,
 * and only by who snoozed it or a manager (mayActFor: the reason speaks for the snoozer). The
 * row is locked first, so the snoozer read with it is the latest snooze's until this commits; a
 * "snooze_reason" event keyed by the submission records who wrote it.
 */
export async function setSnoozeReason(pool: pg.Pool, r: SnoozeReasonRequest): Promise<SnoozeReasonResult> {
  try {
    return await inTransaction(pool, async (client) => {
      const locked = await client.query(
        `select n.status, ${SNOOZER} as snoozer, ${ACTOR_IS_MANAGER('$3', '$4', '$5')} from nudge n where n.workspace_id = $1 and n.id = $2 for update`,
        [r.workspaceId, r.nudgeId, r.actorUserId, ts(r.now), r.managerConfirmed ?? false],
      );
      const cur = locked.rows[0] as { status: NudgeStatus; snoozer: string | null; actor_is_manager: boolean } | undefined;
      if (!cur) return { result: 'stale' } as const;
      const event = await client.query(
        `insert into nudge_event (workspace_id, nudge_id, actor_user_id, action, detail, dedupe_key, created_at)
         values ($1, $2, $3, 'snooze_reason', '{}'::jsonb, $4, $5::timestamp)
         on conflict (workspace_id, dedupe_key) do nothing returning id`,
        [r.workspaceId, r.nudgeId, r.actorUserId, r.dedupeKey, ts(r.now)],
      );
      if (event.rowCount === 0) throw new Rollback({ result: 'duplicate' });
      if (cur.status !== 'snoozed') throw new Rollback({ result: 'stale' });
      if (!mayActFor(cur.snoozer, r.actorUserId, cur.actor_is_manager)) throw new Rollback({ result: 'not_yours', by: cur.snoozer });
      await client.query(`update nudge set snooze_reason = $3, updated_at = $4::timestamp where workspace_id = $1 and id = $2`, [r.workspaceId, r.nudgeId, r.reason, ts(r.now)]);
      return { result: 'saved' } as const;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome as SnoozeReasonResult;
    throw err;
  }
}

/** Who holds the nudge now (the claimer's Slack user id), and its status; null for no such nudge. */
export async function nudgeHolder(db: Queryable, workspaceId: number, nudgeId: number): Promise<{ status: NudgeStatus; claimedBy: string | null } | null> {
  const { rows } = await db.query<{ status: NudgeStatus; claimed_by: string | null }>(
    `select n.status, (select m.slack_user_id from member m where m.id = n.claimed_by_id and m.workspace_id = n.workspace_id) as claimed_by
     from nudge n where n.workspace_id = $1 and n.id = $2`,
    [workspaceId, nudgeId],
  );
  return rows[0] ? { status: rows[0].status, claimedBy: rows[0].claimed_by } : null;
}

/**
 * The nudge a message shows, by where the message is. A grouped message shows several, so a
 * reaction on it names none of them (null): its buttons act on one nudge each.
 */
export async function findNudgeByMessage(db: Queryable, workspaceId: number, channel: string, messageTs: string): Promise<number | null> {
  const { rows } = await db.query(
    // a grouped message of one nudge still lists a group: not that nudge's own message
    `select id from nudge where workspace_id = $1 and channel_id = $2 and message_ts = $3
       and not exists (select 1 from nudge_group g where g.workspace_id = $1 and g.channel_id = $2 and g.message_ts = $3)
     limit 2`,
    [workspaceId, channel, messageTs],
  );
  return rows.length === 1 ? rows[0].id : null;
}

export type NudgeElsewhere = { workspaceId: number; slackTeamId: string; nudgeId: number };

/**
 * The nudges of other active workspaces whose own message is (channel, ts), when the workspace
 * an event was authorized for has none there: in a Slack Connect channel Slack sends a reaction
 * once, authorized for any one installation that sees it. A message is one nudge's in one
 * workspace; the caller keeps only workspaces that see the event (flows/event-audience.ts) and
 * acts only on a single answer. One probe of nudge(channel_id, message_ts).
 */
export async function findNudgesByMessageElsewhere(db: Queryable, exceptWorkspaceId: number, channel: string, messageTs: string): Promise<NudgeElsewhere[]> {
  const { rows } = await db.query<{ workspace_id: number; slack_team_id: string; id: number }>(
    `select n.workspace_id, w.slack_team_id, n.id from nudge n join workspace w on w.id = n.workspace_id
     where n.channel_id = $2 and n.message_ts = $3 and n.workspace_id <> $1 and w.status = 'active'
       and not exists (select 1 from nudge_group g where g.workspace_id = n.workspace_id and g.channel_id = $2 and g.message_ts = $3)
     order by n.workspace_id, n.id limit 10`,
    [exceptWorkspaceId, channel, messageTs],
  );
  return rows.map((r) => ({ workspaceId: r.workspace_id, slackTeamId: r.slack_team_id, nudgeId: r.id }));
}

// Re-renders a posted nudge in place (chat.update) after its state changed, so the channel
// shows who did what. A nudge released in a grouped message is one section of it: the whole
// message is rebuilt from the database and updated once. Redraws of one message are
// serialised (data/message-lock.ts) and read the state under the lock, so two clicks on one
// grouped message at once cannot leave a stale section. Best effort: the state is already
// saved; a failed update is logged. A message Slack no longer has (message_not_found: deleted
// while Tend did not hear of it) is recorded gone (delivery/message-gone.ts), so the next
// change does not ask Slack again; a message already known gone has no ts and is skipped.
import { withMessageLock } from '../data/message-lock.ts';
import { groupNudgeIds, loadDelivery, loadGroup, snoozedPost, type GroupRow } from '../data/nudge-delivery.ts';
import { loadCard } from '../data/nudge-cards.ts';
import type { Queryable } from '../data/sql.ts';
import type { SlackMessage } from '../domain/vocabulary.ts';
import type { Runtime } from '../runtime.ts';
import { buildNudgeMessage } from '../views/nudge.ts';
import { buildNudgeGroupMessage } from '../views/nudge-group.ts';
import { isMessageNotFound, messageGone, MESSAGE_NOT_FOUND } from './message-gone.ts';

/** A grouped message as the database has it now; a nudge that moved to a message of its own is listed without buttons. */
export async function groupMessage(rt: Runtime, workspaceId: number, groupId: number, group: GroupRow, db: Queryable = rt.db.pool): Promise<SlackMessage | null> {
  const ids = await groupNudgeIds(db, workspaceId, groupId);
  // now: a section offers Undo while the change it shows is in its window
  const rows: NonNullable<Awaited<ReturnType<typeof loadCard>>>[] = [];
  // one after another: db may be a single connection (the message lock's)
  for (const id of ids) {
    const r = await loadCard(db, workspaceId, id, rt.now());
    if (r) rows.push(r);
  }
  if (rows.length === 0) return null;
  const movedIds = new Set(rows.filter((r) => r.messageTs !== null && group.messageTs !== null && r.messageTs !== group.messageTs).map((r) => r.card.id));
  return buildNudgeGroupMessage({ repSlackUserId: group.repSlackUserId, localDay: group.localDay, cards: rows.map((r) => r.card), movedIds });
}

/** The posted group whose message is (channel, ts), if the nudge was released in one. */
async function postedGroupAt(db: Queryable, workspaceId: number, nudgeId: number, channel: string, ts: string): Promise<{ id: number; row: GroupRow } | null> {
  const d = await loadDelivery(db, workspaceId, nudgeId);
  if (!d?.groupId) return null;
  const g = await loadGroup(db, workspaceId, d.groupId);
  return g && g.channelId === channel && g.messageTs === ts ? { id: d.groupId, row: g } : null;
}

async function update(rt: Runtime, db: Queryable, workspaceId: number, nudgeId: number, channel: string, ts: string, msg: SlackMessage, what: string): Promise<boolean> {
  try {
    await rt.delivery.update(workspaceId, { channel, ts, ...msg });
    return true;
  } catch (err) {
    // on the lock's connection: the rows change with the redraw that found the message missing
    if (isMessageNotFound(err)) {
      await messageGone(rt, workspaceId, channel, ts, MESSAGE_NOT_FOUND, db);
      return false;
    }
    rt.log.warn({ workspaceId, nudgeId, err: (err as Error).message }, `could not update the ${what}`);
    return false;
  }
}

export async function refreshNudgeMessage(rt: Runtime, workspaceId: number, nudgeId: number): Promise<boolean> {
  const at = await loadCard(rt.db.pool, workspaceId, nudgeId);
  if (!at?.channelId || !at.messageTs) return false;
  const [channel, ts] = [at.channelId, at.messageTs];
  return withMessageLock(rt.db.pool, workspaceId, channel, ts, async (db) => {
    // read again under the lock: the state every earlier redraw of this message has seen, and
    // whatever committed since; now: the card offers Undo while the change it shows is in its window
    const row = await loadCard(db, workspaceId, nudgeId, rt.now());
    if (!row || row.channelId !== channel || row.messageTs !== ts) return false;
    const group = await postedGroupAt(db, workspaceId, nudgeId, channel, ts);
    if (group) {
      const msg = await groupMessage(rt, workspaceId, group.id, group.row, db);
      return msg ? update(rt, db, workspaceId, nudgeId, channel, ts, msg, 'grouped nudge message') : false;
    }
    return update(rt, db, workspaceId, nudgeId, channel, ts, buildNudgeMessage(row.card), 'nudge message');
  });
}

/**
 * After a woken nudge is posted again, its snoozed message would still read "Snoozed" with
 * nothing to press: it now says where the nudge went. In a grouped message only its section
 * says so (the others keep their buttons). Best effort, like the refresh above.
 */
export async function retireSnoozedPost(rt: Runtime, workspaceId: number, nudgeId: number, newTs: string): Promise<boolean> {
  const earlier = await snoozedPost(rt.db.pool, workspaceId, nudgeId);
  if (!earlier || earlier.ts === newTs) return false;
  return withMessageLock(rt.db.pool, workspaceId, earlier.channel, earlier.ts, async (db) => {
    const row = await loadCard(db, workspaceId, nudgeId);
    if (!row) return false;
    const group = await postedGroupAt(db, workspaceId, nudgeId, earlier.channel, earlier.ts);
    if (group) {
      const msg = await groupMessage(rt, workspaceId, group.id, group.row, db);
      return msg ? update(rt, db, workspaceId, nudgeId, earlier.channel, earlier.ts, msg, 'grouped nudge message') : false;
    }
    const card = { ...row.card, state: { status: 'reposted' as const, at: rt.now() } };
    return update(rt, db, workspaceId, nudgeId, earlier.channel, earlier.ts, buildNudgeMessage(card), 'snoozed nudge message');
  });
}

// Re-renders a posted nudge in place (chat.update) after its state changed, so the channel
// shows who did what. A nudge released in a grouped message is one section of it: the whole
// message is rebuilt from the database and updated once. Best effort: the state is already
// saved; a failed update is logged.
import { groupNudgeIds, loadDelivery, loadGroup, snoozedPost, type GroupRow } from '../data/nudge-delivery.ts';
import { loadCard } from '../data/nudge-cards.ts';
import type { SlackMessage } from '../domain/vocabulary.ts';
import type { Runtime } from '../runtime.ts';
import { buildNudgeMessage } from '../views/nudge.ts';
import { buildNudgeGroupMessage } from '../views/nudge-group.ts';

/** A grouped message as the database has it now; a nudge that moved to a message of its own is listed without buttons. */
export async function groupMessage(rt: Runtime, workspaceId: number, groupId: number, group: GroupRow): Promise<SlackMessage | null> {
  const ids = await groupNudgeIds(rt.db.pool, workspaceId, groupId);
  // now: a section offers Undo while the change it shows is in its window
  const rows = (await Promise.all(ids.map((id) => loadCard(rt.db.pool, workspaceId, id, rt.now())))).filter((r) => r !== null);
  if (rows.length === 0) return null;
  const movedIds = new Set(rows.filter((r) => r.messageTs !== null && group.messageTs !== null && r.messageTs !== group.messageTs).map((r) => r.card.id));
  return buildNudgeGroupMessage({ repSlackUserId: group.repSlackUserId, localDay: group.localDay, cards: rows.map((r) => r.card), movedIds });
}

/** The posted group whose message is (channel, ts), if the nudge was released in one. */
async function postedGroupAt(rt: Runtime, workspaceId: number, nudgeId: number, channel: string, ts: string): Promise<{ id: number; row: GroupRow } | null> {
  const d = await loadDelivery(rt.db.pool, workspaceId, nudgeId);
  if (!d?.groupId) return null;
  const g = await loadGroup(rt.db.pool, workspaceId, d.groupId);
  return g && g.channelId === channel && g.messageTs === ts ? { id: d.groupId, row: g } : null;
}

async function update(rt: Runtime, workspaceId: number, nudgeId: number, channel: string, ts: string, msg: SlackMessage, what: string): Promise<boolean> {
  try {
    await rt.delivery.update(workspaceId, { channel, ts, ...msg });
    return true;
  } catch (err) {
    rt.log.warn({ workspaceId, nudgeId, err: (err as Error).message }, `could not update the ${what}`);
    return false;
  }
}

export async function refreshNudgeMessage(rt: Runtime, workspaceId: number, nudgeId: number): Promise<boolean> {
  // now: the card offers Undo while the change it shows is in its window
  const row = await loadCard(rt.db.pool, workspaceId, nudgeId, rt.now());
  if (!row?.channelId || !row.messageTs) return false;
  const group = await postedGroupAt(rt, workspaceId, nudgeId, row.channelId, row.messageTs);
  if (group) {
    const msg = await groupMessage(rt, workspaceId, group.id, group.row);
    return msg ? update(rt, workspaceId, nudgeId, row.channelId, row.messageTs, msg, 'grouped nudge message') : false;
  }
  return update(rt, workspaceId, nudgeId, row.channelId, row.messageTs, buildNudgeMessage(row.card), 'nudge message');
}

/**
 * After a woken nudge is posted again, its snoozed message would still read "Snoozed" with
 * nothing to press: it now says where the nudge went. In a grouped message only its section
 * says so (the others keep their buttons). Best effort, like the refresh above.
 */
export async function retireSnoozedPost(rt: Runtime, workspaceId: number, nudgeId: number, newTs: string): Promise<boolean> {
  const earlier = await snoozedPost(rt.db.pool, workspaceId, nudgeId);
  const row = earlier && earlier.ts !== newTs ? await loadCard(rt.db.pool, workspaceId, nudgeId) : null;
  if (!earlier || !row) return false;
  const group = await postedGroupAt(rt, workspaceId, nudgeId, earlier.channel, earlier.ts);
  if (group) {
    const msg = await groupMessage(rt, workspaceId, group.id, group.row);
    return msg ? update(rt, workspaceId, nudgeId, earlier.channel, earlier.ts, msg, 'grouped nudge message') : false;
  }
  const card = { ...row.card, state: { status: 'reposted' as const, at: rt.now() } };
  return update(rt, workspaceId, nudgeId, earlier.channel, earlier.ts, buildNudgeMessage(card), 'snoozed nudge message');
}

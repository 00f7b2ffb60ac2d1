// Re-renders a posted nudge in place (chat.update) after its state changed, so the channel
// shows who did what. Best effort: the state is already saved; a failed update is logged.
import { snoozedPost } from '../data/nudge-delivery.ts';
import { loadCard } from '../data/nudge-cards.ts';
import type { Runtime } from '../runtime.ts';
import { buildNudgeMessage } from '../views/nudge.ts';

export async function refreshNudgeMessage(rt: Runtime, workspaceId: number, nudgeId: number): Promise<boolean> {
  // now: the card offers Undo while the change it shows is in its window
  const row = await loadCard(rt.db.pool, workspaceId, nudgeId, rt.now());
  if (!row?.channelId || !row.messageTs) return false;
  try {
    await rt.delivery.update(workspaceId, { channel: row.channelId, ts: row.messageTs, ...buildNudgeMessage(row.card) });
    return true;
  } catch (err) {
    rt.log.warn({ workspaceId, nudgeId, err: (err as Error).message }, 'could not update the nudge message');
    return false;
  }
}

/**
 * After a woken nudge is posted again, its snoozed message would still read "Snoozed" with
 * nothing to press: it now says where the nudge went. Best effort, like the refresh above.
 */
export async function retireSnoozedPost(rt: Runtime, workspaceId: number, nudgeId: number, newTs: string): Promise<boolean> {
  const earlier = await snoozedPost(rt.db.pool, workspaceId, nudgeId);
  const row = earlier && earlier.ts !== newTs ? await loadCard(rt.db.pool, workspaceId, nudgeId) : null;
  if (!earlier || !row) return false;
  try {
    const card = { ...row.card, state: { status: 'reposted' as const, at: rt.now() } };
    await rt.delivery.update(workspaceId, { channel: earlier.channel, ts: earlier.ts, ...buildNudgeMessage(card) });
    return true;
  } catch (err) {
    rt.log.warn({ workspaceId, nudgeId, err: (err as Error).message }, 'could not retire the snoozed nudge message');
    return false;
  }
}

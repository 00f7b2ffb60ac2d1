// Re-renders a posted nudge in place (chat.update) after its state changed, so the channel
// shows who did what. Best effort: the state is already saved; a failed update is logged.
import { loadCard } from '../data/nudge-cards.ts';
import type { Runtime } from '../runtime.ts';
import { buildNudgeMessage } from '../views/nudge.ts';

export async function refreshNudgeMessage(rt: Runtime, workspaceId: number, nudgeId: number): Promise<boolean> {
  const row = await loadCard(rt.db.pool, workspaceId, nudgeId);
  if (!row?.channelId || !row.messageTs) return false;
  try {
    await rt.delivery.update(workspaceId, { channel: row.channelId, ts: row.messageTs, ...buildNudgeMessage(row.card) });
    return true;
  } catch (err) {
    rt.log.warn({ workspaceId, nudgeId, err: (err as Error).message }, 'could not update the nudge message');
    return false;
  }
}

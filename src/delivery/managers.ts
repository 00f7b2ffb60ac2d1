// Telling a workspace's managers something (a refused channel, unclaimed nudges): one DM each.
import { managerSlackIds } from '../data/nudge-delivery.ts';
import type { Runtime } from '../runtime.ts';
import type { Message } from './port.ts';

/** DMs every manager; returns how many got it. One failing DM does not stop the others. */
export async function notifyManagers(rt: Runtime, workspaceId: number, msg: Omit<Message, 'channel'>): Promise<number> {
  const managers = await managerSlackIds(rt.db.pool, workspaceId);
  let sent = 0;
  for (const userId of managers) {
    try {
      const channel = await rt.delivery.openDm(workspaceId, userId);
      await rt.delivery.post(workspaceId, { ...msg, channel });
      sent++;
    } catch (err) {
      rt.log.warn({ workspaceId, userId, err: (err as Error).message }, 'could not DM a manager');
    }
  }
  if (managers.length === 0) rt.log.warn({ workspaceId }, 'no managers to tell (no member has the manager role or gets the digest)');
  return sent;
}

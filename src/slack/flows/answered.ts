// After a write that answers an account's nudges (a touch, a new holding, a churn): retire
// them in one statement and queue the edit of their Slack messages, so the listener answers
// without waiting on chat.update. The write itself already succeeded: a failure here is logged
// and the next scan resolves what it missed, so the person is never told "nothing was saved".
import type { Answer } from '../../domain/attention.ts';
import { retireAnswered } from '../../data/nudge-retire.ts';
import type { Runtime } from '../../runtime.ts';

/**
 * Queues the chat.update of retired nudges' posted messages (the refresh job edits each in
 * place). The retirement is saved already: a queue that does not answer is logged, not thrown.
 */
export async function refreshRetired(rt: Runtime, workspaceId: number, nudgeIds: readonly number[]): Promise<void> {
  if (nudgeIds.length === 0) return;
  const stamp = `r${rt.now().getTime()}`;
  try {
    await rt.queues.addMany('refresh', nudgeIds.map((nudgeId) => ({ workspaceId, nudgeId, stamp })));
  } catch (err) {
    rt.log.warn({ workspaceId, err: (err as Error).message }, 'could not queue the edit of retired nudges');
  }
}

export async function retireAnsweredNudges(rt: Runtime, workspaceId: number, accountId: number, a: Answer): Promise<number[]> {
  try {
    const now = rt.now();
    const retired = await retireAnswered(rt.db.pool, workspaceId, accountId, a, now);
    const posted = retired.filter((r) => r.posted);
    if (posted.length > 0) {
      await rt.queues.addMany('refresh', posted.map((r) => ({ workspaceId, nudgeId: r.id, stamp: `r${now.getTime()}` })));
    }
    return retired.map((r) => r.id);
  } catch (err) {
    rt.log.warn({ workspaceId, accountId, err: (err as Error).message }, 'could not retire the nudges a write answered');
    return [];
  }
}

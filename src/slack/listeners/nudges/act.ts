// What every nudge listener does after reading its request: apply the transition (deduped by
// the request's key) and, when something changed or the click was stale, re-render the
// message in place so everyone sees the current state and who acted.
import type { RespondFn } from '@slack/bolt';
import { applyTransition, type Transition, type TransitionResult } from '../../../data/nudge-actions.ts';
import type { WorkspaceRow } from '../../../data/workspaces.ts';
import { refreshNudgeMessage } from '../../../delivery/refresh-nudge.ts';
import type { Runtime } from '../../../runtime.ts';

export async function act(rt: Runtime, workspace: WorkspaceRow, t: Omit<Transition, 'workspaceId' | 'now'>): Promise<TransitionResult | null> {
  try {
    const res = await applyTransition(rt.db.pool, { ...t, workspaceId: workspace.id, now: rt.now() });
    // a duplicate delivery changed nothing and the first one already updated the message
    if (res.result === 'changed' || (res.result === 'stale' && res.status !== null)) await refreshNudgeMessage(rt, workspace.id, t.nudgeId);
    return res;
  } catch (err) {
    rt.log.warn({ workspaceId: workspace.id, nudgeId: t.nudgeId, action: t.action, err: (err as Error).message }, 'nudge action failed');
    return null;
  }
}

/**
 * A click on a nudge this workspace does not have (deleted, or an id from elsewhere): say so
 * to the clicker alone instead of staying silent. Views (App Home) have no response_url; the
 * click is then just ignored.
 */
export async function answerUnknownNudge(rt: Runtime, respond: RespondFn | undefined): Promise<void> {
  if (!respond) return;
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: ":information_source: That nudge isn't in this workspace any more, so nothing changed.",
  }).catch((err: Error) => rt.log.debug({ err: err.message }, 'could not answer a click on an unknown nudge'));
}

/** A nudge id from a button value: digits only. */
export function nudgeIdOf(value: string | undefined): number | null {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

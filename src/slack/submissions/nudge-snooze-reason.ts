// Snooze reason submitted: stored on the nudge while it is still snoozed, and its message
// edited to show it. Saving the same reason twice changes nothing visible.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { setSnoozeReason } from '../../data/nudge-actions.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import type { Runtime } from '../../runtime.ts';
import { readSnoozeReasonModal } from '../../views/nudge.ts';
import { acceptNudgeReason } from '../flows/nudge-act.ts';

export function nudgeSnoozeReasonSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async (args) => {
    const got = await acceptNudgeReason(args, readSnoozeReasonModal);
    if (!got) return;
    const { workspace, nudgeId, reason } = got;
    try {
      if (await setSnoozeReason(rt.db.pool, workspace.id, nudgeId, reason, rt.now())) await refreshNudgeMessage(rt, workspace.id, nudgeId);
    } catch (err) {
      rt.log.warn({ workspaceId: workspace.id, nudgeId, err: (err as Error).message }, 'could not save the snooze reason');
    }
  };
}

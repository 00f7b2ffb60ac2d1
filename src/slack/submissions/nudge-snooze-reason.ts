// Snooze reason submitted: stored on the nudge while it is still snoozed, and its message
// edited to show it. Saving the same reason twice changes nothing visible.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { setSnoozeReason } from '../../data/nudge-actions.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import type { Runtime } from '../../runtime.ts';
import { nudgeIdFromMetadata, readSnoozeReasonModal } from '../../views/nudge.ts';
import { workspaceOf } from '../flows/caller.ts';

export function nudgeSnoozeReasonSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, view, context }) => {
    const read = readSnoozeReasonModal(view.state.values);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdFromMetadata(view.private_metadata);
    if (!workspace || nudgeId === null) return;
    try {
      if (await setSnoozeReason(rt.db.pool, workspace.id, nudgeId, read.reason, rt.now())) await refreshNudgeMessage(rt, workspace.id, nudgeId);
    } catch (err) {
      rt.log.warn({ workspaceId: workspace.id, nudgeId, err: (err as Error).message }, 'could not save the snooze reason');
    }
  };
}

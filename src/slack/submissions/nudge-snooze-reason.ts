// Snooze reason submitted: stored on the nudge while it is still snoozed, and its message
// edited to show it. The reason speaks for whoever snoozed it, so only they or a manager may
// write it: anyone else is told in the modal (kept open) and nothing is written. It is checked
// and written before the modal is answered, so the refusal can be shown there. Saving the same
// submission twice changes nothing.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { setSnoozeReason } from '../../data/nudge-actions.ts';
import { dedupeKeys } from '../../domain/nudge-state.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import type { Runtime } from '../../runtime.ts';
import { NUDGE_VIEWS } from '../../views/ids.ts';
import { readSnoozeReasonModal, snoozeReasonNotYoursText } from '../../views/nudge.ts';
import { readNudgeReason } from '../flows/nudge-act.ts';

const NOT_SAVED = "Tend couldn't save this just now. Keep the form open and press Save again in a minute.";

export function nudgeSnoozeReasonSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, view, body, context }) => {
    const got = readNudgeReason({ view, context }, readSnoozeReasonModal);
    if (!got) return ack();
    if (!got.ok) return ack({ response_action: 'errors', errors: got.errors });
    const { workspace, nudgeId, reason } = got;
    let res;
    try {
      res = await setSnoozeReason(rt.db.pool, { workspaceId: workspace.id, nudgeId, actorUserId: body.user.id, reason, dedupeKey: dedupeKeys.view(view.id), now: rt.now() });
    } catch (err) {
      rt.log.warn({ workspaceId: workspace.id, nudgeId, err: (err as Error).message }, 'could not save the snooze reason');
      return ack({ response_action: 'errors', errors: { [NUDGE_VIEWS.snoozeReasonBlock]: NOT_SAVED } });
    }
    if (res.result === 'not_yours') return ack({ response_action: 'errors', errors: { [NUDGE_VIEWS.snoozeReasonBlock]: snoozeReasonNotYoursText() } });
    await ack();
    if (res.result === 'saved') await refreshNudgeMessage(rt, workspace.id, nudgeId).catch((err: Error) => rt.log.warn({ workspaceId: workspace.id, nudgeId, err: err.message }, 'could not show the snooze reason'));
  };
}

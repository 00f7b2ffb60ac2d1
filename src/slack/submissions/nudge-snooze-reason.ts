// Snooze reason submitted: stored on the nudge while it is still snoozed, and its message
// edited to show it. The reason speaks for whoever snoozed it, so only they or a manager may
// write it: anyone else is told in the modal (kept open) and nothing is written. It is checked
// and written before the modal is answered, so the refusal can be shown there; the wait for it is
// bounded, and past the bound the modal stays open asking to save again. Saving the same
// submission twice changes nothing.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { setSnoozeReason } from '../../data/nudge-actions.ts';
import { dedupeKeys } from '../../domain/nudge-state.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import type { Runtime } from '../../runtime.ts';
import { NUDGE_VIEWS } from '../../views/ids.ts';
import { readSnoozeReasonModal, snoozeReasonNotYoursText } from '../../views/nudge.ts';
import { orAsManager, readNudgeReason } from '../flows/nudge-act.ts';
import { withTimeout } from '../reply/timeout.ts';

/** A modal field error for a save that did not answer within SAVE_TIMEOUT_MS: the form stays open. */
export const NOT_SAVED = "Tend couldn't save this just now. Keep the form open and press Save again in a minute.";

/**
 * How long the modal's answer waits for the save: a Postgres that hangs, or a refusal's question
 * to Slack (orAsManager, given what is left of it), must not hold it past Slack's 3 s (counted
 * from Slack's side, after the workspace lookup), or Slack shows its own error.
 */
export const SAVE_TIMEOUT_MS = 1_500;

export function nudgeSnoozeReasonSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, view, body, context, client }) => {
    const got = readNudgeReason({ view, context }, readSnoozeReasonModal);
    if (!got) return ack();
    if (!got.ok) return ack({ response_action: 'errors', errors: got.errors });
    const { workspace, nudgeId, reason } = got;
    const show = () => refreshNudgeMessage(rt, workspace.id, nudgeId).catch((err: Error) => rt.log.warn({ workspaceId: workspace.id, nudgeId, err: err.message }, 'could not show the snooze reason'));
    const now = rt.now();
    const saving = orAsManager(rt, workspace, body.user.id, client, (managerConfirmed) =>
      setSnoozeReason(rt.db.pool, { workspaceId: workspace.id, nudgeId, actorUserId: body.user.id, reason, dedupeKey: dedupeKeys.view(view.id), now, managerConfirmed }),
    Date.now() + SAVE_TIMEOUT_MS);
    let res;
    try {
      res = await withTimeout(saving, SAVE_TIMEOUT_MS);
    } catch (err) {
      rt.log.warn({ workspaceId: workspace.id, nudgeId, err: (err as Error).message }, 'could not save the snooze reason');
      // a save that lands after the bound still shows on the message (Save pressed again is then a duplicate, and closes the modal)
      void saving.then((late) => (late.result === 'saved' ? show() : undefined), () => undefined);
      return ack({ response_action: 'errors', errors: { [NUDGE_VIEWS.snoozeReasonBlock]: NOT_SAVED } });
    }
    if (res.result === 'not_yours') return ack({ response_action: 'errors', errors: { [NUDGE_VIEWS.snoozeReasonBlock]: snoozeReasonNotYoursText() } });
    await ack();
    if (res.result === 'saved') await show();
  };
}

// Dismiss modal submitted: the nudge is dismissed with the reason given. A nudge someone else
// claimed (since the form opened) is not the submitter's to dismiss unless they manage the team:
// the modal stays open saying so, and nothing changes. The change is made before the modal is
// answered so that refusal can be shown there; the wait (the change, and after a refusal a
// question to Slack about the submitter's role: flows/nudge-act.ts orAsManager) is bounded (past
// it, the modal stays open asking to save again, and a dismiss that lands meanwhile shows on the
// message). Saving the same submission twice changes nothing.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { dedupeKeys } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { NUDGE_VIEWS } from '../../views/ids.ts';
import { claimedNotYoursFieldText, readDismissModal } from '../../views/nudge.ts';
import type { TransitionResult } from '../../data/nudge-actions.ts';
import { republishHome } from '../flows/home.ts';
import { applyAct, openedFromHome, readNudgeReason, showAct } from '../flows/nudge-act.ts';
import { withTimeout } from '../reply/timeout.ts';
import { NOT_SAVED, SAVE_TIMEOUT_MS } from './nudge-snooze-reason.ts';

export function nudgeDismissSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, view, body, context, client }) => {
    const got = readNudgeReason({ view, context }, readDismissModal);
    if (!got) return ack();
    if (!got.ok) return ack({ response_action: 'errors', errors: got.errors });
    const { workspace, nudgeId, reason } = got;
    // the message, and App Home when the modal came from there (Slack does not redraw the tab)
    const shown = async (res: TransitionResult) => {
      await showAct(rt, workspace, nudgeId, res);
      if (openedFromHome(view.private_metadata)) await republishHome(rt, client, workspace, body.user.id);
    };
    const applying = applyAct(rt, workspace, { nudgeId, action: 'dismiss', actorUserId: body.user.id, dedupeKey: dedupeKeys.view(view.id), reason }, client, Date.now() + SAVE_TIMEOUT_MS);
    let res;
    try {
      res = await withTimeout(applying, SAVE_TIMEOUT_MS);
    } catch {
      // kept open, asking to save again: a refusal that lands late is then shown (Save again
      // gets it, since a refusal writes nothing), and a dismiss that lands is shown on the message
      void applying.then((late) => (late?.result === 'changed' ? shown(late) : undefined), () => undefined);
      return ack({ response_action: 'errors', errors: { [NUDGE_VIEWS.dismissReasonBlock]: NOT_SAVED } });
    }
    if (res?.result === 'not_yours') return ack({ response_action: 'errors', errors: { [NUDGE_VIEWS.dismissReasonBlock]: claimedNotYoursFieldText('dismiss') } });
    await ack();
    if (res) await shown(res);
  };
}

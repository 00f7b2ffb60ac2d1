// "Add a reason" (in the snoozer's private reply): asks why in a modal
// (submissions/nudge-snooze-reason.ts); the snooze itself already happened in one click.
import type { Runtime } from '../../runtime.ts';
import { buildSnoozeReasonModal } from '../../views/nudge.ts';
import { nudgeModalButton } from '../flows/nudge-act.ts';

export const nudgeSnoozeReason = (rt: Runtime) =>
  nudgeModalButton(rt, (nudgeId, card) => buildSnoozeReasonModal({ nudgeId, accountName: card.accountName }));

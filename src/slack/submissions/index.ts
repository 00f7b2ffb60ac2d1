// Every modal Tend saves (Bolt's app.view), one line each, bound by its callback_id
// (src/views/ids.ts). Named submissions/ so it is not confused with src/views.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { CALLBACKS, NUDGE_VIEWS } from '../../views/ids.ts';
import { logForm } from './log-form.ts';
import { nudgeDismissSubmission } from './nudge-dismiss.ts';
import { nudgeDoneSubmission } from './nudge-done.ts';
import { nudgeSnoozeReasonSubmission } from './nudge-snooze-reason.ts';
import { settingsSubmission } from './settings.ts';

export function register(app: App, rt: Runtime): void {
  app.view(CALLBACKS.logModal, logForm(rt));
  app.view(CALLBACKS.settings, settingsSubmission(rt));
  app.view(NUDGE_VIEWS.doneModal, nudgeDoneSubmission(rt));
  app.view(NUDGE_VIEWS.dismissModal, nudgeDismissSubmission(rt));
  app.view(NUDGE_VIEWS.snoozeReasonModal, nudgeSnoozeReasonSubmission(rt));
}

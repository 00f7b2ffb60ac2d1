// Done button: opens "log the give", pre-filled from the nudge; the submission (done-submit.ts)
// logs the conversation and marks the nudge done.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { buildDoneModal } from '../../../views/nudge.ts';
import { ACTIONS } from '../../ids.ts';
import { onNudgeModalButton } from './act.ts';

export function registerDone(app: App, rt: Runtime): void {
  onNudgeModalButton(app, rt, ACTIONS.nudgeDone, (nudgeId, c) =>
    buildDoneModal({ nudgeId, accountName: c.accountName, suggestion: c.suggestion, offerTitle: c.offerTitle ?? null }),
  );
}

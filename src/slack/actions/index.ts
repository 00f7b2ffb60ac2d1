// Listeners for nudge buttons, reactions on nudge messages and the done/dismiss modals.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { registerClaim } from './claim.ts';
import { registerDismiss } from './dismiss.ts';
import { registerDismissSubmit } from './dismiss-submit.ts';
import { registerDone } from './done.ts';
import { registerDoneSubmit } from './done-submit.ts';
import { registerReactions } from './reactions.ts';
import { registerRelease } from './release.ts';
import { registerSnooze } from './snooze.ts';

export function registerNudgeListeners(app: App, rt: Runtime): void {
  registerClaim(app, rt);
  registerRelease(app, rt);
  registerDone(app, rt);
  registerDoneSubmit(app, rt);
  registerSnooze(app, rt);
  registerDismiss(app, rt);
  registerDismissSubmit(app, rt);
  registerReactions(app, rt);
}

// Dismiss button: asks why in a modal (dismiss-submit.ts), so the team learns what not to suggest.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { buildDismissModal } from '../../../views/nudge.ts';
import { ACTIONS } from '../../ids.ts';
import { onNudgeModalButton } from './act.ts';

export function registerDismiss(app: App, rt: Runtime): void {
  onNudgeModalButton(app, rt, ACTIONS.nudgeDismiss, (nudgeId, card) => buildDismissModal({ nudgeId, accountName: card.accountName }));
}

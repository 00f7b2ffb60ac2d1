// Claim button: "I'll take this one".
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { ACTIONS } from '../../ids.ts';
import { onNudgeButton } from './act.ts';

export function registerClaim(app: App, rt: Runtime): void {
  onNudgeButton(app, rt, ACTIONS.nudgeClaim, 'claim');
}

// Release button (App Home): the claimer hands the nudge back; it is open for anyone again.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { ACTIONS } from '../../ids.ts';
import { onNudgeButton } from './act.ts';

export function registerRelease(app: App, rt: Runtime): void {
  onNudgeButton(app, rt, ACTIONS.nudgeRelease, 'release');
}

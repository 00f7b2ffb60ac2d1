// Listeners for nudge buttons, reactions on nudge messages and the done/dismiss modals.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';

export function registerNudgeListeners(_app: App, _rt: Runtime): void {}

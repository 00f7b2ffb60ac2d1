// Listeners for /log, /account, /nudges, /tend and their modals and choices.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';

export function registerCommands(_app: App, _rt: Runtime): void {}

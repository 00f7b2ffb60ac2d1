// Every shortcut Tend offers, one line each (manifest.yml lists the same).
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { CALLBACKS } from '../../views/ids.ts';
import { logToTend } from './log-to-tend.ts';

export function register(app: App, rt: Runtime): void {
  app.shortcut({ callback_id: CALLBACKS.logToTend, type: 'message_action' }, logToTend(rt));
}

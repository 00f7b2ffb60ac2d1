// Every external select's options, one line each, bound by its action_id (src/views/ids.ts).
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { ACTIONS } from '../../views/ids.ts';
import { logAccountOptions } from './log-account.ts';

export function register(app: App, rt: Runtime): void {
  app.options<'block_suggestion'>({ action_id: ACTIONS.logAccount }, logAccountOptions(rt));
}

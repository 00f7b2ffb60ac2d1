// Listeners for App Home (app_home_opened and the tab's Refresh button). The digest on demand
// is `/tend digest`, wired by the /tend command through src/slack/digest-command.ts.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { registerAppHomeOpened } from './app-home-opened.ts';
import { registerHomeRefresh } from './home-refresh.ts';

export function registerHome(app: App, rt: Runtime): void {
  registerAppHomeOpened(app, rt);
  registerHomeRefresh(app, rt);
}

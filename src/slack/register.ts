// Every Slack listener, by Bolt kind: global middleware first, then one index per kind, each
// binding one listener per line. A new listener is one file in its kind's folder and one line
// in that folder's index.ts.
import type { App } from '@slack/bolt';
import type { Runtime } from '../runtime.ts';
import * as actions from './actions/index.ts';
import * as commands from './commands/index.ts';
import * as events from './events/index.ts';
import * as middleware from './middleware/index.ts';
import * as options from './options/index.ts';
import * as shortcuts from './shortcuts/index.ts';
import * as submissions from './submissions/index.ts';

export function registerListeners(app: App, rt: Runtime): void {
  middleware.register(app, rt);
  commands.register(app, rt);
  actions.register(app, rt);
  submissions.register(app, rt);
  options.register(app, rt);
  shortcuts.register(app, rt);
  events.register(app, rt);
}

// Every Slack listener, by area. A new listener is one new file and one line in its area's index.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { registerCommands } from './commands/index.ts';
import { registerHome } from './home/index.ts';
import { capInput } from './input-caps.ts';
import { registerLifecycle } from './lifecycle/index.ts';
import { dedupeEvents, workspaceContext } from './middleware.ts';
import { registerNudgeListeners } from './nudges/index.ts';

export function registerListeners(app: App, rt: Runtime): void {
  // first: an over-long text is answered before the workspace is loaded or anything parses it
  app.use(capInput(rt.log));
  app.use(workspaceContext(rt));
  app.use(dedupeEvents(rt));
  registerCommands(app, rt);
  registerNudgeListeners(app, rt);
  registerHome(app, rt);
  registerLifecycle(app, rt);
}

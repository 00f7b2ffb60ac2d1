// Global middleware, in the order every request meets it: the text caps first (an over-long
// text is answered before the workspace is loaded or anything parses it), then the workspace
// (refusing a team this token does not serve), then the Events API dedupe (needs the workspace).
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { dedupeEvents } from './dedupe-events.ts';
import { capInput } from './input-caps.ts';
import { workspaceContext } from './workspace-context.ts';

export function register(app: App, rt: Runtime): void {
  app.use(capInput(rt.log));
  app.use(workspaceContext(rt));
  app.use(dedupeEvents(rt));
}

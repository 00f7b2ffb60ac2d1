import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { workspaceContext } from './middleware.ts';

export function registerListeners(app: App, rt: Runtime): void {
  app.use(workspaceContext(rt));
}

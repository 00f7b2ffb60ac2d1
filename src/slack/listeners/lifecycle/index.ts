// Listeners for the app's own lifecycle in a workspace: uninstall and token revocation.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { registerUninstalled } from './uninstalled.ts';

export function registerLifecycle(app: App, rt: Runtime): void {
  registerUninstalled(app, rt);
}

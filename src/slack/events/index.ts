// Listeners for the app's own lifecycle in a workspace: uninstall, token revocation, and an
// org-wide install losing or regaining workspaces.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { registerTeamAccess } from './team-access.ts';
import { registerUninstalled } from './uninstalled.ts';

export function registerLifecycle(app: App, rt: Runtime): void {
  registerUninstalled(app, rt);
  registerTeamAccess(app, rt);
}

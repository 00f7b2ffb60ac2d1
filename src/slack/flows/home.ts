// Builds a member's App Home and publishes it: shared by the tab opening and its Refresh button.
import type { WebClient } from '@slack/web-api';
import { loadHome } from '../../data/home.ts';
import { cadenceSettings } from '../../domain/cadence.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { buildHomeView } from '../../views/home.ts';

export async function publishHome(rt: Runtime, client: WebClient, workspace: WorkspaceRow, userId: string): Promise<void> {
  const now = rt.now();
  const data = await loadHome(rt.db.pool, workspace.id, userId, now);
  const view = buildHomeView(data, { cadence: cadenceSettings(workspace), now });
  await client.views.publish({ user_id: userId, view: view as never });
}

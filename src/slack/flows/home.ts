// Builds a member's App Home and publishes it: shared by the tab opening, its Refresh button,
// and the clicks and forms from it that change what it lists.
import type { WebClient } from '@slack/web-api';
import { loadHome } from '../../data/home.ts';
import { cadenceSettings } from '../../domain/cadence.ts';
import { isValidTimezone } from '../../domain/clock.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { buildHomeView } from '../../views/home.ts';

export async function publishHome(rt: Runtime, client: WebClient, workspace: WorkspaceRow, userId: string): Promise<void> {
  const now = rt.now();
  const data = await loadHome(rt.db.pool, workspace.id, userId, now);
  // "today" and "yesterday" are the reader's calendar days, as on the account card
  const timeZone = data.member?.timezone && isValidTimezone(data.member.timezone) ? data.member.timezone : workspace.timezone;
  const view = buildHomeView(data, { cadence: cadenceSettings(workspace), now, timeZone });
  await client.views.publish({ user_id: userId, view: view as never });
}

/**
 * After a form opened from App Home was saved: Slack does not redraw the tab, so it is published
 * again to show what changed. Logged, never thrown: what the form saved stands.
 */
export async function republishHome(rt: Runtime, client: WebClient, workspace: WorkspaceRow, userId: string): Promise<void> {
  await publishHome(rt, client, workspace, userId).catch((err: Error) =>
    rt.log.info({ workspaceId: workspace.id, err: err.message }, 'could not re-publish App Home after a form from it'));
}

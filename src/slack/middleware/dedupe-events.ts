// Events API deliveries are retried by Slack (x-slack-retry-num) and may arrive more than
// once: each event_id is handled once per workspace, and counts as seen only once handled.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { claimSlackEvent, releaseSlackEvent } from '../../data/slack-events.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';

/**
 * Events API deliveries are retried by Slack (x-slack-retry-num) and may arrive more than
 * once: the first delivery of an event_id in a workspace is handled, later ones are dropped.
 */
export function dedupeEvents(rt: Runtime): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    const workspace = context.workspace as WorkspaceRow | undefined;
    if (typeof eventId !== 'string' || !workspace) return next();
    if (!(await claimSlackEvent(rt.db.pool, workspace.id, eventId))) {
      rt.log.debug({ eventId }, 'duplicate event delivery ignored');
      return;
    }
    try {
      await next();
    } catch (err) {
      // only a handled event counts as seen: a failed one stays free for Slack's retry
      await releaseSlackEvent(rt.db.pool, workspace.id, eventId).catch(() => {});
      throw err;
    }
  };
}

// Events API deliveries are retried by Slack (x-slack-retry-num) when an ack was slow or lost,
// so an event may arrive more than once: each event_id is handled once per workspace. Bolt acks
// an event before its listeners run, so Slack does not retry a failed handling by itself; the
// id is released on failure so that a delivery still to come (a retry of a slow ack) runs.
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
      // a failed handling does not count as seen: a later delivery of the event runs
      await releaseSlackEvent(rt.db.pool, workspace.id, eventId).catch(() => {});
      throw err;
    }
  };
}

// Resolves the workspace of every request (creating it with defaults on first contact) and
// puts it in the listener context; every query below is scoped by it.
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';

export type TendContext = { workspace: WorkspaceRow };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
    }),
  ]);
}

export function workspaceContext(rt: Runtime): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const teamId = context.teamId ?? context.enterpriseId;
    if (teamId) {
      try {
        // A Postgres that hangs (rather than refuses) must not hold the ack past Slack's deadline.
        context.workspace = await withTimeout(rt.workspaces.get(teamId, context.enterpriseId ?? null), 1_500);
      } catch (err) {
        // Listeners see no workspace and answer "temporarily unavailable" with the text echoed.
        rt.log.warn({ err: (err as Error).message, teamId }, 'could not load workspace');
      }
    }
    await next();
  };
}

/**
 * Events API deliveries are retried by Slack (x-slack-retry-num) and may arrive more than
 * once: the first delivery of an event_id in a workspace is handled, later ones are dropped.
 */
export function dedupeEvents(rt: Runtime): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    const workspace = context.workspace as WorkspaceRow | undefined;
    if (typeof eventId === 'string' && workspace) {
      const { rowCount } = await rt.db.pool.query(
        'insert into slack_event (workspace_id, event_id) values ($1, $2) on conflict do nothing',
        [workspace.id, eventId],
      );
      if (rowCount === 0) {
        rt.log.debug({ eventId }, 'duplicate event delivery ignored');
        return;
      }
    }
    await next();
  };
}

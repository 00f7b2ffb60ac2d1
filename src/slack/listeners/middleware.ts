// Resolves the workspace of every request (creating it with defaults on first contact) and
// puts it in the listener context; every query below is scoped by it.
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import { ensureWorkspace, type WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';

export type TendContext = { workspace: WorkspaceRow };

export function workspaceContext(rt: Runtime): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const teamId = context.teamId ?? context.enterpriseId;
    if (teamId) {
      try {
        context.workspace = await ensureWorkspace(rt.db.prisma, teamId, context.enterpriseId ?? null);
      } catch (err) {
        // Listeners see no workspace and answer "temporarily unavailable" with the text echoed.
        rt.log.warn({ err: (err as Error).message, teamId }, 'could not load workspace');
      }
    }
    await next();
  };
}

// An org-wide (Enterprise Grid) install loses or regains workspaces one by one:
// team_access_revoked names the workspaces it was removed from, which go inactive exactly as
// an uninstall does (scans and digests skip them; data stays), and team_access_granted brings
// them back. The rest of the org is untouched.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WorkspaceStatus } from '../../domain/vocabulary.ts';
import { setOrgTeamsStatus } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';

/** The `team_ids` of a team_access_* event, as Slack sends them; anything else yields none. */
export function teamIdsOf(event: unknown): string[] {
  const ids = (event as { team_ids?: unknown } | null)?.team_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && /^T[A-Z0-9]+$/.test(id)) : [];
}

async function setStatus(rt: Runtime, enterpriseId: string | undefined, event: unknown, status: WorkspaceStatus, what: string) {
  const teamIds = teamIdsOf(event);
  // Only org-ready apps get these events, always with the org's id.
  if (!enterpriseId || teamIds.length === 0) {
    rt.log.warn({ enterpriseId, teamIds }, `${what} without an enterprise or team ids; ignored`);
    return;
  }
  const changed = await setOrgTeamsStatus(rt.db.pool, enterpriseId, teamIds, status);
  for (const id of changed) rt.workspaces.forget(id);
  rt.log.info({ enterpriseId, teamIds, changed }, `${what}: workspaces ${status}`);
}

export function teamAccessRevoked(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'team_access_revoked'>> {
  return async ({ event, body, context }) => {
    await setStatus(rt, context.enterpriseId ?? (body as { enterprise_id?: string }).enterprise_id, event, 'inactive', 'org install lost access');
  };
}

export function teamAccessGranted(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'team_access_granted'>> {
  return async ({ event, body, context }) => {
    await setStatus(rt, context.enterpriseId ?? (body as { enterprise_id?: string }).enterprise_id, event, 'active', 'org install regained access');
  };
}

// Who is asking: the workspace the middleware resolved, the member (created on first
// contact), and their timezone, which is read from Slack only when a date needs it.
import type { webApi } from '@slack/bolt';
import { isValidTimezone } from '../../domain/clock.ts';
import { claimManagerIfNone, ensureMember, saveMemberProfile, type MemberRow } from '../../data/members.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';

export type Caller = {
  workspace: WorkspaceRow;
  member: MemberRow;
  client: webApi.WebClient;
  channelId?: string;
};

/** The workspace from the listener context; undefined when the database could not be reached. */
export function workspaceOf(context: Record<string, unknown>): WorkspaceRow | undefined {
  return context.workspace as WorkspaceRow | undefined;
}

export async function callerFor(rt: Runtime, workspace: WorkspaceRow, slackUserId: string, client: webApi.WebClient, channelId?: string): Promise<Caller> {
  const member = await ensureMember(rt.db.pool, workspace.id, slackUserId);
  return { workspace, member, client, ...(channelId ? { channelId } : {}) };
}

export const NEW_MANAGER_NOTE = 'You are the first to set Tend up here, so you are now its manager.';

/**
 * Whether the caller may change workspace-wide things (settings, the catalog): a manager, or
 * the first person to try on a new install, who becomes its manager ('new_manager').
 */
export async function managerRole(rt: Runtime, c: Caller): Promise<'manager' | 'new_manager' | 'rep'> {
  if (c.member.role === 'manager') return 'manager';
  return (await claimManagerIfNone(rt.db.pool, c.workspace.id, c.member.id)) === 'manager' ? 'new_manager' : 'rep';
}

/** The member's timezone as cached; else the workspace's (no Slack call). */
export function knownTimezone(c: Caller): string {
  return c.member.timezone ?? c.workspace.timezone;
}

/**
 * The member's own timezone: cached on the member row, else asked of Slack once (users.info)
 * and cached; the workspace's when Slack does not say or cannot be reached.
 */
export async function memberTimezone(rt: Runtime, c: Caller): Promise<string> {
  if (c.member.timezone) return c.member.timezone;
  try {
    const res = await c.client.users.info({ user: c.member.slackUserId });
    const tz = res.user?.tz;
    const name = res.user?.profile?.display_name || res.user?.real_name || res.user?.name || null;
    if (tz && isValidTimezone(tz)) {
      await saveMemberProfile(rt.db.pool, c.workspace.id, c.member.id, { timezone: tz, name });
      c.member = { ...c.member, timezone: tz, name: c.member.name ?? name };
      return tz;
    }
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'users.info failed; using the workspace timezone');
  }
  return c.workspace.timezone;
}

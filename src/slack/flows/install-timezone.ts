// After an OAuth install: the workspace takes the installer's own timezone (users.info with
// the new bot token) instead of staying on UTC, and the installer's member row keeps it.
// Runs once the success page is sent; a failure only leaves the workspace on its default.
import type { Installation, OrgInstallation } from '@slack/oauth';
import { isValidTimezone } from '../../domain/clock.ts';
import { ensureMember, saveMemberProfile } from '../../data/members.ts';
import { adoptWorkspaceTimezone, workspaceIdOfTeam } from '../../data/workspaces.ts';
import { createWebClient } from '../../delivery/slack.ts';
import type { Logger as SlackLogger } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';

export async function takeInstallerTimezone(rt: Runtime, logger: SlackLogger, installation: Installation | OrgInstallation): Promise<void> {
  const teamId = installation.team?.id;
  const userId = installation.user?.id;
  const token = installation.bot?.token;
  if (!teamId || !userId || !token) return;
  try {
    const workspaceId = await workspaceIdOfTeam(rt.db.pool, teamId);
    if (workspaceId === null) return;
    const res = await createWebClient(token, rt.config.slackApiUrl, logger).users.info({ user: userId });
    const tz = res.user?.tz;
    if (!tz || !isValidTimezone(tz)) return;
    const member = await ensureMember(rt.db.pool, workspaceId, userId);
    await saveMemberProfile(rt.db.pool, workspaceId, member.id, { timezone: tz });
    if (await adoptWorkspaceTimezone(rt.db.pool, workspaceId, tz, 'installer')) {
      rt.workspaces.forget(workspaceId);
      rt.log.info({ workspaceId, tz }, "workspace timezone taken from the installer's");
    }
  } catch (err) {
    rt.log.warn({ err: (err as Error).message }, "could not read the installer's timezone; the workspace keeps its own");
  }
}

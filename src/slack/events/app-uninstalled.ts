// Slack tells us the app was removed or its tokens revoked: the workspace goes inactive
// (its data stays; a reinstall brings it back), and scans and digests skip it.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { createInstallationStore } from '../../data/installations.ts';
import { deactivateTeam } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';

async function deactivate(rt: Runtime, teamId: string | undefined, enterpriseId: string | undefined, isEnterpriseInstall: boolean) {
  if (rt.config.encryptionKey) {
    await createInstallationStore(rt.db, rt.config.encryptionKey).revoke({ teamId, enterpriseId, isEnterpriseInstall });
  } else if (teamId) {
    for (const id of await deactivateTeam(rt.db.pool, teamId)) rt.workspaces.forget(id);
  }
  rt.log.info({ teamId, enterpriseId }, 'workspace deactivated (app uninstalled or tokens revoked)');
}

export function appUninstalled(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'app_uninstalled'>> {
  return async ({ body, context }) => {
    await deactivate(rt, context.teamId ?? body.team_id, context.enterpriseId, Boolean(context.isEnterpriseInstall));
  };
}

export function tokensRevoked(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'tokens_revoked'>> {
  return async ({ event, body, context }) => {
    // Only the bot token matters to Tend; a user token revocation changes nothing.
    if ((event.tokens.bot ?? []).length === 0) return;
    await deactivate(rt, context.teamId ?? body.team_id, context.enterpriseId, Boolean(context.isEnterpriseInstall));
  };
}

// Single-token mode (SLACK_BOT_TOKEN, no OAuth) serves the one Slack team its token belongs to.
// auth.test says which (at boot, then remembered); a signed request from any other team is
// refused before anything is written, so nobody can conjure a workspace (and its manager) by
// sending a team id Tend has no token for.
import { WebClient, type Logger as SlackLogger } from '@slack/web-api';
import { slackErrorCode } from '../../domain/slack-errors.ts';

export type OwnTeam = { teamId: string; enterpriseId: string | null; isEnterpriseInstall: boolean; botId?: string; botUserId?: string };

/** Errors that mean the token itself is wrong: no point retrying, the operator must fix it. */
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

export class BadBotTokenError extends Error {}

/**
 * The team of a bot token, asked of Slack once per process. A failed call is forgotten so the
 * next caller tries again (Slack may be briefly unreachable at boot); a refused token throws
 * BadBotTokenError, naming the variable to fix.
 */
export function ownTeamOf(botToken: string, slackApiUrl: string, logger: SlackLogger): () => Promise<OwnTeam> {
  // one call, answered or failed at once: the caller decides when to try again
  const client = new WebClient(botToken, { slackApiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logger });
  let known: Promise<OwnTeam> | undefined;
  return () => {
    known ??= client.auth.test().then(
      (r) => {
        if (!r.team_id) throw new Error('auth.test answered without a team_id');
        return {
          teamId: r.team_id,
          enterpriseId: (r.enterprise_id as string | undefined) || null,
          isEnterpriseInstall: Boolean(r.is_enterprise_install),
          botId: r.bot_id as string | undefined,
          botUserId: r.user_id,
        };
      },
      (err: unknown) => {
        known = undefined;
        const code = slackErrorCode(err);
        if (code && BAD_TOKEN.has(code)) {
          throw new BadBotTokenError(`SLACK_BOT_TOKEN was refused by Slack (${code}): copy the Bot User OAuth Token (xoxb-…) again from your Slack app's OAuth & Permissions page`);
        }
        throw err;
      },
    );
    return known;
  };
}

/** Whether a request from this team (or org) is for the team the token serves. */
export function servesTeam(own: OwnTeam, teamId: string | undefined, enterpriseId: string | undefined): boolean {
  if (teamId !== undefined && teamId === own.teamId) return true;
  // an org-wide token speaks for every workspace of its org
  return own.isEnterpriseInstall && own.enterpriseId !== null && enterpriseId === own.enterpriseId;
}

// What a Slack user object (users.info's answer, a user_change event's user) tells Tend: whether
// the person is of this workspace's own organisation, and the names to keep. Pure.
import { SLACKBOT_USER_ID } from './slack-ids.ts';

export type SlackUserFacts = {
  is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; deleted?: boolean; is_bot?: boolean;
  team_id?: string; enterprise_user?: { enterprise_id?: string };
  name?: string; real_name?: string; profile?: { display_name?: string; real_name?: string };
};
export type Home = { teamId: string; enterpriseId: string | null };

/**
 * A Slack user of this workspace's own team (or its Enterprise Grid org), not a person of another
 * organisation met in a shared (Slack Connect) channel, whose standing at home says nothing here.
 */
export function belongsHere(user: SlackUserFacts | undefined, home: Home): boolean {
  return user?.team_id === home.teamId || (home.enterpriseId !== null && user?.enterprise_user?.enterprise_id === home.enterpriseId);
}

/**
 * A person who acts for this workspace's team: of its own organisation (belongsHere), not a bot
 * or app (another app's auto-reactions), nor Slackbot, nor deactivated.
 */
export function actsForTeam(userId: string, user: SlackUserFacts | undefined, home: Home): boolean {
  return userId !== SLACKBOT_USER_ID && !user?.is_bot && !user?.deleted && belongsHere(user, home);
}

/**
 * The names to keep: the display name people see (else the full one, else the handle), and the
 * full name a CRM writes for an owner; '' when Slack has none, so it is known to have been asked.
 */
export function namesOf(user: SlackUserFacts | undefined): { name: string | null; realName: string } {
  const realName = user?.real_name || user?.profile?.real_name || '';
  return { name: user?.profile?.display_name || realName || user?.name || null, realName };
}

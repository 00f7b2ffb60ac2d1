// What `/tend managers` shows and says, and the refusal a rep sees when they try a manager's
// verb: who the managers are and how to get the role. User ids become mentions only when they
// look like Slack's; anything else (an imported id, say) is escaped text.
import { USER_ID } from '../domain/slack-ids.ts';
import { escapeTruncate } from '../domain/text.ts';
import type { ManagerVia, SlackMessage } from '../domain/vocabulary.ts';

export type ManagerEntry = { slackUserId: string; via: ManagerVia | null; addedBy: string | null };

/** A Slack mention for a user id, or the id escaped when it is not one Slack would send. */
export function mention(userId: string): string {
  return USER_ID.test(userId) ? `<@${userId}>` : escapeTruncate(userId, 40);
}

const WHY: Record<ManagerVia, (e: ManagerEntry) => string> = {
  installer: () => 'installed Tend',
  slack_admin: () => 'Slack workspace admin or owner',
  added_by: (e) => (e.addedBy ? `added by ${mention(e.addedBy)}` : 'added by a manager'),
};

const HOW_TO_GET = 'Managers are whoever installed Tend, admins and owners of this Slack workspace, and anyone a manager adds with `/tend managers add @someone`.';

const section = (text: string): SlackMessage['blocks'][number] => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): SlackMessage['blocks'][number] => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** Managers named in one message at most: a large org's list would pass a section's 3,000 characters (~60 lines). */
export const MANAGERS_LISTED = 40;

/** "…and 12 more" after the first MANAGERS_LISTED, or nothing. */
const more = (n: number) => (n > MANAGERS_LISTED ? ` …and ${(n - MANAGERS_LISTED).toLocaleString('en-US')} more` : '');

function whoManages(managers: readonly ManagerEntry[], installers: readonly string[]): string {
  if (managers.length > 0) return `Managers here: ${managers.slice(0, MANAGERS_LISTED).map((m) => mention(m.slackUserId)).join(', ')}${more(managers.length)}.`;
  const installer = installers.length > 0 ? ` (${installers.map(mention).join(', ')} installed it)` : '';
  return `Tend has no managers here yet. Whoever installed it${installer}, or an admin or owner of this Slack workspace, becomes one by running \`/tend settings\`.`;
}

/** `/tend managers`: each manager and why they are one. */
export function buildManagerList(managers: readonly ManagerEntry[], installers: readonly string[]): SlackMessage {
  if (managers.length === 0) {
    const text = whoManages(managers, installers);
    return { text, blocks: [section(text), context(HOW_TO_GET)] };
  }
  const lines = managers.slice(0, MANAGERS_LISTED).map((m) => `• ${mention(m.slackUserId)} — ${m.via ? WHY[m.via](m) : 'manager'}`);
  if (managers.length > MANAGERS_LISTED) lines.push(`_${more(managers.length).trim()}_`);
  return {
    text: `Tend managers: ${managers.length}`,
    blocks: [section(`*Tend managers* (${managers.length})\n${lines.join('\n')}`), context(HOW_TO_GET)],
  };
}

/** A rep tried a manager's verb (`action`: "change Tend's settings"). */
export function buildManagersOnly(action: string, managers: readonly ManagerEntry[], installers: readonly string[]): SlackMessage {
  const ask = managers.length > 0 ? ' Ask one of them to add you with `/tend managers add @you`.' : '';
  const text = `:lock: Only managers can ${action}. ${whoManages(managers, installers)}${ask}`;
  return { text: text.replace(/[*`]/g, '').replace(/^:lock: /, ''), blocks: [section(text)] };
}

/** Slack could not be asked whether the caller is a workspace admin. */
export function buildRoleCheckFailed(action: string): SlackMessage {
  const text = `:warning: Only managers can ${action}, and I couldn't ask Slack whether you are a workspace admin just now. Try again in a minute.`;
  return { text: text.replace(/^:warning: /, ''), blocks: [section(text)] };
}

/** The note added when someone became a manager just now. */
export function newManagerNote(via: Exclude<ManagerVia, 'added_by'>): string {
  return via === 'installer' ? 'You installed Tend here, so you are one of its managers.' : 'You are an admin or owner of this Slack workspace, so you are one of Tend\'s managers.';
}

export type ManagerChange = 'added' | 'already' | 'removed' | 'not_manager' | 'last' | 'not_a_person' | 'guest' | 'unchecked';

/** The answer to `/tend managers add|remove @someone`. */
export function buildManagerChange(change: ManagerChange, userId: string): SlackMessage {
  const who = mention(userId);
  const text = {
    added: `:white_check_mark: ${who} is now a Tend manager.`,
    already: `${who} is already a Tend manager.`,
    removed: `${who} is no longer a Tend manager. Only a manager can give the role back.`,
    not_manager: `${who} is not a Tend manager, so there is nothing to remove.`,
    last: `:warning: ${who} is the last Tend manager here, so the role stays. Add someone else first (\`/tend managers add @someone\`).`,
    not_a_person: `:warning: ${who} is not a person in this Slack workspace (a bot, a deactivated account, or someone I can't find), so they can't manage Tend.`,
    unchecked: `:warning: Slack didn't answer who ${who} is just now, so nobody was added. Try again in a minute.`,
    guest: `:warning: ${who} is a guest in this Slack workspace, so they can't manage Tend (managers see every rep's figures). A Slack admin can make them a full member first.`,
  }[change];
  return { text: text.replace(/:[a-z_]+: /, '').replace(/[*`]/g, ''), blocks: [section(text)] };
}

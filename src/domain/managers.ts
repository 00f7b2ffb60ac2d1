// Who manages Tend in a workspace, and the `/tend managers` verbs. Managers are the person who
// installed the app, Slack workspace admins and owners, and anyone a manager adds. Pure: the
// Slack lookups and the writes are the caller's; this decides what they mean.
import { USER_ID_PART } from './slack-ids.ts';
import type { CommandError, ManagerVia, MemberRole } from './vocabulary.ts';
import { belongsHere, type Home, type SlackUserFacts } from './slack-users.ts';
import { trimEndWhere } from './text.ts';

const SENTENCE_END = /[.!?,;:]/;

/** What the member row remembers about the role. */
export type RoleFacts = {
  role: MemberRole;
  managerVia: ManagerVia | null;
  /** set when a manager removed them: being a Slack admin alone no longer makes them one */
  managerRemovedBy: string | null;
  slackAdmin: boolean | null;
  slackAdminCheckedAt: Date | null;
};

/**
 * How long a users.info answer about admin status is trusted. Long enough that a rep trying a
 * manager verb does not cost a Slack call each time; short enough that a demoted Slack admin
 * stops being a manager within a day.
 */
export const SLACK_ADMIN_FRESH_MS = 24 * 60 * 60 * 1000;

/**
 * users.info's answer: an admin, an owner or the primary owner, of this Slack workspace's own
 * team (or its org). A Slack Connect partner can click Tend's buttons in a shared channel, and
 * may be an admin at home: not here.
 */
export function isSlackAdmin(user: SlackUserFacts | undefined, home: Home): boolean {
  return belongsHere(user, home) && !user?.deleted && Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
}

export type RoleDecision =
  /** a manager; nothing to change */
  | { kind: 'manager' }
  /** becomes a manager now, for this reason */
  | { kind: 'grant'; via: Exclude<ManagerVia, 'added_by'> }
  /** was a manager only as a Slack admin, and Slack no longer says so */
  | { kind: 'revoke' }
  /** Slack must be asked (users.info) before deciding; decide again with its answer */
  | { kind: 'ask_slack' }
  | { kind: 'rep' };

/**
 * Whether a member may do a manager-only thing. `isInstaller`: they installed the app here.
 * `slackAdmin`: a fresh users.info answer, when the caller has one.
 */
export function decideRole(m: RoleFacts, now: Date, o: { isInstaller: boolean; slackAdmin?: boolean }): RoleDecision {
  const fresh = m.slackAdminCheckedAt !== null && now.getTime() - m.slackAdminCheckedAt.getTime() < SLACK_ADMIN_FRESH_MS;
  const admin = o.slackAdmin ?? (fresh ? m.slackAdmin : null);
  if (m.role === 'manager') {
    if (m.managerVia !== 'slack_admin') return { kind: 'manager' };
    if (admin === null) return { kind: 'ask_slack' };
    return admin ? { kind: 'manager' } : { kind: 'revoke' };
  }
  // A manager took the role away: only another manager gives it back.
  if (m.managerRemovedBy !== null) return { kind: 'rep' };
  if (o.isInstaller) return { kind: 'grant', via: 'installer' };
  if (admin === null) return { kind: 'ask_slack' };
  return admin ? { kind: 'grant', via: 'slack_admin' } : { kind: 'rep' };
}

export type ManagersCommand = { verb: 'list' } | { verb: 'add' | 'remove'; userId: string };
export type ManagersParse = { ok: true; value: ManagersCommand } | { ok: false; error: CommandError };

export const MANAGERS_EXAMPLES = { list: '/tend managers', add: '/tend managers add @dana', remove: '/tend managers remove @dana' } as const;

export const MANAGERS_HELP = [
  '• `/tend managers` — who manages Tend here: whoever installed it, Slack workspace admins and owners, and anyone a manager adds.',
  `• \`/tend managers add @someone\` / \`/tend managers remove @someone\` — give or take the role (managers). \`${MANAGERS_EXAMPLES.add}\``,
].join('\n');

// Slack sends a mention as <@U123> or <@U123|name> (the name part is optional and untrusted).
const MENTION = new RegExp(`^<@(${USER_ID_PART})(?:\\|[^>]*)?>$`);

/** `/tend managers [add|remove <@user>]`; null when the text is not a managers verb. */
export function parseManagersCommand(text: string): ManagersParse | null {
  // a sentence's end ("managers add @bob.") is not part of the verb or the mention
  const m = /^\s*managers?(?:\s+(\S+)(?:\s+([\s\S]*))?)?$/i.exec(trimEndWhere(text.trim(), SENTENCE_END));
  if (!m) return null;
  const verb = m[1] === undefined ? undefined : trimEndWhere(m[1].toLowerCase(), SENTENCE_END);
  const rest = (m[2] ?? '').trim();
  if (verb === undefined || (verb === 'list' && rest === '')) return { ok: true, value: { verb: 'list' } };
  if (verb !== 'add' && verb !== 'remove') {
    return { ok: false, error: { code: 'managers_verb', message: 'Managers: say `add @someone` or `remove @someone`, or nothing to see the list.', example: MANAGERS_EXAMPLES.add } };
  }
  const example = verb === 'add' ? MANAGERS_EXAMPLES.add : MANAGERS_EXAMPLES.remove;
  if (rest === '') return { ok: false, error: { code: 'managers_user', message: `Name the person to ${verb}, as an @mention.`, example } };
  const mention = MENTION.exec(rest);
  if (!mention) {
    return { ok: false, error: { code: 'managers_user', message: `I couldn't read "${rest.slice(0, 60)}" as one person. Pick them from the @ menu so Slack sends a mention.`, example } };
  }
  return { ok: true, value: { verb, userId: mention[1]! } };
}

// Short answers to /account changes: what changed and what to do next. Pure; names escaped,
// and cut with truncate (never inside an emoji).
import { formatMoney } from '../domain/money.ts';
import { escapeMrkdwn, escapeTruncate, mrkdwnFallback, truncate } from '../domain/text.ts';
import type { SlackMessage } from '../domain/vocabulary.ts';
import { plural } from '../domain/words.ts';
import { USER_ID } from '../domain/slack-ids.ts';

function message(text: string, next?: string): SlackMessage {
  const blocks: SlackMessage['blocks'] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (next) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: next }] });
  return { text: mrkdwnFallback(text), blocks };
}

const n = (s: string, max = 150) => `*${escapeTruncate(s, max)}*`;
const code = (s: string) => '`' + escapeMrkdwn(s.replace(/`/g, "'")) + '`';

export function buildAccountAdded(a: { name: string; aliases: string[]; ownerSlackUserId?: string | null; segment?: string | null }): SlackMessage {
  const aka = a.aliases.length ? ` (also known as ${a.aliases.slice(0, 10).map((x) => escapeTruncate(x, 60)).join(', ')})` : '';
  const owner = a.ownerSlackUserId ? `, owned by <@${a.ownerSlackUserId}>` : '';
  const segment = a.segment ? `, segment ${escapeTruncate(a.segment, 60)}` : '';
  return message(
    `:white_check_mark: Added ${n(a.name)}${aka}${owner}${segment}.`,
    `Next: record what they hold with ${code(`/account ${truncate(a.name, 60)} +<product> <price>/mo`)}, or log a touch with ${code(`/log ${truncate(a.name, 60)}: …`)}`,
  );
}

/** The name is another account's; `renaming` names the account that keeps its name. */
export function buildNameTaken(typed: string, existing: string, asAlias: boolean, renaming?: string): SlackMessage {
  const outcome = renaming ? `so ${n(renaming)} keeps its name` : 'so nothing was added';
  return message(
    `:warning: ${n(typed)} is already ${asAlias ? `an alias of ${n(existing)}` : `the account ${n(existing)}`}, ${outcome}.`,
    `See it with ${code(`/account ${truncate(existing, 60)}`)}; pick another name or alias if it is a different company.`,
  );
}

export function buildHoldingSaved(h: { account: string; product: string; cents: number; previousCents: number | null; created: boolean }): SlackMessage {
  if (h.created) {
    return message(`:white_check_mark: ${n(h.account)} now holds ${n(h.product, 100)} at ${formatMoney(h.cents)}.`, 'Products per customer just went up. Keep the relationship warm with a give.');
  }
  if (h.previousCents === h.cents) return message(`:ballot_box_with_check: ${n(h.account)} already holds ${n(h.product, 100)} at ${formatMoney(h.cents)}; nothing changed.`);
  return message(`:white_check_mark: ${n(h.account)} holds ${n(h.product, 100)}: value changed from ${formatMoney(h.previousCents ?? 0)} to ${formatMoney(h.cents)}.`);
}

export function buildHoldingEnded(h: { account: string; product: string; ended: number }): SlackMessage {
  if (h.ended === 0) return message(`:information_source: ${n(h.account)} doesn't hold ${n(h.product, 100)} right now, so nothing changed.`, `See what they hold with ${code(`/account ${truncate(h.account, 60)}`)}`);
  return message(`:white_check_mark: ${n(h.account)} no longer holds ${n(h.product, 100)}.`, 'A lost product is a churn signal: a give-first touch soon helps keep the rest.');
}

export function buildUnknownProduct(typed: string, catalog: { names: string[]; total: number }, example: string): SlackMessage {
  const list = catalog.names.length
    ? `Your products: ${catalog.names.map((x) => escapeTruncate(x, 60)).join(', ')}${catalog.total > catalog.names.length ? `, and ${catalog.total - catalog.names.length} more` : ''}.`
    : 'Your workspace has no products in its catalog yet; a manager adds them with `/tend product add <name>`.';
  return message(`:warning: I don't know a product called ${n(typed, 100)}. ${list}`, `Try: ${code(example)}`);
}

export function buildAmbiguousProduct(typed: string, names: string[], example: string): SlackMessage {
  return message(
    `:warning: ${n(typed, 100)} could be ${names.map((x) => n(x, 60)).join(', ')}. Type more of the product name.`,
    `Try: ${code(example)}`,
  );
}

export function buildRenamed(oldName: string, newName: string): SlackMessage {
  // the same name, exactly: nothing to do, and saying "renamed" would be wrong
  if (oldName === newName) return message(`:ballot_box_with_check: ${n(oldName)} is already called that, so nothing changed.`);
  // only the letters' case changed: the name is new, but there is no old name to keep
  if (oldName.toLowerCase() === newName.toLowerCase()) return message(`:white_check_mark: Renamed ${n(oldName)} to ${n(newName)}.`);
  return message(`:white_check_mark: Renamed ${n(oldName)} to ${n(newName)}.`, `The old name still finds it: it is kept as an alias.`);
}

/**
 * `moves`: how many waiting nudges went with the account, how many posted ones were retired,
 * and how many were withdrawn while being posted to the old owner or after their post failed
 * (retired too, with no message of theirs to edit yet).
 */
export function buildOwnerSet(
  account: string, ownerSlackUserId: string, moves: { moved: number; retired: number; withdrawn?: number } = { moved: 0, retired: 0 },
): SlackMessage {
  const said: string[] = [];
  const withdrawn = moves.withdrawn ?? 0;
  if (moves.moved > 0) said.push(`${plural(moves.moved, 'waiting nudge')} went with it`);
  if (moves.retired > 0) said.push(`${plural(moves.retired, 'posted nudge')} now ${moves.retired === 1 ? 'says' : 'say'} it moved`);
  if (withdrawn > 0) said.push(`${plural(withdrawn, 'nudge')} not yet delivered to the old owner ${withdrawn === 1 ? 'was' : 'were'} withdrawn`);
  const next = said.length > 0 ? `${said.join('; ')}. New nudges about it go to them.` : 'New nudges about it go to them.';
  return message(`:white_check_mark: <@${ownerSlackUserId}> now owns ${n(account)}.`, next.charAt(0).toUpperCase() + next.slice(1));
}

/** An owner Slack deactivated (they left the company): they can own nothing. */
export function buildOwnerLeft(userId: string, example: string): SlackMessage {
  return message(`:warning: <@${userId}> has left this Slack workspace (their account is deactivated), so they can't own accounts. Pick someone still here.`, `Try: ${code(example)}`);
}

export function buildOwnerNotPerson(userId: string, example: string): SlackMessage {
  const who = USER_ID.test(userId) ? `<@${userId}>` : 'They';
  return message(`:warning: ${who} is not a person in this Slack workspace (a bot, someone from another organisation, or someone I can't find), so they can't own accounts.`, `Try: ${code(example)}`);
}

export function buildUnknownUser(typed: string, example: string): SlackMessage {
  return message(`:warning: I don't know who ${n(typed, 80)} is yet. Mention them so Slack fills in who you mean (type \`@\` and pick from the list), or write \`me\`.`, `Try: ${code(example)}`);
}

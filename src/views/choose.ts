// When a typed name matches several accounts (choose one) or none (create it?).
// Button values carry JSON { accountId | name, ref? }; `ref` is the caller's short key for the
// pending work (e.g. a stored /log text), never the text itself: a value holds 2,000 chars.
import type { types } from '@slack/bolt';
import { MAX_NAME_LENGTH } from '../domain/account-command.ts';
import { escapeMrkdwn, escapeTruncate, nameKey, truncate } from '../domain/text.ts';
import { ACTIONS, BLOCKS, chooseAccountActionId, isRowId } from './ids.ts';
import type { SlackMessage } from '../domain/vocabulary.ts';

export type ChooseItem = { id: number; name: string; /** e.g. owner or segment, shown small */ hint?: string };

export type ChoiceValue = { accountId: number; ref?: string } | { name: string; ref?: string };

/** Longest `ref` a button can carry (leaves room for the name and JSON). */
export const MAX_REF_LENGTH = 1000;
/** Slack shows at most this many choose buttons (matchName returns at most 5). */
export const MAX_CHOICES = 5;

function checkRef(ref: string | undefined): void {
  if (ref !== undefined && ref.length > MAX_REF_LENGTH) {
    throw new RangeError(`choose: ref is ${ref.length} chars, max ${MAX_REF_LENGTH}; store the pending text and pass its key`);
  }
}

/** The value of a choose / create button. */
export function encodeChoice(choice: ChoiceValue): string {
  checkRef(choice.ref);
  if ('accountId' in choice) return JSON.stringify(choice.ref === undefined ? { accountId: choice.accountId } : choice);
  const name = truncate(choice.name, MAX_NAME_LENGTH);
  return JSON.stringify(choice.ref === undefined ? { name } : { name, ref: choice.ref });
}

/**
 * Read a button value back; null when it is not one of ours. Only its shape is checked: a
 * value can be forged, so a name is checked where an account is made from it (parseAccountName),
 * which answers a bad one instead of ignoring the click.
 */
export function decodeChoice(value: string | undefined): ChoiceValue | null {
  if (!value) return null;
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const ref = typeof o.ref === 'string' ? o.ref : undefined;
  const base = ref === undefined ? {} : { ref };
  if (isRowId(o.accountId)) return { accountId: o.accountId, ...base };
  if (typeof o.name === 'string') return { name: o.name, ...base };
  return null;
}

function quoted(s: string, max: number): string {
  return `“${escapeTruncate(s.replace(/\s+/g, ' ').trim(), max)}”`;
}

function createButton(name: string, ref: string | undefined): types.Button {
  return {
    type: 'button',
    action_id: ACTIONS.createAccount,
    text: { type: 'plain_text', text: `Create “${truncate(name.replace(/\s+/g, ' ').trim(), 60)}”` },
    value: encodeChoice({ name, ...(ref === undefined ? {} : { ref }) }),
  };
}

/** True when `name` could be created as an account (has letters/digits, not too long). */
function creatable(name: string): boolean {
  return !!nameKey(name) && name.length <= MAX_NAME_LENGTH;
}

/**
 * Several accounts match `query`: one button per account (action_id `choose_account:<id>`),
 * plus "Create …" when `allowCreate`. `total` > items.length adds a "type more" hint.
 */
export function buildChooseAccount(opts: { query: string; items: readonly ChooseItem[]; total?: number; ref?: string; allowCreate?: boolean }): SlackMessage {
  checkRef(opts.ref);
  const items = opts.items.slice(0, MAX_CHOICES);
  const buttons: types.Button[] = items.map((item) => ({
    type: 'button',
    action_id: chooseAccountActionId(item.id),
    text: { type: 'plain_text', text: truncate(item.name.replace(/\s+/g, ' ').trim() || `Account ${item.id}`, 75) },
    value: encodeChoice({ accountId: item.id, ...(opts.ref === undefined ? {} : { ref: opts.ref }) }),
  }));
  if (opts.allowCreate && creatable(opts.query)) buttons.push(createButton(opts.query, opts.ref));
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `Which account did you mean by ${quoted(opts.query, 200)}?` } },
  ];
  const hints = items.filter((i) => i.hint).map((i) => `*${escapeTruncate(i.name, 80)}*: ${escapeTruncate(i.hint!, 80)}`);
  if (hints.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: hints.join(' · ') }] });
  if (buttons.length) blocks.push({ type: 'actions', block_id: BLOCKS.chooseActions, elements: buttons });
  const total = opts.total ?? opts.items.length;
  if (total > items.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Showing ${items.length} of ${total.toLocaleString('en-US')} matches — type more of the name to narrow it down.` }],
    });
  }
  return { text: `Which account did you mean by ${quoted(opts.query, 200)}?`, blocks };
}

/** Nothing matches `query`: say so, and offer to create it when the name is usable. */
export function buildUnknownAccount(opts: { query: string; ref?: string; canCreate?: boolean }): SlackMessage {
  checkRef(opts.ref);
  const canCreate = (opts.canCreate ?? true) && creatable(opts.query);
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `I don't know an account called ${quoted(opts.query, 200)}.${canCreate ? ' Create it?' : ''}` } },
  ];
  if (canCreate) blocks.push({ type: 'actions', block_id: BLOCKS.chooseActions, elements: [createButton(opts.query, opts.ref)] });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: escapeMrkdwn('Or check the spelling: names match ignoring case and accents, by alias, or by their start. `/account add <name> aka <alias>` adds one.') }],
  });
  return { text: `I don't know an account called ${quoted(opts.query, 200)}.`, blocks };
}

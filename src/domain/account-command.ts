// The `/account` grammar: pure parsing into verbs. Resolving names to rows is the caller's job.
import { commandTextLimit, tooLongText } from './input-limits.ts';
import { splitTrailingPrice } from './money.ts';
import { USER_ID_PART } from './slack-ids.ts';
import { cleanInput, nameKey, trimEndWhere, truncate, unquote } from './text.ts';
import type { CommandError } from './vocabulary.ts';

/** Who: a Slack user (from a mention), a typed name to look up, or the person typing ("me"). */
export type UserRef = { userId: string } | { name: string } | { self: true };

export type AccountCommand =
  | { verb: 'help' }
  | { verb: 'show'; accountText: string }
  | { verb: 'add'; name: string; aliases: string[]; owner?: UserRef; segment?: string }
  | { verb: 'holding_add'; accountText: string; productText: string; cents: number }
  | { verb: 'holding_remove'; accountText: string; productText: string }
  | { verb: 'rename'; accountText: string; newName: string }
  | { verb: 'set_owner'; accountText: string; owner: UserRef };

export type AccountErrorCode =
  | 'too_long'
  | 'missing_name'
  | 'bad_name'
  | 'name_too_long'
  | 'too_many_aliases'
  | 'missing_product'
  | 'missing_price'
  | 'bad_price'
  | 'missing_new_name'
  | 'same_name'
  | 'missing_user';

export type AccountParse =
  | { ok: true; value: AccountCommand }
  | { ok: false; error: CommandError & { code: AccountErrorCode } };

export const MAX_NAME_LENGTH = 150;
export const MAX_ALIASES = 20;
export const MAX_SEGMENT_LENGTH = 60;

export const ACCOUNT_EXAMPLES = {
  show: '/account Acme',
  add: '/account add Acme Corporation aka Acme, ACME Inc owner @maria segment enterprise',
  holdingAdd: '/account Acme +Reporting 1,200/mo',
  holdingRemove: '/account Acme -Reporting',
  rename: '/account rename Acme to Acme Corporation',
  owner: '/account owner Acme @maria',
} as const;

export const ACCOUNT_HELP = [
  '*`/account <name>`* or *`/account show <name>`* — the account card. `' + ACCOUNT_EXAMPLES.show + '`',
  '*`/account add <name> [aka <alias>, <alias>] [owner @someone] [segment <segment>]`* — `' + ACCOUNT_EXAMPLES.add + '`',
  '*`/account <name> +<product> <price>`* — they now hold a product; price per month, or per year with `/yr`. `' + ACCOUNT_EXAMPLES.holdingAdd + '`',
  '*`/account <name> -<product>`* — they stopped holding it. `' + ACCOUNT_EXAMPLES.holdingRemove + '`',
  '*`/account rename <old> to <new>`* — `' + ACCOUNT_EXAMPLES.rename + '`',
  '*`/account owner <name> @someone`* (or `me`) — `' + ACCOUNT_EXAMPLES.owner + '`',
  'Names match ignoring case and accents, by alias, or by an unambiguous start ("acme" finds "Acme Corporation"). Put a name in quotes if it contains a keyword: `/account add "Owner Bank"`.',
].join('\n');

type AccountError = CommandError & { code: AccountErrorCode };
function err(code: AccountErrorCode, message: string, example: string): { ok: false; error: AccountError } {
  return { ok: false, error: { code, message, example } };
}

const MENTION = new RegExp(`^<@(${USER_ID_PART})(?:\\|[^<>]*)?>$`);

/** `<@U123|name>` / `<@U123>` → user id; `me` → self; `@maria` / `maria` → a name to look up. */
export function parseUserRef(text: string): UserRef | null {
  const s = cleanInput(text);
  const m = MENTION.exec(s);
  if (m) return { userId: m[1]! };
  if (/^(me|myself)$/i.test(s)) return { self: true };
  const name = s.replace(/^@/, '').trim();
  if (!nameKey(name) || name.length > 80 || /[<>]/.test(name)) return null;
  return { name };
}

/** Validate a display name; returns an error or null. */
function checkName(name: string, example: string): { ok: false; error: AccountError } | null {
  if (!name) return err('missing_name', 'Which account? Add its name.', example);
  if (name.length > MAX_NAME_LENGTH) {
    return err('name_too_long', `That name is ${name.length.toLocaleString('en-US')} characters; keep it under ${MAX_NAME_LENGTH}.`, example);
  }
  if (!nameKey(name)) return err('bad_name', `"${truncate(name, 40)}" has no letters or digits to find it by.`, example);
  return null;
}

/** Text as every `/account` rule reads it: cleaned (cleanInput), each run of whitespace one space. */
const normalised = (s: string) => cleanInput(s).replace(/\s+/g, ' ');

/**
 * The name of an account to create, cleaned and checked: the one rule for `/account add` and
 * for anything else that creates an account from a name (the "Create" button carries one in
 * its value, which a forged request can set to anything). Never throws.
 */
export function parseAccountName(text: string, example: string = ACCOUNT_EXAMPLES.add): { ok: true; value: string } | { ok: false; error: AccountError } {
  const name = trimEndWhere(normalised(text), /[\s,;]/);
  return checkName(name, example) ?? { ok: true, value: name };
}

/** Split a leading quoted name off: `"Owner Bank" segment x` → ['Owner Bank', ' segment x']. */
function leadingQuoted(s: string): [string, string] | null {
  const m = /^\s*["“]([^"“”]*)["”](.*)$/.exec(s);
  return m ? [m[1]!.trim(), m[2]!] : null;
}

/**
 * `v` split on the commas outside straight or curly double quotes: `"Globex, Inc", GX` →
 * ['"Globex, Inc"', ' GX']. One pass; an unclosed quote runs to the end.
 */
function splitOutsideQuotes(v: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let close = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (close) {
      if (c === close || (close === '”' && c === '"')) close = '';
    } else if (c === '"' || c === '“' || c === '”') close = c === '“' ? '”' : c;
    else if (c === ',') {
      parts.push(v.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(v.slice(start));
  return parts;
}

function parseAdd(rest: string): AccountParse {
  const ex = ACCOUNT_EXAMPLES.add;
  let name: string;
  let clauses: string;
  const quoted = leadingQuoted(rest);
  if (quoted) {
    [name, clauses] = quoted;
  } else {
    // the first keyword after at least one word of name ends the name
    const k = /\s(aka|owner|segment)(?=\s|$)/i.exec(rest);
    name = (k ? rest.slice(0, k.index) : rest).trim();
    clauses = k ? rest.slice(k.index) : '';
  }
  const named = parseAccountName(name, ex);
  if (!named.ok) return named;
  name = named.value;

  const value: Extract<AccountCommand, { verb: 'add' }> = { verb: 'add', name, aliases: [] };
  // keys in a set: comparing each alias with every earlier one was quadratic in their number
  const keys = new Set([nameKey(name)]);
  const parts = clauses.split(/(?:^|\s)(aka|owner|segment)(?=\s|$)/i);
  // parts: [before, kw, value, kw, value, …]
  for (let i = 1; i < parts.length; i += 2) {
    const kw = parts[i]!.toLowerCase();
    const v = (parts[i + 1] ?? '').trim();
    if (kw === 'aka') {
      const typed = splitOutsideQuotes(v);
      // far more names than an account can have: say so before reading each one
      if (typed.length > 5 * MAX_ALIASES) {
        return err('too_many_aliases', `That's ${typed.length.toLocaleString('en-US')} aliases; ${MAX_ALIASES} is the most an account can have.`, ex);
      }
      for (const raw of typed) {
        const alias = unquote(raw);
        if (!alias) continue;
        const aliasBad = checkName(alias, ex);
        if (aliasBad) return aliasBad;
        const key = nameKey(alias);
        if (keys.has(key)) continue;
        keys.add(key);
        value.aliases.push(alias);
      }
      if (value.aliases.length > MAX_ALIASES) {
        return err('too_many_aliases', `That's ${value.aliases.length} aliases; ${MAX_ALIASES} is the most an account can have.`, ex);
      }
    } else if (kw === 'owner') {
      const owner = parseUserRef(v);
      if (!owner) return err('missing_user', 'After `owner`, mention someone (`@maria`) or write `me`.', ex);
      value.owner = owner;
    } else {
      const segment = unquote(v);
      if (!nameKey(segment)) return err('missing_name', 'After `segment`, name the segment, e.g. `segment enterprise`.', ex);
      value.segment = truncate(segment, MAX_SEGMENT_LENGTH);
    }
  }
  return { ok: true, value };
}

function parseRename(rest: string): AccountParse {
  const ex = ACCOUNT_EXAMPLES.rename;
  let sep = /\s*(?:→|->)\s*/.exec(rest);
  if (!sep) {
    // the last " to " splits: "rename Back to School to BTS" keeps "Back to School"
    const all = [...rest.matchAll(/\s+to\s+/gi)];
    sep = all.at(-1) ?? null;
  }
  if (!sep) return err('missing_new_name', 'Say what to rename it to: `rename <old> to <new>`.', ex);
  const from = unquote(rest.slice(0, sep.index));
  const to = unquote(rest.slice(sep.index + sep[0].length));
  const badFrom = checkName(from, ex);
  if (badFrom) return badFrom;
  if (!to) return err('missing_new_name', 'Say what to rename it to: `rename <old> to <new>`.', ex);
  const badTo = checkName(to, ex);
  if (badTo) return badTo;
  if (from === to) return err('same_name', `"${truncate(to, 60)}" is already its name.`, ex);
  return { ok: true, value: { verb: 'rename', accountText: from, newName: to } };
}

/** `<account> [to|is] <@U…>` / `@name` / `me`, the owner last. */
const OWNER_AT_END = new RegExp(`^(.*?)\\s+(?:(?:to|is)\\s+)?(<@${USER_ID_PART}(?:\\|[^<>]*)?>|@\\S+|me)$`, 'i');

function parseOwner(rest: string): AccountParse {
  const ex = ACCOUNT_EXAMPLES.owner;
  const m = OWNER_AT_END.exec(rest);
  if (!m) {
    return err('missing_user', 'Mention the new owner after the account name (or write `me`). To see an account called "Owner…", use `/account show <name>`.', ex);
  }
  const accountText = unquote(m[1]!);
  const bad = checkName(accountText, ex);
  if (bad) return bad;
  const owner = parseUserRef(m[2]!);
  if (!owner) return err('missing_user', 'Mention the new owner after the account name (or write `me`).', ex);
  return { ok: true, value: { verb: 'set_owner', accountText, owner } };
}

function parseHoldingAdd(account: string, after: string): AccountParse {
  const ex = ACCOUNT_EXAMPLES.holdingAdd;
  const bad = checkName(account, ex);
  if (bad) return bad;
  const split = splitTrailingPrice(after);
  if (split.cents !== null) {
    const productText = unquote(split.name);
    const badProduct = checkName(productText, ex);
    if (badProduct) return { ok: false, error: { ...badProduct.error, code: 'missing_product' } };
    return { ok: true, value: { verb: 'holding_add', accountText: account, productText, cents: split.cents } };
  }
  const first = after.trim().split(' ')[0];
  if (!first || !nameKey(first)) return err('missing_product', 'Name the product right after the `+`.', ex);
  if (split.error) return err('bad_price', split.error, ex);
  return err('missing_price', `Add what ${truncate(account, 40)} pays for it per month after the product name.`, ex);
}

/**
 * Parse `/account` text (see ACCOUNT_HELP). Order: help / empty; the verbs `show`, `add`,
 * `rename`, `owner`; then `<account> +<product> <price>`, `<account> -<product>`; anything
 * else is a name to show. Never throws; errors are coded and friendly with an example.
 */
export function parseAccountCommand(text: string): AccountParse {
  // the listeners refuse this already; checked again before any pattern runs, whoever calls
  const max = commandTextLimit('/account');
  if (text.length > max) return err('too_long', tooLongText('/account', { length: text.length, max }), ACCOUNT_EXAMPLES.show);
  const t = normalised(text);
  if (!t || /^(help|\?|-h|--help)$/i.test(t)) return { ok: true, value: { verb: 'help' } };
  const [, first = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(t) ?? [];
  switch (first.toLowerCase()) {
    case 'show':
    case 'card': {
      const name = unquote(rest);
      const bad = checkName(name, ACCOUNT_EXAMPLES.show);
      return bad ?? { ok: true, value: { verb: 'show', accountText: name } };
    }
    case 'add':
    case 'new':
    case 'create':
      return parseAdd(rest);
    case 'rename':
      return parseRename(rest);
    case 'owner':
      return parseOwner(rest);
  }
  const plus = /\s\+\s?(?=\S)/.exec(t);
  if (plus) return parseHoldingAdd(unquote(t.slice(0, plus.index)), t.slice(plus.index + plus[0].length));
  const minus = /\s[-−](?=\S)/.exec(t);
  if (minus) {
    const account = unquote(t.slice(0, minus.index));
    const productText = unquote(t.slice(minus.index + minus[0].length));
    const ex = ACCOUNT_EXAMPLES.holdingRemove;
    const bad = checkName(account, ex);
    if (bad) return bad;
    if (!/^\d/.test(productText)) {
      const badProduct = checkName(productText, ex);
      if (badProduct) return { ok: false, error: { ...badProduct.error, code: 'missing_product' } };
      return { ok: true, value: { verb: 'holding_remove', accountText: account, productText } };
    }
  }
  const name = unquote(t);
  const bad = checkName(name, ACCOUNT_EXAMPLES.show);
  return bad ?? { ok: true, value: { verb: 'show', accountText: name } };
}

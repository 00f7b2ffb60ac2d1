// The one-line `/log` grammar: pure parsing, the clock and the member's timezone are
// parameters. Resolving the account text to an account is the caller's job (matchName).
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { isValidTimezone, localTime } from './clock.ts';
import { commandTextLimit, tooLongText } from './input-limits.ts';
import { cleanInput, nameKey, trimEndWhere, truncate } from './text.ts';
import type { CommandError, Medium, Sentiment, TouchKind } from './vocabulary.ts';

export type LogErrorCode =
  | 'help'
  | 'empty'
  | 'too_long'
  | 'no_account'
  | 'no_summary'
  | 'summary_too_long'
  | 'next_step_too_long'
  | 'due_in_past';

export type LogCommand = {
  accountText: string;
  /** colon: typed before ":"; known_prefix: the longest known name/alias at the start;
   *  first_word: a guess (no colon, no known name) the caller should match by prefix */
  accountSource: 'colon' | 'known_prefix' | 'first_word';
  summary: string;
  medium?: Medium;
  kind?: TouchKind;
  sentiment?: Sentiment;
  nextStep?: string;
  nextStepDue?: Date;
};

export type LogParse =
  | { ok: true; value: LogCommand; warnings: string[] }
  | { ok: false; error: CommandError & { code: LogErrorCode } };

export type LogParseOptions = {
  now: Date;
  /** the member's IANA timezone; an invalid one falls back to UTC with a warning */
  timeZone: string;
  /** nameKeys of accounts/aliases found for accountPrefixCandidates(text), used when there is no colon */
  knownKeys?: ReadonlySet<string> | readonly string[];
  /** cut an over-long summary / next step to the limit (with a warning) instead of failing */
  truncateSummary?: boolean;
};

export const MAX_SUMMARY_LENGTH = 3000;
export const MAX_NEXT_STEP_LENGTH = 3000;
/** Text before the first ":" longer than this is a sentence, not an account name. */
export const MAX_ACCOUNT_TEXT_LENGTH = 100;
/** …or more words than this. Also how many leading words splitAccountPrefix tries. */
export const MAX_ACCOUNT_WORDS = 8;
/** A date-only due date is due at this local time. */
export const DEFAULT_DUE_HOUR = 9;
const HALF_A_YEAR_MS = 183 * 86_400_000;

export const LOG_EXAMPLE = '/log Acme: call, gave usage review, positive. next: send SSO pricing friday';

export const LOG_HELP = [
  '*`/log <account>: <what happened> [markers] [next: <next step> <when>]`*',
  '• *Account* comes before the first `:` (at most 8 words). Without a colon, the start of the text is matched against your account names: `/log acme quick chat about renewal #ask #email`',
  '• *Medium*: `#call` `#meeting` `#email` `#chat` `#visit`, or the word on its own (`call, …`) or in the text ("quick chat about…"). Default: chat.',
  '• *Give or ask*: `#give` / `#gave` / "gave value", a part starting with "gave…" or "offered…"; `#ask` / `#asked`, a part starting with "asked…"; `#neutral`.',
  '• *Sentiment*: `#positive` / `#negative`, a lone "positive" / "negative", or an emoji such as :slightly_smiling_face: :+1: :slightly_frowning_face:.',
  '• *Next step*: `next:` then what to do; a date in it (`friday`, `tomorrow 3pm`, `june 3`, `in 2 weeks`) becomes the due date, in your timezone, at 09:00 when no time is given. Numbers like `3/4` are day first (month first in the Americas), `03.04.` always day first, and a date only after by/on/due/before/until or at the end; `at 5` is 17:00, tomorrow\'s once it has passed.',
  'Hashtags, lone marker words and sentiment emoji are taken out of the summary (unless nothing else is left); everything else is kept as you typed it.',
  `Example: \`${LOG_EXAMPLE}\``,
].join('\n');

type LogError = CommandError & { code: LogErrorCode };
function err(code: LogErrorCode, message: string, example = LOG_EXAMPLE): { ok: false; error: LogError } {
  return { ok: false, error: { code, message, example } };
}

// ---- markers -------------------------------------------------------------------------

const MEDIUM_TAGS: Record<string, Medium> = {
  call: 'call', phone: 'call', called: 'call',
  meeting: 'meeting', mtg: 'meeting', met: 'meeting', meet: 'meeting',
  email: 'email', mail: 'email', emailed: 'email',
  chat: 'chat', slack: 'chat', dm: 'chat', chatted: 'chat',
  visit: 'visit', onsite: 'visit', visited: 'visit',
};
const KIND_TAGS: Record<string, TouchKind> = {
  give: 'give', gave: 'give', given: 'give', value: 'give', gavevalue: 'give',
  ask: 'ask', asked: 'ask',
  neutral: 'neutral',
};
const SENTIMENT_TAGS: Record<string, Sentiment> = {
  positive: 'positive', pos: 'positive', good: 'positive',
  negative: 'negative', neg: 'negative', bad: 'negative',
};
// a comma-separated part that is nothing but one of these is a marker, not summary
const MEDIUM_PARTS: Record<string, Medium> = {
  ...MEDIUM_TAGS, 'a call': 'call', 'phone call': 'call', 'quick call': 'call', 'video call': 'call',
  'e mail': 'email', 'in person': 'visit', 'on site': 'visit', 'site visit': 'visit',
};
const KIND_PARTS: Record<string, TouchKind> = { 'gave value': 'give', give: 'give', gave: 'give', ask: 'ask', asked: 'ask', neutral: 'neutral' };
const SENTIMENT_PARTS: Record<string, Sentiment> = {
  positive: 'positive', negative: 'negative', good: 'positive', bad: 'negative',
  'went well': 'positive', 'went badly': 'negative',
};
const SENTIMENT_EMOJI: Record<string, Sentiment> = {
  ':slightly_smiling_face:': 'positive', ':smile:': 'positive', ':smiley:': 'positive', ':grinning:': 'positive',
  ':blush:': 'positive', ':tada:': 'positive', ':+1:': 'positive', ':thumbsup:': 'positive', ':heart_eyes:': 'positive',
  ':raised_hands:': 'positive', ':star-struck:': 'positive',
  ':slightly_frowning_face:': 'negative', ':frowning:': 'negative', ':disappointed:': 'negative', ':worried:': 'negative',
  ':-1:': 'negative', ':thumbsdown:': 'negative', ':rage:': 'negative', ':angry:': 'negative', ':cry:': 'negative',
  ':neutral_face:': 'neutral', ':expressionless:': 'neutral', ':shrug:': 'neutral',
  '🙂': 'positive', '😀': 'positive', '😃': 'positive', '😄': 'positive', '😊': 'positive', '🎉': 'positive', '👍': 'positive',
  '🙁': 'negative', '☹️': 'negative', '😞': 'negative', '😟': 'negative', '👎': 'negative', '😠': 'negative', '😡': 'negative',
  '😐': 'neutral', '😑': 'neutral', '🤷': 'neutral',
};
// a medium word anywhere in the summary (the weakest signal)
const MEDIUM_WORD = /\b(call(?:ed)?|phone(?:d)?|meeting|met with|email(?:ed)?|e-mail(?:ed)?|chat(?:ted)?|visit(?:ed)?|on-?site)\b/i;
const MEDIUM_WORD_MAP: Record<string, Medium> = {
  call: 'call', called: 'call', phone: 'call', phoned: 'call', meeting: 'meeting', 'met with': 'meeting',
  email: 'email', emailed: 'email', 'e-mail': 'email', 'e-mailed': 'email', chat: 'chat', chatted: 'chat',
  visit: 'visit', visited: 'visit', onsite: 'visit', 'on-site': 'visit',
};
const GIVE_LEAD = /^(gave|give|given|offered|shared|sent them|introduced)\b/i;
const ASK_LEAD = /^(asked|ask|requested|pitched)\b/i;

/** Own-property lookup: a user typing "constructor" must not reach Object.prototype. */
function lookup<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

type Markers = { medium?: Medium; kind?: TouchKind; sentiment?: Sentiment };
type Strength = 0 | 1 | 2 | 3; // none < word anywhere < lone part < hashtag / emoji
type Found = { markers: Markers; strength: { medium: Strength; kind: Strength; sentiment: Strength }; conflicts: string[] };

function newFound(): Found {
  return { markers: {}, strength: { medium: 0, kind: 0, sentiment: 0 }, conflicts: [] };
}

function put<K extends keyof Markers>(f: Found, key: K, value: NonNullable<Markers[K]>, strength: Strength): void {
  const have = f.strength[key];
  if (strength > have) {
    f.markers[key] = value;
    f.strength[key] = strength;
  } else if (strength === have && f.markers[key] !== value && strength === 3) {
    f.conflicts.push(`You gave more than one ${key} (${f.markers[key]} and ${value}); I used ${f.markers[key]}.`);
  }
}

/** Take out hashtags and sentiment emoji that are markers; unknown ones stay. */
function takeTags(s: string, f: Found): string {
  return s
    .replace(/(^|\s)#([\p{L}_-]+)(?=$|[\s,.;!?])/gu, (all, pre: string, tag: string) => {
      const t = tag.toLowerCase().replace(/[_-]/g, '');
      const medium = lookup(MEDIUM_TAGS, t);
      const kind = lookup(KIND_TAGS, t);
      const sentiment = lookup(SENTIMENT_TAGS, t);
      if (medium) put(f, 'medium', medium, 3);
      else if (kind) put(f, 'kind', kind, 3);
      else if (sentiment) put(f, 'sentiment', sentiment, 3);
      else return all;
      return pre;
    })
    .replace(/(^|\s)(:[a-z0-9_+-]+:|\p{Extended_Pictographic}\uFE0F?)(?::skin-tone-\d:|[\u{1F3FB}-\u{1F3FF}])?(?=$|[\s,.;!?])/gu, (all, pre: string, emoji: string) => {
      const sentiment = lookup(SENTIMENT_EMOJI, emoji) ?? lookup(SENTIMENT_EMOJI, emoji.replace(/\uFE0F$/, ''));
      if (!sentiment) return all;
      put(f, 'sentiment', sentiment, 3);
      return pre;
    });
}

function partKey(part: string): string {
  return part.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Drop parts (between commas, sentence ends or line breaks) that are only a marker; read "gave…"/"asked…" leads; tidy. */
function takeParts(s: string, f: Found): string {
  const pieces = s.split(/([,;\n]|[.!?](?=\s|$))/);
  const kept: string[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const part = pieces[i] ?? '';
    const delim = pieces[i + 1] ?? '';
    if (!part.trim()) {
      kept.push(part + delim); // ", , ," reads as nothing: no need to look it up
      continue;
    }
    const key = partKey(part);
    const medium = lookup(MEDIUM_PARTS, key);
    const kind = lookup(KIND_PARTS, key);
    const sentiment = lookup(SENTIMENT_PARTS, key);
    if (medium) put(f, 'medium', medium, 2);
    else if (kind) put(f, 'kind', kind, 2);
    else if (sentiment) put(f, 'sentiment', sentiment, 2);
    else {
      const lead = part.trim();
      if (GIVE_LEAD.test(lead) || /\bgave value\b/i.test(lead)) put(f, 'kind', 'give', 1);
      else if (ASK_LEAD.test(lead)) put(f, 'kind', 'ask', 1);
      kept.push(part + delim);
    }
  }
  const text = kept.join('');
  const word = MEDIUM_WORD.exec(text);
  if (word) put(f, 'medium', lookup(MEDIUM_WORD_MAP, word[1]!.toLowerCase()) ?? 'chat', 1);
  return tidy(text);
}

/** A summary or next step keeps at most this many of the rep's lines; the rest join the last. */
export const MAX_LINES = 20;

/**
 * Line breaks kept (shift+enter: the rep's own layout), each other run of whitespace one
 * space, at most one empty line in a row and MAX_LINES lines.
 */
function boundLines(s: string): string {
  const t = s.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n');
  const lines = t.split('\n');
  return lines.length <= MAX_LINES ? t : `${lines.slice(0, MAX_LINES - 1).join('\n')}\n${lines.slice(MAX_LINES - 1).join(' ')}`;
}

/**
 * Collapses whitespace (keeping line breaks: boundLines) and drops the separators a removed marker leaves at the start or end.
 * A dot or dash at the start goes only when a space follows it ("— quote sent"): one that
 * starts a word is the rep's ("-20% discount", "...and then they churned"); at the end, one
 * standing alone ("call — next: …").
 */
function tidy(s: string): string {
  return trimEndSeparators(boundLines(s).replace(/ +([,;.!?])/g, '$1').replace(/^(?:[\s,;:：﹕]|[.\-–—]+(?=\s|$))+/, ''));
}

/**
 * `s` without the separators at its end: spaces, commas, semicolons and a dash standing alone
 * ("call — next: demo" leaves "call —"); a dash ending a word stays ("pre-"). Walks back, no regex.
 */
function trimEndSeparators(s: string): string {
  for (let t = s; ; ) {
    const bare = trimEndWhere(t, /[\s,;]/);
    const undashed = trimEndWhere(bare, /[-–—]/);
    if (undashed === bare || !(undashed === '' || /\s$/.test(undashed))) return bare;
    t = undashed;
  }
}

// ---- account -------------------------------------------------------------------------

/** Punctuation that ends an account name without belonging to it ("Acme,", "Acme -"). */
const ACCOUNT_END_PUNCT = /[\s,;:：﹕.!?\-–—]/;
/** A colon as CJK keyboards type it (full width, small) separates like ":". */
const COLON = /[:：﹕]/;
const blank = (m: string) => '\u0000'.repeat(m.length);
const SCHEME_CHAR = /[a-z0-9+.-]/i;
const SCHEME_START = /[a-z]/i;
const NON_SPACE_RUN = /\S*/y;

/**
 * Blank `scheme://…` up to the next whitespace. A regex for it (a letter, scheme chars,
 * "://") tries every letter of a long run as a scheme start and scans the run each time
 * (60,000 letters: seconds). This finds each "://" once and walks back over its scheme,
 * never past the previous URL, so each character is looked at a bounded number of times.
 */
function maskUrls(s: string): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf('://'); i >= 0; ) {
    let start = i;
    while (start > last && SCHEME_CHAR.test(s[start - 1]!)) start--;
    while (start < i && !SCHEME_START.test(s[start]!)) start++;
    if (start === i) {
      i = s.indexOf('://', i + 1);
      continue;
    }
    NON_SPACE_RUN.lastIndex = i + 3;
    NON_SPACE_RUN.exec(s);
    const end = NON_SPACE_RUN.lastIndex;
    out += s.slice(last, start) + blank(s.slice(start, end));
    last = end;
    i = s.indexOf('://', end);
  }
  return out + s.slice(last);
}

/**
 * Mask what contains ":" but is not the account separator: Slack entities, URLs, emoji, times.
 * Each step is linear: the entity and emoji patterns can only start at "<" / ":" and stop at
 * the next one, so their scans never overlap.
 */
export function maskColons(s: string): string {
  return maskUrls(s.replace(/<[^<>]*>/g, blank))
    .replace(/:[a-z0-9_+'-]+:/gi, blank)
    .replace(/\d:\d/g, blank);
}

/** How many colons an account name may reach across: "Acme: EMEA: call" is for "Acme: EMEA" when that is known. */
export const MAX_ACCOUNT_COLONS = 3;

/**
 * The texts before each of the first MAX_ACCOUNT_COLONS separator colons of `before` that
 * could name an account (not too long, not too many words), shortest first, with where each
 * colon is. Stops at the first that could not: the later ones are longer.
 */
function colonHeads(before: string): { head: string; colon: number }[] {
  const masked = maskColons(before);
  const heads: { head: string; colon: number }[] = [];
  const re = new RegExp(COLON.source, 'g');
  for (let m = re.exec(masked); m && heads.length < MAX_ACCOUNT_COLONS; m = re.exec(masked)) {
    const head = before.slice(0, m.index).trim();
    if (head.length > MAX_ACCOUNT_TEXT_LENGTH || head.split(' ').length > MAX_ACCOUNT_WORDS || head.includes('\n')) break;
    heads.push({ head, colon: m.index });
  }
  return heads;
}

/** `/log` text as the grammar reads it, and its part before `next:`. */
function splitNext(text: string): { t: string; before: string; next: RegExpExecArray | null } {
  const t = boundLines(cleanInput(text));
  const next = NEXT.exec(t);
  return { t, before: next ? t.slice(0, next.index) : t, next };
}

/** The nameKeys of the texts before the first few colons of a `/log` (colonHeads): look these up. */
export function colonAccountCandidates(text: string): string[] {
  if (text.length > commandTextLimit('/log')) return [];
  return [...new Set(colonHeads(splitNext(text).before).map((h) => nameKey(h.head)).filter(Boolean))];
}

/** Where each of the first `max` whitespace-separated words of `t`'s first line ends; reads no further. */
function firstWordEnds(t: string, max: number): number[] {
  const re = /[^\s]+|\n/g;
  const ends: number[] = [];
  for (let m = re.exec(t); m && m[0] !== '\n' && ends.length < max; m = re.exec(t)) ends.push(re.lastIndex);
  return ends;
}

/** The nameKeys of the first 1…maxWords words of `text`, longest first: look these up. */
export function accountPrefixCandidates(text: string, maxWords = MAX_ACCOUNT_WORDS): string[] {
  const t = cleanInput(text);
  const ends = firstWordEnds(t, maxWords);
  const keys: string[] = [];
  for (let i = ends.length - 1; i >= 0; i--) {
    const key = nameKey(t.slice(0, ends[i]!));
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * Split off the longest start of `text` (up to 8 words) whose nameKey is a known account
 * name or alias key. Returns null when no start matches.
 */
export function splitAccountPrefix(
  text: string,
  knownKeys: ReadonlySet<string> | readonly string[],
): { accountText: string; rest: string } | null {
  const known = knownKeys instanceof Set ? knownKeys : new Set(knownKeys as readonly string[]);
  const t = cleanInput(text);
  const ends = firstWordEnds(t, MAX_ACCOUNT_WORDS);
  for (let i = ends.length - 1; i >= 0; i--) {
    const end = ends[i]!;
    const head = t.slice(0, end);
    const key = nameKey(head);
    if (key && known.has(key)) {
      return { accountText: trimEndWhere(head, ACCOUNT_END_PUNCT), rest: t.slice(end).replace(/^[\s,;:：﹕.!?\-–—]+/, '') };
    }
  }
  return null;
}

// ---- due dates -----------------------------------------------------------------------

export type DueParse =
  /** rolled: a day and month without a year had passed this year, so it is next year's */
  | { kind: 'ok'; due: Date; text: string; rolled?: boolean }
  | { kind: 'past'; due: Date; text: string }
  | { kind: 'none' };

/**
 * Per zone, the last offset read and the UTC minute it was read for. A zone's offset changes
 * only at its transitions, which fall on whole minutes, so within one minute it is the same:
 * a burst of /log reads the platform's tz data (Intl, the costliest step of a parse) once a
 * minute per zone instead of once per command. Bounded: cleared past 1,000 zones.
 */
const offsetMemo = new Map<string, { minute: number; offset: number }>();

/** Minutes east of UTC of `timeZone` at `instant` (chrono-node reads "today" with it). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const minute = Math.floor(instant.getTime() / 60_000);
  const hit = offsetMemo.get(timeZone);
  if (hit?.minute === minute) return hit.offset;
  const offset = DateTime.fromJSDate(instant, { zone: timeZone }).offset;
  if (offsetMemo.size >= 1_000) offsetMemo.clear();
  offsetMemo.set(timeZone, { minute, offset });
  return offset;
}

/**
 * The UTC instant of a local wall-clock time in `timeZone`, by luxon and the platform's tz
 * data. A time in a DST gap moves forward by the gap (2:30 on spring-forward night is 3:30);
 * a time that happens twice when clocks go back is the later one, as Postgres reads it (the
 * scan's local day comes from Postgres).
 */
export function zonedTimeToUtc(y: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const t = DateTime.fromObject({ year: y, month, day, hour, minute }, { zone: timeZone });
  // out-of-range fields or an unknown zone are a caller's bug: fail loudly, never an Invalid Date
  if (!t.isValid) throw new RangeError(`zonedTimeToUtc: ${t.invalidExplanation ?? t.invalidReason}`);
  return t.toJSDate();
}

/** "Fri 3 Apr 2026": a due date said back in words, so a misread order shows. */
export function dayText(d: Date, timeZone: string): string {
  return DateTime.fromJSDate(d, { zone: timeZone }).setLocale('en-GB').toFormat('ccc d LLL yyyy');
}

function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** chrono-node reads at most this many characters from each end of a long next step. */
export const DATE_WINDOW = 150;

/**
 * The parts of `text` handed to chrono-node: all of it when short, else its first and last
 * DATE_WINDOW characters, cut between words. chrono runs dozens of patterns over its input
 * (tens of ms per 3,000 characters of digits and dashes); a due date is said near the start
 * ("by friday: send…") or the end ("send pricing friday") of a next step.
 */
export function dateWindows(text: string): string[] {
  if (text.length <= 2 * DATE_WINDOW) return [text];
  let headEnd = DATE_WINDOW;
  const space = text.lastIndexOf(' ', headEnd);
  if (space > DATE_WINDOW / 2) headEnd = space;
  let tailStart = text.length - DATE_WINDOW;
  const next = text.indexOf(' ', tailStart - 1);
  if (next >= 0 && next < text.length - DATE_WINDOW / 2) tailStart = next + 1;
  return [text.slice(0, headEnd), text.slice(tailStart)];
}

/**
 * The zones of the places that write numeric dates month first (3/4 = March 4): the United States
 * and its territories, English-speaking Canada, the Philippines. Latin America, Quebec and the
 * rest of the world write day first.
 */
const MONTH_FIRST_ZONE = new RegExp(
  '^(?:US/.*|Canada/.*|Pacific/(?:Honolulu|Guam|Saipan|Pago_Pago)|Asia/Manila|America/(?:' +
  'New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Adak|Boise|Detroit|Juneau|Sitka|Metlakatla|Yakutat|Nome|Menominee|' +
  'Indiana/[A-Za-z_]+|Kentucky/[A-Za-z_]+|North_Dakota/[A-Za-z_]+|Puerto_Rico|St_Thomas|' +
  'Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Swift_Current|Whitehorse|Yellowknife|Iqaluit|Moncton|' +
  'Glace_Bay|Goose_Bay|Dawson_Creek|Dawson|Fort_Nelson|Creston|Rankin_Inlet|Resolute|Cambridge_Bay|Inuvik|Atikokan))$',
);

/**
 * Whether a member writes numeric dates day first (3/4 = 3 April). Tend does not keep Slack's
 * locale, so the timezone stands in for it (MONTH_FIRST_ZONE; Quebec's Montreal zone is Toronto's,
 * so a Quebec rep is read month first too).
 */
export function dayFirstIn(timeZone: string): boolean {
  return !MONTH_FIRST_ZONE.test(timeZone);
}

const INTRO = /\b(?:by|on|due|before|until|till|til|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)[\s,]*$/i;
const AT_END = /^\s*(?:(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm|h)?)?[\s.!?)]*$/i;
const NUMERIC = /(^|[^\p{L}\p{N}/.\-])(\d{1,2})([/.])(\d{1,2})(?:\3(\d{4}|\d{2}))?(\.?)(?![\p{L}\p{N}]|[/.]\d)/u;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Numbers such as 3/4 or 03.04. in place of chrono-node's own reader, which reads them
 * month first and swaps an impossible order (24/7 → 24 July). Here: the member's order
 * (dotted dates day first always), no swapping, and a numeric date only when a word says it
 * is one (by, on, due, before, until, a weekday) or it ends the text (an optional time after
 * it): "1/2 day workshop", "the 3/1 meeting", "24/7 support" stay text.
 */
function numericDateParser(dayFirst: boolean): chrono.Parser {
  return {
    pattern: () => NUMERIC,
    extract: (context, match) => {
      const index = (match.index ?? 0) + match[1]!.length;
      const text = match[0].slice(match[1]!.length);
      const before = context.text.slice(0, index);
      if (/[\p{L}\p{N}/.\-]$/u.test(before)) return null; // "q3/4", "v1.2.3": the slice hid what came before
      const [a, b] = [Number(match[2]), Number(match[4])];
      const dotted = match[3] === '.';
      const yearText = match[5];
      if (dotted && !yearText && !match[6]) return null; // "3.4" is a number; "3.4." a date
      if (!dotted && a === 24 && b === 7 && !yearText) return null; // the idiom, never a date
      const [day, month] = dotted || dayFirst ? [a, b] : [b, a];
      if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
      const end = index + text.length;
      if (!INTRO.test(before) && !AT_END.test(context.text.slice(end))) return null;
      const result = context.createParsingResult(index, text.replace(/\.$/, dotted ? '.' : ''));
      result.start.assign('day', day);
      result.start.assign('month', month);
      if (yearText) result.start.assign('year', yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText));
      else result.start.imply('year', context.refDate.getFullYear());
      return result.addTag('parser/TendNumericDate');
    },
  };
}

/** chrono-node's casual English, with numeric dates read as numericDateParser says. */
function chronoReading(dayFirst: boolean): chrono.Chrono {
  const config = chrono.en.configuration.createCasualConfiguration(false);
  config.parsers = config.parsers.filter((p) => p.constructor.name !== 'SlashDateFormatParser');
  config.parsers.push(numericDateParser(dayFirst));
  return new chrono.Chrono(config);
}
const CHRONO = { dayFirst: chronoReading(true), monthFirst: chronoReading(false) };

/**
 * Find a date in `text` (chrono-node, English, casual) relative to `now` in `timeZone`;
 * in a long text, only near its start or end (dateWindows). Numbers such as 3/4 are read in
 * the zone's order (dayFirstIn) and only where they are meant as a date (numericDateParser).
 * A bare weekday is the coming one (today counts); a month and day without a year that has
 * passed is next year's (`rolled`: say so); no time → 09:00 local (or, for today after 09:00,
 * 23:59 local); a time without am/pm is in working hours ("at 5" is 17:00), and, with no day
 * said either, tomorrow's when it has passed today; today's weekday with a passed time is next
 * week's. "Sun"/"Sat" capitalised mid-sentence are names.
 */
export function parseDue(text: string, now: Date, timeZone: string): DueParse {
  const tz = isValidTimezone(timeZone) ? timeZone : 'UTC';
  const offset = offsetMinutes(now, tz);
  const options = { instant: now, timezone: offset };
  const reader = dayFirstIn(tz) ? CHRONO.dayFirst : CHRONO.monthFirst;
  // the first date from today on: "recap what happened yesterday, send it friday" is due friday;
  // a text whose only dates have passed is past
  let past: DueParse | undefined;
  const windows = dateWindows(text);
  for (const [i, part] of windows.entries()) {
    // a head window does not end the text: a number at its cut is not "at the end"
    for (const r of reader.parse(i < windows.length - 1 ? `${part} …` : part, options)) {
      if (/^(Sun|Sat|SUN|SAT)$/.test(r.text)) continue;
      const due = dueOf(r, now, tz, offset);
      if (due.kind === 'ok') return due;
      past ??= due;
    }
  }
  return past ?? { kind: 'none' };
}

/** One date chrono found, as a due instant (see parseDue). */
function dueOf(r: chrono.ParsedResult, now: Date, tz: string, offset: number): DueParse {
  const s = r.start;
  // the local date now: the UTC date of the instant moved by the zone's offset
  const today = ymd(new Date(now.getTime() + offset * 60_000));
  let due: Date;
  let rolled = false;
  if (s.isCertain('timezoneOffset') || s.tags().has('result/relativeDateAndTime')) {
    due = s.date();
  } else {
    // a UTC-midnight calendar date we can move by days/years without DST trouble
    let day = new Date(Date.UTC(s.get('year') ?? 1970, (s.get('month') ?? 1) - 1, s.get('day') ?? 1));
    const looksBack = /\b(last|past|previous|ago)\b/i.test(r.text);
    if (!looksBack && ymd(day) < today) {
      if (s.isCertain('weekday') && !s.isCertain('day')) day = new Date(day.getTime() + 7 * 86_400_000);
      else if (s.isCertain('month') && !s.isCertain('year')) {
        day = new Date(Date.UTC(day.getUTCFullYear() + 1, day.getUTCMonth(), day.getUTCDate()));
        rolled = true;
      }
    }
    const [y, mo, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (s.isCertain('hour')) {
      let hour = s.get('hour') ?? DEFAULT_DUE_HOUR;
      const minute = s.get('minute') ?? 0;
      // a follow-up falls in working hours: "at 5" is 17:00 (chrono reads 05:00), "at 9" 09:00;
      // a 24-hour time ("06:00", "0630") says what it means
      if (!s.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/(?:^|\D)0\d(?::|h|\d\d)/.test(r.text)) hour += 12;
      due = zonedTimeToUtc(y, mo, d, hour, minute, tz);
      const weekdayOnly = s.isCertain('weekday') && !s.isCertain('day');
      if (due < now && weekdayOnly && ymd(day) === today) {
        // "wednesday at 9" said on a Wednesday after 9: next week's, not tonight's 21:00 or a refusal
        const week = new Date(day.getTime() + 7 * 86_400_000);
        due = zonedTimeToUtc(week.getUTCFullYear(), week.getUTCMonth() + 1, week.getUTCDate(), hour, minute, tz);
      }
      // a time with no day nor am/pm said ("ping at 8am" said at 10:30 stays a past time, refused)
      const bare = !s.isCertain('day') && !s.isCertain('weekday') && !s.isCertain('meridiem');
      if (due < now && bare) {
        // "call back at 5" at 23:30, "at 9:30" at 18:30: tomorrow's, not a refusal or 21:30 tonight
        const next = new Date(day.getTime() + 86_400_000);
        due = zonedTimeToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), hour, minute, tz);
      } else if (due < now && !s.isCertain('meridiem') && hour < 12 && ymd(day) === today) {
        due = zonedTimeToUtc(y, mo, d, hour + 12, minute, tz); // "today at 9" said at 10:30
      }
    } else {
      due = zonedTimeToUtc(y, mo, d, DEFAULT_DUE_HOUR, 0, tz);
      if (ymd(day) === today && due < now) due = zonedTimeToUtc(y, mo, d, 23, 59, tz);
      if (ymd(day) < today) return { kind: 'past', due, text: r.text };
    }
  }
  if (due.getTime() < now.getTime() - 60_000) return { kind: 'past', due, text: r.text };
  return rolled ? { kind: 'ok', due, text: r.text, rolled } : { kind: 'ok', due, text: r.text };
}

/**
 * The due instant of a calendar date picked in a form ("YYYY-MM-DD", the member's local
 * date): 09:00 local, or 23:59 when that is today and 09:00 has passed; past dates → past.
 */
export function dueFromLocalDate(date: string, now: Date, timeZone: string): DueParse {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return { kind: 'none' };
  const tz = isValidTimezone(timeZone) ? timeZone : 'UTC';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return { kind: 'none' };
  const today = localTime(now, tz).date;
  let due = zonedTimeToUtc(y, mo, d, DEFAULT_DUE_HOUR, 0, tz);
  if (date < today) return { kind: 'past', due, text: date };
  if (date === today && due < now) due = zonedTimeToUtc(y, mo, d, 23, 59, tz);
  return { kind: 'ok', due, text: date };
}

// ---- the command ---------------------------------------------------------------------

const NEXT = /(?:^|[\s,.;!?])(next(?:\s+steps?)?|follow[\s-]?up)\s*[:：﹕]/i;

/**
 * Parse `/log` text. See LOG_HELP for the grammar. Never throws; errors are coded and
 * friendly, with an example. Warnings (unreadable date, conflicting markers, truncation,
 * fallback timezone) come back with a successful parse.
 */
export function parseLogCommand(text: string, opts: LogParseOptions): LogParse {
  // the listeners refuse this already; checked again before any pattern runs, whoever calls
  const max = commandTextLimit('/log');
  if (text.length > max) return err('too_long', `${tooLongText('/log', { length: text.length, max })} Shorten it, or use the log form for long notes.`);
  const warnings: string[] = [];
  const { t, before, next } = splitNext(text);
  if (!t) return err('empty', 'Tell me which account and what happened, in one line.');
  if (/^(help|\?|-h|--help)$/i.test(t)) return err('help', LOG_HELP);
  let timeZone = opts.timeZone;
  if (!isValidTimezone(timeZone)) {
    warnings.push(`Your timezone "${truncate(timeZone, 40)}" isn't one I know, so dates are read in UTC.`);
    timeZone = 'UTC';
  }

  // split off "next: …"
  const nextRaw = next ? t.slice(next.index + next[0].length).trim() : undefined;

  // the account: before the first colon, or a later one when the text up to it is a known
  // name ("Acme: EMEA: call" with accounts Acme and "Acme: EMEA"), the longest such
  let accountText = '';
  let rest = '';
  let accountSource: LogCommand['accountSource'] = 'colon';
  const heads = colonHeads(before);
  const known = opts.knownKeys instanceof Set ? opts.knownKeys : new Set(opts.knownKeys ?? []);
  const pick = heads.findLast((h, i) => i === 0 || known.has(nameKey(h.head)));
  if (pick) {
    if (!nameKey(pick.head)) {
      return err('no_account', 'Put the account name before the colon.', '/log Acme: quick call about renewal');
    }
    accountText = pick.head;
    rest = before.slice(pick.colon + 1);
  } else {
    const split = opts.knownKeys ? splitAccountPrefix(before, opts.knownKeys) : null;
    if (split) {
      accountText = split.accountText;
      rest = split.rest;
      accountSource = 'known_prefix';
    } else {
      const first = /^\s*(\S+)/.exec(before);
      accountText = trimEndWhere(first?.[1] ?? '', ACCOUNT_END_PUNCT);
      rest = before.slice(first ? first[0].length : 0);
      accountSource = 'first_word';
      if (!nameKey(accountText)) {
        return err('no_account', 'Start with the account name, then a colon.', '/log Acme: quick call about renewal');
      }
    }
  }

  // markers and summary
  const found = newFound();
  const untagged = takeTags(rest, found);
  let summary = takeParts(untagged, found);
  // "Acme: call, positive" is all markers: keep those words as the summary
  if (!/[\p{L}\p{N}\p{So}]/u.test(summary)) summary = tidy(untagged);
  let nextStep = nextRaw === undefined ? undefined : tidy(takeTags(nextRaw, found));
  warnings.push(...found.conflicts);

  if (!/[\p{L}\p{N}\p{So}]/u.test(summary)) {
    return err('no_summary', `Add a few words on what happened with ${truncate(accountText, 60)} after the colon.`, `/log ${truncate(accountText, 60)}: call, walked them through the usage review #give`);
  }
  if (summary.length > MAX_SUMMARY_LENGTH) {
    if (!opts.truncateSummary) {
      return err('summary_too_long', `Your summary is ${summary.length.toLocaleString('en-US')} characters; the limit is ${MAX_SUMMARY_LENGTH.toLocaleString('en-US')}. Shorten it, or use the log form for long notes.`);
    }
    summary = truncate(summary, MAX_SUMMARY_LENGTH);
    warnings.push(`Your summary was cut to ${MAX_SUMMARY_LENGTH.toLocaleString('en-US')} characters.`);
  }

  let nextStepDue: Date | undefined;
  if (nextStep !== undefined) {
    if (!/[\p{L}\p{N}]/u.test(nextStep)) {
      warnings.push('`next:` had nothing after it, so no next step was saved.');
      nextStep = undefined;
    } else {
      if (nextStep.length > MAX_NEXT_STEP_LENGTH) {
        if (!opts.truncateSummary) {
          return err('next_step_too_long', `Your next step is ${nextStep.length.toLocaleString('en-US')} characters; the limit is ${MAX_NEXT_STEP_LENGTH.toLocaleString('en-US')}.`);
        }
        nextStep = truncate(nextStep, MAX_NEXT_STEP_LENGTH);
        warnings.push(`Your next step was cut to ${MAX_NEXT_STEP_LENGTH.toLocaleString('en-US')} characters.`);
      }
      const due = parseDue(nextStep, opts.now, timeZone);
      if (due.kind === 'past') {
        return err('due_in_past', `"${truncate(due.text, 60)}" is in the past. Give the next step a date from today on, or leave the date out.`, '/log Acme: call, positive. next: send SSO pricing friday');
      }
      if (due.kind === 'ok') {
        nextStepDue = due.due;
        // never most of a year ahead unsaid: "3/4" typed on 10 April is more likely a slip
        // (or the other order) than next year; "5/1" typed in December is plainly January
        if (due.rolled && due.due.getTime() - opts.now.getTime() > HALF_A_YEAR_MS) warnings.push(`"${truncate(due.text, 40)}" has passed this year, so I read it as ${dayText(due.due, timeZone)}. Add the year if you meant another.`);
      } else warnings.push(`I couldn't find a date in "${truncate(nextStep, 80)}", so the next step has no due date. Add one like \`next: send pricing friday\` or \`next: demo june 3 2pm\`.`);
    }
  }

  const value: LogCommand = { accountText, accountSource, summary, ...found.markers };
  if (nextStep !== undefined) value.nextStep = nextStep;
  if (nextStepDue) value.nextStepDue = nextStepDue;
  return { ok: true, value, warnings };
}

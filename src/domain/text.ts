// Text hygiene for everything a user types and everything we show back in Slack.
// Pure functions; lengths are UTF-16 code units (what `.length` counts), which is never
// less than what Slack counts, so a string that fits here fits in Slack.

/**
 * Escape the three characters Slack's mrkdwn treats as control characters. After this,
 * `<!channel>`, `<!here>`, `<@U123>` and `<http://x|y>` typed by a user render as text and
 * never ping or link. Nothing else is touched: *bold*, _italics_ and `code` still render.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A span of *bold*, _italic_ or `code` as mrkdwn reads one: its marks next to a space, a
// bracket or an end, hugging text on one line. A mark inside a word (Acme_Corp) or an emoji
// code (:white_check_mark:) is no such span.
const marked = (m: string) => new RegExp(`(^|[\\s(])\\${m}([^\\s${m}](?:[^\\n${m}]*[^\\s${m}])?)\\${m}(?=$|[\\s).,;:!?'"])`, 'gm');
const MARKED = ['*', '_', '`'].map(marked);

/**
 * A message's notification text (its fallback `text`) from its mrkdwn: the bold, italic and
 * code marks dropped, so a notification does not show them; every other character kept.
 */
export function mrkdwnFallback(s: string): string {
  return MARKED.reduce((t, re) => t.replace(re, '$1$2'), s);
}

const ELLIPSIS = '…';

let segmenter: Intl.Segmenter | undefined;
const segment = (s: string) => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s);

/*
 * V8's segmenter copies its whole input on every call and costs ~5 µs per step of iteration,
 * so walking the clusters of a 100,000-char text to keep its first 3,000 took ~0.3 s.
 * graphemeStart finds a cut with one lookup in a copy cut just past where it looks: a
 * grapheme boundary depends only on what comes before it and the one character after (a
 * surrogate pair is two code units), so the copy has the same boundaries up to there.
 */

/** The grapheme clusters of `s` (walk only short texts: see above). */
export function graphemes(s: string): Iterable<{ segment: string }> {
  return segment(s);
}

/** The last grapheme boundary at or before `at` (0 ≤ at < s.length): where a cut may fall. */
export function graphemeStart(s: string, at: number): number {
  return segment(s.length > at + 2 ? s.slice(0, at + 2) : s).containing(at)?.index ?? at;
}

/**
 * Shorten `s` to at most `max` UTF-16 code units, ending with "…" when it was cut.
 * Cuts only between grapheme clusters: never inside an emoji, a ZWJ sequence, a flag or a
 * surrogate pair, and never leaves a base letter without its accents.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 1) return '';
  return s.slice(0, graphemeStart(s, max - ELLIPSIS.length)) + ELLIPSIS;
}

const escapedWidth = (c: number) => (c === 0x26 ? 5 : c === 0x3c || c === 0x3e ? 4 : 1); // &amp; &lt; &gt;

/**
 * escapeMrkdwn then truncate so that the *escaped* text fits in `max`; never cuts inside
 * an entity such as `&lt;`. Use it for user text placed in mrkdwn with a length limit.
 */
export function escapeTruncate(s: string, max: number): string {
  const escaped = escapeMrkdwn(s);
  if (escaped.length <= max) return escaped;
  if (max < 1) return '';
  // the longest raw start whose escaped form fits (shorter than s: all of it does not fit)
  let room = max - ELLIPSIS.length;
  let end = 0;
  while (end < s.length && escapedWidth(s.charCodeAt(end)) <= room) room -= escapedWidth(s.charCodeAt(end++));
  return escapeMrkdwn(s.slice(0, graphemeStart(s, end))) + ELLIPSIS;
}

// C0 controls except \t (09) and \n (0A); DEL; C1 controls. \r is folded into \n first.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Make typed text safe to store: CRLF/CR → LF, remove NUL and the other control characters
 * (C0 except \n and \t, DEL, C1), replace lone surrogates with U+FFFD, normalise to NFC,
 * trim. Everything else (mentions, markup, RTL text, emoji) is kept verbatim.
 */
export function cleanInput(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .trim();
}

// Combining diacritical marks (accents) only: marks that are vowels in other scripts
// (Devanagari, Arabic harakat…) are kept so those names stay distinct.
const ACCENTS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;
// Letters that NFKD does not decompose but people type without the stroke.
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const FOLDABLE = /[ßæœøłđðþı]/g;

/**
 * The matching key of a name: NFKD, accents stripped, lower-cased, apostrophes dropped,
 * every other run of punctuation, symbols and spaces collapsed to one space, trimmed.
 * "Société Générale, Inc." and "societe  generale inc" share the key "societe generale inc";
 * "McDonald’s" → "mcdonalds". A name with no letters or digits has the key "".
 */
export function nameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(ACCENTS, '')
    .toLowerCase()
    .replace(FOLDABLE, (c) => FOLD[c] ?? c)
    .replace(/\p{Cf}/gu, '') // zero-width joiners and spaces, bidi controls, soft hyphens
    .replace(/['’ʼ‘`]/g, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim()
    .normalize('NFC');
}

/**
 * `s` without the run of characters at its end that `one` (a one-character class, no `g`)
 * matches. A regex such as /[,;]+$/ restarts at every character of a long run and rescans it
 * to the end each time (quadratic: seconds on 60,000 commas); this walks back once.
 */
export function trimEndWhere(s: string, one: RegExp): string {
  let end = s.length;
  while (end > 0 && one.test(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** A name typed in quotes ("Owner Bank", curly or straight) without them; trimmed either way. */
export function unquote(s: string): string {
  const m = /^["“”'‘’](.*)["“”'‘’]$/.exec(s.trim());
  return (m ? m[1]! : s).trim();
}

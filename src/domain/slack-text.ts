// Message text as Slack sends it, made readable (issue 16): Slack encodes &, < and > as
// &amp; &lt; &gt; and writes mentions, channels and links as <@U…>, <#C…|name>, <url|label>.
// A snippet or a pre-filled form wants what a person saw, so it is decoded here, before it is
// cut; it is escaped again (views) when shown in mrkdwn.

/** One <…> token: Slack never puts < or > inside one (they arrive encoded). */
const TOKEN = /<([^<>]*)>/g;

function token(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : '@someone';
  if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : '#a channel';
  if (target.startsWith('!')) {
    const special = target.slice(1);
    if (label) return label; // <!subteam^S…|@team>, <!date^…|fallback>
    if (special === 'here' || special === 'channel' || special === 'everyone') return `@${special}`;
    return '';
  }
  if (label) return label;
  return target.replace(/^mailto:/i, '');
}

/** Decodes Slack's three entities; &amp; last, so "&amp;lt;" reads "&lt;" as the sender typed it. */
export function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A slash command's text as the person typed it: Slack sends &, < and > encoded, as in
 * messages ("AT&T" arrives "AT&amp;T"), so names and summaries are decoded before they are
 * parsed or stored. Mentions (<@U…>, <#C…>, <!…>) stay <…> tokens for the parsers that read
 * them; a token a person typed out by hand reads like the one Slack would have made, which
 * grants nothing. A link Slack made of what they typed (an escaped command turns "acme.com"
 * into <http://acme.com|acme.com>, an address into <mailto:…|…>) is read as the words typed,
 * so "/account add acme.com" names the account "/log acme.com" finds; a link with words of its
 * own keeps both, as a token.
 */
export function commandText(raw: string | undefined): string {
  return decodeEntities((raw ?? '').replace(TOKEN, (whole: string, inner: string) => (madeOfTyped(inner) ? token(inner) : whole)));
}

/**
 * Whether a <…> token is a link Slack made of what was typed: a URL with no label, or one whose
 * label is its own address ("acme.io" → http://acme.io|acme.io, an address → mailto:…|…). A
 * link someone gave words of their own (<url|the deck>), a mention or a channel stays a token.
 */
function madeOfTyped(inner: string): boolean {
  if (/^[@#!]/.test(inner)) return false;
  const bar = inner.indexOf('|');
  if (bar < 0) return true;
  const target = inner.slice(0, bar);
  const label = inner.slice(bar + 1);
  return label === target || label === target.replace(/^mailto:/i, '') || label === target.replace(/^https?:\/\//i, '');
}

/** What the sender saw: mentions as @name (or @someone), channels as #name, links as their label, entities decoded. */
export function slackToPlain(text: string): string {
  return decodeEntities(text.replace(TOKEN, (_m, inner: string) => token(inner)));
}

/** An encoded entity is at most 5 characters for 1: more encoded text than this is never one Slack message. */
export const MAX_ENCODING_RATIO = 5;

/**
 * The length of a message text once its entities are decoded (what Slack's 40,000-character
 * limit counts), without building the decoded string.
 */
export function decodedLength(text: string): number {
  let n = text.length;
  for (const m of text.matchAll(/&(?:amp|lt|gt);/g)) n -= m[0].length - 1;
  return n;
}

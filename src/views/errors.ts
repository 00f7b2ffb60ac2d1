// Friendly errors, and the message that hands a user back what they typed when the
// database is down. User text is escaped (so it never pings or links) and cut to the limits.
import type { types } from '@slack/bolt';
import type { CommandError } from '../domain/log-command.ts';
import { escapeMrkdwn, escapeTruncate } from '../domain/text.ts';

/** A message body for chat.postMessage / respond / postEphemeral. */
export type SlackMessage = { text: string; blocks: types.KnownBlock[] };

/** Inline code from any text: escaped, no backticks (they would end the span), one line. */
export function inlineCode(s: string, max = 500): string {
  const body = escapeTruncate(s.replace(/`/g, "'").replace(/\s+/g, ' '), max);
  return body ? '`' + body + '`' : '';
}

/**
 * Escaped text safe inside a ``` block: a backtick is always followed by a zero-width space,
 * so no run of three can close the block early, and a leading one cannot lengthen the fence.
 */
export function codeBlockBody(escaped: string): string {
  return escaped.replace(/`/g, '`\u200B');
}

/** The coded error from a command parser, with its example. */
export function buildErrorMessage(error: CommandError): SlackMessage {
  const message = escapeTruncate(error.message, 2800);
  return {
    text: escapeTruncate(error.message, 300),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: ${message}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Try: ${inlineCode(error.example) || '`/log help`'}` }] },
    ],
  };
}

const CHUNK = 2900;
const MAX_CHUNKS = 4;

/** Escaped, code-block-safe pieces of at most CHUNK chars, cut between graphemes. */
function codeChunks(s: string): { chunks: string[]; cut: boolean } {
  const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const chunks: string[] = [];
  let current = '';
  for (const { segment } of seg.segment(s)) {
    let piece = codeBlockBody(escapeMrkdwn(segment));
    if (piece.length > CHUNK) piece = '\uFFFD'; // a hostile "grapheme" of thousands of marks
    if (current.length + piece.length > CHUNK) {
      chunks.push(current);
      current = '';
      if (chunks.length === MAX_CHUNKS) return { chunks, cut: true };
    }
    current += piece;
  }
  if (current) chunks.push(current);
  return { chunks, cut: false };
}

/**
 * "The database is temporarily unavailable": nothing was saved, and here is exactly what
 * was typed (escaped, in code blocks, up to ~11,600 chars) so it can be sent again.
 */
export function buildDbUnavailableMessage(typed: string, command = '/log'): SlackMessage {
  const full = `${command} ${typed}`.trim();
  const { chunks, cut } = codeChunks(full);
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ":warning: Tend can't reach its database right now, so this *wasn't saved*. Here's what you typed — copy it and try again in a minute:",
      },
    },
    ...chunks.map((c): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: '```' + (c.startsWith('`') ? '\u200B' : '') + c + '```' } })),
  ];
  if (cut) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'That was long, so the end was cut off here.' }] });
  return { text: "Tend can't reach its database right now, so this wasn't saved.", blocks };
}

/**
 * Something other than the database failed (a bug, Slack refusing a call): nothing was
 * saved, say so plainly and hand back what was typed, like buildDbUnavailableMessage.
 */
export function buildUnexpectedErrorMessage(typed: string, command = '/log'): SlackMessage {
  const full = `${command} ${typed}`.trim();
  const { chunks, cut } = codeChunks(full);
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: ":warning: Something went wrong on Tend's side, so this *wasn't saved*. Here's what you typed — try again in a minute:" },
    },
    ...chunks.map((c): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: '```' + (c.startsWith('`') ? '\u200B' : '') + c + '```' } })),
  ];
  if (cut) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'That was long, so the end was cut off here.' }] });
  return { text: "Something went wrong on Tend's side, so this wasn't saved.", blocks };
}

/** Warnings from a successful parse, as one context block (or none). */
export function buildWarningsBlock(warnings: readonly string[]): types.KnownBlock[] {
  if (!warnings.length) return [];
  const text = escapeTruncate(warnings.slice(0, 10).map((w) => `:information_source: ${w}`).join('\n'), 2900);
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }];
}

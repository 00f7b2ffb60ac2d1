// What a rep sees after logging a conversation: what was saved, and what happens next.
// Pure; the summary is the rep's text, escaped and cut.
import type { types } from '@slack/bolt';
import { escapeTruncate } from '../domain/text.ts';
import { sentimentWords, withArticle } from '../domain/words.ts';
import { ACTIONS } from './ids.ts';
import { buildWarningsBlock } from './errors.ts';
import type { Medium, Sentiment, SlackMessage, TouchKind } from '../domain/vocabulary.ts';
import { slackDate } from './slack-date.ts';

export type LogConfirmation = {
  accountId: number;
  accountName: string;
  medium: Medium;
  kind: TouchKind;
  sentiment?: Sentiment | null;
  summary: string;
  nextStep?: string | null;
  nextStepDue?: Date | null;
  /** false: the same command or form was already saved (a retry or double submit) */
  created: boolean;
  warnings?: readonly string[];
};

// a neutral touch needs no word; the others say what the rep did
const KIND: Record<TouchKind, string | null> = { give: 'you gave value', ask: 'you asked', neutral: null };

function due(d: Date, timeZone: string): string {
  return slackDate(d, '{date_short_pretty} at {time}', timeZone);
}

export function buildLogConfirmation(c: LogConfirmation, opts: { timeZone: string }): SlackMessage {
  const account = escapeTruncate(c.accountName, 150);
  const how = [KIND[c.kind], c.sentiment ? sentimentWords(c.sentiment) : null].filter(Boolean).join(', and ');
  const head = c.created
    ? `:white_check_mark: Logged ${withArticle(c.medium)} with *${account}*${how ? ` (${how})` : ''}.`
    : `:ballot_box_with_check: Already logged — this ${c.medium} with *${account}* was saved before, so nothing changed.`;
  // the rep's line breaks are kept: each line of the summary is a line of the quote
  const lines = [head, escapeTruncate(c.summary, 500).split('\n').map((line) => `>${line}`).join('\n')];
  if (c.nextStep) {
    lines.push(`:arrow_right: Next: ${escapeTruncate(c.nextStep.replace(/\s+/g, ' '), 300)}${c.nextStepDue ? ` — due ${due(c.nextStepDue, opts.timeZone)}` : ''}`);
  }
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }];
  if (c.created && c.kind === 'ask') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ':bulb: That was an ask. Make the next touch a give: an insight, a usage review, an introduction.' }] });
  }
  blocks.push(...buildWarningsBlock(c.warnings ?? []));
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', action_id: ACTIONS.showAccount, text: { type: 'plain_text', text: 'Show the account' }, value: String(c.accountId) }],
  });
  const text = c.created ? `Logged ${withArticle(c.medium)} with ${account}.` : `Already logged: ${withArticle(c.medium)} with ${account}.`;
  return { text, blocks };
}

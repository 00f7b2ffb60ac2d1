// Help for each slash command, with examples. Our own help text contains <placeholders>,
// so it is escaped like user text.
import { ACCOUNT_HELP } from '../domain/account-command.ts';
import { LOG_HELP } from '../domain/log-command.ts';
import { escapeTruncate } from '../domain/text.ts';
import type { SlackMessage } from '../domain/vocabulary.ts';
import { ACTIONS } from './ids.ts';

export type HelpTopic = 'log' | 'account' | 'all';

const NUDGES_HELP = [
  '*Nudges* — Tend posts give-first suggestions for customers who hold a single product or have gone quiet.',
  '• *Claim* it to take it on, *Done* when you acted, *Snooze* for a week, a month or a quarter, *Dismiss* if it does not apply.',
  '• Lead with value (a usage review, a benchmark, a training) before you ask for the next product.',
].join('\n');

function section(text: string): SlackMessage['blocks'][number] {
  return { type: 'section', text: { type: 'mrkdwn', text: escapeTruncate(text, 3000) } };
}

/** Help for `/log`, `/account`, or everything. */
export function buildHelpMessage(topic: HelpTopic = 'all'): SlackMessage {
  const blocks: SlackMessage['blocks'] = [
    { type: 'header', text: { type: 'plain_text', text: topic === 'all' ? 'How to use Tend' : `How to use /${topic}` } },
  ];
  if (topic === 'log' || topic === 'all') blocks.push(section('*/log* — record a customer conversation in one line.\n' + LOG_HELP));
  if (topic === 'all') blocks.push({ type: 'divider' });
  if (topic === 'account' || topic === 'all') blocks.push(section('*/account* — see and change accounts and what they hold.\n' + ACCOUNT_HELP));
  if (topic === 'all') blocks.push({ type: 'divider' }, section(NUDGES_HELP));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Type `/log help` or `/account help` any time.' }] });
  return { text: topic === 'all' ? 'How to use Tend' : `How to use /${topic}`, blocks };
}

/**
 * `/tend help`: everything, plus the /tend verbs. Their lines come from the verb table
 * (src/slack/commands/tend.ts), so a new verb brings its own help.
 */
export function buildTendHelp(verbLines: readonly string[]): SlackMessage {
  const all = buildHelpMessage('all');
  const tend = ['*/tend* — the app itself.', ...verbLines, '• `/nudges` — your open nudges with their buttons.'].join('\n');
  return { text: all.text, blocks: [...all.blocks.slice(0, -1), { type: 'divider' }, section(tend), ...all.blocks.slice(-1)] };
}

/**
 * `/tend help` on one screen: the most used verbs, one line each, and a "More" button that
 * replaces it with everything (buildTendHelp). `brief` lines come from the verb table too.
 */
export function buildTendHelpShort(brief: readonly string[]): SlackMessage {
  const lines = [
    '• `/log Acme: call, gave a usage review` — record a conversation in one line.',
    '• `/account Acme` — the account card; `/account Acme +Analytics 800/mo` — what they hold.',
    '• `/nudges` — your open nudges with their buttons.',
    ...brief,
  ];
  return {
    text: 'How to use Tend',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeTruncate(['*Tend* — give-first nudges for your customers. The most used:', ...lines].join('\n'), 3000) } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: ACTIONS.helpMore, text: { type: 'plain_text', text: 'More' }, value: 'tend' }],
      },
    ],
  };
}

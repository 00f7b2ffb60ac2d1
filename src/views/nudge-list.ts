// `/nudges`: the caller's open and claimed nudges, highest value first, each with the same
// buttons as the nudge message (their listeners live with the nudge messages). Pure.
import type { types } from '@slack/bolt';
import { atRiskText } from '../domain/churn.ts';
import { escapeTruncate } from '../domain/text.ts';
import { BLOCKS } from './ids.ts';
import { NUDGE_KIND_LABEL, type SlackMessage } from '../domain/vocabulary.ts';
import { nudgeActionElements } from './nudge.ts';
import type { MyNudge } from '../domain/read-models.ts';

export type NudgeListItem = Omit<MyNudge, 'channelId' | 'messageTs'>;

/** At most this many nudges in one message (3 blocks each keeps it far below 50). */
export const MAX_LISTED_NUDGES = 10;

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });

export function buildNudgeList(items: readonly NudgeListItem[], total: number): SlackMessage {
  if (items.length === 0) {
    return {
      text: 'You have no open nudges.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':sparkles: You have no open nudges. A good moment to log a give: `/log Acme: shared a benchmark #give`' } }],
    };
  }
  const shown = items.slice(0, MAX_LISTED_NUDGES);
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(`Your nudges (${total.toLocaleString('en-US')})`) }];
  for (const n of shown) {
    const product = n.kind === 'cross_sell' && n.productName ? ` · suggest ${escapeTruncate(n.productName, 80)}` : '';
    const state = n.status === 'claimed' ? ' · :eyes: claimed by you' : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${NUDGE_KIND_LABEL[n.kind] ?? 'Nudge'}: ${escapeTruncate(n.accountName, 120)}* — ${atRiskText(n.valueAtStakeCents)}${product}${state}\n${escapeTruncate(n.suggestion.replace(/\s+/g, ' '), 600)}`,
      },
    });
    // block ids are unique per message, so each nudge's row carries its id
    blocks.push({ type: 'actions', block_id: `${BLOCKS.nudgeActions}:${n.id}`, elements: nudgeActionElements(n.id, n.status) }, { type: 'divider' });
  }
  if (total > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Showing the ${shown.length} with the most revenue at risk of ${total.toLocaleString('en-US')}. Finish or snooze some to see the rest.` }] });
  }
  return { text: `You have ${total.toLocaleString('en-US')} open nudge${total === 1 ? '' : 's'}.`, blocks };
}

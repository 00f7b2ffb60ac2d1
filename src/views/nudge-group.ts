// A rep's nudges for the day as one Slack message: a list, each nudge a section with its own
// state line and buttons (the ones its single message has), so the channel gets one
// notification per rep and every action stays in place. Pure; rebuilt whole from the
// database on every change (chat.update of the grouped message). It lists at most
// GROUP_MAX_LISTED, fewer when their text would pass what one message holds (views/block-kit.ts),
// and points to /nudges for the rest.
import type { types } from '@slack/bolt';
import { atRiskText } from '../domain/churn.ts';
import type { NudgeCard } from '../domain/read-models.ts';
import { GROUP_MAX_LISTED } from '../domain/release.ts';
import { escapeTruncate, truncate } from '../domain/text.ts';
import { plural } from '../domain/words.ts';
import { NUDGE_KIND_LABEL, type SlackMessage } from '../domain/vocabulary.ts';
import { BLOCK_KIT, blockTextLength, howManyFit } from './block-kit.ts';
import { BLOCKS } from './ids.ts';
import { cardStateLine, mention, nudgeActionElements, undoButton, whyLines } from './nudge.ts';

export type NudgeGroupInput = {
  /** the rep the nudges are for; null for the team's unassigned nudges */
  repSlackUserId: string | null;
  /** the rep's local day, YYYY-MM-DD (a day keyed with its UTC offset after a zone move: data/nudge-budget.ts; the date is shown) */
  localDay: string;
  /** every nudge of the group, highest priority first (only the first GROUP_MAX_LISTED at most are listed) */
  cards: readonly NudgeCard[];
  /** ids of nudges that left this message (a woken snooze posted anew): listed without buttons */
  movedIds?: ReadonlySet<number>;
};

function nudgeBlocks(card: NudgeCard, moved: boolean): types.KnownBlock[] {
  const label = NUDGE_KIND_LABEL[card.kind] ?? 'Nudge';
  const name = card.accountName.replace(/\s+/g, ' ').trim() || `Account #${card.id}`;
  const why = whyLines(card)[0];
  const lines = [
    `*${escapeTruncate(name, 200)}* · ${label} · ${atRiskText(card.valueAtStakeCents)}`,
    why ? escapeTruncate(why, 300) : null,
    `_Give first:_ ${escapeTruncate(card.suggestion || 'Reach out with something useful to them.', 1500)}`,
    card.offerTitle ? `_Offer:_ ${escapeTruncate(card.offerTitle, 300)}` : null,
  ].filter(Boolean);
  const state = moved ? ':alarm_clock: Back from its snooze and posted again as a new message: act on that one' : cardStateLine(card);
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: state }] },
  ];
  const live = !moved && (card.state.status === 'open' || card.state.status === 'claimed');
  if (live) blocks.push({ type: 'actions', block_id: `${BLOCKS.nudgeActions}:${card.id}`, elements: nudgeActionElements(card.id, card.state.status as 'open' | 'claimed') });
  // for a few minutes after Done, Snooze or Dismiss, as on a single message
  else if (!moved && card.undoUntil) blocks.push({ type: 'actions', block_id: `${BLOCKS.nudgeActions}:${card.id}`, elements: [undoButton(card.id)] });
  return blocks;
}

/** The grouped message (post and every chat.update). */
export function buildNudgeGroupMessage(input: NudgeGroupInput): SlackMessage {
  const who = input.repSlackUserId ? mention(input.repSlackUserId) : 'the team';
  const total = input.cards.length;
  const head: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Today's nudges: ${plural(total, 'account')} to give to` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `For ${who} · ${input.localDay.slice(0, 10)} · highest value first` }] },
  ];
  const moreLine = (more: number): types.KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${more} more in \`/nudges\`` }] });
  // each nudge with the divider before it; as many as fit beside the head and the "more" line
  const each = input.cards.slice(0, GROUP_MAX_LISTED).map((card, i): types.KnownBlock[] => [
    ...(i > 0 ? [{ type: 'divider' } as const] : []),
    ...nudgeBlocks(card, input.movedIds?.has(card.id) ?? false),
  ]);
  const room = BLOCK_KIT.messageBlocksText - blockTextLength(head) - blockTextLength(moreLine(total));
  // the first nudge always: one is within every cap on its own
  const fit = Math.max(Math.min(1, each.length), howManyFit(each, blockTextLength, room));
  const shown = input.cards.slice(0, fit);
  const blocks = [...head, ...each.slice(0, fit).flat()];
  const more = total - shown.length;
  if (more > 0) blocks.push(moreLine(more));
  const names = shown.slice(0, 3).map((c) => escapeTruncate(c.accountName.replace(/\s+/g, ' '), 60)).join(', ');
  const text = `${plural(total, 'nudge')} for ${who} today: ${names}${total > 3 ? ', …' : ''}`;
  return { text, blocks };
}

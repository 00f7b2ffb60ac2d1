// The account card: who owns it, what they hold, how the relationship is going.
// Input is plain data the caller assembles; all of it is escaped and cut to Slack's limits.
import type { types } from '@slack/bolt';
import { rhythmWords } from '../domain/cadence.ts';
import { formatMoney } from '../domain/money.ts';
import { escapeMrkdwn, escapeTruncate, truncate } from '../domain/text.ts';
import { daysAgo, plural } from '../domain/words.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from './ids.ts';
import type { AccountStatus, Medium, SlackMessage, TouchDirection, TouchKind } from '../domain/vocabulary.ts';
import { timeAgo } from '../domain/time-ago.ts';
import { CHANNEL_ID, USER_ID } from '../domain/slack-ids.ts';
import { chanceText, type NextProduct } from '../domain/recommend.ts';
import { slackDate, slackDay } from './slack-date.ts';

export type AccountCardData = {
  id: number;
  name: string;
  aliases?: string[];
  ownerSlackUserId?: string | null;
  ownerName?: string | null;
  segment?: string | null;
  status: AccountStatus;
  /** active holdings */
  holdings: { product: string; mrrCents: number; since?: Date | null }[];
  /** newest first; the card shows up to 5 */
  lastTouches: {
    at: Date;
    medium: Medium;
    kind: TouchKind;
    summary: string;
    bySlackUserId?: string | null;
    nextStep?: string | null;
    nextStepDue?: Date | null;
    /** a captured touch (issue 16): its channel, whose side spoke, how many messages it folds */
    channelId?: string | null;
    direction?: TouchDirection | null;
    messageCount?: number | null;
  }[];
  /** channels linked to the account, each with its latest captured touch */
  channels?: { channelId: string; lastTouchAt: Date | null }[];
  /** touches over the window the caller chose (e.g. 90 days) */
  gives: number;
  asks: number;
  openNudges: number;
  /** What to offer next, best first, with the chance and its counted evidence (from the latest cross-sell nudge). */
  nextProducts?: NextProduct[];
  stall: {
    level: 'ok' | 'cooling' | 'stalled' | 'new';
    /** Calendar days since the last touch in the reader's zone (0 today, 1 yesterday); null before any touch. */
    daysSinceLastTouch: number | null;
    /** The account's usual rhythm: the median days between its touches; null without enough history. */
    rhythmDays?: number | null;
    /** The stall rule's thresholds for this account (src/domain/cadence.ts), shown apart from the rhythm. */
    coolingAfterDays?: number;
    stalledAfterDays?: number;
    overdueNextStep?: boolean;
  };
};

export const MAX_CARD_HOLDINGS = 15;
export const MAX_CARD_TOUCHES = 5;

const STATUS: Record<AccountCardData['status'], string> = { active: 'Active', churned: 'Churned', prospect: 'Prospect' };
const KIND: Record<TouchKind, string> = { give: 'gave', ask: 'asked', neutral: 'neutral' };

const SIDE: Record<TouchDirection, string> = { customer: 'from the customer', team: 'from the team' };

/** A captured touch: where, how many messages from which side, and its snippet when one was kept (escaped). */
function capturedLine(t: AccountCardData['lastTouches'][number], timeZone: string): string {
  const n = t.messageCount ?? 1;
  const side = t.direction ? ` ${SIDE[t.direction]}` : '';
  const snippet = t.summary.trim() ? `: ${escapeTruncate(t.summary.replace(/\s+/g, ' '), 200)}` : '';
  return `• ${slackDate(t.at, '{date_short}', timeZone)} · ${t.medium} in <#${t.channelId}> · ${plural(n, 'message')}${side}${t.kind === 'give' ? ' · gave' : ''}${snippet}`;
}


function who(userId: string | null | undefined, name: string | null | undefined): string {
  if (userId && USER_ID.test(userId)) return `<@${userId}>`;
  if (name) return escapeTruncate(name, 80);
  return '_unassigned_';
}

/** Lines joined while they fit in `max`, keeping room for a closing "…and N more". */
function lines(items: string[], max: number, more: (n: number) => string): string {
  const out: string[] = [];
  let len = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const reserve = i < items.length - 1 ? 40 : 0;
    if (len + item.length + 1 + reserve > max) {
      out.push(more(items.length - i));
      break;
    }
    out.push(item);
    len += item.length + 1;
  }
  return out.join('\n');
}

function stallText(s: AccountCardData['stall']): string {
  // one wording for rhythm and quiet everywhere (domain/cadence.ts rhythmWords)
  const words = rhythmWords({
    usualGapDays: s.rhythmDays ?? null,
    daysQuiet: s.daysSinceLastTouch,
    coolingAfterDays: s.coolingAfterDays ?? null,
    stalledAfterDays: s.stalledAfterDays ?? null,
  });
  const base =
    s.level === 'stalled' ? `:red_circle: Stalled — ${words}`
    : s.level === 'cooling' ? `:large_yellow_circle: Cooling — ${words}`
    : s.level === 'new' ? `:white_circle: New — ${s.daysSinceLastTouch === null ? 'no touches yet' : `last touch ${daysAgo(s.daysSinceLastTouch)}`}`
    : `:large_green_circle: On rhythm — ${words}`;
  return s.overdueNextStep ? `${base}\n:alarm_clock: A next step is overdue` : base;
}

/** "Last touch 2 h ago in #acme-shared · Linked: #acme-shared, #acme-internal", when the account has linked channels. */
function linkedChannelsLine(data: AccountCardData, now: Date, timeZone: string): string | null {
  const last = data.lastTouches[0];
  const parts: string[] = [];
  if (last?.channelId && CHANNEL_ID.test(last.channelId)) parts.push(`:speech_balloon: Last touch ${timeAgo(last.at, now, timeZone)} in <#${last.channelId}>`);
  const linked = (data.channels ?? []).filter((c) => CHANNEL_ID.test(c.channelId)).map((c) => `<#${c.channelId}>`);
  if (linked.length) parts.push(`:link: Linked: ${linked.join(', ')}`);
  return parts.length ? parts.join(' · ') : null;
}

/** The card as a message (also fine inside a modal or the home tab: it stays under 10 blocks). */
export function buildAccountCard(data: AccountCardData, opts: { now: Date; timeZone: string }): SlackMessage {
  const totalMrr = data.holdings.reduce((sum, h) => sum + h.mrrCents, 0);
  const ratio =
    data.gives + data.asks === 0 ? 'no gives or asks yet'
    : `${plural(data.gives, 'give')} : ${plural(data.asks, 'ask')}${data.asks > data.gives ? ' :warning: asking more than giving' : ''}`;

  const fields: types.MrkdwnElement[] = [
    { type: 'mrkdwn', text: `*Owner*\n${who(data.ownerSlackUserId, data.ownerName)}` },
    { type: 'mrkdwn', text: `*Status*\n${STATUS[data.status] ?? 'Unknown'}${data.segment ? ` · ${escapeTruncate(data.segment, 60)}` : ''}` },
    { type: 'mrkdwn', text: `*MRR*\n${formatMoney(totalMrr)} across ${plural(data.holdings.length, 'product')}` },
    { type: 'mrkdwn', text: `*Give : ask*\n${ratio}` },
    { type: 'mrkdwn', text: `*Open nudges*\n${data.openNudges.toLocaleString('en-US')}` },
    { type: 'mrkdwn', text: `*Rhythm*\n${stallText(data.stall)}` },
  ];

  const holdings = [...data.holdings].sort((a, b) => b.mrrCents - a.mrrCents);
  const holdingLines = holdings.slice(0, MAX_CARD_HOLDINGS).map(
    (h) => `• ${escapeTruncate(h.product, 100)} — ${formatMoney(h.mrrCents)}${h.since ? ` since ${slackDay(h.since, opts.timeZone)}` : ''}`,
  );
  if (holdings.length > MAX_CARD_HOLDINGS) holdingLines.push(`…and ${plural(holdings.length - MAX_CARD_HOLDINGS, 'more product')}`);
  // what to offer next, so a rep can pick: each with its chance and the counts behind it
  const next = (data.nextProducts ?? []).slice(0, 3).map((x, i) =>
    `${i + 1}. ${escapeTruncate(x.productName, 100)} — ${chanceText(x.score)}${x.evidence ? ` · ${escapeTruncate(x.evidence, 250)}` : ''}`);
  const nextText = next.length ? `\n*Next products*\n${next.join('\n')}` : '';
  const holdingsText = (holdings.length
    ? '*Products*\n' + lines(holdingLines, next.length ? 1500 : 2900, (n) => `…and ${n} more`)
    : '*Products*\n_None yet._ Add one with ' + escapeMrkdwn('`/account <name> +<product> <price>`.')) + nextText;

  const touches = data.lastTouches.slice(0, MAX_CARD_TOUCHES).map((t) => {
    if (t.channelId && CHANNEL_ID.test(t.channelId)) return capturedLine(t, opts.timeZone);
    const by = t.bySlackUserId && USER_ID.test(t.bySlackUserId) ? ` — <@${t.bySlackUserId}>` : '';
    const next = t.nextStep
      ? `\n    ↳ next: ${escapeTruncate(t.nextStep, 150)}${t.nextStepDue ? ` (due ${slackDay(t.nextStepDue, opts.timeZone)})` : ''}`
      : '';
    return `• ${slackDay(t.at, opts.timeZone)} · ${t.medium} · ${KIND[t.kind] ?? t.kind}: ${escapeTruncate(t.summary.replace(/\s+/g, ' '), 200)}${by}${next}`;
  });
  const touchesText = touches.length ? '*Last touches*\n' + lines(touches, 2900, (n) => `…and ${n} more`) : '*Last touches*\n_None logged yet._';

  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(data.name.replace(/\s+/g, ' ').trim() || `Account ${data.id}`, 150) } },
  ];
  if (data.aliases?.length) {
    const aka = data.aliases.slice(0, 10).map((a) => escapeTruncate(a, 80)).join(', ');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Also known as ${aka}${data.aliases.length > 10 ? '…' : ''}` }] });
  }
  blocks.push({ type: 'section', fields });
  const channelsLine = linkedChannelsLine(data, opts.now, opts.timeZone);
  if (channelsLine) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: channelsLine }] });
  if (data.status === 'active' && data.holdings.length === 1) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: ':bulb: Single product: the easiest next sale. Lead with value.' }],
    });
  }
  blocks.push(
    { type: 'section', text: { type: 'mrkdwn', text: holdingsText } },
    { type: 'section', text: { type: 'mrkdwn', text: touchesText } },
    {
      type: 'actions',
      block_id: BLOCKS.accountActions,
      elements: [{ type: 'button', action_id: ACTIONS.openLogModal, text: { type: 'plain_text', text: 'Log a conversation' }, value: String(data.id), style: 'primary' }],
    },
  );
  return { text: `${escapeTruncate(data.name, 150)}: ${formatMoney(totalMrr)}, ${plural(data.holdings.length, 'product')}`, blocks };
}

/**
 * The card (or the answer in its place: no such account, the database down) as a modal: where a
 * click has no message to answer under, as from the App Home tab, which sends no response_url.
 */
export function buildAccountCardModal(card: SlackMessage): types.ModalView {
  return { type: 'modal', callback_id: CALLBACKS.accountCard, title: { type: 'plain_text', text: 'Account' }, close: { type: 'plain_text', text: 'Close' }, blocks: card.blocks };
}

// A nudge as a Slack message in each of its states, the escalation and "can't post" notes to
// managers, and the Done / Dismiss modals. Pure: callers pass plain data; every piece of user
// or customer text is escaped (so it never pings or links) and cut to Block Kit's limits.
import type { types } from '@slack/bolt';
import { isValidTimezone } from '../domain/clock.ts';
import { formatMoney } from '../domain/money.ts';
import { addValueText, atRiskFigure, atRiskHow, atRiskText } from '../domain/churn.ts';
import { chanceText, nextProductsOf } from '../domain/recommend.ts';
import { slackRefusalFix, type ChannelSetting, type RefusedPlace } from '../domain/slack-errors.ts';
import { cleanInput, escapeTruncate, mrkdwnFallback, truncate } from '../domain/text.ts';
import { ACTIONS, BLOCKS, isRowId, NUDGE_VIEWS, rowIdOf, SNOOZE_OPTIONS } from './ids.ts';
import { UNDO_WINDOW_MS } from '../domain/nudge-state.ts';
import { timeAgo } from '../domain/time-ago.ts';
import { plural } from '../domain/words.ts';
import { evidenceRhythmWords } from './rhythm.ts';
import { buildLogModal, readLogModal, type LogModalRead } from './log-modal.ts';
import type { NudgeCard, NudgeCardState } from '../domain/read-models.ts';
import { CONVERSATION_ID, USER_ID } from '../domain/slack-ids.ts';
import type { LiveNudgeStatus, NudgeKind, NudgeResolution, SlackMessage } from '../domain/vocabulary.ts';
import { slackDate } from './slack-date.ts';

const KIND_LABEL: Record<NudgeKind, string> = {
  cross_sell: 'Cross-sell',
  cooling: 'Cooling relationship',
  stalled: 'Stalled relationship',
  follow_up_due: 'Follow-up due',
};


/** A mention when the id looks like Slack's, else the escaped text: a forged id never pings. */
export function mention(userId: string | null | undefined): string {
  if (!userId) return 'someone';
  return USER_ID.test(userId) ? `<@${userId}>` : escapeTruncate(userId, 40);
}

function channelRef(id: string | null | undefined): string {
  if (!id) return 'a channel';
  return CONVERSATION_ID.test(id) ? `<#${id}>` : escapeTruncate(id, 40);
}

const day = (d: Date, timeZone = 'UTC') => d.toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone });

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** The evidence's value record (domain/nudges.ts): how the value at stake was computed; {} on older nudges. */
function valueOf(e: Record<string, unknown>): Record<string, unknown> {
  return (typeof e.value === 'object' && e.value !== null ? e.value : {}) as Record<string, unknown>;
}

/** "+$500/mo if they take Analytics" for a cross-sell that knows the product's typical MRR here; null otherwise. */
export function addValueLine(card: Pick<NudgeCard, 'kind' | 'evidence'>): string | null {
  const e = (typeof card.evidence === 'object' && card.evidence !== null ? card.evidence : {}) as Record<string, unknown>;
  const add = (typeof e.add === 'object' && e.add !== null ? e.add : {}) as Record<string, unknown>;
  const cents = num(add.mrrCents), product = text(add.productName);
  return card.kind === 'cross_sell' && cents !== null && cents > 0 && product ? addValueText(cents, product) : null;
}

/** The one line that says how the value at stake was computed; null on a nudge priced before it was recorded. */
export function valueHowLine(card: Pick<NudgeCard, 'evidence'>): string | null {
  const e = (typeof card.evidence === 'object' && card.evidence !== null ? card.evidence : {}) as Record<string, unknown>;
  const v = valueOf(e);
  const mrrCents = num(v.mrrCents), p = num(v.p);
  const basis = v.basis === 'measured' || v.basis === 'prior' ? v.basis : null;
  const label = v.bucket === '1' || v.bucket === '2' || v.bucket === '3+' ? v.bucket : null;
  return mrrCents === null || p === null || !basis || !label ? null : atRiskHow({ mrrCents, p, basis, label });
}

/** The "why" of a nudge, one short line per fact the scan recorded. Unknown shapes give no lines. */
export function whyLines(card: Pick<NudgeCard, 'kind' | 'evidence' | 'productName'> & { suggestion?: string }): string[] {
  const e = (typeof card.evidence === 'object' && card.evidence !== null ? card.evidence : {}) as Record<string, unknown>;
  const lines: string[] = [];
  const headline = text(e.headline);
  if (headline) lines.push(headline);
  const held = Array.isArray(e.heldProductIds) ? e.heldProductIds.length : null;
  if (held === 1) lines.push('Holds a single product: the easiest to grow');
  const churnWords = text(valueOf(e).churnWords);
  // said once: a cross-sell's suggestion already carries it
  if (held === 1 && churnWords && !card.suggestion?.includes(churnWords)) lines.push(churnWords);
  // rhythm and thresholds apart, worded as on every surface (views/rhythm.ts)
  const rhythm = evidenceRhythmWords(e);
  if (rhythm) lines.push(rhythm);
  const overdue = num(e.overdueDays);
  const nextStep = text(e.nextStep);
  if (overdue !== null) lines.push(`${nextStep ? `Next step "${nextStep}"` : 'A next step'} is ${plural(Math.round(overdue), 'day')} overdue`);
  if (e.asksWithoutGives === true) lines.push('The last touches were asks: give before asking again');
  const mrr = num(e.mrrCents);
  if (mrr !== null && mrr > 0) lines.push(`Pays ${formatMoney(mrr)} today`);
  // the next products with their chance, so a rep can pick; the first one's counted evidence
  // when the suggestion does not quote it already (a nudge from before the basket model has none)
  const next = card.kind === 'cross_sell' ? nextProductsOf(e) : [];
  if (next[0]?.evidence && !card.suggestion?.includes(next[0].evidence)) lines.push(next[0].evidence);
  if (next.length > 1) lines.push(`Next products: ${next.map((x) => `${x.productName} ${chanceText(x.score)}`).join(' · ')}`);
  return lines.slice(0, 8);
}

/** A card's state line: a retired nudge says what answered it, any other its state and who. */
export function cardStateLine(card: NudgeCard): string {
  return card.state.status === 'resolved' && card.state.retired ? retiredLine(card.accountName, card.state.retired) : stateLine(card.state);
}

/** The line that says where a nudge stands (who claimed, did, snoozed or dismissed it). */
/**
 * Why a retired nudge no longer asks anything: what answered it, in the words of the write
 * ("Acme took Analytics: +$800/mo", "Logged a call with Acme on Mon, Nov 30, 2026"). Dated,
 * not "today": the message stays in the channel long after.
 */
export function retiredLine(accountName: string, retired: { resolution: NudgeResolution; detail: unknown }): string {
  const d = (typeof retired.detail === 'object' && retired.detail !== null ? retired.detail : {}) as Record<string, unknown>;
  const name = escapeTruncate(accountName.replace(/\s+/g, ' ').trim(), 200);
  const at = text(d.at) && !Number.isNaN(Date.parse(d.at as string)) ? new Date(d.at as string) : null;
  switch (retired.resolution) {
    case 'touch': {
      const medium = text(d.medium) ?? 'touch';
      return `:leaves: Answered: Logged ${/^[aeiou]/i.test(medium) ? 'an' : 'a'} ${escapeTruncate(medium, 40)} with ${name}${at ? ` on ${day(at)}` : ''}`;
    }
    case 'holding': {
      const mrr = num(d.mrrCents);
      return `:tada: Answered: ${name} took ${escapeTruncate(text(d.productName) ?? 'the product', 200)}${mrr !== null && mrr > 0 ? `: +${formatMoney(mrr)}` : ''}`;
    }
    case 'churn':
      return `:leaves: Retired: ${name} holds no product any more${at ? ` (since ${day(at)})` : ''}`;
    case 'owner':
      // the owner left (Slack deactivated them): the account is the team's until a manager gives it one
      if (text(d.leftSlackUserId)) return `:arrows_counterclockwise: Retired: ${mention(text(d.leftSlackUserId))} left${at ? ` on ${day(at)}` : ''}, so ${name} and its nudges went back to the team`;
      return `:arrows_counterclockwise: Retired: ${name} moved to ${mention(text(d.ownerSlackUserId))}${at ? ` on ${day(at)}` : ''}, and its nudges with it`;
  }
}

export function stateLine(state: NudgeCardState): string {
  switch (state.status) {
    case 'open':
      return ':large_green_circle: Open: nobody has claimed it yet';
    case 'claimed':
      return `:eyes: Claimed by ${mention(state.by)}`;
    case 'done':
      return `:white_check_mark: Done by ${mention(state.by)}`;
    case 'snoozed':
      // a card in a channel is read in many timezones: Slack writes the day in each reader's
      return `:zzz: Snoozed until ${slackDate(state.until, '{date_long_pretty}', 'UTC')} by ${mention(state.by)}${state.reason ? `: ${escapeTruncate(state.reason, 500)}` : ''}`;
    case 'dismissed':
      return `:x: Dismissed by ${mention(state.by)}${state.reason ? `: ${escapeTruncate(state.reason, 500)}` : ''}`;
    case 'won':
      return `:trophy: Won: ${formatMoney(state.valueCents)} of new business after ${mention(state.by)}'s give`;
    case 'resolved':
      return ':leaves: Resolved by itself';
    case 'reposted':
      return `:alarm_clock: Back from its snooze on ${day(state.at)} and posted again as a new message: act on that one`;
  }
}

const plain = (t: string): types.PlainTextElement => ({ type: 'plain_text', text: t });

/**
 * The buttons a nudge offers wherever it is shown with them (its channel message, the
 * `/nudges` list): Claim while nobody has, Done, Snooze for a week/month/quarter, Dismiss.
 * Buttons carry the nudge id; snooze options `<option>:<nudge id>`.
 */
export function nudgeActionElements(nudgeId: number, status: LiveNudgeStatus): types.ActionsBlock['elements'] {
  const value = String(nudgeId);
  const snoozeOption = (label: string, v: string): types.PlainTextOption => ({ text: plain(label), value: `${v}:${value}` });
  const elements: types.ActionsBlock['elements'] = [];
  if (status === 'open') elements.push({ type: 'button', action_id: ACTIONS.nudgeClaim, text: plain('Claim'), style: 'primary', value });
  elements.push(
    { type: 'button', action_id: ACTIONS.nudgeDone, text: plain('Done'), value },
    {
      type: 'static_select',
      action_id: ACTIONS.nudgeSnooze,
      placeholder: plain('Snooze'),
      options: [snoozeOption('1 week', SNOOZE_OPTIONS.week), snoozeOption('1 month', SNOOZE_OPTIONS.month), snoozeOption('3 months', SNOOZE_OPTIONS.quarter)],
    },
    { type: 'button', action_id: ACTIONS.nudgeDismiss, text: plain('Dismiss'), style: 'danger', value },
  );
  return elements;
}

function actionsFor(card: NudgeCard): types.ActionsBlock | null {
  if (card.state.status === 'open' || card.state.status === 'claimed') {
    return { type: 'actions', block_id: BLOCKS.nudgeActions, elements: nudgeActionElements(card.id, card.state.status) };
  }
  return card.undoUntil ? { type: 'actions', block_id: BLOCKS.nudgeActions, elements: [undoButton(card.id)] } : null;
}

/** Shown for a few minutes after Done, Snooze or Dismiss (the card's undoUntil). */
export function undoButton(nudgeId: number): types.Button {
  return { type: 'button', action_id: ACTIONS.nudgeUndo, text: plain('Undo'), value: String(nudgeId) };
}

/** The nudge message (post and every chat.update). */
export function buildNudgeMessage(card: NudgeCard): SlackMessage {
  const label = KIND_LABEL[card.kind] ?? 'Nudge';
  const name = card.accountName.replace(/\s+/g, ' ').trim() || `Account #${card.id}`;
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(truncate(`${label}: ${name}`, 150)) }];
  const why = whyLines(card);
  if (why.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Why*\n${why.map((l) => `• ${escapeTruncate(l, 300)}`).join('\n')}` } });
  }
  const offer = card.offerTitle ? `\n_Offer:_ ${escapeTruncate(card.offerTitle, 300)}` : '';
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Give first*\n${escapeTruncate(card.suggestion || 'Reach out with something useful to them.', 2400)}${offer}` } });
  const fields: types.MrkdwnElement[] = [{ type: 'mrkdwn', text: `*Revenue at risk*\n${atRiskFigure(card.valueAtStakeCents)}` }];
  const add = addValueLine(card);
  if (add) fields.push({ type: 'mrkdwn', text: `*What it can add*\n${escapeTruncate(add, 200)}` });
  if (card.ownerSlackUserId) fields.push({ type: 'mrkdwn', text: `*Owner*\n${mention(card.ownerSlackUserId)}` });
  if (card.kind === 'cross_sell' && card.productName) fields.push({ type: 'mrkdwn', text: `*Suggested product*\n${escapeTruncate(card.productName, 200)}` });
  blocks.push({ type: 'section', fields });
  const state = cardStateLine(card);
  const how = valueHowLine(card);
  if (how) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeTruncate(how, 300) }] });
  const context: types.MrkdwnElement[] = [{ type: 'mrkdwn', text: state }];
  const actions = actionsFor(card);
  if (actions) {
    context.push({ type: 'mrkdwn', text: 'React :eyes: claim · :white_check_mark: done · :zzz: snooze a week · :x: dismiss' });
    blocks.push({ type: 'context', elements: context }, actions);
  } else {
    blocks.push({ type: 'context', elements: context });
  }
  const fallback = `${label} for ${escapeTruncate(name, 200)}: ${escapeTruncate(card.suggestion, 300)}`;
  return { text: fallback, blocks };
}

export type EscalatedNudge = {
  accountName: string;
  kind: NudgeKind;
  valueAtStakeCents: number;
  channelId: string | null;
  ownerSlackUserId?: string | null;
};

const MAX_LISTED = 20;

/** To managers: nudges nobody claimed in time, highest value first. */
export function buildEscalationMessage(nudges: readonly EscalatedNudge[], afterHours: number): SlackMessage {
  const sorted = [...nudges].sort((a, b) => b.valueAtStakeCents - a.valueAtStakeCents);
  const shown = sorted.slice(0, MAX_LISTED);
  const blocks: types.KnownBlock[] = [
    // the hours count working days only (domain/working-days.ts workingHoursBefore)
    { type: 'header', text: plain(`${nudges.length} nudge${nudges.length === 1 ? '' : 's'} unclaimed after ${afterHours} h, days off not counted`) },
  ];
  for (const n of shown) {
    const owner = n.ownerSlackUserId ? ` · owner ${mention(n.ownerSlackUserId)}` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeTruncate(n.accountName.replace(/\s+/g, ' '), 200)}* (${KIND_LABEL[n.kind] ?? n.kind}) · ${atRiskText(n.valueAtStakeCents)} · in ${channelRef(n.channelId)}${owner}`,
      },
    });
  }
  if (sorted.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${sorted.length - shown.length} more` }] });
  return { text: `${nudges.length} nudge${nudges.length === 1 ? '' : 's'} nobody claimed within ${afterHours} hours (days off not counted)`, blocks };
}

/** To managers, once: Slack refused a channel or the workspace's token for good. */
export function buildDeliveryBlockedMessage(target: string, code: string, setting: ChannelSetting = 'nudge channel'): SlackMessage {
  const place: RefusedPlace = target === '*' ? { kind: 'workspace' } : USER_ID.test(target) ? { kind: 'dm' } : { kind: 'channel', setting };
  const what = setting === 'digest channel' ? 'the digest' : 'nudges';
  const where = place.kind === 'workspace' ? `post ${what} in this workspace (the app token was refused)`
    : place.kind === 'dm' ? `send nudges to ${mention(target)} by DM` : `post ${what} to ${channelRef(target)}`;
  // what happens meanwhile: the digest goes to the managers' DMs; nudges stay in each rep's App Home
  const meanwhile = setting === 'digest channel' ? 'Until then the digest comes to you by DM.' : "Until then, each rep finds their nudges in Tend's App Home.";
  const body = `:warning: Tend can no longer ${where}: Slack answered \`${escapeTruncate(code, 80)}\`. ${slackRefusalFix(code, place)} ${meanwhile}`;
  return { text: mrkdwnFallback(body).slice(0, 300), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }] };
}

/**
 * To managers: a channel Tend posts nudges or the digest to was just shared with another
 * organisation (Slack Connect), whose people may read what Tend posts there.
 */
export function buildSharedOutMessage(channelId: string, uses: readonly ('nudges' | 'the digest')[]): SlackMessage {
  const what = uses.join(' and ');
  const meanwhile = [
    ...(uses.includes('nudges') ? ["nudges wait in each rep's App Home"] : []),
    ...(uses.includes('the digest') ? ['the digest comes to you by DM'] : []),
  ].join(', and ');
  const body = `:warning: ${channelRef(channelId)}, where Tend posts ${what}, is now shared with another organisation (Slack Connect): ` +
    `people there could read which customers are at risk and what they are worth. Tend has stopped posting there: ${meanwhile}. ` +
    `Pick a channel only your team is in with \`/tend settings\`, or keep posting there if everyone in it may read this.`;
  return {
    text: `${channelRef(channelId)} is now shared with another organisation: Tend has stopped posting ${what} there`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      {
        type: 'actions',
        elements: [{
          type: 'button', action_id: ACTIONS.keepSharedChannel, value: channelId, text: plain('Keep posting there'),
          confirm: {
            title: plain('Keep posting there?'),
            text: { type: 'mrkdwn', text: 'Everyone in the channel, the other organisation included, will read which customers are at risk and what they are worth.' },
            confirm: plain('Keep posting'), deny: plain('Cancel'),
          },
        }],
      },
    ],
  };
}

/** The notice once a manager kept the shared channel (or could not): replaces its button. */
export function buildSharedKeptMessage(channelId: string, byUserId: string): SlackMessage {
  const body = `:white_check_mark: ${mention(byUserId)} kept ${channelRef(channelId)}: Tend posts there again, though it is shared with another organisation.`;
  return { text: mrkdwnFallback(body), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }] };
}

export type DoneModalInput = { nudgeId: number; accountName: string; suggestion: string; offerTitle?: string | null };

/** "Log the give": the log modal without the account picker (it is the nudge's account), pre-filled as a give of the nudge's offer. */
export function buildDoneModal(input: DoneModalInput): types.ModalView {
  // what was given is the offer itself; the suggestion is advice to the rep, and submitted
  // unchanged it became the touch's summary, so without an offer the rep writes it
  const given = input.offerTitle?.replace(/\s+/g, ' ').trim();
  const base = buildLogModal({ initial: { kind: 'give', medium: 'call', ...(given ? { summary: truncate(given, 500) } : {}) } });
  const blocks = base.blocks.filter((b) => b.block_id !== BLOCKS.logAccount);
  return {
    ...base,
    callback_id: NUDGE_VIEWS.doneModal,
    title: plain('Log the give'),
    submit: plain('Done'),
    private_metadata: JSON.stringify({ nudgeId: input.nudgeId }),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeTruncate(input.accountName.replace(/\s+/g, ' '), 300)}*\nWhat did you give?` } }, ...blocks],
  };
}

/** Reads the Done modal; the account is the nudge's, so it is put back before the shared reader validates. */
export function readDoneModal(values: unknown, accountId: number, now: Date, timeZone: string): LogModalRead {
  const v = (typeof values === 'object' && values !== null ? values : {}) as Record<string, unknown>;
  const withAccount = { ...v, [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { selected_option: { value: String(accountId) } } } };
  return readLogModal(withAccount, now, timeZone);
}

export const DISMISS_REASONS = [
  { value: 'not_a_fit', label: 'Not a fit for them' },
  { value: 'already_handled', label: 'Already handled' },
  { value: 'bad_timing', label: 'Bad timing' },
  { value: 'other', label: 'Other' },
] as const;

export function buildDismissModal(input: { nudgeId: number; accountName: string }): types.ModalView {
  const option = (r: (typeof DISMISS_REASONS)[number]): types.PlainTextOption => ({ text: plain(r.label), value: r.value });
  return {
    type: 'modal',
    callback_id: NUDGE_VIEWS.dismissModal,
    title: plain('Dismiss nudge'),
    submit: plain('Dismiss'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ nudgeId: input.nudgeId }),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Why drop this nudge for *${escapeTruncate(input.accountName.replace(/\s+/g, ' '), 300)}*?` } },
      {
        type: 'input',
        block_id: NUDGE_VIEWS.dismissReasonBlock,
        label: plain('Reason'),
        element: { type: 'radio_buttons', action_id: NUDGE_VIEWS.dismissReason, options: DISMISS_REASONS.map(option) },
      },
      {
        type: 'input',
        block_id: NUDGE_VIEWS.dismissNoteBlock,
        label: plain('Note'),
        optional: true,
        element: { type: 'plain_text_input', action_id: NUDGE_VIEWS.dismissNote, max_length: 500, placeholder: plain('Anything the team should know') },
      },
    ],
  };
}

/** The reason as stored: the label, plus the note when given. */
export function readDismissModal(values: unknown): { ok: true; reason: string } | { ok: false; errors: Record<string, string> } {
  const v = (typeof values === 'object' && values !== null ? values : {}) as Record<string, Record<string, Record<string, unknown>>>;
  const picked = v[NUDGE_VIEWS.dismissReasonBlock]?.[NUDGE_VIEWS.dismissReason]?.selected_option as { value?: unknown } | null | undefined;
  const reason = DISMISS_REASONS.find((r) => r.value === picked?.value);
  if (!reason) return { ok: false, errors: { [NUDGE_VIEWS.dismissReasonBlock]: 'Pick a reason.' } };
  const raw = v[NUDGE_VIEWS.dismissNoteBlock]?.[NUDGE_VIEWS.dismissNote]?.value;
  // cleaned like every typed text: a NUL would make Postgres refuse the whole dismiss, and a
  // cut must not split an emoji into a lone surrogate
  const note = typeof raw === 'string' ? truncate(cleanInput(raw).replace(/\s+/g, ' '), 500) : '';
  return { ok: true, reason: note ? `${reason.label}: ${note}` : reason.label };
}

/** Reads `{ nudgeId }` from a modal's private_metadata; null when absent or malformed. */
export function nudgeIdFromMetadata(raw: string | undefined): number | null {
  try {
    const v = JSON.parse(raw ?? '') as { nudgeId?: unknown };
    return isRowId(v.nudgeId) ? v.nudgeId : null;
  } catch {
    return null;
  }
}

/** The nudge id a snooze option carries: "week:42" → { option: 'week', nudgeId: 42 }. */
export function parseSnoozeValue(value: string | undefined): { option: string; nudgeId: number } | null {
  const m = /^(\w+):(\d+)$/.exec(value ?? '');
  const nudgeId = rowIdOf(m?.[2]);
  return m && nudgeId !== null ? { option: m[1]!, nudgeId } : null;
}

/** A Claim on a nudge someone already holds, answered to the clicker alone; `timeZone` dates its "yesterday". */
export function alreadyClaimedText(o: { by: string | null; at: Date | null; clicker: string; now: Date; timeZone: string | null }): string {
  const when = o.at ? ` ${timeAgo(o.at, o.now, o.timeZone)}` : '';
  if (o.by && o.by === o.clicker) return `:eyes: You already claimed this${when}.`;
  return `:eyes: Already claimed by ${mention(o.by)}${when}.`;
}

/** A Claim on a nudge that is no longer open: what happened to it instead. */
export function notClaimableText(status: string): string {
  const what: Record<string, string> = { done: 'already done', snoozed: 'snoozed', dismissed: 'dismissed', resolved: 'resolved by itself' };
  return `:information_source: Nothing to claim: this nudge is ${what[status] ?? 'no longer open'}.`;
}

/** An Undo after its window: refused, and why. */
export function undoTooLateText(): string {
  return `:hourglass: Too late to undo: a change can be undone for ${Math.round(UNDO_WINDOW_MS / 60_000)} minutes. Nothing changed.`;
}

/** An Undo by someone who neither made the change nor manages the team: refused, and whose it is. */
export function undoNotYoursText(by: string | null): string {
  return `:raised_hand: Only ${by ? mention(by) : 'the person who made this change'} or a manager can undo it. Nothing changed.`;
}

/** What a claimed nudge's claimer (or a manager) alone may do to it, as the refusal names it. */
type HolderAction = 'release' | 'snooze' | 'dismiss';

/** A Release, Snooze or Dismiss of a claimed nudge by someone who neither holds it nor manages the team: refused, and whose it is. */
export function claimedNotYoursText(action: HolderAction, by: string | null): string {
  return `:raised_hand: This nudge is claimed by ${mention(by)}: only they or a manager can ${action} it. Nothing changed.`;
}

/** The same refusal as a modal field error (plain text: a mention would show as its raw id). */
export function claimedNotYoursFieldText(action: HolderAction): string {
  return `Someone else has claimed this nudge: only they or a manager can ${action} it. Nothing changed: cancel to close.`;
}

/** A snooze reason from someone who neither snoozed the nudge nor manages the team (a modal field error: plain text, no mention). */
export function snoozeReasonNotYoursText(): string {
  return 'Only whoever snoozed it, or a manager, can give this snooze its reason. Nothing was saved: cancel to close.';
}

/**
 * The snoozer's private reply: the snooze took effect at once; a reason is optional. The end is
 * the wake time in the zone the sweep wakes it in (its assignee's, `timeZone`), shown by Slack's
 * date token in the snoozer's own zone (a manager snoozing a rep's nudge from elsewhere sees
 * their own clock); `timeZone` writes the fallback.
 */
export function buildSnoozedReply(nudgeId: number, until: Date, timeZone: string): SlackMessage {
  const text = `:zzz: Snoozed until ${slackDate(until, '{date_short_pretty} at {time}', isValidTimezone(timeZone) ? timeZone : 'UTC')}. Want the team to know why?`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: [{ type: 'button', action_id: ACTIONS.nudgeSnoozeReason, text: plain('Add a reason'), value: String(nudgeId) }] },
    ],
  };
}

export function buildSnoozeReasonModal(input: { nudgeId: number; accountName: string }): types.ModalView {
  return {
    type: 'modal',
    callback_id: NUDGE_VIEWS.snoozeReasonModal,
    title: plain('Snooze reason'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ nudgeId: input.nudgeId }),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Why wait on *${escapeTruncate(input.accountName.replace(/\s+/g, ' '), 300)}*?` } },
      {
        type: 'input',
        block_id: NUDGE_VIEWS.snoozeReasonBlock,
        label: plain('Reason'),
        element: { type: 'plain_text_input', action_id: NUDGE_VIEWS.snoozeReason, max_length: 500, placeholder: plain('e.g. Budget freeze until Q3') },
      },
    ],
  };
}

/** The reason as stored: cleaned and cut like every typed text; empty is an error (the modal asks for one). */
export function readSnoozeReasonModal(values: unknown): { ok: true; reason: string } | { ok: false; errors: Record<string, string> } {
  const v = (typeof values === 'object' && values !== null ? values : {}) as Record<string, Record<string, Record<string, unknown>>>;
  const raw = v[NUDGE_VIEWS.snoozeReasonBlock]?.[NUDGE_VIEWS.snoozeReason]?.value;
  const reason = typeof raw === 'string' ? truncate(cleanInput(raw).replace(/\s+/g, ' ').trim(), 500) : '';
  return reason ? { ok: true, reason } : { ok: false, errors: { [NUDGE_VIEWS.snoozeReasonBlock]: 'Write a reason, or cancel.' } };
}

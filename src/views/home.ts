// The App Home tab: the member's week, their live nudges with the nudge buttons, and their
// accounts by priority. Pure; stays well under the 100-block limit (see the budget below).
import type { types } from '@slack/bolt';
import { rhythmWords, type CadenceSettings } from '../domain/cadence.ts';
import { giveAskText, loggedCapturedText } from '../domain/metrics.ts';
import { atRiskText } from '../domain/churn.ts';
import { formatMoney } from '../domain/money.ts';
import { escapeTruncate, truncate } from '../domain/text.ts';
import { plural } from '../domain/words.ts';
import { accountRhythm, evidenceRhythmWords } from './rhythm.ts';
import { NUDGE_KIND_LABEL, type NudgeKind } from '../domain/vocabulary.ts';
import { ACTIONS, BLOCKS, CALLBACKS, SNOOZE_OPTIONS } from './ids.ts';
import type { HomeAccount, HomeData, HomeNudge } from '../domain/read-models.ts';

export type HomeView = { type: 'home'; callback_id: string; blocks: types.KnownBlock[] };

// Budget: 4 (header, week, refresh, divider) + 10 nudges × 2 + 3 + 15 accounts + 2 < 50 blocks.
const KIND_EMOJI: Record<NudgeKind, string> = {
  cross_sell: ':bulb:',
  cooling: ':large_yellow_circle:',
  stalled: ':red_circle:',
  follow_up_due: ':alarm_clock:',
};
// a kind the database allows but no rule produces (the enum's at_risk) shows as its name
const kindText = (k: NudgeKind) => (k in KIND_EMOJI ? `${KIND_EMOJI[k]} ${NUDGE_KIND_LABEL[k]}` : k);

const count = (n: number) => n.toLocaleString('en-US');

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 75) });

function nudgeBlocks(n: HomeNudge): types.KnownBlock[] {
  const head = `${kindText(n.kind)} · *${escapeTruncate(n.accountName, 100)}* · ${atRiskText(n.valueAtStakeCents)}${n.status === 'claimed' ? ' · _claimed by you_' : ''}`;
  const value = String(n.id);
  const buttons: types.Button[] = [
    n.status === 'claimed'
      ? { type: 'button', action_id: ACTIONS.nudgeRelease, text: plain('Release'), value }
      : { type: 'button', action_id: ACTIONS.nudgeClaim, text: plain('Claim'), value, style: 'primary' },
    { type: 'button', action_id: ACTIONS.nudgeDone, text: plain('Done'), value },
    { type: 'button', action_id: ACTIONS.openLogModal, text: plain('Log conversation'), value: String(n.accountId) },
    { type: 'button', action_id: ACTIONS.nudgeDismiss, text: plain('Dismiss'), value },
  ];
  const snooze: types.StaticSelect = {
    type: 'static_select',
    action_id: ACTIONS.nudgeSnooze,
    placeholder: plain('Snooze'),
    options: [
      { text: plain('Snooze a week'), value: `${SNOOZE_OPTIONS.week}:${value}` },
      { text: plain('Snooze a month'), value: `${SNOOZE_OPTIONS.month}:${value}` },
      { text: plain('Snooze a quarter'), value: `${SNOOZE_OPTIONS.quarter}:${value}` },
    ],
  };
  // buttons carry the nudge id as their value, snooze options `<option>:<nudge id>`, as on
  // the nudge message itself, so one handler serves every surface
  // a quiet account's nudge says how quiet against its rhythm, worded as on every surface
  const rhythm = n.kind === 'cooling' || n.kind === 'stalled' ? evidenceRhythmWords(n.evidence) : null;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${head}${rhythm ? `\n${rhythm}` : ''}\n${escapeTruncate(n.suggestion.replace(/\s+/g, ' '), 600)}` } },
    { type: 'actions', block_id: `${BLOCKS.nudgeActions}:${n.id}`, elements: [...buttons, snooze] },
  ];
}

/** What the account list needs besides the data: the workspace's stall rule, the clock and the zone its days are read in. */
export type HomeViewOptions = { cadence: CadenceSettings; now: Date; timeZone: string | null };

function accountBlock(a: HomeAccount, o: HomeViewOptions): types.KnownBlock {
  // its rhythm and thresholds, in the words of the card, the nudge and the digest
  const stats = { touchCount: a.touchCount, medianGapDays: a.medianGapDays, lastTouchAt: a.lastTouchAt, createdAt: a.createdAt, overdueNextStepDue: null };
  const last = rhythmWords(accountRhythm(stats, o.cadence, o.now, o.timeZone));
  const single = a.products === 1 ? ' · :bulb: single product' : '';
  const nudges = a.liveNudges > 0 ? ` · ${plural(a.liveNudges, 'live nudge')}` : '';
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeTruncate(a.name, 120)}* — ${formatMoney(a.mrrCents)}, ${plural(a.products, 'product')}${single}${nudges}\n${last}` },
    accessory: { type: 'button', action_id: ACTIONS.showAccount, text: plain('Open'), value: String(a.id) },
  };
}

export function buildHomeView(data: HomeData, opts: HomeViewOptions): HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your week' } }];
  if (!data.member) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Welcome to Tend. Log a customer conversation with `/log` and your accounts, nudges and week will show up here.' },
    });
    return { type: 'home', callback_id: CALLBACKS.home, blocks };
  }
  const w = data.week;
  blocks.push(
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Touches, last 7 days*\n${w.touches.toLocaleString('en-US')}${loggedCapturedText(w) ? ` (${loggedCapturedText(w)})` : ''}` },
        { type: 'mrkdwn', text: `*Gives vs asks*\n${plural(w.gives, 'give')}, ${plural(w.asks, 'ask')} (${giveAskText(w.gives, w.asks)})${w.asks > w.gives ? '\n:warning: Give before you ask.' : ''}` },
      ],
    },
    { type: 'actions', elements: [{ type: 'button', action_id: ACTIONS.homeRefresh, text: plain('Refresh'), value: 'refresh' }] },
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: `Your open nudges (${count(data.nudgeCount)})` } },
  );
  if (data.nudges.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_Nothing waiting for you. Nice._' } });
  for (const n of data.nudges) blocks.push(...nudgeBlocks(n));
  if (data.nudgeCount > data.nudges.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${count(data.nudgeCount - data.nudges.length)} more. See them all with \`/nudges\`.` }] });
  }
  blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: `Your accounts by priority (${count(data.accountCount)})` } });
  if (data.accounts.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_No accounts owned by you yet._' } });
  for (const a of data.accounts) blocks.push(accountBlock(a, opts));
  if (data.accountCount > data.accounts.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${count(data.accountCount - data.accounts.length)} more. Find any with \`/account <name>\`.` }] });
  }
  return { type: 'home', callback_id: CALLBACKS.home, blocks };
}

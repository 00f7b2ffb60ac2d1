// Every message and view Tend builds, at the largest sizes real workspaces reach: the longest
// names and texts the commands, forms and imports accept, and many products, offers, nudges,
// reps, managers and accounts. Each must pass Block Kit's limits (test/support/block-kit-limits.ts),
// including a message's blocks staying under the ~12,000 characters of text past which Slack
// answers msg_blocks_too_long, and what it leaves out must be said, with where to see it.
import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, MAX_ALIASES, MAX_SEGMENT_LENGTH } from '../../../src/domain/account-command.ts';
import { MAX_OFFER_TITLE } from '../../../src/domain/catalog-command.ts';
import { churnCurve } from '../../../src/domain/churn.ts';
import { DIGEST_TOP_ACCOUNTS } from '../../../src/domain/digest.ts';
import { MAX_NEXT_STEP_LENGTH, MAX_SUMMARY_LENGTH } from '../../../src/domain/log-command.ts';
import { bookEquity, churn, productsPerCustomer, touches, velocity, type MetricsSnapshot } from '../../../src/domain/metrics.ts';
import type { NudgeCard, NudgeCardState } from '../../../src/domain/read-models.ts';
import { GROUP_MAX_LISTED } from '../../../src/domain/release.ts';
import { HOME_ACCOUNTS, HOME_NUDGES } from '../../../src/data/home.ts';
import { LIMITS as IMPORT_LIMITS } from '../../../src/import/schemas.ts';
import { buildAccountCard } from '../../../src/views/account-card.ts';
import { buildCatalog, type CatalogView } from '../../../src/views/catalog.ts';
import { buildDigest } from '../../../src/views/digest.ts';
import { buildHelpMessage, buildTendHelp, buildTendHelpShort } from '../../../src/views/help.ts';
import { buildHomeView } from '../../../src/views/home.ts';
import { buildAccountOptions, buildLogModal } from '../../../src/views/log-modal.ts';
import { buildLogConfirmation } from '../../../src/views/log-confirmation.ts';
import { buildManagerList, buildManagersOnly, type ManagerEntry } from '../../../src/views/managers.ts';
import { buildNudgeGroupMessage } from '../../../src/views/nudge-group.ts';
import { buildNudgeList, MAX_LISTED_NUDGES, type NudgeListItem } from '../../../src/views/nudge-list.ts';
import { buildEscalationMessage, buildNudgeMessage } from '../../../src/views/nudge.ts';
import { buildSettingsModal } from '../../../src/views/settings-modal.ts';
import { tendHelpLines } from '../../../src/slack/commands/tend.ts';
import { checkBlockKit, type Surface } from '../../support/block-kit-limits.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';

/** A text of exactly `n` characters, with the &, < and > that escaping lengthens. */
const long = (n: number, seed = 'Nordwind & Söhne <Holding> GmbH ') => seed.repeat(Math.ceil(n / seed.length) + 1).slice(0, n);
const NOW = new Date('2026-11-30T09:00:00Z');
const uid = (i: number) => `U0${String(i).padStart(8, '0')}`;
// the longest product and account names an import takes (the commands take 80 and 150)
const PRODUCT = IMPORT_LIMITS.name;
const ACCOUNT = Math.max(IMPORT_LIMITS.name, MAX_NAME_LENGTH);

function product(i: number, offers: number): CatalogView {
  return {
    name: `${i} ${long(PRODUCT)}`.slice(0, PRODUCT),
    listMrrCents: 123_456_789,
    active: i % 7 !== 0,
    holders: 1_234_567,
    offers: Array.from({ length: offers }, (_, j) => ({ kind: 'benchmark_report' as const, title: `${j} ${long(MAX_OFFER_TITLE)}`.slice(0, MAX_OFFER_TITLE) })),
  };
}

function snapshot(reps: number): MetricsSnapshot {
  const f = { created: 12_345, claimed: 9_876, done: 8_765, won: 4_321, lost: 1_234, revenueWonCents: 987_654_321_00, daysToWinSum: 123_456 };
  return {
    asOf: NOW,
    products: productsPerCustomer([{ products: 1, customers: 412_345, mrrCents: 9_876_543_210 }, { products: 2, customers: 98_765, mrrCents: 8_765_432_100 }, { products: 5, customers: 12_345, mrrCents: 7_654_321_000 }]),
    churn30: churn(30, [{ bucket: 1, customers: 500_000, churned: 12_345, mrrCents: 9_876_543_210, lostMrrCents: 123_456_789 }]),
    churn90: churn(90, [{ bucket: 1, customers: 500_000, churned: 34_567, mrrCents: 9_876_543_210, lostMrrCents: 345_678_901 }]),
    curve: churnCurve([{ products: 0, atRisk: 1_234, churned: 56 }, { products: 1, atRisk: 412_345, churned: 98_765 }, { products: 2, atRisk: 98_765, churned: 12_345 }, { products: 3, atRisk: 12_345, churned: 678 }]),
    equity: bookEquity(26_296_296_310, 34_567, 5_000_000),
    funnel: f,
    velocity: velocity(f),
    touches: touches({ touches: 123_456, gives: 45_678, asks: 67_890, logged: 100_000, captured: 23_456, capturedMessages: 345_678 },
      Array.from({ length: reps }, (_, i) => ({ memberId: i, slackUserId: i % 2 ? uid(i) : `imported-${long(60)}`, name: long(80), touches: 1234, gives: 567, asks: 890 }))),
    stall: { customers: 500_000, cooling: 12_345, stalled: 6_789 },
  };
}

const quiet = { daysSinceTouch: 412, usualGapDays: 123, rhythmDays: 246, stalledAfterDays: 365, touched: true };
const evidence = {
  ...quiet,
  headline: long(400),
  heldProductIds: [1],
  overdueDays: 123,
  nextStep: long(MAX_NEXT_STEP_LENGTH),
  asksWithoutGives: true,
  mrrCents: 123_456_789,
  value: { mrrCents: 123_456_789, p: 0.23, basis: 'measured', bucket: '1', churnWords: long(300) },
  add: { mrrCents: 12_345_678, productName: long(PRODUCT) },
  alternatives: Array.from({ length: 3 }, (_, i) => ({ productName: long(PRODUCT), score: 0.4 - i / 10, evidence: long(500) })),
};
const states: NudgeCardState[] = [
  { status: 'open' },
  { status: 'claimed', by: uid(1) },
  { status: 'snoozed', by: uid(2), until: NOW, reason: long(3000) },
  { status: 'dismissed', by: uid(3), reason: long(3000) },
  { status: 'won', by: uid(4), valueCents: 123_456_789 },
];
const card = (i: number): NudgeCard => ({
  id: 1_000_000 + i,
  kind: (['cross_sell', 'cooling', 'stalled', 'follow_up_due'] as const)[i % 4]!,
  accountName: long(ACCOUNT),
  ownerSlackUserId: uid(i),
  suggestion: long(3000),
  evidence,
  offerTitle: long(MAX_OFFER_TITLE),
  productName: long(PRODUCT),
  valueAtStakeCents: 98_765_432_100,
  state: states[i % states.length]!,
  undoUntil: NOW,
});
const listItem = (i: number): NudgeListItem => ({
  id: 1_000_000 + i, kind: 'cross_sell', status: i % 2 ? 'claimed' : 'open', accountName: long(ACCOUNT), suggestion: long(3000), productName: long(PRODUCT), valueAtStakeCents: 98_765_432_100,
});
const managers = (n: number): ManagerEntry[] => Array.from({ length: n }, (_, i) => ({ slackUserId: i % 3 ? uid(i) : `imported-${long(60)}`, via: i % 2 ? 'added_by' : 'slack_admin', addedBy: uid(i + 1) }));
const cadence = { stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 30 } as Parameters<typeof buildHomeView>[1]['cadence'];

type Case = { name: string; surface: Surface; build: () => unknown; more?: RegExp };
const cases: Case[] = [
  { name: 'catalog: 100 products, 300 offers', surface: 'message', build: () => buildCatalog(Array.from({ length: 100 }, (_, i) => product(i, 3))), more: /more products/ },
  { name: 'catalog: 45 products with 10 long offers each', surface: 'message', build: () => buildCatalog(Array.from({ length: 45 }, (_, i) => product(i, 10))), more: /more/ },
  { name: 'catalog: 2,000 products with 40 offers each', surface: 'message', build: () => buildCatalog(Array.from({ length: 2000 }, (_, i) => product(i, 40))), more: /more products/ },
  { name: 'catalog: one product with 500 offers', surface: 'message', build: () => buildCatalog([product(1, 500)]), more: /more offers/ },
  {
    name: 'digest: top accounts, 300 reps, a long workspace name', surface: 'message', build: () => buildDigest({
      workspaceName: long(300), localDate: '2026-11-30', current: snapshot(300), previous: snapshot(290), waitingNudges: 12_345,
      top: Array.from({ length: DIGEST_TOP_ACCOUNTS }, (_, i) => ({ accountId: i, name: long(ACCOUNT), valueAtStakeCents: 98_765_432_100, kinds: ['cross_sell', 'cooling', 'stalled', 'follow_up_due'], suggestion: long(3000), ownerSlackUserId: uid(i), waiting: true, quietEvidence: quiet })),
      trend: Array.from({ length: 12 }, (_, i) => ({ mean: 1 + i / 10 })),
    }), more: /more/,
  },
  { name: '/nudges: 10 of 5,000', surface: 'message', build: () => buildNudgeList(Array.from({ length: MAX_LISTED_NUDGES }, (_, i) => listItem(i)), 5000), more: /the rest/ },
  { name: 'grouped nudges: 40 for one rep', surface: 'message', build: () => buildNudgeGroupMessage({ repSlackUserId: uid(9), localDay: '2026-11-30', cards: Array.from({ length: 40 }, (_, i) => card(i)), movedIds: new Set([1_000_003]) }), more: /more in `\/nudges`/ },
  { name: 'grouped nudges: as many as it lists', surface: 'message', build: () => buildNudgeGroupMessage({ repSlackUserId: null, localDay: '2026-11-30', cards: Array.from({ length: GROUP_MAX_LISTED }, (_, i) => card(i)) }) },
  ...[0, 1, 2, 3, 4].map((i): Case => ({ name: `nudge message, ${states[i]!.status}`, surface: 'message', build: () => buildNudgeMessage(card(i)) })),
  { name: 'escalation: 500 unclaimed nudges', surface: 'message', build: () => buildEscalationMessage(Array.from({ length: 500 }, (_, i) => ({ accountName: long(ACCOUNT), kind: 'stalled', valueAtStakeCents: 98_765_432_100 - i, channelId: 'C0NUDGES01', ownerSlackUserId: uid(i) })), 24), more: /more/ },
  {
    name: 'App Home: 10 nudges, 15 accounts of thousands', surface: 'home', build: () => buildHomeView({
      member: { id: 1, name: long(80) },
      nudges: Array.from({ length: HOME_NUDGES }, (_, i) => ({ id: i, accountId: i, accountName: long(ACCOUNT), kind: (['cross_sell', 'cooling', 'stalled', 'follow_up_due'] as const)[i % 4]!, status: i % 2 ? 'claimed' : 'open', suggestion: long(3000), valueAtStakeCents: 98_765_432_100, claimedByMe: true, evidence: quiet })),
      nudgeCount: 5000,
      accounts: Array.from({ length: HOME_ACCOUNTS }, (_, i) => ({ id: i, name: long(ACCOUNT), mrrCents: 123_456_789, products: 1 + (i % 3), priority: 1, liveNudges: 4, lastTouchAt: NOW, touchCount: 100, medianGapDays: 12, createdAt: new Date('2020-01-01') })),
      accountCount: 12_345,
      week: { touches: 12_345, gives: 1_234, asks: 5_678, logged: 10_000, captured: 2_345, capturedMessages: 34_567 },
    }, { cadence, now: NOW, timeZone: 'UTC' }), more: /more/,
  },
  {
    name: 'account card: 60 holdings, long touches, every alias, linked channels', surface: 'message', build: () => buildAccountCard({
      id: 1, name: long(ACCOUNT), aliases: Array.from({ length: MAX_ALIASES }, (_, i) => `${i} ${long(ACCOUNT)}`), ownerSlackUserId: null, ownerName: long(200), segment: long(MAX_SEGMENT_LENGTH), status: 'active',
      holdings: Array.from({ length: 60 }, (_, i) => ({ product: `${i} ${long(PRODUCT)}`, mrrCents: 123_456_789 - i, since: NOW })),
      lastTouches: Array.from({ length: 8 }, (_, i) => ({ at: NOW, medium: 'meeting' as const, kind: 'give' as const, summary: long(IMPORT_LIMITS.summary), bySlackUserId: uid(i), nextStep: long(MAX_NEXT_STEP_LENGTH), nextStepDue: NOW, ...(i % 2 ? { channelId: 'C0ACME0001', direction: 'customer' as const, messageCount: 1234 } : {}) })),
      channels: Array.from({ length: 30 }, (_, i) => ({ channelId: `C0ACME${String(i).padStart(4, '0')}`, lastTouchAt: NOW })),
      gives: 12_345, asks: 23_456, openNudges: 1_234,
      nextProducts: Array.from({ length: 3 }, () => ({ productName: long(PRODUCT), score: 0.41, evidence: long(1000) })),
      stall: { level: 'stalled', daysSinceLastTouch: 412, rhythmDays: 123, coolingAfterDays: 246, stalledAfterDays: 365, overdueNextStep: true },
    }, { now: NOW, timeZone: 'America/Argentina/ComodRivadavia' }), more: /more/,
  },
  { name: '/tend managers: 2,000 managers', surface: 'message', build: () => buildManagerList(managers(2000), [uid(1)]), more: /more/ },
  { name: 'managers only: 2,000 managers', surface: 'message', build: () => buildManagersOnly("change Tend's settings", managers(2000), [uid(1)]), more: /more/ },
  { name: 'help: /tend help', surface: 'message', build: () => buildTendHelp(tendHelpLines()) },
  { name: 'help: short', surface: 'message', build: () => buildTendHelpShort(tendHelpLines()) },
  { name: 'help: all', surface: 'message', build: () => buildHelpMessage('all') },
  {
    name: 'log modal, filled in to every cap', surface: 'modal', build: () => buildLogModal({
      initial: { account: { id: 123_456_789, name: long(ACCOUNT) }, medium: 'visit', kind: 'give', summary: long(MAX_SUMMARY_LENGTH), nextStep: long(MAX_NEXT_STEP_LENGTH), dueDate: '2026-12-31' },
      metadata: { channelId: 'C0NUDGES01', nudgeId: 123_456_789, origin: 'nudge', messageTs: '1763900000.000100' },
    }),
  },
  { name: 'log modal account options: 5,000 accounts', surface: 'modal', build: () => ({ type: 'modal', title: { type: 'plain_text', text: 'Log' }, submit: { type: 'plain_text', text: 'Save' }, blocks: [{ type: 'input', label: { type: 'plain_text', text: 'Account' }, element: { type: 'static_select', action_id: 'a', ...buildAccountOptions(Array.from({ length: 5000 }, (_, i) => ({ id: 1_000_000_000 + i, name: long(ACCOUNT) }))) } }] }) },
  {
    name: 'settings modal: every digest recipient', surface: 'modal', build: () => buildSettingsModal({
      nudgeChannelId: 'C0NUDGES01', deliveryMode: 'owner_dm', deliveryGrouping: 'grouped', digestUserIds: Array.from({ length: 60 }, (_, i) => uid(i)), digestChannelId: 'C0DIGEST01',
      digestTime: '23:45', timezone: 'America/Argentina/ComodRivadavia', stallFactor: 9.75, stallMinDays: 730, stallMaxDays: 730, defaultRhythmDays: 730, dailyNudgeBudget: 50,
    }, { channelId: 'C0NUDGES01' }),
  },
  {
    name: 'log confirmation, every field at its cap', surface: 'message', build: () => buildLogConfirmation({
      accountId: 1, accountName: long(ACCOUNT), medium: 'meeting', kind: 'give', sentiment: 'positive', summary: long(MAX_SUMMARY_LENGTH), nextStep: long(MAX_NEXT_STEP_LENGTH), nextStepDue: NOW, created: true,
      warnings: Array.from({ length: 10 }, () => long(500)),
    }, { timeZone: 'Europe/Berlin' }),
  },
];

describe('every message and view at real sizes fits Block Kit', () => {
  it.each(cases)('$name', ({ surface, build, more }) => {
    const payload = build();
    expect(checkBlockKit(surface, payload)).toEqual([]);
    // what was left out is said, so the reader knows there is more and where to find it
    if (more) expect(mrkdwnTexts(payload).join('\n')).toMatch(more);
  });
});

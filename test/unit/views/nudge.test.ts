import { describe, expect, it } from 'vitest';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import {
  buildDeliveryBlockedMessage, buildDismissModal, buildDoneModal, buildEscalationMessage, buildNudgeMessage, readDismissModal, readDoneModal,
  whyLines,
} from '../../../src/views/nudge.ts';
import type { NudgeCard, NudgeCardState } from '../../../src/domain/read-models.ts';
import { ACTIONS, BLOCKS, NUDGE_VIEWS } from '../../../src/views/ids.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';

const hostile = `<!channel> <@U123> <https://evil.example|click> & ${'👩‍👩‍👧‍👦'.repeat(500)}${'x'.repeat(5000)}`;

const card = (state: NudgeCardState, over: Partial<NudgeCard> = {}): NudgeCard => ({
  id: 42,
  kind: 'cross_sell',
  accountName: 'Acme',
  ownerSlackUserId: 'U0OWNER001',
  suggestion: 'Offer a free usage review before suggesting Analytics.',
  evidence: { headline: 'Holds Payroll only', heldProductIds: [1], daysSinceTouch: 40, rhythmDays: 20, usualGapDays: 10, mrrCents: 90_000, asksWithoutGives: true,
    alternatives: [
      { productName: 'Analytics', score: 0.412, evidence: '13 of 21 customers who hold Payroll also hold Analytics (1.4× the average)' },
      { productName: 'Alerts', score: 0.12, evidence: '5 of 21 customers who hold Payroll also hold Alerts' },
      { productName: 'Forecasting', score: 0.004, evidence: '1 of 21 customers who hold Payroll also hold Forecasting' },
    ] },
  offerTitle: 'Usage review',
  productName: 'Analytics',
  valueAtStakeCents: 1_200_000,
  state,
  ...over,
});

const STATES: NudgeCardState[] = [
  { status: 'open' },
  { status: 'claimed', by: 'U0ALICE001' },
  { status: 'done', by: 'U0ALICE001' },
  { status: 'snoozed', by: 'U0ALICE001', until: new Date('2026-12-01T00:00:00Z'), reason: hostile },
  { status: 'dismissed', by: 'U0ALICE001', reason: hostile },
  { status: 'won', by: 'U0ALICE001', valueCents: 45_000 },
  { status: 'resolved' },
  { status: 'reposted', at: new Date('2026-12-08T09:00:00Z') },
];


const actionIds = (msg: { blocks: unknown[] }) =>
  msg.blocks.flatMap((b) => ((b as { elements?: { action_id?: string }[] }).elements ?? []).map((e) => e.action_id).filter(Boolean));

describe('buildNudgeMessage', () => {
  it.each(STATES.map((s) => [s.status, s] as const))('%s is valid Block Kit, with hostile text everywhere', (_s, state) => {
    const msg = buildNudgeMessage(card(state, { accountName: hostile, suggestion: hostile, offerTitle: hostile, productName: hostile, evidence: { headline: hostile, nextStep: hostile, overdueDays: 3 } }));
    expect(checkBlockKit('message', msg)).toEqual([]);
    // mrkdwn (and the notification text) is where Slack would ping or link; plain_text never is
    const rendered = [msg.text, ...mrkdwnTexts(msg.blocks)].join('\n');
    expect(rendered).toContain('&lt;!channel&gt;');
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil');
    expect(rendered).not.toContain('<@U123>');
  });

  it('shows the buttons an open nudge needs, fewer once claimed, none when settled', () => {
    expect(actionIds(buildNudgeMessage(card({ status: 'open' })))).toEqual([ACTIONS.nudgeClaim, ACTIONS.nudgeDone, ACTIONS.nudgeSnooze, ACTIONS.nudgeDismiss]);
    expect(actionIds(buildNudgeMessage(card({ status: 'claimed', by: 'U0ALICE001' })))).toEqual([ACTIONS.nudgeDone, ACTIONS.nudgeSnooze, ACTIONS.nudgeDismiss]);
    for (const s of STATES.slice(2)) expect(actionIds(buildNudgeMessage(card(s)))).toEqual([]);
  });

  it('an earlier message of a woken nudge says it was posted again, and offers nothing to press', () => {
    const msg = buildNudgeMessage(card({ status: 'reposted', at: new Date('2026-12-08T09:00:00Z') }));
    expect(JSON.stringify(msg)).toContain('Back from its snooze on Tue, Dec 8, 2026 and posted again as a new message');
    expect(actionIds(msg)).toEqual([]);
  });

  it('says why, what to give, and what is at stake', () => {
    const json = JSON.stringify(buildNudgeMessage(card({ status: 'open' })));
    expect(json).toContain('Holds Payroll only');
    expect(json).toContain('Usually every 10 days; quiet for 40 days (cooling after 20).');
    expect(json).toContain('13 of 21 customers who hold Payroll also hold Analytics (1.4× the average)');
    expect(json).toContain('Next products: Analytics 41% · Alerts 12% · Forecasting under 1%');
    expect(json).toContain('Offer a free usage review');
    expect(json).toContain('≈ $12k/yr');
    expect(json).not.toContain('likely to');
  });

  it('quotes no bare share: a nudge from before the basket model shows no percentage, and product names are escaped', () => {
    const old = JSON.stringify(buildNudgeMessage(card({ status: 'open' }, { evidence: { heldProductIds: [1], suggested: { confidence: 1 } } })));
    expect(old).not.toMatch(/\d+% of/);
    const msg = buildNudgeMessage(card({ status: 'open' }, { evidence: { alternatives: [
      { productName: '<!channel>', score: 0.5, evidence: '3 of 9 customers who hold <@U123> also hold <!channel>' }, { productName: 'B', score: 0.2, evidence: '' },
    ] } }));
    const rendered = mrkdwnTexts(msg.blocks).join('\n');
    expect(rendered).toContain('Next products: &lt;!channel&gt; 50% · B 20%');
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<@U123>');
    expect(whyLines(card({ status: 'open' }, { kind: 'cooling' }))).not.toContain('Next products: Analytics 41% · Alerts 12% · Forecasting under 1%');
  });

  it('says what the suggestion can add, how the figure at risk was computed, and what the book says about churn', () => {
    const evidence = {
      heldProductIds: [1], mrrCents: 240_000, add: { productName: 'Analytics', mrrCents: 50_000 },
      value: { atRiskCents: 2_880_000, mrrCents: 240_000, p: 0.1, basis: 'measured', bucket: '1', horizonMonths: 12, churnWords: 'Single-product customers here left 2.4× as often as customers with more products over the last year (24 of 100, against 20 of 200).' },
    };
    const msg = buildNudgeMessage(card({ status: 'open' }, { evidence, valueAtStakeCents: 2_880_000 }));
    const texts = mrkdwnTexts(msg).join('\n');
    expect(texts).toContain('*Revenue at risk*\n≈ $29k/yr');
    expect(texts).toContain('+$500/mo if they take Analytics');
    expect(texts).toContain('At risk = MRR $2,400/mo × 12 × 10%, about the share of single-product customers here who left over the last year.');
    expect(texts).toContain('left 2.4× as often');
    // said once: a suggestion that already quotes it keeps the why-lines free of a repeat
    const words = evidence.value.churnWords;
    const quoted = buildNudgeMessage(card({ status: 'open' }, { evidence, suggestion: `Acme has only Payroll. ${words} Offer a review.` }));
    expect(mrkdwnTexts(quoted).join('\n').split(words).length - 1).toBe(1);
    // the same card without the book's claim (single-product customers here do not leave more) says nothing about churn
    const quiet = buildNudgeMessage(card({ status: 'open' }, { evidence: { ...evidence, value: { ...evidence.value, churnWords: null } } }));
    expect(mrkdwnTexts(quiet).join('\n')).not.toMatch(/churn|left .* as often|likely to/);
  });

  it('names who acted, and never pings a forged user id', () => {
    expect(JSON.stringify(buildNudgeMessage(card({ status: 'claimed', by: 'U0ALICE001' })))).toContain('Claimed by <@U0ALICE001>');
    expect(JSON.stringify(buildNudgeMessage(card({ status: 'done', by: '!channel>' })))).not.toContain('<!channel>');
    expect(JSON.stringify(buildNudgeMessage(card({ status: 'won', by: 'U0ALICE001', valueCents: 45_000 })))).toContain('Won: $450/mo');
  });

  it.each([
    ['the rhythm and both thresholds apart', { daysSinceTouch: 35, rhythmDays: 28, usualGapDays: 14, stalledAfterDays: 60 }, 'Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 60).'],
    ['no rhythm of its own: the threshold only, never called the rhythm', { daysSinceTouch: 40, rhythmDays: 30, usualGapDays: null }, 'No usual rhythm yet; quiet for 40 days (cooling after 30).'],
    ['a nudge written before usualGapDays existed', { daysSinceTouch: 40, rhythmDays: 20 }, 'No usual rhythm yet; quiet for 40 days (cooling after 20).'],
    ['touched yesterday', { daysSinceTouch: 1, rhythmDays: 20, usualGapDays: 10 }, 'Usually every 10 days; last touch yesterday (cooling after 20).'],
  ])('silence line: %s', (_name, evidence, line) => {
    expect(whyLines({ kind: 'stalled', evidence, productName: null })).toContain(line);
  });

  it('reads evidence of any shape without throwing', () => {
    for (const evidence of [null, 'x', 3, [], { daysSinceTouch: 'many', suggested: 7 }]) {
      expect(whyLines({ kind: 'stalled', evidence, productName: null })).toEqual([]);
    }
  });
});

describe('manager messages and modals', () => {
  it('escalation lists the highest value first and stays within 50 blocks for hundreds of nudges', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ accountName: `Acct ${i} ${hostile}`, kind: 'stalled' as const, valueAtStakeCents: i, channelId: 'C0NUDGES01', ownerSlackUserId: 'U0OWNER001' }));
    const msg = buildEscalationMessage(many, 24);
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks[1])).toContain('Acct 299 ');
    expect(JSON.stringify(msg)).toContain('…and 280 more');
  });

  it('the blocked-channel note is valid and tells how to fix it', () => {
    const msg = buildDeliveryBlockedMessage('C0GONE0001', 'channel_not_found');
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.text).toContain('<#C0GONE0001>');
    expect(checkBlockKit('message', buildDeliveryBlockedMessage('*', hostile))).toEqual([]);
  });

  it('done modal is valid, pre-filled as a give, and reads back with the nudge account', () => {
    const view = buildDoneModal({ nudgeId: 7, accountName: hostile, suggestion: hostile, offerTitle: null });
    expect(checkBlockKit('modal', view)).toEqual([]);
    expect(view.callback_id).toBe(NUDGE_VIEWS.doneModal);
    expect(view.blocks.some((b) => b.block_id === BLOCKS.logAccount)).toBe(false);
    const read = readDoneModal(
      {
        [BLOCKS.logKind]: { [ACTIONS.logKind]: { selected_option: { value: 'give' } } },
        [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { value: 'Sent the benchmark' } },
      },
      99, new Date('2026-11-01T00:00:00Z'), 'UTC',
    );
    expect(read).toEqual({ ok: true, value: { accountId: 99, medium: 'chat', kind: 'give', summary: 'Sent the benchmark' } });
  });

  it('dismiss modal is valid and requires a reason', () => {
    expect(checkBlockKit('modal', buildDismissModal({ nudgeId: 7, accountName: hostile }))).toEqual([]);
    expect(readDismissModal({})).toEqual({ ok: false, errors: { [NUDGE_VIEWS.dismissReasonBlock]: 'Pick a reason.' } });
    expect(readDismissModal({ [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { selected_option: { value: 'not_a_fit' } } } })).toEqual({ ok: true, reason: 'Not a fit for them' });
  });

  it('dismiss note: NUL and control characters removed (Postgres refuses NUL), whitespace folded, cut between graphemes', () => {
    const read = (note: string) =>
      readDismissModal({
        [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { selected_option: { value: 'other' } } },
        [NUDGE_VIEWS.dismissNoteBlock]: { [NUDGE_VIEWS.dismissNote]: { value: note } },
      });
    expect(read('a\u0000b\r\n  <!channel> \u0007שלום')).toEqual({ ok: true, reason: 'Other: ab <!channel> שלום' });
    const long = read(`${'x'.repeat(498)}👩‍👩‍👧‍👦 tail`);
    expect(long.ok && long.reason).toBe(`Other: ${'x'.repeat(498)}…`);
  });
});

describe('interaction details', () => {
  it('a settled nudge offers Undo only while its card says the window is open', async () => {
    const { undoButton } = await import('../../../src/views/nudge.ts');
    for (const state of [{ status: 'done', by: 'U0ALICE001' }, { status: 'dismissed', by: 'U0ALICE001' }] as NudgeCardState[]) {
      const open = buildNudgeMessage(card(state, { undoUntil: new Date('2026-11-30T10:10:00Z') }));
      expect(actionIds(open)).toEqual([ACTIONS.nudgeUndo]);
      expect(checkBlockKit('message', open)).toEqual([]);
      expect(actionIds(buildNudgeMessage(card(state, { undoUntil: null })))).toEqual([]);
    }
    expect(undoButton(7).value).toBe('7');
  });

  it('the Done form pre-fills the offer as what was given, never the suggestion', () => {
    const view = buildDoneModal({ nudgeId: 7, accountName: 'Acme', suggestion: 'A long paragraph of advice.', offerTitle: 'Free usage review of their Analytics dashboards' });
    const summary = view.blocks.find((b) => b.block_id === BLOCKS.logSummary) as { element: { initial_value?: string } };
    expect(summary.element.initial_value).toBe('Free usage review of their Analytics dashboards');
  });

  it('a second Claim names who and when; the claimer is told it is theirs', async () => {
    const { alreadyClaimedText } = await import('../../../src/views/nudge.ts');
    const now = new Date('2026-11-30T12:00:00Z');
    expect(alreadyClaimedText({ by: 'U0ANA00001', at: new Date('2026-11-30T10:00:00Z'), clicker: 'U0BEN00001', now, timeZone: 'UTC' })).toBe(':eyes: Already claimed by <@U0ANA00001> 2 h ago.');
    expect(alreadyClaimedText({ by: 'U0ANA00001', at: new Date('2026-11-29T10:00:00Z'), clicker: 'U0ANA00001', now, timeZone: 'UTC' })).toBe(':eyes: You already claimed this yesterday.');
    // claimed Sunday 8 pm, read Tuesday 9 am in London: 37 hours, but two dates back
    expect(alreadyClaimedText({ by: 'U0ANA00001', at: new Date('2026-05-31T19:00:00Z'), clicker: 'U0ANA00001', now: new Date('2026-06-02T08:00:00Z'), timeZone: 'Europe/London' }))
      .toBe(':eyes: You already claimed this 2 days ago.');
    expect(alreadyClaimedText({ by: '<!channel>', at: null, clicker: 'U0BEN00001', now, timeZone: 'UTC' })).not.toContain('<!channel>');
  });

  it('snooze reason: the reply and modal are valid; an empty reason is refused, a hostile one cleaned and cut', async () => {
    const { buildSnoozedReply, buildSnoozeReasonModal, readSnoozeReasonModal } = await import('../../../src/views/nudge.ts');
    const reply = buildSnoozedReply(7, new Date('2026-12-07T10:00:00Z'), 'UTC');
    // Slack shows the end in each reader's own zone; the fallback is in the wake zone given:
    // 09:00 Monday in Sydney is still Sunday in UTC
    const sydney = new Date('2026-12-13T22:00:00Z');
    expect(buildSnoozedReply(7, sydney, 'Australia/Sydney').text)
      .toContain(`Snoozed until <!date^${sydney.getTime() / 1000}^{date_short_pretty} at {time}|2026-12-14 09:00>.`);
    expect(buildSnoozedReply(7, new Date('2026-12-14T14:00:00Z'), 'America/New_York').text).toContain('|2026-12-14 09:00>.');
    expect(buildSnoozedReply(7, sydney, 'Not/AZone').text).toContain('|2026-12-13 22:00>.');
    expect(checkBlockKit('message', reply)).toEqual([]);
    expect(actionIds(reply)).toEqual([ACTIONS.nudgeSnoozeReason]);
    expect(checkBlockKit('modal', buildSnoozeReasonModal({ nudgeId: 7, accountName: hostile }))).toEqual([]);
    const read = (value: string) => readSnoozeReasonModal({ [NUDGE_VIEWS.snoozeReasonBlock]: { [NUDGE_VIEWS.snoozeReason]: { value } } });
    expect(read('   ')).toEqual({ ok: false, errors: { [NUDGE_VIEWS.snoozeReasonBlock]: 'Write a reason, or cancel.' } });
    expect(read('Budget\u0000 freeze\n until Q3')).toEqual({ ok: true, reason: 'Budget freeze until Q3' });
    const long = read(hostile);
    expect(long.ok && long.reason.length).toBeLessThanOrEqual(500);
  });
});

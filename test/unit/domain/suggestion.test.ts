import { describe, expect, it } from 'vitest';
import {
  earnedAsk, mustGive, pickOffer, suggest, type GiveOffer, type SuggestionEvidence,
} from '../../../src/domain/suggestion.ts';
import type { TouchKind } from '../../../src/domain/vocabulary.ts';

type Offer = GiveOffer & { id: number };
const offers: Offer[] = [
  { id: 1, kind: 'trial', title: '30-day Reporting trial', productName: 'Reporting' },
  { id: 2, kind: 'benchmark_report', title: 'Industry benchmark', productName: 'Analytics' },
  { id: 3, kind: 'usage_review', title: 'Dashboard health check', productName: 'Analytics' },
  { id: 4, kind: 'workshop', title: 'Billing basics', productName: 'Billing' },
];

const crossSell: SuggestionEvidence<Offer> = {
  accountName: 'Acme',
  kind: 'cross_sell',
  heldProductNames: ['Analytics'],
  holdingSince: new Date('2024-03-15T00:00:00Z'),
  suggested: { productName: 'Reporting', evidence: '13 of 21 customers who hold Analytics also hold Reporting (1.4× the average)' },
  offers,
  recentKinds: ['ask', 'ask'],
  daysSinceTouch: 12,
  rhythmDays: 20,
};

describe('mustGive', () => {
  it.each<[TouchKind[], boolean]>([
    [[], false],
    [['neutral'], false],
    [['ask'], true],                          // an ask with nothing given
    [['ask', 'ask'], true],
    [['ask', 'ask', 'give'], true],           // last two were asks, even after an older give
    [['neutral', 'neutral', 'ask'], true],    // no give among the last three, one ask
    [['neutral', 'ask', 'neutral', 'give'], true], // the give is four touches back
    [['neutral', 'neutral', 'neutral'], false],
    [['give', 'ask', 'ask'], false],
    [['ask', 'give'], false],
    [['ask', 'give', 'ask'], false],
    [['give'], false],
  ])('%j → %s', (kinds, want) => {
    expect(mustGive(kinds)).toBe(want);
  });
});

// DESIGN.md: "Give-first: if the last touches were asks, the suggestion must be a give", and
// "Give more to get more ... Track whether the team gives before it asks". A give earns one
// ask: the ask is earned only when a give came after the last ask, among the recent touches
// (the last three; a neutral touch neither earns nor spends). Newest first: g give, a ask, n neutral.
describe('earned ask: a give since the last ask', () => {
  const kindsOf = (seq: string): TouchKind[] => [...seq].map((k) => ({ g: 'give', a: 'ask', n: 'neutral' } as const)[k as 'g' | 'a' | 'n']);
  it.each([
    ['aga', false], // the give was answered by the newest ask: another ask is unearned
    ['ag', false], // likewise: the give already bought that ask
    ['gaa', true], // a give after the asks
    ['ga', true],
    ['g', true],
    ['gng', true],
    ['nga', true], // a neutral touch since the give spends nothing
    ['nag', false],
    ['a', false],
    ['', false],
    ['nnn', false],
    ['nnng', false], // the give is four touches back: not recent
    ['aag', false],
  ])('"%s" → %s', (seq, earned) => {
    // the cross-sell proposes its product only when the ask is earned, otherwise gives first
    const s = suggest({ ...crossSell, recentKinds: kindsOf(seq) });
    expect(s.action).toBe(earned ? 'ask' : 'give');
    expect(s.headline).toBe(earned ? 'Acme: propose Reporting' : 'Acme: single product, next is Reporting');
    expect(earnedAsk(kindsOf(seq))).toBe(earned);
  });
});

describe('pickOffer', () => {
  it.each([
    { name: 'held product first, best kind', held: ['Analytics'], suggested: 'Reporting', want: 3 },
    { name: 'second held product after the first', held: ['Billing', 'Analytics'], suggested: undefined, want: 4 },
    { name: 'suggested product when nothing on held', held: ['Payroll'], suggested: 'Reporting', want: 1 },
    { name: 'anything else last, by kind rank', held: ['Payroll'], suggested: 'Payroll', want: 3 },
  ])('$name', ({ held, suggested, want }) => {
    expect(pickOffer(offers, held, suggested)?.id).toBe(want);
  });

  it('is independent of input order; ties break by title', () => {
    const twins: Offer[] = [
      { id: 8, kind: 'usage_review', title: 'A2 review', productName: 'Analytics' },
      { id: 9, kind: 'usage_review', title: 'A1 review', productName: 'Analytics' },
    ];
    expect(pickOffer([...twins, ...offers], ['Analytics'])?.id).toBe(9);
    expect(pickOffer([...offers, ...twins].reverse(), ['Analytics'])?.id).toBe(9);
  });

  it('without a product to propose, picks only offers on what they hold', () => {
    expect(pickOffer(offers, ['Payroll'])).toBeNull();
    expect(pickOffer(offers, [])).toBeNull();
    expect(pickOffer(offers, ['Payroll', 'Billing'])?.id).toBe(4);
    // a trial of what they hold is no give either
    expect(pickOffer(offers, ['Reporting'])).toBeNull();
  });

  it('returns null without offers', () => {
    expect(pickOffer([], ['Analytics'])).toBeNull();
  });

  it('never offers a free trial of a product they already hold', () => {
    const trialOnly: Offer[] = [{ id: 20, kind: 'trial', title: 'Analytics trial', productName: 'Analytics' }];
    expect(pickOffer(trialOnly, ['Analytics'], 'Reporting')).toBeNull();
    const withReview: Offer[] = [...trialOnly, { id: 21, kind: 'trial', title: 'Reporting trial', productName: 'Reporting' }];
    expect(pickOffer(withReview, ['Analytics'], 'Reporting')?.id).toBe(21);
  });
});

describe('suggest: cross-sell', () => {
  it('after asks, gives first on the product they hold', () => {
    const s = suggest(crossSell);
    expect(s.action).toBe('give');
    expect(s.offerKind).toBe('usage_review');
    expect(s.offer?.id).toBe(3);
    expect(s.text).toBe(
      'Acme has only Analytics since March 2024; 13 of 21 customers who hold Analytics also hold Reporting (1.4× the average). ' +
        'The last 2 touches were asks with nothing given. ' +
        'Offer them a free usage review of their Analytics ("Dashboard health check") before mentioning Reporting.',
    );
    expect(s.headline).toBe('Acme: single product, next is Reporting');
  });

  it('must give even when an older give exists, if the last two were asks', () => {
    expect(suggest({ ...crossSell, recentKinds: ['ask', 'ask', 'give'] }).action).toBe('give');
  });

  it('with no history leads with a give', () => {
    const s = suggest({ ...crossSell, recentKinds: [] });
    expect(s.action).toBe('give');
    expect(s.text).toBe(
      'Acme has only Analytics since March 2024; 13 of 21 customers who hold Analytics also hold Reporting (1.4× the average). ' +
        'Offer them a free usage review of their Analytics ("Dashboard health check") before mentioning Reporting.',
    );
  });

  // an offer tied to the product proposed is about something they do not have: never "their";
  // and it already shows the product, so the text does not say to give it "before mentioning" it
  it.each<[Offer['kind'], string]>([
    ['usage_review', 'Offer them a free Reporting review ("Dashboards audit"), so they see what Reporting does before you propose it.'],
    ['benchmark_report', 'Offer them a free benchmark report on Reporting ("Dashboards audit"), so they see what Reporting does before you propose it.'],
    ['introduction', 'Offer them an introduction to people who know Reporting ("Dashboards audit"), so they see what Reporting does before you propose it.'],
    ['workshop', 'Offer them a free Reporting workshop ("Dashboards audit"), so they see what Reporting does before you propose it.'],
  ])('an offer on the product proposed (%s) is not called theirs', (kind, says) => {
    const onTarget: Offer[] = [{ id: 30, kind, title: 'Dashboards audit', productName: 'Reporting' }];
    const s = suggest({ ...crossSell, offers: onTarget, recentKinds: [] });
    expect(s.offer?.id).toBe(30);
    expect(s.text.endsWith(says)).toBe(true);
    expect(s.text).not.toContain('their Reporting');
  });

  it('after a recent give, asks', () => {
    const s = suggest({ ...crossSell, recentKinds: ['neutral', 'give'] });
    expect(s).toMatchObject({ action: 'ask', offerKind: null, offer: null, headline: 'Acme: propose Reporting' });
    expect(s.text).toContain('now is a fair time to propose Reporting');
  });

  it.each([
    // the evidence sentence as domain/recommend.ts words it, quoted as is
    ['Reporting is the next product in the catalog', 'Acme has only Analytics; Reporting is the next product in the catalog. '],
    ['Reporting is the most common next product here: 20 of 48 customers who hold Analytics also hold it',
      'Acme has only Analytics; Reporting is the most common next product here: 20 of 48 customers who hold Analytics also hold it. '],
  ])('quotes the counted evidence: %s', (evidence, lead) => {
    const s = suggest({ ...crossSell, holdingSince: null, suggested: { productName: 'Reporting', evidence } });
    expect(s.text.startsWith(lead)).toBe(true);
    expect(s.text).not.toMatch(/\d+%/);
  });

  it('offers the next product to an account holding several', () => {
    const s = suggest({ ...crossSell, heldProductNames: ['Analytics', 'Alerts'], recentKinds: [], holdingSince: null,
      suggested: { productName: 'Reporting', evidence: '31 of 48 customers who hold Analytics and Alerts also hold Reporting (2.1× the average)' } });
    expect(s.text.startsWith('Acme has Analytics and Alerts; 31 of 48 customers who hold Analytics and Alerts also hold Reporting (2.1× the average). ')).toBe(true);
    expect(s.headline).toBe('Acme: next is Reporting');
  });

  it('without any offer still gives, generically', () => {
    const s = suggest({ ...crossSell, offers: [] });
    expect(s.action).toBe('give');
    expect(s.offerKind).toBeNull();
    expect(s.text).toContain('Share something useful with no strings attached');
    expect(s.text.endsWith('before mentioning Reporting.')).toBe(true);
  });

  it('a single ask is named as such', () => {
    expect(suggest({ ...crossSell, recentKinds: ['ask', 'neutral'] }).text).toContain('The last touch asked for something and nothing was given in between.');
  });
});

describe('suggest: silence', () => {
  it.each([
    {
      kind: 'stalled' as const, days: 95, rhythm: 20, usual: 10,
      text: 'Acme has been quiet for 95 days; you usually talk every 10 days. Reopen the conversation: offer them a free usage review of their Analytics ("Dashboard health check").',
      headline: 'Acme has stalled: 95 days quiet',
    },
    {
      kind: 'cooling' as const, days: 25, rhythm: 20, usual: 10,
      text: 'Acme has been quiet for 25 days; you usually talk every 10 days. Check in before it goes cold: offer them a free usage review of their Analytics ("Dashboard health check").',
      headline: 'Acme is cooling: 25 days quiet (usually every 10 days)',
    },
    {
      // too few touches for a rhythm of its own: no rhythm is claimed (the threshold is not one)
      kind: 'cooling' as const, days: 31, rhythm: 30, usual: null,
      text: 'Acme has been quiet for 31 days. Check in before it goes cold: offer them a free usage review of their Analytics ("Dashboard health check").',
      headline: 'Acme is cooling: 31 days quiet',
    },
  ])('$kind, usual gap $usual', ({ kind, days, rhythm, usual, text, headline }) => {
    const s = suggest({ ...crossSell, kind, recentKinds: ['neutral'], daysSinceTouch: days, rhythmDays: rhythm, usualGapDays: usual });
    expect(s).toMatchObject({ action: 'give', offerKind: 'usage_review', text, headline });
  });

  it('does not call an account nobody has talked to yet quiet', () => {
    const s = suggest({ ...crossSell, kind: 'cooling', recentKinds: [], daysSinceTouch: 60, rhythmDays: 30, usualGapDays: null, neverTouched: true });
    expect(s.text.startsWith('Nobody has logged a touch with Acme in the 60 days since it was added. Check in before it goes cold')).toBe(true);
  });

  // DESIGN.md, give more to get more: "lead with the value the customer receives (an insight, a
  // review of their usage, a training, an introduction), not with the price". A quiet account is
  // reopened with value on what it already has; a trial, workshop or training of a product it
  // does not hold is the cross-sell nudge's pitch, not a give. None fits: a product-neutral give.
  it.each([
    { kind: 'stalled' as const, held: ['Analytics'], offerId: 3, says: 'offer them a free usage review of their Analytics ("Dashboard health check").' },
    { kind: 'stalled' as const, held: ['Billing', 'Analytics'], offerId: 4, says: 'offer them a free Billing workshop ("Billing basics").' },
    { kind: 'stalled' as const, held: ['Payroll'], offerId: null, says: 'share something useful with no strings attached: an insight from their usage, a relevant article or an introduction.' },
    { kind: 'stalled' as const, held: [], offerId: null, says: 'share something useful with no strings attached: an insight from their usage, a relevant article or an introduction.' },
    { kind: 'cooling' as const, held: ['Payroll'], offerId: null, says: 'share something useful with no strings attached: an insight from their usage, a relevant article or an introduction.' },
    { kind: 'cooling' as const, held: ['Reporting'], offerId: null, says: 'share something useful with no strings attached: an insight from their usage, a relevant article or an introduction.' },
  ])('$kind holding $held gives on what they hold (offer $offerId)', ({ kind, held, offerId, says }) => {
    const s = suggest({ ...crossSell, kind, heldProductNames: held, recentKinds: ['neutral'], daysSinceTouch: 100, rhythmDays: 30 });
    expect(s.action).toBe('give');
    expect(s.offer?.id ?? null).toBe(offerId);
    expect(s.text.endsWith(says)).toBe(true);
    expect(s.text).not.toMatch(/trial/);
  });

  it('quotes the asks when they caused the silence', () => {
    const s = suggest({ ...crossSell, kind: 'stalled', recentKinds: ['ask', 'ask', 'ask'], daysSinceTouch: 100, rhythmDays: 30 });
    expect(s.action).toBe('give');
    expect(s.text).toContain('The last 3 touches were asks with nothing given.');
  });
});

describe('suggest: follow-up due', () => {
  const due = { ...crossSell, kind: 'follow_up_due' as const, nextStep: 'Send the renewal quote', overdueDays: 3, daysSinceTouch: 12 };

  it('follows through after a give', () => {
    const s = suggest({ ...due, recentKinds: ['give'] });
    expect(s).toMatchObject({ action: 'ask', offerKind: null, headline: 'Acme: next step overdue' });
    expect(s.text).toBe('The next step with Acme is due, 3 days overdue: "Send the renewal quote". Last touch 12 days ago. Follow through now.');
  });

  it('opens with a give on what they hold, never a pitch of what they do not', () => {
    const s = suggest({ ...due, heldProductNames: ['Payroll'], recentKinds: ['ask', 'ask'] });
    expect(s).toMatchObject({ action: 'give', offer: null, offerKind: null });
    expect(s.text.endsWith('Open with a give: share something useful with no strings attached: an insight from their usage, a relevant article or an introduction, then follow through.')).toBe(true);
  });

  it('opens with a give after asks', () => {
    const s = suggest({ ...due, recentKinds: ['ask', 'ask'] });
    expect(s.action).toBe('give');
    expect(s.offerKind).toBe('usage_review');
    expect(s.text).toBe(
      'The next step with Acme is due, 3 days overdue: "Send the renewal quote". Last touch 12 days ago. ' +
        'The last 2 touches were asks with nothing given. ' +
        'Open with a give: offer them a free usage review of their Analytics ("Dashboard health check"), then follow through.',
    );
  });

  it('works without a recorded next step or lateness', () => {
    const s = suggest({ ...due, nextStep: undefined, overdueDays: null, daysSinceTouch: 1, recentKinds: [] });
    expect(s.text).toBe('The next step with Acme is due: the agreed next step. Last touch yesterday. Follow through now.');
  });

  it('says "today" for a touch logged today, never "0 days ago"', () => {
    const s = suggest({ ...due, nextStep: undefined, overdueDays: null, daysSinceTouch: 0, recentKinds: [] });
    expect(s.text).toBe('The next step with Acme is due: the agreed next step. Last touch today. Follow through now.');
  });
});

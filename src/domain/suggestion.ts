// The give-first suggestion a nudge carries, as plain text built from its evidence.
// Slack escaping happens in the views; this module only decides what to say and whether
// the next move is a give or an ask.
import type { NudgeKind, OfferKind, TouchKind } from './vocabulary.ts';
import { daysAgo, plural } from './words.ts';

export type GiveOffer = { kind: OfferKind; title: string; productName: string };

export type SuggestionEvidence<O extends GiveOffer = GiveOffer> = {
  accountName: string;
  kind: NudgeKind;
  heldProductNames: string[];
  holdingSince: Date | null;
  /** The product to offer and its counted evidence in words (domain/recommend.ts evidenceSentence). */
  suggested?: { productName: string; evidence: string };
  /** Offers the workspace has (any extra fields, e.g. an id, come back in `offer`). */
  offers: O[];
  /** Kinds of the latest touches, newest first. */
  recentKinds: TouchKind[];
  daysSinceTouch: number;
  /** No touch was ever logged: daysSinceTouch then counts from when the account was added. */
  neverTouched?: boolean;
  /** The cooling threshold (cadence.ts rhythmDays), in whole days. */
  rhythmDays: number;
  /** The account's usual rhythm: whole days between touches (its median gap); null without enough history. */
  usualGapDays?: number | null;
  nextStep?: string;
  overdueDays?: number | null;
  /** What this book says about single-product churn (churn.ts singleProductChurnWords); null or absent: say nothing. */
  churnWords?: string | null;
};

export type Suggestion<O extends GiveOffer = GiveOffer> = {
  text: string;
  action: Exclude<TouchKind, 'neutral'>;
  offerKind: OfferKind | null;
  /** The chosen offer object as passed in, so the caller can keep its id. */
  offer: O | null;
  headline: string;
};

/**
 * Give-first rule: after asks, the next touch must give. True when the last two touches
 * were asks, or when the last three hold at least one ask and no give.
 */
export function mustGive(recentKinds: readonly TouchKind[]): boolean {
  const last3 = recentKinds.slice(0, 3);
  if (recentKinds[0] === 'ask' && recentKinds[1] === 'ask') return true;
  return !last3.includes('give') && last3.includes('ask');
}

/**
 * Reciprocity: a give earns one ask. Earned when, among the last three touches, a give came
 * after the last ask (the newest touch that is not neutral is a give): "ag" or "aga" (newest
 * first) spent their give on that newest ask. Never true when mustGive is.
 */
export function earnedAsk(recentKinds: readonly TouchKind[]): boolean {
  for (let i = 0; i < Math.min(3, recentKinds.length); i++) {
    if (recentKinds[i] === 'give') return true;
    if (recentKinds[i] === 'ask') return false;
  }
  return false;
}

// Offers that add value to what the customer already uses come first; a trial is the
// closest to a sales pitch, so it comes last.
const KIND_RANK: Record<OfferKind, number> = {
  usage_review: 0,
  benchmark_report: 1,
  workshop: 2,
  training: 3,
  introduction: 4,
  trial: 5,
};

/**
 * Deterministic offer choice: offers on held products first (give value on what they have
 * before asking for more), in the order the products are listed; then offers on the
 * suggested product; then anything else. Within a group: kind rank, then title. A trial of a
 * product they hold is never picked.
 *
 * Without a suggested product (cooling, stalled and follow-up nudges propose none) only offers
 * on held products qualify: a trial or training of a product they do not hold is a cross-sell
 * pitch (the cross-sell nudge's job), not value on what they have. Null: the product-neutral
 * give (GENERIC_GIVE).
 */
export function pickOffer<O extends GiveOffer>(offers: readonly O[], held: readonly string[], suggested?: string): O | null {
  // one pass for the minimum (no copy, no sort, no closures: the scan calls this per account)
  let best: O | null = null;
  let bestGroup = 0;
  for (const o of offers) {
    // a free trial of what they already pay for gives nothing
    if (o.kind === 'trial' && held.includes(o.productName)) continue;
    const g = offerGroup(o, held, suggested);
    if (suggested === undefined && g >= held.length) continue;
    if (best === null || compareOffers(o, g, best, bestGroup) < 0) {
      best = o;
      bestGroup = g;
    }
  }
  return best;
}

function offerGroup(o: GiveOffer, held: readonly string[], suggested: string | undefined): number {
  const h = held.indexOf(o.productName);
  if (h >= 0) return h;
  return o.productName === suggested ? held.length : held.length + 1;
}

/** Group, then kind rank, then title; the first offer wins a full tie (as a stable sort would). */
function compareOffers(a: GiveOffer, ga: number, b: GiveOffer, gb: number): number {
  return ga - gb || KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthYear(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function days(n: number): string {
  return plural(n, 'day');
}

/**
 * "a free usage review of their Analytics ("Dashboard health check")". "Their" only for a product
 * they hold: an offer tied to the product a cross-sell proposes is about something they do not
 * have yet ("a free Reporting review", never "a usage review of their Reporting").
 */
export function describeOffer(o: GiveOffer, held: readonly string[]): string {
  const p = o.productName;
  const theirs = held.includes(p);
  const what: Record<OfferKind, string> = {
    usage_review: theirs ? `a free usage review of their ${p}` : `a free ${p} review`,
    benchmark_report: `a free benchmark report on ${theirs ? 'their ' : ''}${p}`,
    workshop: `a free ${p} workshop`,
    training: `free ${p} training`,
    introduction: theirs ? `an introduction that helps with their ${p}` : `an introduction to people who know ${p}`,
    trial: `a free trial of ${p}`,
  };
  return `${what[o.kind]} ("${o.title}")`;
}

/** When no offer fits: still a give, never an empty-handed ask. */
const GENERIC_GIVE = 'something useful with no strings attached: an insight from their usage, a relevant article or an introduction';

function giveClause(offer: GiveOffer | null, held: readonly string[]): string {
  return offer ? `offer them ${describeOffer(offer, held)}` : `share ${GENERIC_GIVE}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Why a give is owed, quoting the evidence; empty when no give is forced. */
function askStreak(kinds: readonly TouchKind[]): string {
  if (!mustGive(kinds)) return '';
  let asks = 0;
  for (const k of kinds.slice(0, 3)) if (k === 'ask') asks++;
  return asks === 1
    ? 'The last touch asked for something and nothing was given in between. '
    : `The last ${asks} touches were asks with nothing given. `;
}

export function suggest<O extends GiveOffer>(e: SuggestionEvidence<O>): Suggestion<O> {
  const forcedGive = mustGive(e.recentKinds);
  // a give since the last ask earns the right to ask (reciprocity); otherwise lead with a give
  const earned = earnedAsk(e.recentKinds);
  const name = e.accountName;
  const since = e.holdingSince ? ` since ${monthYear(e.holdingSince)}` : '';
  // the rhythm people read is how often they talk (the median gap), not the cooling threshold
  const usual = e.usualGapDays ? `every ${days(e.usualGapDays)}` : null;
  // an account nobody has talked to yet is not "quiet": it was never heard from
  const quiet = e.neverTouched
    ? `Nobody has logged a touch with ${name} in the ${days(e.daysSinceTouch)} since it was added.`
    : `${name} has been quiet for ${days(e.daysSinceTouch)}${usual ? `; you usually talk ${usual}` : ''}.`;

  switch (e.kind) {
    case 'cross_sell': {
      const held = e.heldProductNames;
      const has = held.length === 1 ? `has only ${held[0]}` : held.length > 1 ? `has ${listNames(held)}` : 'holds no product';
      const s = e.suggested;
      const evidence = s ? `; ${s.evidence}` : '';
      const lead = `${name} ${has}${since}${evidence}. ${e.churnWords ? `${e.churnWords} ` : ''}`;
      const target = s?.productName;
      if (earned && target) {
        return {
          text: `${lead}You gave them something recently, so now is a fair time to propose ${target}.`,
          action: 'ask', offerKind: null, offer: null,
          headline: `${name}: propose ${target}`,
        };
      }
      const offer = pickOffer(e.offers, held, target);
      // a give of the target itself (its trial, its review) already shows it: no "before mentioning" it
      const after = !target ? '' : offer?.productName === target ? `, so they see what ${target} does before you propose it` : ` before mentioning ${target}`;
      return {
        text: `${lead}${askStreak(e.recentKinds)}${capitalise(giveClause(offer, held))}${after}.`,
        action: 'give', offerKind: offer?.kind ?? null, offer,
        headline: target ? `${name}: ${held.length === 1 ? 'single product, ' : ''}next is ${target}` : `${name}: single-product customer`,
      };
    }
    case 'cooling':
    case 'stalled': {
      // silence is answered with a give: value reopens a conversation, a pitch closes it
      const offer = pickOffer(e.offers, e.heldProductNames);
      const verb = e.kind === 'stalled' ? 'Reopen the conversation' : 'Check in before it goes cold';
      return {
        text: `${quiet} ${askStreak(e.recentKinds)}${verb}: ${giveClause(offer, e.heldProductNames)}.`,
        action: 'give', offerKind: offer?.kind ?? null, offer,
        headline: e.kind === 'stalled'
          ? `${name} has stalled: ${days(e.daysSinceTouch)} quiet`
          : `${name} is cooling: ${days(e.daysSinceTouch)} quiet${usual ? ` (usually ${usual})` : ''}`,
      };
    }
    case 'follow_up_due': {
      const step = e.nextStep ? `"${e.nextStep}"` : 'the agreed next step';
      const late = e.overdueDays != null && e.overdueDays > 0 ? `, ${days(e.overdueDays)} overdue` : '';
      const lead = `The next step with ${name} is due${late}: ${step}. Last touch ${daysAgo(e.daysSinceTouch)}.`;
      const headline = `${name}: next step overdue`;
      if (!forcedGive) {
        return { text: `${lead} Follow through now.`, action: 'ask', offerKind: null, offer: null, headline };
      }
      const offer = pickOffer(e.offers, e.heldProductNames);
      return {
        text: `${lead} ${askStreak(e.recentKinds)}Open with a give: ${giveClause(offer, e.heldProductNames)}, then follow through.`,
        action: 'give', offerKind: offer?.kind ?? null, offer, headline,
      };
    }
  }
}

// What nudges one candidate account deserves today: composes the pure rules (affinity,
// cadence, equity, give-first suggestion) into drafts with a dedupe key that names the
// situation. Pure: the scan passes the clock and the workspace's aggregates in.
import { evidenceSentence, recommend, whitespaceValue, type BasketModel, type RecommendCatalogEntry, type Recommendation } from './recommend.ts';
import { cadence, stalledAfterDays, usualGapDays, wholeDaysWithin, type Cadence, type CadenceSettings } from './cadence.ts';
import { priority } from './equity.ts';
import { annualRiskCents, churnProbability, singleProductBoost, singleProductChurnWords, CHURN_HORIZON_MONTHS, type ChurnCurve, type Thesis } from './churn.ts';
import { mustGive, suggest, type GiveOffer, type Suggestion, type SuggestionEvidence } from './suggestion.ts';
import type { NudgeKind, TouchKind } from './vocabulary.ts';

export type NudgeCandidate = {
  accountId: number;
  name: string;
  ownerId: number | null;
  createdAt: Date;
  /** Products held now (distinct). */
  heldProductIds: number[];
  /** Products whose holding ended recently and that are not held now. */
  endedProductIds: number[];
  mrrCents: number;
  /** Start of the earliest current holding. */
  holdingSince: Date | null;
  touchCount: number;
  lastTouchAt: Date | null;
  medianGapDays: number | null;
  /** Newest first. */
  recentKinds: TouchKind[];
  nextStepConversationId: number | null;
  nextStep: string | null;
  nextStepDue: Date | null;
};

export type RulesProduct = RecommendCatalogEntry & { name: string };
export type RulesOffer = GiveOffer & { id: number; productId: number };

export type ScanRules = {
  cadence: CadenceSettings;
  /** The next-product model, learned from the workspace's retained customers (domain/recommend.ts). */
  model: BasketModel;
  products: RulesProduct[];
  offers: RulesOffer[];
  lifetimeMonths: number;
  /** The book's churn-by-products curve and what it says about single-product customers. */
  churn: { curve: ChurnCurve; thesis: Thesis };
  /** Each product's typical MRR here, in cents (what taking it would add). */
  typicalMrrCents: Map<number, number>;
};

export type NudgeDraft = {
  accountId: number;
  kind: NudgeKind;
  dedupeKey: string;
  suggestion: string;
  evidence: Record<string, unknown>;
  suggestedProductId: number | null;
  offerId: number | null;
  priority: number;
  valueAtStakeCents: number;
  assigneeId: number | null;
};

/** The UTC day of the last touch names a quiet spell: a new touch starts a new situation. */
/** Next products kept on a cross-sell nudge, best first, so a rep can pick. */
export const NEXT_PRODUCTS = 3;
/** A whitespace suggestion is worth a year of what it adds (times the chance they take it). */
export const WHITESPACE_HORIZON_MONTHS = 12;
/** Below this chance a fuller account's next product is no nudge (it stays in the whitespace export). */
export const MIN_WHITESPACE_CHANCE = 0.01;

export function quietKey(accountId: number, lastTouchAt: Date | null): string {
  return `stalled:${accountId}:${lastTouchAt ? lastTouchAt.toISOString().slice(0, 10) : 'never'}`;
}

/** What the drafts of one account share (module-level helpers: no closures per account). */
type DraftBase = {
  c: NudgeCandidate; cad: Cadence; rules: ScanRules; heldProductNames: string[]; rhythm: number; usual: number | null; rank: number; valueCents: number;
  /** How the value at stake was computed, for the card's one line (views/nudge.ts). */
  value: Record<string, unknown>;
};

// objects are written out field by field: V8 takes a slow path for `{ ...o, extra }`
// (microseconds each), which dominated the scan's rule loop
function evidenceFor(
  on: DraftBase, kind: NudgeKind, extra?: Pick<SuggestionEvidence, 'suggested' | 'nextStep' | 'overdueDays'>,
): SuggestionEvidence<RulesOffer> {
  return {
    accountName: on.c.name,
    heldProductNames: on.heldProductNames,
    holdingSince: on.c.holdingSince,
    offers: on.rules.offers,
    recentKinds: on.c.recentKinds,
    daysSinceTouch: on.cad.daysSinceTouch,
    neverTouched: on.c.touchCount === 0 && on.c.lastTouchAt === null,
    rhythmDays: on.rhythm,
    usualGapDays: on.usual,
    kind,
    suggested: extra?.suggested,
    nextStep: extra?.nextStep,
    overdueDays: extra?.overdueDays,
  };
}

function draft(
  on: DraftBase, kind: NudgeKind, dedupeKey: string, s: Suggestion<RulesOffer>, evidence: Record<string, unknown>,
  suggestedProductId: number | null, rank = on.rank,
): NudgeDraft {
  return {
    accountId: on.c.accountId,
    kind,
    dedupeKey,
    suggestion: s.text,
    // the stall threshold travels with the rhythm so every surface can word both (views/rhythm.ts)
    // `touched: false` lets a surface say "no touches yet" where the quiet days count from creation
    evidence: { ...evidence, stalledAfterDays: stalledAfterDays(on.rules.cadence), value: on.value, touched: on.c.lastTouchAt !== null },
    suggestedProductId,
    offerId: s.offer?.id ?? null,
    priority: rank,
    valueAtStakeCents: on.valueCents,
    assigneeId: on.c.ownerId,
  };
}

/**
 * What the write decides on, without the words: a draft's identity, kind, rank and value at
 * stake. A scan judges every account to this (assess), and builds the full draft (text,
 * evidence: draftsOf) only for a nudge whose row is compared, written or joined
 * (data/nudge-writes.ts).
 */
export type NudgeKey = Pick<NudgeDraft, 'accountId' | 'kind' | 'dedupeKey' | 'priority' | 'suggestedProductId' | 'valueAtStakeCents'>;

/**
 * One account judged: its nudges' keys and next products, and what the full drafts are
 * built from (draftsOf), so the rules run once whether or not the words are needed.
 */
export type Assessment = {
  c: NudgeCandidate;
  keys: NudgeKey[];
  /** The cross-sell's next products, ids and scores as its evidence.alternatives has them; empty without one. */
  nextProductIds: number[];
  nextScores: number[];
  /** The shared figures of the account's drafts (internal to draftsOf). */
  base: AssessBase;
};

type AssessBase = {
  cad: Cadence; singleProduct: boolean; asksWithoutGives: boolean; rank: number; valueCents: number; value: Record<string, unknown>;
  rhythm: number; usual: number | null; recentKinds: TouchKind[]; next: readonly Recommendation[]; crossRank: number;
};

/** Cross-sell scores as kept on the nudge and on account_scan: three decimals. */
const keptScore = (score: number) => Math.round(score * 1000) / 1000;

export function assess(c: NudgeCandidate, rules: ScanRules, now: Date): Assessment {
  const cad = cadence(
    {
      touchCount: c.touchCount,
      medianGapDays: c.medianGapDays,
      lastTouchAt: c.lastTouchAt,
      createdAt: c.createdAt,
      overdueNextStepDue: c.nextStepDue && c.nextStepDue.getTime() < now.getTime() ? c.nextStepDue : null,
    },
    rules.cadence,
    now,
  );
  const singleProduct = c.heldProductIds.length === 1;
  const asksWithoutGives = mustGive(c.recentKinds);
  // value at stake: a year of this account's revenue × the chance accounts like it left over the last year
  const risk = churnProbability(rules.churn.curve, rules.churn.thesis, c.heldProductIds.length);
  const valueCents = annualRiskCents(c.mrrCents, risk.p);
  const value = {
    atRiskCents: valueCents, mrrCents: c.mrrCents, p: risk.p, basis: risk.basis, bucket: risk.label, horizonMonths: CHURN_HORIZON_MONTHS,
    // a single-product account's card may say what the book says about churn, and nothing where it says they stay
    churnWords: singleProduct ? singleProductChurnWords(rules.churn.thesis) : null,
  };
  const rank = priority({
    valueCents,
    // valueCents already carries a measured book's single-product rate: the boost is the prior's alone
    singleProductBoost: singleProduct ? singleProductBoost(rules.churn.thesis) : 1,
    stallLevel: cad.level,
    asksWithoutGives,
    overdueNextStep: cad.overdueDays !== null,
  });
  // the cooling threshold in whole days as the rule keeps it (14.6 → 14: day 15 is cooling)
  const rhythm = wholeDaysWithin(cad.rhythmDays);
  // the account's own rhythm (median gap) is fractional; people read whole days
  const gap = usualGapDays(c, rules.cadence);
  const usual = gap === null ? null : Math.max(1, Math.round(gap));
  const keys: NudgeKey[] = [];
  const nextProductIds: number[] = [];
  const nextScores: number[] = [];

  // whitespace: every active account is offered its next product, whether it holds one or several
  const next = recommend(rules.model, { held: c.heldProductIds, excluded: c.endedProductIds, catalog: rules.products, limit: NEXT_PRODUCTS });
  const best = next[0];
  let crossRank = 0;
  // a single-product account always hears its next product; a fuller one when the book gives it a real chance
  if (best && (singleProduct || best.score >= MIN_WHITESPACE_CHANCE)) {
    const addMrrCents = rules.typicalMrrCents.get(best.productId) ?? 0;
    // the value the rep can add (the chance they take it × a year of what it adds); a single-product
    // account keeps its own rank on top (its risk, as the churn curve prices it), a fuller account's
    // risk is what its stall and follow-up nudges answer
    const gain = whitespaceValue({ score: best.score, addMrrCents, lifetimeMonths: WHITESPACE_HORIZON_MONTHS });
    crossRank = (singleProduct ? rank : 0) + gain;
    keys.push({ accountId: c.accountId, kind: 'cross_sell', dedupeKey: `cross_sell:${c.accountId}:${best.productId}`, priority: crossRank, suggestedProductId: best.productId, valueAtStakeCents: valueCents });
    for (const r of next) {
      // a score that is not a number says nothing a card could show (the card's reader skips it too)
      if (!Number.isFinite(r.score)) continue;
      nextProductIds.push(r.productId);
      nextScores.push(keptScore(r.score));
    }
  }
  if (cad.level !== 'ok') {
    keys.push({ accountId: c.accountId, kind: cad.level, dedupeKey: quietKey(c.accountId, c.lastTouchAt), priority: rank, suggestedProductId: null, valueAtStakeCents: valueCents });
  }
  if (cad.overdueDays !== null && c.nextStepConversationId !== null) {
    keys.push({ accountId: c.accountId, kind: 'follow_up_due', dedupeKey: `follow_up:${c.nextStepConversationId}`, priority: rank, suggestedProductId: null, valueAtStakeCents: valueCents });
  }
  return {
    c, keys, nextProductIds, nextScores,
    base: { cad, singleProduct, asksWithoutGives, rank, valueCents, value, rhythm, usual, recentKinds: c.recentKinds.slice(0, 3), next, crossRank },
  };
}

/** The full drafts of an assessment (suggestion text, evidence), one per key, in the keys' order. */
export function draftsOf(a: Assessment, rules: ScanRules, productName: (id: number) => string): NudgeDraft[] {
  const { c, base: b } = a;
  const on: DraftBase = {
    c, cad: b.cad, rules, heldProductNames: c.heldProductIds.map(productName), rhythm: b.rhythm, usual: b.usual, rank: b.rank,
    valueCents: b.valueCents, value: b.value,
  };
  const shared = {
    level: b.cad.level, daysSinceTouch: b.cad.daysSinceTouch, rhythmDays: b.rhythm, usualGapDays: b.usual, mrrCents: c.mrrCents,
    heldProductIds: c.heldProductIds, recentKinds: b.recentKinds, asksWithoutGives: b.asksWithoutGives,
  };
  const drafts: NudgeDraft[] = [];
  for (const k of a.keys) {
    if (k.kind === 'cross_sell') {
      const best = b.next[0]!;
      // the top three with score and counted evidence, kept on the nudge (views/nudge.ts shows them)
      const alternatives = b.next.map((r, i) => ({
        productId: r.productId, productName: productName(r.productId), score: keptScore(r.score), basis: r.basis,
        evidence: evidenceSentence(r, productName(r.productId), productName, i + 1, b.next),
      }));
      const s = suggest({
        ...evidenceFor(on, 'cross_sell', { suggested: { productName: alternatives[0]!.productName, evidence: alternatives[0]!.evidence } }),
        // what the book says about single-product churn, or nothing where it says they stay
        churnWords: b.singleProduct ? singleProductChurnWords(rules.churn.thesis) : null,
      });
      const e = best.evidence;
      drafts.push(draft(on, 'cross_sell', k.dedupeKey, s, {
        ...shared,
        headline: s.headline, action: s.action,
        suggested: {
          productId: best.productId, score: alternatives[0]!.score, basis: best.basis, evidence: alternatives[0]!.evidence,
          holders: e?.holders ?? 0, alsoHold: e?.alsoHold ?? 0, lift: e ? Math.round(e.lift * 100) / 100 : 0,
        },
        alternatives,
        add: { productName: productName(best.productId), mrrCents: rules.typicalMrrCents.get(best.productId) ?? 0 },
      }, best.productId, b.crossRank));
    } else if (k.kind === 'follow_up_due') {
      const s = suggest(evidenceFor(on, 'follow_up_due', { nextStep: c.nextStep ?? undefined, overdueDays: b.cad.overdueDays }));
      drafts.push(draft(on, 'follow_up_due', k.dedupeKey, s, {
        ...shared, headline: s.headline, action: s.action, overdueDays: b.cad.overdueDays, nextStep: c.nextStep,
      }, null));
    } else {
      const s = suggest(evidenceFor(on, k.kind));
      drafts.push(draft(on, k.kind, k.dedupeKey, s, { ...shared, headline: s.headline, action: s.action }, null));
    }
  }
  return drafts;
}

export function nudgesFor(c: NudgeCandidate, rules: ScanRules, now: Date, productName: (id: number) => string): NudgeDraft[] {
  return draftsOf(assess(c, rules, now), rules, productName);
}

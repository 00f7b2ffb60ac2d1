// What nudges one candidate account deserves today: composes the pure rules (affinity,
// cadence, equity, give-first suggestion) into drafts with a dedupe key that names the
// situation. Pure: the scan passes the clock and the workspace's aggregates in.
import { nextBestProducts, type AffinityCounts, type CatalogEntry } from './affinity.ts';
import { cadence, type CadenceSettings } from './cadence.ts';
import { customerEquityCents, priority } from './equity.ts';
import { mustGive, suggest, type GiveOffer, type SuggestionKind, type TouchKind } from './suggestion.ts';

export type NudgeKind = SuggestionKind;

export type NudgeCandidate = {
  accountId: number;
  name: string;
  ownerId: number | null;
  createdAt: Date;
  heldProductIds: number[];
  endedProductIds: number[];
  mrrCents: number;
  holdingSince: Date | null;
  touchCount: number;
  lastTouchAt: Date | null;
  medianGapDays: number | null;
  recentKinds: TouchKind[];
  nextStepConversationId: number | null;
  nextStep: string | null;
  nextStepDue: Date | null;
};

export type RulesProduct = CatalogEntry & { name: string };
export type RulesOffer = GiveOffer & { id: number; productId: number };

export type ScanRules = {
  cadence: CadenceSettings;
  counts: AffinityCounts;
  products: RulesProduct[];
  offers: RulesOffer[];
  lifetimeMonths: number;
  /** Pairs seen on fewer accounts are noise; the suggestion then follows catalog order. */
  minPairSupport: number;
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
export function quietKey(accountId: number, lastTouchAt: Date | null): string {
  return `stalled:${accountId}:${lastTouchAt ? lastTouchAt.toISOString().slice(0, 10) : 'never'}`;
}

export function nudgesFor(c: NudgeCandidate, rules: ScanRules, now: Date, productName: (id: number) => string): NudgeDraft[] {
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
  const equityCents = customerEquityCents(c.mrrCents, rules.lifetimeMonths);
  const rank = priority({
    equityCents,
    singleProduct,
    stallLevel: cad.level,
    asksWithoutGives,
    overdueNextStep: cad.overdueDays !== null,
  });
  const heldProductNames = c.heldProductIds.map(productName);
  const base = {
    accountName: c.name,
    heldProductNames,
    holdingSince: c.holdingSince,
    offers: rules.offers,
    recentKinds: c.recentKinds,
    daysSinceTouch: cad.daysSinceTouch,
    // a median gap is fractional; people read whole days
    rhythmDays: Math.round(cad.rhythmDays),
  };
  const common = {
    accountId: c.accountId,
    priority: rank,
    valueAtStakeCents: equityCents,
    assigneeId: c.ownerId,
  };
  const facts = {
    level: cad.level,
    daysSinceTouch: cad.daysSinceTouch,
    rhythmDays: Math.round(cad.rhythmDays),
    mrrCents: c.mrrCents,
    heldProductIds: c.heldProductIds,
    recentKinds: c.recentKinds.slice(0, 3),
    asksWithoutGives,
  };
  const drafts: NudgeDraft[] = [];

  if (singleProduct) {
    const [best] = nextBestProducts({
      held: c.heldProductIds,
      excluded: c.endedProductIds,
      counts: rules.counts,
      catalog: rules.products,
      limit: 1,
      minPairSupport: rules.minPairSupport,
    });
    if (best) {
      const s = suggest({
        ...base,
        kind: 'cross_sell',
        suggested: {
          productName: productName(best.productId),
          confidence: best.confidence,
          basedOnProductName: best.basedOnProductId === null ? null : productName(best.basedOnProductId),
        },
      });
      drafts.push({
        ...common,
        kind: 'cross_sell',
        dedupeKey: `cross_sell:${c.accountId}:${best.productId}`,
        suggestion: s.text,
        evidence: {
          ...facts, headline: s.headline, action: s.action,
          suggested: { productId: best.productId, confidence: best.confidence, lift: best.lift, basis: best.basis, pairAccounts: best.pairAccounts },
        },
        suggestedProductId: best.productId,
        offerId: s.offer?.id ?? null,
      });
    }
  }

  if (cad.level !== 'ok') {
    const s = suggest({ ...base, kind: cad.level });
    drafts.push({
      ...common,
      kind: cad.level,
      dedupeKey: quietKey(c.accountId, c.lastTouchAt),
      suggestion: s.text,
      evidence: { ...facts, headline: s.headline, action: s.action },
      suggestedProductId: null,
      offerId: s.offer?.id ?? null,
    });
  }

  if (cad.overdueDays !== null && c.nextStepConversationId !== null) {
    const s = suggest({ ...base, kind: 'follow_up_due', nextStep: c.nextStep ?? undefined, overdueDays: cad.overdueDays });
    drafts.push({
      ...common,
      kind: 'follow_up_due',
      dedupeKey: `follow_up:${c.nextStepConversationId}`,
      suggestion: s.text,
      evidence: { ...facts, headline: s.headline, action: s.action, overdueDays: cad.overdueDays, nextStep: c.nextStep },
      suggestedProductId: null,
      offerId: s.offer?.id ?? null,
    });
  }
  return drafts;
}

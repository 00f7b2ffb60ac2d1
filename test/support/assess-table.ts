// A table of accounts, one of each situation the rules tell apart, with a small book's rules:
// the input of test/unit/domain/nudges-assess.test.ts, whose golden drafts
// (test/fixtures/nudge-drafts.golden.json) were written by the one-call rules before they were
// split into assess and draftsOf.
import { cadenceSettings } from '../../src/domain/cadence.ts';
import { churnCurve, thesis } from '../../src/domain/churn.ts';
import type { NudgeCandidate, ScanRules } from '../../src/domain/nudges.ts';
import { basketCounts, learnBaskets } from '../../src/domain/recommend.ts';

export const NOW = new Date('2026-06-15T12:00:00.000Z');
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
export const name = (id: number) => `Product ${id}`;

const curve = churnCurve([{ products: 1, atRisk: 400, churned: 120 }, { products: 2, atRisk: 300, churned: 30 }, { products: 3, atRisk: 100, churned: 5 }]);
export const rules: ScanRules = {
  cadence: cadenceSettings({ stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 21 }),
  model: learnBaskets(basketCounts([[1], [1, 2], [1, 2], [1, 3], [2, 3], [1, 2, 3], [4], [1, 4]])),
  products: [1, 2, 3, 4, 5].map((id) => ({ id, position: id, active: id !== 5, name: name(id) })),
  offers: [{ id: 9, productId: 2, kind: 'training', title: 'Setup training', productName: name(2) }],
  lifetimeMonths: 40,
  churn: { curve, thesis: thesis(curve) },
  typicalMrrCents: new Map([[1, 10_000], [2, 25_000], [3, 5_000], [4, 40_000]]),
};

const base: NudgeCandidate = {
  accountId: 1, name: 'Acme <!channel>', ownerId: 7, createdAt: day(400), heldProductIds: [1], endedProductIds: [], mrrCents: 30_000,
  holdingSince: day(300), touchCount: 6, lastTouchAt: day(3), medianGapDays: 10, recentKinds: ['ask', 'ask', 'give'],
  nextStepConversationId: null, nextStep: null, nextStepDue: null,
};

// one of each situation: fresh, cooling, stalled, never touched, overdue next step, several
// products, everything held, an ended product, no owner
export const accounts: NudgeCandidate[] = [
  base,
  { ...base, accountId: 2, lastTouchAt: day(16) },
  { ...base, accountId: 3, lastTouchAt: day(90), heldProductIds: [1, 2] },
  { ...base, accountId: 4, lastTouchAt: null, touchCount: 0, medianGapDays: null, createdAt: day(50), recentKinds: [] },
  { ...base, accountId: 5, nextStepConversationId: 55, nextStep: 'send the deck', nextStepDue: day(9) },
  { ...base, accountId: 6, heldProductIds: [1, 2, 3, 4], mrrCents: 90_000 },
  { ...base, accountId: 7, heldProductIds: [2], endedProductIds: [1], lastTouchAt: day(40) },
  { ...base, accountId: 8, ownerId: null, heldProductIds: [], mrrCents: 0, lastTouchAt: day(200) },
  { ...base, accountId: 9, heldProductIds: [1, 3], nextStepConversationId: 56, nextStep: 'call back', nextStepDue: day(30), lastTouchAt: day(35) },
];


// A nudge's rhythm words from its recorded evidence: an account never touched counts its quiet
// days from when it was added, which is not a "last touch" (an imported book with no
// conversations read "last touch today" on every card).
import { describe, expect, it } from 'vitest';
import { cadenceSettings } from '../../../src/domain/cadence.ts';
import { churnCurve, thesis } from '../../../src/domain/churn.ts';
import { nudgesFor, type NudgeCandidate, type ScanRules } from '../../../src/domain/nudges.ts';
import { basketCounts, learnBaskets } from '../../../src/domain/recommend.ts';
import { evidenceRhythmWords } from '../../../src/views/rhythm.ts';

const NOW = new Date('2026-06-15T12:00:00.000Z');

const rules: ScanRules = {
  cadence: cadenceSettings({ stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 21 }),
  model: learnBaskets(basketCounts([])),
  products: [],
  offers: [],
  lifetimeMonths: 50,
  churn: { curve: churnCurve([]), thesis: thesis(churnCurve([])) },
  typicalMrrCents: new Map(),
};

const candidate = (lastTouchAt: Date | null, createdAt: Date): NudgeCandidate => ({
  accountId: 1, name: 'Acme', ownerId: null, createdAt, heldProductIds: [1], endedProductIds: [],
  mrrCents: 100_000, holdingSince: null, touchCount: lastTouchAt ? 1 : 0, lastTouchAt, medianGapDays: null, recentKinds: [],
  nextStepConversationId: null, nextStep: null, nextStepDue: null,
});

describe('rhythm words from a nudge evidence', () => {
  it.each([
    { evidence: { daysSinceTouch: 0, usualGapDays: null, rhythmDays: 21, stalledAfterDays: 60, touched: false }, says: 'No usual rhythm yet; no touches yet (cooling after 21, stalled after 60).' },
    { evidence: { daysSinceTouch: 40, usualGapDays: null, rhythmDays: 21, stalledAfterDays: 60, touched: false }, says: 'No usual rhythm yet; no touches yet (cooling after 21, stalled after 60).' },
    { evidence: { daysSinceTouch: 0, usualGapDays: 14, rhythmDays: 28, stalledAfterDays: 60, touched: true }, says: 'Usually every 14 days; last touch today (cooling after 28, stalled after 60).' },
    // evidence recorded before `touched` existed reads as before
    { evidence: { daysSinceTouch: 35, usualGapDays: 14, rhythmDays: 28, stalledAfterDays: 60 }, says: 'Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 60).' },
  ])('$says', ({ evidence, says }) => {
    expect(evidenceRhythmWords(evidence)).toBe(says);
  });

  it('a scan records whether the account was ever touched, so its nudge never says "last touch" of an untouched account', () => {
    const added = new Date('2026-04-01T00:00:00Z');
    const never = nudgesFor(candidate(null, added), rules, NOW, () => 'P').find((d) => d.kind === 'stalled')!;
    expect(never.evidence).toMatchObject({ touched: false });
    expect(evidenceRhythmWords(never.evidence)).toContain('no touches yet');
    const touched = nudgesFor(candidate(new Date('2026-04-02T00:00:00Z'), added), rules, NOW, () => 'P').find((d) => d.kind === 'stalled')!;
    expect(touched.evidence).toMatchObject({ touched: true });
    expect(evidenceRhythmWords(touched.evidence)).toContain('quiet for 74 days');
  });
});

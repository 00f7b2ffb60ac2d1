// A nudge's rhythm words from its recorded evidence: an account never touched counts its quiet
// days from when it was added, which is not a "last touch" (an imported book with no
// conversations read "last touch today" on every card).
import { describe, expect, it } from 'vitest';
import { cadence, cadenceSettings, DAY_MS, firstDayPast, rhythmWords, type CadenceStats } from '../../../src/domain/cadence.ts';
import { churnCurve, thesis } from '../../../src/domain/churn.ts';
import { nudgesFor, type NudgeCandidate, type ScanRules } from '../../../src/domain/nudges.ts';
import { basketCounts, learnBaskets } from '../../../src/domain/recommend.ts';
import { nextScanAt } from '../../../src/domain/scan-due.ts';
import { accountRhythm, evidenceRhythmWords } from '../../../src/views/rhythm.ts';

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

// "cooling after N" means N whole days of quiet are still fine and day N + 1 is cooling: the
// level compares whole days of quiet with the threshold, strictly past it (domain/cadence.ts).
// A fractional threshold (2 × a median gap of 7.3 days = 14.6) turns on day 15, so it must read
// "cooling after 14", never Math.round's "after 15" while the card already says Cooling. The
// card's words, the nudge's words, the level and the scan's next look all agree on the day.
describe('the day a threshold turns, in words and by the rule', () => {
  const settings = cadenceSettings({ stallFactor: 1, stallMinDays: 7, stallMaxDays: 60, defaultRhythmDays: 21 });
  const touched = new Date('2026-05-01T09:30:00.000Z');
  const at = (days: number) => new Date(touched.getTime() + days * DAY_MS);
  const statsOf = (gap: number, now: Date): CadenceStats => ({
    touchCount: 5, medianGapDays: gap, lastTouchAt: touched, createdAt: new Date('2025-01-01T00:00:00.000Z'), overdueNextStepDue: null,
  });

  it.each([
    // threshold (stallFactor 1 × the median gap, clamped to 7..60) → first whole day past it
    { threshold: 14, firstDay: 15 },
    { threshold: 14.4, firstDay: 15 },
    { threshold: 14.5, firstDay: 15 },
    { threshold: 14.6, firstDay: 15 },
    { threshold: 14.99, firstDay: 15 },
    { threshold: 15, firstDay: 16 },
    { threshold: 7.5, firstDay: 8 },
    { threshold: 59.6, firstDay: 60 },
  ])('cooling past $threshold days: day $firstDay is the first cooling day, and the words say so', ({ threshold, firstDay }) => {
    // the rule: the last day within, then the first day past, at any hour of either day
    for (const hours of [0, 23.9]) {
      expect(cadence(statsOf(threshold, at(firstDay - 1)), settings, at(firstDay - 1 + hours / 24)).level).toBe('ok');
      expect(cadence(statsOf(threshold, at(firstDay)), settings, at(firstDay + hours / 24)).level).toBe('cooling');
    }
    // the scan looks again the moment it turns
    const next = nextScanAt({ touchCount: 5, medianGapDays: threshold, lastTouchAt: touched, createdAt: touched, nextStepDue: null, holdingsChangeAt: null }, settings, at(1));
    expect(next).toEqual(at(firstDay));
    // the card's words, on the first day it is cooling
    const card = rhythmWords(accountRhythm(statsOf(threshold, at(firstDay)), settings, at(firstDay)));
    expect(card).toContain(`(cooling after ${firstDay - 1}, stalled after 60)`);
    // the nudge's words on that day, from the evidence the scan records
    const nudge = nudgesFor({ ...candidate(touched, new Date('2025-01-01T00:00:00.000Z')), touchCount: 5, medianGapDays: threshold }, { ...rules, cadence: settings }, at(firstDay), () => 'P')
      .find((d) => d.kind === 'cooling');
    expect(nudge).toBeDefined();
    expect(evidenceRhythmWords(nudge!.evidence)).toContain(`(cooling after ${firstDay - 1}, stalled after 60)`);
    // the one function all of the above read
    expect(firstDayPast(threshold)).toBe(firstDay);
  });

  it.each([
    // stalled after the workspace maximum: whole days in settings, a fraction handled the same way
    { max: 60, firstDay: 61 },
    { max: 30, firstDay: 31 },
    { max: 30.5, firstDay: 31 },
  ])('stalled past $max days: day $firstDay is the first stalled day, and the words say so', ({ max, firstDay }) => {
    const s = { ...settings, stallMaxDays: max };
    expect(cadence(statsOf(10, at(firstDay - 1)), s, at(firstDay - 1)).level).toBe('cooling');
    expect(cadence(statsOf(10, at(firstDay)), s, at(firstDay)).level).toBe('stalled');
    const next = nextScanAt({ touchCount: 5, medianGapDays: 10, lastTouchAt: touched, createdAt: touched, nextStepDue: null, holdingsChangeAt: null }, s, at(firstDay - 1));
    expect(next).toEqual(at(firstDay));
    expect(rhythmWords(accountRhythm(statsOf(10, at(firstDay)), s, at(firstDay)))).toContain(`stalled after ${firstDay - 1})`);
    expect(firstDayPast(max)).toBe(firstDay);
  });
});

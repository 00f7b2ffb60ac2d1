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
    const card = rhythmWords(accountRhythm(statsOf(threshold, at(firstDay)), settings, at(firstDay), 'UTC'));
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
    expect(rhythmWords(accountRhythm(statsOf(10, at(firstDay)), s, at(firstDay), 'UTC'))).toContain(`stalled after ${firstDay - 1})`);
    expect(firstDayPast(max)).toBe(firstDay);
  });
});

// "Today" and "yesterday" are the reader's calendar dates, not 24-hour blocks: a touch at 5 pm
// read at 9 am next morning was yesterday. Only the words move; the rule keeps its whole
// 24-hour days (the level, the thresholds: cadence's daysSinceTouch).
describe('days quiet in the reader\'s calendar', () => {
  const settings = cadenceSettings({ stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 21 });
  const statsOf = (lastTouchAt: Date): CadenceStats => ({
    touchCount: 5, medianGapDays: 7, lastTouchAt, createdAt: new Date('2025-01-01T00:00:00Z'), overdueNextStepDue: null,
  });

  it.each([
    // the probe's two: London in summer time
    ['Mon 17:00 read Tue 09:00 (16 h)', 'Europe/London', '2026-06-01T17:00:00+01:00', '2026-06-02T09:00:00+01:00', 'last touch yesterday', 0],
    ['Sun 20:00 read Tue 09:00 (37 h)', 'Europe/London', '2026-05-31T20:00:00+01:00', '2026-06-02T09:00:00+01:00', 'quiet for 2 days', 1],
    ['Tue 00:30 read Tue 09:00', 'Europe/London', '2026-06-02T00:30:00+01:00', '2026-06-02T09:00:00+01:00', 'last touch today', 0],
    ['Mon 09:00 read Tue 08:00 (23 h)', 'Europe/London', '2026-06-01T09:00:00+01:00', '2026-06-02T08:00:00+01:00', 'last touch yesterday', 0],
    // northern DST: London springs forward on Sun 29 Mar 2026, New York falls back on Sun 1 Nov
    ['Sat 23:30 GMT read Sun 08:00 BST (7.5 h)', 'Europe/London', '2026-03-28T23:30:00+00:00', '2026-03-29T08:00:00+01:00', 'last touch yesterday', 0],
    ['Sat 23:00 EDT read Mon 00:30 EST (26.5 h)', 'America/New_York', '2026-10-31T23:00:00-04:00', '2026-11-02T00:30:00-05:00', 'quiet for 2 days', 1],
    // southern DST: Sydney springs forward on Sun 4 Oct 2026, falls back on Sun 5 Apr
    ['Sat 22:00 AEST read Sun 09:00 AEDT (10 h)', 'Australia/Sydney', '2026-10-03T22:00:00+10:00', '2026-10-04T09:00:00+11:00', 'last touch yesterday', 0],
    ['Sat 23:30 AEDT read Mon 00:30 AEST (26 h)', 'Australia/Sydney', '2026-04-04T23:30:00+11:00', '2026-04-06T00:30:00+10:00', 'quiet for 2 days', 1],
    // UTC+14: the same two instants are one date in UTC ("today") and two there
    ['Mon 20:00 read Tue 09:00 at UTC+14 (13 h)', 'Pacific/Kiritimati', '2026-06-01T20:00:00+14:00', '2026-06-02T09:00:00+14:00', 'last touch yesterday', 0],
    ['the same instants read in UTC', 'UTC', '2026-06-01T20:00:00+14:00', '2026-06-02T09:00:00+14:00', 'last touch today', 0],
    // UTC−11
    ['Sun 20:00 read Tue 09:00 at UTC−11 (37 h)', 'Pacific/Pago_Pago', '2026-05-31T20:00:00-11:00', '2026-06-02T09:00:00-11:00', 'quiet for 2 days', 1],
    ['Mon 23:00 read Tue 06:00 at UTC−11 (7 h)', 'Pacific/Pago_Pago', '2026-06-01T23:00:00-11:00', '2026-06-02T06:00:00-11:00', 'last touch yesterday', 0],
  ] as const)('%s in %s', (_, zone, touched, read, words, ruleDays) => {
    const stats = statsOf(new Date(touched));
    const now = new Date(read);
    expect(rhythmWords(accountRhythm(stats, settings, now, zone))).toBe(`Usually every 7 days; ${words} (cooling after 14, stalled after 60).`);
    // the rule's count is untouched: whole 24-hour days
    expect(cadence(stats, settings, now).daysSinceTouch).toBe(ruleDays);
  });
});

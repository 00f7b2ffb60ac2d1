import { describe, expect, it } from 'vitest';
import { cadence, median, medianGapDays, rhythmDays, type CadenceSettings, type CadenceStats } from '../../../src/domain/cadence.ts';

const DAY = 86_400_000;
const now = new Date('2024-06-30T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const settings: CadenceSettings = { stallFactor: 2, stallMinDays: 14, stallMaxDays: 90, defaultRhythmDays: 30, minTouchesForRhythm: 3 };

function stats(p: Partial<CadenceStats>): CadenceStats {
  return { touchCount: 5, medianGapDays: 10, lastTouchAt: ago(1), createdAt: ago(400), overdueNextStepDue: null, ...p };
}

describe('median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 40], 10],
  ])('median(%j) = %s', (xs, want) => {
    expect(median(xs)).toBe(want);
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('medianGapDays', () => {
  const t0 = new Date('2026-01-05T15:00:00Z').getTime();
  const at = (days: number) => new Date(t0 + days * DAY);
  it.each([
    { name: 'no touches', days: [], want: null },
    { name: 'one session of touches an hour apart', days: [0, 1 / 24, 2 / 24], want: null },
    { name: 'single touches keep their gaps', days: [0, 10, 20, 50], want: 10 },
    // six rows an hour apart every 21 days: the gaps between hours are one session, not a rhythm
    { name: 'bursts every 21 days', days: [0, 21, 42].flatMap((d) => [0, 1, 2, 3, 4, 5].map((h) => d + h / 24)), want: 21 },
    { name: 'measured from each session’s first touch', days: [0, 0.3, 7, 7.4, 14], want: 7 },
    { name: 'a gap exactly 12 hours long starts a session', days: [0, 0.5, 1], want: 0.5 },
    { name: 'out of order input', days: [20, 0, 10], want: 10 },
    // a rhythm needs MIN_TOUCHES_FOR_RHYTHM sessions: one call's three rows and a touch a month on are one gap
    { name: 'two sessions, however many touches', days: [0, 1 / 24, 2 / 24, 30], want: null },
    { name: 'three sessions', days: [0, 1 / 24, 2 / 24, 30, 44], want: 22 },
  ])('$name', ({ days, want }) => {
    expect(medianGapDays(days.map(at))).toBe(want);
  });
});

describe('rhythmDays', () => {
  it.each([
    { name: 'k × median gap', p: { medianGapDays: 10 }, want: 20 },
    { name: 'clamped up to the minimum', p: { medianGapDays: 3 }, want: 14 },
    { name: 'clamped down to the maximum', p: { medianGapDays: 60 }, want: 90 },
    { name: 'too few touches → default', p: { touchCount: 2, medianGapDays: 5 }, want: 30 },
    { name: 'no gap → default', p: { medianGapDays: null }, want: 30 },
    { name: 'exactly the minimum touches uses own rhythm', p: { touchCount: 3, medianGapDays: 12.5 }, want: 25 },
  ])('$name', ({ p, want }) => {
    expect(rhythmDays(stats(p), settings)).toBe(want);
  });

  it('bounds the default too', () => {
    expect(rhythmDays(stats({ touchCount: 0, medianGapDays: null }), { ...settings, defaultRhythmDays: 365 })).toBe(90);
    expect(rhythmDays(stats({ touchCount: 0, medianGapDays: null }), { ...settings, defaultRhythmDays: 1 })).toBe(14);
  });
});

describe('cadence levels', () => {
  it.each([
    // median gap 10 → rhythm 20
    { last: 0, gap: 10, level: 'ok', since: 0 },
    { last: 20, gap: 10, level: 'ok', since: 20 },          // at the rhythm: not yet past it
    { last: 20.9, gap: 10, level: 'ok', since: 20 },        // whole days only
    { last: 21, gap: 10, level: 'cooling', since: 21 },
    { last: 90, gap: 10, level: 'cooling', since: 90 },     // at the maximum: still cooling
    { last: 91, gap: 10, level: 'stalled', since: 91 },
    // rhythm clamped to 90: cooling and stalled coincide
    { last: 90, gap: 60, level: 'ok', since: 90 },
    { last: 91, gap: 60, level: 'stalled', since: 91 },
    // rhythm clamped to 14
    { last: 14, gap: 1, level: 'ok', since: 14 },
    { last: 15, gap: 1, level: 'cooling', since: 15 },
  ])('$last days quiet, gap $gap → $level', ({ last, gap, level, since }) => {
    const c = cadence(stats({ lastTouchAt: ago(last), medianGapDays: gap }), settings, now);
    expect(c.level).toBe(level);
    expect(c.daysSinceTouch).toBe(since);
  });

  it('counts a never-touched account from its creation, with the default rhythm', () => {
    const fresh = { touchCount: 0, medianGapDays: null, lastTouchAt: null };
    expect(cadence(stats({ ...fresh, createdAt: ago(30) }), settings, now)).toEqual({ level: 'ok', rhythmDays: 30, daysSinceTouch: 30, overdueDays: null });
    expect(cadence(stats({ ...fresh, createdAt: ago(31) }), settings, now).level).toBe('cooling');
    expect(cadence(stats({ ...fresh, createdAt: ago(91) }), settings, now).level).toBe('stalled');
  });

  it('treats a touch dated in the future as today', () => {
    expect(cadence(stats({ lastTouchAt: new Date(now.getTime() + 3 * DAY) }), settings, now).daysSinceTouch).toBe(0);
  });

  it('never inverts the band when max < min is misconfigured', () => {
    const bad = { ...settings, stallMinDays: 30, stallMaxDays: 10 };
    expect(cadence(stats({ lastTouchAt: ago(30), medianGapDays: 100 }), bad, now)).toMatchObject({ level: 'ok', rhythmDays: 30 });
    expect(cadence(stats({ lastTouchAt: ago(31), medianGapDays: 100 }), bad, now).level).toBe('stalled');
  });
});

describe('cadence overdue next step', () => {
  it.each([
    { name: 'nothing due', due: null, last: 10, want: null },
    { name: 'three days late', due: 3, last: 10, want: 3 },
    { name: 'exactly one day late', due: 1, last: 10, want: 1 },
    { name: 'half a day late is still the due day', due: 0.5, last: 10, want: null },
    { name: 'a touch after the due date settles it', due: 5, last: 2, want: null },
  ])('$name', ({ due, last, want }) => {
    const c = cadence(stats({ overdueNextStepDue: due === null ? null : ago(due), lastTouchAt: ago(last) }), settings, now);
    expect(c.overdueDays).toBe(want);
  });

  it('does not change the silence level', () => {
    expect(cadence(stats({ overdueNextStepDue: ago(5), lastTouchAt: ago(10) }), settings, now).level).toBe('ok');
  });
});

// Which past release stands for a rep's local day, read in the zone they are in now
// (releasedAlready), and the key a release is stored under (releaseDayKeys).
import { describe, expect, it } from 'vitest';
import { RELEASE_MIN_GAP_HOURS, releaseClock, releaseDayKeys, releasedAlready } from '../../../src/domain/release.ts';

const at = (iso: string) => new Date(iso);

describe('releasedAlready', () => {
  it.each([
    // same zone (Berlin): yesterday's 09:00 does not stand for today; today's does
    ['2026-11-30T08:00:00Z', '2026-12-01T08:00:00Z', 'Europe/Berlin', false],
    ['2026-12-01T08:00:00Z', '2026-12-01T08:05:00Z', 'Europe/Berlin', true],
    // yesterday's latest possible release, 17:59, and today's 09:00 (15 hours on)
    ['2026-11-30T16:59:00Z', '2026-12-01T08:00:00Z', 'Europe/Berlin', false],
    // Sydney's Tuesday 09:00 (Monday 14:00 in Los Angeles) stands for LA's Monday, not its Tuesday
    ['2026-11-30T22:00:00Z', '2026-12-01T00:00:00Z', 'America/Los_Angeles', true],
    ['2026-11-30T22:00:00Z', '2026-12-01T17:00:00Z', 'America/Los_Angeles', false],
    // Tokyo's Tuesday 09:00 (LA's Monday 16:00) does not take LA's Tuesday
    ['2026-12-01T00:00:00Z', '2026-12-01T17:00:00Z', 'America/Los_Angeles', false],
    // LA's Monday 09:00 is 02:00 on Tokyo's Tuesday: it stands for that Tuesday
    ['2026-11-30T17:00:00Z', '2026-12-01T00:00:00Z', 'Asia/Tokyo', true],
    // London 14:00, then Tokyo 09:00 ten hours later: held until the gap has passed
    ['2026-11-30T14:00:00Z', '2026-12-01T00:00:00Z', 'Asia/Tokyo', true],
    ['2026-11-30T14:00:00Z', '2026-12-01T03:59:00Z', 'Asia/Tokyo', true],
    ['2026-11-30T14:00:00Z', '2026-12-01T04:00:00Z', 'Asia/Tokyo', false],
  ])('released %s, now %s in %s: %s', (released, now, tz, expected) => {
    const clock = releaseClock(at(now), tz);
    expect(releasedAlready(at(released), clock.dayStart, at(now))).toBe(expected);
  });

  it(`the gap (${RELEASE_MIN_GAP_HOURS} h) never holds back a rep who stays in one zone: 17:59 to 09:00 is longer, even across a spring-forward night`, () => {
    // Berlin, 28 to 29 March 2026: the night is an hour short
    const clock = releaseClock(at('2026-03-29T07:00:00Z'), 'Europe/Berlin');
    expect(clock.due).toBe(true);
    expect(releasedAlready(at('2026-03-28T16:59:00Z'), clock.dayStart, at('2026-03-29T07:00:00Z'))).toBe(false);
  });
});

describe('releaseDayKeys', () => {
  it.each([
    ['2026-12-01', '2026-12-01T08:00:00Z', '2026-12-01 UTC-08:00'],
    ['2026-12-01', '2026-11-30T15:00:00Z', '2026-12-01 UTC+09:00'],
    ['2026-12-01', '2026-11-30T18:30:00Z', '2026-12-01 UTC+05:30'],
    ['2026-12-01', '2026-12-01T00:00:00Z', '2026-12-01 UTC+00:00'],
    ['2026-12-01', '2026-12-01T09:30:00Z', '2026-12-01 UTC-09:30'],
  ])('%s begun at %s: %s', (day, start, qualified) => {
    expect(releaseDayKeys(day, at(start))).toEqual({ plain: day, qualified });
  });
});

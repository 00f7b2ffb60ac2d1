// Which past release stands for a rep's local day, read in the zone they are in now
// (releasedAlready), the key a release is stored under (releaseDayKeys), and the oldest key
// that can stand for a day (oldestStandingDay), which bounds the read of past releases.
import { describe, expect, it } from 'vitest';
import {
  RELEASE_LOOKBACK_DAYS, RELEASE_MIN_GAP_HOURS, oldestStandingDay, releaseClock, releaseDayKeys, releasedAlready,
} from '../../../src/domain/release.ts';

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

describe('oldestStandingDay', () => {
  it.each([
    ['2026-12-03', '2026-12-01'],
    ['2026-03-01', '2026-02-27'],
    ['2027-01-01', '2026-12-30'],
    ['2028-03-01', '2028-02-28'],
  ])('%s: %s', (day, oldest) => {
    expect(RELEASE_LOOKBACK_DAYS).toBe(2);
    expect(oldestStandingDay(day)).toBe(oldest);
  });

  it('keys sort by date, a plain date before its qualified forms, so `>=` the bound keeps every key from its date on', () => {
    const keys = ['2026-12-02', '2026-11-30 UTC+14:00', '2026-12-01 UTC-12:00', '2026-11-30', '2026-12-01', '2026-12-01 UTC+14:00', '2026-11-29 UTC-12:00'];
    expect([...keys].sort()).toEqual(['2026-11-29 UTC-12:00', '2026-11-30', '2026-11-30 UTC+14:00', '2026-12-01', '2026-12-01 UTC+14:00', '2026-12-01 UTC-12:00', '2026-12-02']);
    expect(keys.filter((k) => k >= oldestStandingDay('2026-12-02')).sort()).toEqual(['2026-11-30', '2026-11-30 UTC+14:00', '2026-12-01', '2026-12-01 UTC+14:00', '2026-12-01 UTC-12:00', '2026-12-02']);
  });

  // a release in one zone (keyed with its local date there), read in another any morning after:
  // whenever it stands for that morning's day, its key is not older than the bound
  const zones = ['Etc/GMT+12', 'Pacific/Pago_Pago', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Chatham', 'Pacific/Kiritimati'];
  const H = 3_600_000;
  it(`no release keyed before it stands for the day, across ${zones.length} zones from UTC−12 to UTC+14; at the date line the bound is reached`, () => {
    const missed: string[] = [];
    const atBound: string[] = [];
    for (const from of zones) {
      const day = releaseClock(new Date('2026-12-01T12:00:00Z'), from).dayStart.getTime();
      for (const h of [9, 12, 17, 17.5, 17.99]) {
        const released = new Date(day + h * H);
        const key = releaseClock(released, from).localDay;
        for (const to of zones) {
          for (let t = released.getTime() + 0.5 * H; t < released.getTime() + 60 * H; t += 0.5 * H) {
            const now = new Date(t);
            const clock = releaseClock(now, to);
            if (!clock.due || !releasedAlready(released, clock.dayStart, now)) continue;
            const seen = `${from} ${released.toISOString()} in ${to} at ${now.toISOString()}`;
            if (key < oldestStandingDay(clock.localDay)) missed.push(seen);
            if (key === oldestStandingDay(clock.localDay)) atBound.push(seen);
          }
        }
      }
    }
    expect(missed).toEqual([]);
    // UTC−12 at 17:30 on the 1st, then UTC+14 at 09:00 on the 3rd, 13.5 hours on: a day less would miss it
    expect(atBound).toContain('Etc/GMT+12 2026-12-02T05:30:00.000Z in Pacific/Kiritimati at 2026-12-02T19:00:00.000Z');
  });
});

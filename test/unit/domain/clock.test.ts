import { describe, expect, it } from 'vitest';
import { isDue, localTime, parseClock } from '../../../src/domain/clock.ts';

describe('localTime', () => {
  it.each([
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08', 1, 59], // before the spring-forward jump (EST)
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08', 3, 0], // 02:00 does not exist: clocks show 03:00 EDT
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01', 1, 30], // first 01:30 (EDT)
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01', 1, 30], // second 01:30 (EST)
    ['2026-06-30T23:30:00Z', 'Asia/Tokyo', '2026-07-01', 8, 30],
    ['2026-01-01T00:00:00Z', 'Pacific/Kiritimati', '2026-01-01', 14, 0],
  ])('%s in %s is %s %d:%d', (iso, tz, date, hour, minute) => {
    const t = localTime(new Date(iso), tz);
    expect([t.date, t.hour, t.minute]).toEqual([date, hour, minute]);
  });
});

describe('isDue', () => {
  it('is due from the configured minute until local midnight, never for the day before', () => {
    expect(isDue(new Date('2026-11-23T13:59:00Z'), 'America/New_York', '09:00')).toEqual({ due: false, localDate: '2026-11-23' });
    expect(isDue(new Date('2026-11-23T14:00:00Z'), 'America/New_York', '09:00')).toEqual({ due: true, localDate: '2026-11-23' });
    expect(isDue(new Date('2026-11-24T04:59:00Z'), 'America/New_York', '09:00')).toEqual({ due: true, localDate: '2026-11-23' });
    expect(isDue(new Date('2026-11-24T05:00:00Z'), 'America/New_York', '09:00')).toEqual({ due: false, localDate: '2026-11-24' });
  });

  it('handles the day clocks spring forward past the due time', () => {
    // 02:30 does not exist on 2026-03-08 in New York; the digest is due from 03:00
    expect(isDue(new Date('2026-03-08T06:59:00Z'), 'America/New_York', '02:30').due).toBe(false);
    expect(isDue(new Date('2026-03-08T07:00:00Z'), 'America/New_York', '02:30').due).toBe(true);
  });
});

describe('parseClock', () => {
  it.each([['09:00', 540], ['9:05', 545], ['23:59', 1439], ['24:00', null], ['9am', null], ['', null]])('%s → %s', (s, m) => {
    expect(parseClock(s)).toBe(m);
  });
});

// The release clock: a rep's working day starts at 09:00 in their own zone, not the server's.
import { describe, expect, it } from 'vitest';
import { GROUP_MAX_LISTED, releaseClock } from '../../../src/domain/release.ts';

describe('releaseClock', () => {
  it.each([
    // 07:59 UTC is 08:59 in Berlin (winter, +1): not yet; 08:00 UTC is 09:00 there
    ['2026-11-30T07:59:00Z', 'Europe/Berlin', false, '2026-11-30', '2026-11-29T23:00:00.000Z'],
    ['2026-11-30T08:00:00Z', 'Europe/Berlin', true, '2026-11-30', '2026-11-29T23:00:00.000Z'],
    // 13:30 UTC is 08:30 in New York: its morning has not come though Berlin's has
    ['2026-11-30T13:30:00Z', 'America/New_York', false, '2026-11-30', '2026-11-30T05:00:00.000Z'],
    ['2026-11-30T14:00:00Z', 'America/New_York', true, '2026-11-30', '2026-11-30T05:00:00.000Z'],
    // 03:00 UTC is still the 29th in New York, after its 09:00
    ['2026-11-30T03:00:00Z', 'America/New_York', true, '2026-11-29', '2026-11-29T05:00:00.000Z'],
    // Sydney (+11 in November) is a day ahead
    ['2026-11-29T22:00:00Z', 'Australia/Sydney', true, '2026-11-30', '2026-11-29T13:00:00.000Z'],
    ['2026-11-30T09:00:00Z', null, true, '2026-11-30', '2026-11-30T00:00:00.000Z'],
    ['2026-11-30T09:00:00Z', 'Not/AZone', true, '2026-11-30', '2026-11-30T00:00:00.000Z'],
  ])('%s in %s: due %s, day %s from %s', (now, tz, due, day, start) => {
    const c = releaseClock(new Date(now), tz);
    expect(c).toEqual({ due, localDay: day, dayStart: new Date(start) });
  });

  it('caps a grouped message so it stays within Block Kit 50 blocks (4 per nudge + 3)', () => {
    expect(GROUP_MAX_LISTED * 4 + 3).toBeLessThanOrEqual(50);
  });
});

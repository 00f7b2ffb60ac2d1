// The release clock: a rep's working day runs from 09:00 to 18:00 in their own zone, not the server's.
import { describe, expect, it } from 'vitest';
import { awaitedScan, GROUP_MAX_LISTED, releaseClock, SCAN_WAIT_HOURS } from '../../../src/domain/release.ts';

describe('releaseClock', () => {
  it.each([
    // 07:59 UTC is 08:59 in Berlin (winter, +1): not yet; 08:00 UTC is 09:00 there
    ['2026-11-30T07:59:00Z', 'Europe/Berlin', false, '2026-11-30', '2026-11-29T23:00:00.000Z'],
    ['2026-11-30T08:00:00Z', 'Europe/Berlin', true, '2026-11-30', '2026-11-29T23:00:00.000Z'],
    // 13:30 UTC is 08:30 in New York: its morning has not come though Berlin's has
    ['2026-11-30T13:30:00Z', 'America/New_York', false, '2026-11-30', '2026-11-30T05:00:00.000Z'],
    ['2026-11-30T14:00:00Z', 'America/New_York', true, '2026-11-30', '2026-11-30T05:00:00.000Z'],
    // 03:00 UTC is still the 29th in New York, 22:00 there: its working day is over
    ['2026-11-30T03:00:00Z', 'America/New_York', false, '2026-11-29', '2026-11-29T05:00:00.000Z'],
    // the working day ends at 18:00 local: 17:59 still releases, 18:00 no longer
    ['2026-11-30T22:59:00Z', 'America/New_York', true, '2026-11-30', '2026-11-30T05:00:00.000Z'],
    ['2026-11-30T23:00:00Z', 'America/New_York', false, '2026-11-30', '2026-11-30T05:00:00.000Z'],
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

describe('awaitedScan: the workspace scan a rep\'s morning release waits for', () => {
  it.each([
    // same zone as the workspace: 09:00 is after the 06:00 scan, so that day's scan
    ['2026-11-30T00:00:00Z', 'UTC', 'UTC', '2026-11-30', '2026-11-30T12:00:00.000Z'],
    // Berlin rep, UTC workspace: 09:00 Berlin = 08:00 UTC, after the UTC scan of the 30th
    ['2026-11-29T23:00:00Z', 'Europe/Berlin', 'UTC', '2026-11-30', '2026-11-30T11:00:00.000Z'],
    // Tokyo rep, UTC workspace: 09:00 Tokyo = 00:00 UTC, before that day's UTC scan: the one of the 29th
    ['2026-11-29T15:00:00Z', 'Asia/Tokyo', 'UTC', '2026-11-29', '2026-11-30T03:00:00.000Z'],
    // New York rep, Berlin workspace: 09:00 NY = 15:00 Berlin, after Berlin's scan of the 30th
    ['2026-11-30T05:00:00Z', 'America/New_York', 'Europe/Berlin', '2026-11-30', '2026-11-30T17:00:00.000Z'],
    // no zone anywhere: UTC; an unknown one reads as UTC too
    ['2026-11-30T00:00:00Z', null, null, '2026-11-30', '2026-11-30T12:00:00.000Z'],
    ['2026-11-30T00:00:00Z', 'Not/AZone', 'UTC', '2026-11-30', '2026-11-30T12:00:00.000Z'],
  ])('day from %s in %s, workspace %s: scan of %s, gives up at %s', (dayStart, rep, ws, date, giveUp) => {
    expect(awaitedScan(new Date(dayStart), rep, ws)).toEqual({ localDate: date, giveUpAt: new Date(giveUp) });
  });

  it('gives up SCAN_WAIT_HOURS after the morning, even across a DST change (Berlin, 2026-03-29)', () => {
    const c = releaseClock(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    // the day began at 23:00 UTC (winter) but 09:00 that day is 07:00 UTC (summer)
    expect(awaitedScan(c.dayStart, 'Europe/Berlin', 'Europe/Berlin').giveUpAt).toEqual(new Date(Date.parse('2026-03-29T07:00:00Z') + SCAN_WAIT_HOURS * 3_600_000));
  });
});

// The helper real-clock tests lean on to see a scan's nudges posted: whatever the hour, the zone
// it picks is past its reps' 09:00 with hours to spare, and a scan for its local date is the one
// their morning release waits for. Checked with the app's own release rules at every quarter hour.
import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/domain/clock.ts';
import { awaitedScan, releaseClock, SCAN_WAIT_HOURS } from '../../../src/domain/release.ts';
import { zoneInWorkingHours } from '../../support/working-zone.ts';

describe('zoneInWorkingHours', () => {
  it('gives, at every quarter hour of a day, a zone whose reps are released and whose scan date is the awaited one', () => {
    const start = Date.parse('2026-11-30T00:00:00Z');
    const seen = new Set<string>();
    for (let q = 0; q < 96; q++) {
      const now = new Date(start + q * 15 * 60_000);
      const { zone, localDate } = zoneInWorkingHours(now);
      seen.add(zone);
      const local = localTime(now, zone);
      expect(local.date, now.toISOString()).toBe(localDate);
      // 14:xx local: five hours past 09:00, nine before midnight (a long test stays in the same day)
      expect(local.hour, now.toISOString()).toBe(14);
      const clock = releaseClock(now, zone);
      expect(clock.due, now.toISOString()).toBe(true);
      expect(clock.localDay).toBe(localDate);
      // a rep in the zone, in a workspace in the zone, waits for that day's scan: a test scanning
      // `localDate` releases at once rather than after the SCAN_WAIT_HOURS fallback
      const awaited = awaitedScan(clock.dayStart, zone, zone);
      expect(awaited.localDate, now.toISOString()).toBe(localDate);
      expect(awaited.giveUpAt.getTime()).toBe(clock.dayStart.getTime() + (9 + SCAN_WAIT_HOURS) * 3_600_000);
    }
    // it really moves with the clock (24 whole-hour zones over a day)
    expect(seen.size).toBe(24);
  });
});

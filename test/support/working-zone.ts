// A timezone whose working day is under way right now (about 14:00 local), for tests on the
// real clock: nudges reach a rep at 09:00 their time, so a test that expects a scan's nudges
// posted puts its workspace where that morning has come, whatever hour the suite runs.
import { localTime } from '../../src/domain/clock.ts';

/**
 * Every day a working day (domain/working-days.ts): a test on the real clock opens the whole
 * week, so that the day the suite runs on (a Saturday) never decides whether it passes; tests
 * of the working week itself pin their clock and their days.
 */
export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export function zoneInWorkingHours(now: Date = new Date()): { zone: string; localDate: string } {
  // the zone nearest 14:00 local (hours of margin either way), UTC when it is one of them;
  // Etc/GMT-2 is UTC+2 (POSIX signs)
  const zones = Array.from({ length: 27 }, (_, i) => i - 12).map((off) => {
    const zone = off === 0 ? 'UTC' : `Etc/GMT${off > 0 ? '-' : '+'}${Math.abs(off)}`;
    const t = localTime(now, zone);
    return { zone, off, t };
  });
  zones.sort((a, b) => Math.abs(a.t.hour - 14) - Math.abs(b.t.hour - 14) || Math.abs(a.off) - Math.abs(b.off));
  const best = zones[0]!;
  return { zone: best.zone, localDate: best.t.date };
}

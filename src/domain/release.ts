// When a rep's nudges are released: at the start of their own working day, in their own
// timezone (the member's, from users.info; else the workspace's), once that local day, on the
// workspace's working days only.
// Pure: the sweep asks it each tick which reps' mornings have come.
import { DateTime } from 'luxon';
import { WEEKDAYS, type Weekday } from './working-days.ts';

/** The local time a rep's working day starts: their nudges for the day arrive then. */
export const RELEASE_LOCAL_HOUR = 9;

/**
 * The local hour a rep's working day is over: nothing is released to them after it (a scan run
 * at 6:30 pm on a Friday reaches them on the next working morning, not over their evening).
 */
export const RELEASE_END_LOCAL_HOUR = 18;

/**
 * A grouped message lists at most this many nudges: each takes 3 blocks (section, context,
 * actions) and a divider, and Block Kit allows 50 per message, with room for the header,
 * the intro and the "and N more" line. The rest wait in /nudges.
 */
export const GROUP_MAX_LISTED = 10;

export type ReleaseClock = { due: boolean; localDay: string; dayStart: Date };

/**
 * Where `now` falls in `timeZone`: the local day (YYYY-MM-DD), the instant it began, and
 * whether its working day is under way: one of `workDays` (domain/working-days.ts; every day
 * unless given), from the morning hour to RELEASE_END_LOCAL_HOUR. An unknown zone is read as
 * UTC rather than never releasing that rep's nudges.
 */
export function releaseClock(
  now: Date, timeZone: string | null | undefined, workDays: readonly Weekday[] = WEEKDAYS, hour: number = RELEASE_LOCAL_HOUR,
): ReleaseClock {
  let local = DateTime.fromJSDate(now, { zone: timeZone || 'UTC' });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'UTC' });
  const start = local.startOf('day');
  const working = local.hour >= hour && local.hour < RELEASE_END_LOCAL_HOUR && workDays.includes(local.weekday as Weekday);
  return { due: working, localDay: start.toISODate()!, dayStart: start.toJSDate() };
}

/** The workspace's daily scan runs at this local time (jobs/scheduler.ts schedules it). */
export const SCAN_LOCAL_TIME = '06:00';

/**
 * How long past their morning a rep's release waits for a scan that is late. After that
 * they get what is queued (older nudges beat an empty day); the late scan's nudges are
 * theirs the next morning.
 */
export const SCAN_WAIT_HOURS = 3;

export type AwaitedScan = { localDate: string; giveUpAt: Date };

/**
 * The scan a rep's morning release waits for: the workspace's daily scan that was due by
 * the rep's morning (its local date in the workspace's timezone), so the release carries
 * the freshest findings and never yesterday's leftovers ahead of a scan about to finish.
 * A rep whose morning comes before the workspace's scan time (far east of it) takes the
 * previous day's scan, which finished before their morning, rather than wait half a day.
 * `dayStart` is the start of the rep's local day (releaseClock).
 */
export function awaitedScan(
  dayStart: Date, repTimeZone: string | null | undefined, workspaceTimeZone: string | null | undefined,
  hour: number = RELEASE_LOCAL_HOUR, scanTime: string = SCAN_LOCAL_TIME,
): AwaitedScan {
  const zone = (tz: string | null | undefined) => (tz && DateTime.local({ zone: tz }).isValid ? tz : 'UTC');
  const morning = DateTime.fromJSDate(dayStart, { zone: zone(repTimeZone) }).set({ hour });
  const there = morning.setZone(zone(workspaceTimeZone));
  const [h, m] = scanTime.split(':').map(Number) as [number, number];
  const scanned = there.hour * 60 + there.minute >= h * 60 + m;
  const localDate = (scanned ? there : there.minus({ days: 1 })).toISODate()!;
  return { localDate, giveUpAt: morning.plus({ hours: SCAN_WAIT_HOURS }).toJSDate() };
}

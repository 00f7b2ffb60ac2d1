// When a rep's nudges are released: at the start of their own working day, in their own
// timezone (the member's, from users.info and user_change; else the workspace's), once that
// local day, on the workspace's working days only. "Once" is counted by when past releases
// happened, read in the zone the rep is in now (releasedAlready; its SQL twin in
// data/nudge-budget.ts), so a rep whose zone changes is neither released twice within hours
// nor skips a morning.
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

/**
 * Two morning releases to one rep are at least this many hours apart. A rep who stays in one
 * zone never meets it (the latest release, 17:59, is 15 hours before the next 09:00; 14 across
 * a spring-forward night); it only holds back, by a few hours, a morning that a move east would
 * bring soon after a late release (released at 14:00 in London, moved to Tokyo: their 09:00 is
 * 10 hours later, so that day's comes at 13:00). It never costs a morning: a release before
 * the local day began lets that day's come by 14:00.
 */
export const RELEASE_MIN_GAP_HOURS = 14;

/**
 * Whether a past release (at `releasedAt`) already stands for the rep's local day that began at
 * `dayStart` (releaseClock, in the zone they are in now): it happened since that day began, or
 * less than RELEASE_MIN_GAP_HOURS before `now`. A rep is released only when none of their
 * releases does. Reading past releases by their instant, not by the date string they were keyed
 * under, is what keeps a rep whose timezone changes (Slack's user_change) to one morning release
 * a day: moved west after their morning (Sydney to Los Angeles), the Sydney release happened
 * during Los Angeles's day, so it is that day's; moved east across the date line (Tokyo to Los
 * Angeles), Tokyo's 1 December release happened on Los Angeles's 30 November, and Los Angeles's
 * 1 December morning still comes. The SQL twin is `releasedAlreadySql` (data/nudge-budget.ts;
 * test/integration/release-parity.test.ts).
 */
export function releasedAlready(releasedAt: Date, dayStart: Date, now: Date): boolean {
  const t = releasedAt.getTime();
  return t >= dayStart.getTime() || t > now.getTime() - RELEASE_MIN_GAP_HOURS * 3_600_000;
}

/** The widest gap between two zones' clocks: UTC−12 (Baker Island) to UTC+14 (Kiritimati). */
export const UTC_OFFSET_SPREAD_HOURS = 26;

/**
 * How many local days before today the key of a release that stands for today can be
 * (releasedAlready): it happened after the day began less RELEASE_MIN_GAP_HOURS (now is in
 * that day), and its key is the date it was then in the rep's zone of the time, at most
 * UTC_OFFSET_SPREAD_HOURS behind the zone they are in now: 40 hours before today's midnight,
 * two days back. Reached: released at 17:30 in UTC−12 on the 1st, moved to UTC+14, where 09:00
 * on the 3rd is 13.5 hours later. Bounds the "released already?" read to a few rows of the
 * (workspace, assignee, local_day) key, however long the rep's history (data/nudge-budget.ts).
 */
export const RELEASE_LOOKBACK_DAYS = Math.ceil((UTC_OFFSET_SPREAD_HOURS + RELEASE_MIN_GAP_HOURS) / 24);

/**
 * The oldest release key that can stand for `localDay` (RELEASE_LOOKBACK_DAYS before it): keys,
 * 'YYYY-MM-DD' or 'YYYY-MM-DD UTC±hh:mm' (releaseDayKeys), sort by date, so every key from
 * that date on is `>=` it, a plain date before its qualified forms.
 */
export function oldestStandingDay(localDay: string): string {
  return new Date(Date.parse(`${localDay}T00:00:00Z`) - RELEASE_LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The key a rep's release is stored under (nudge_group / nudge_release, unique per rep): the
 * local day, YYYY-MM-DD. A rep who moved across the date line can be released on a date
 * they already had in their old zone (Tokyo's 1 December, then Los Angeles's): that release
 * is keyed with the day's UTC offset as well (`2026-12-01 UTC-08:00`), which is unique, as
 * releasedAlready admits one release per local day that begins at one instant. The grouped
 * message's header shows it.
 */
export function releaseDayKeys(localDay: string, dayStart: Date): { plain: string; qualified: string } {
  const minutes = Math.round((Date.parse(`${localDay}T00:00:00Z`) - dayStart.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { plain: localDay, qualified: `${localDay} UTC${minutes < 0 ? '-' : '+'}${hhmm}` };
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

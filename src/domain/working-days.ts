// A team's working days: Tend speaks to people only on them. The morning release, the
// scheduled digest, the escalation of an unclaimed nudge and a snooze's return all wait for a
// working day, so a rep who logs off at 6 pm on a Friday hears nothing until Monday morning.
// The days are the workspace's (a manager sets them in /tend settings; Monday to Friday by
// default, Sunday to Thursday or any other week a team keeps); each person's own timezone
// decides which local day it is for them. Pure: instants in, instants out (luxon for zones).
import { DateTime } from 'luxon';

/** ISO weekdays: 1 Monday … 7 Sunday (luxon's and Postgres' isodow). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday',
};
export const DEFAULT_WORK_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

const isWeekday = (v: unknown): v is Weekday => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 7;

/**
 * The working days as stored or submitted: ascending, no repeats. Nothing valid (an empty or
 * corrupt value) reads as the default week rather than a team that never hears from Tend.
 */
export function workDaysOf(v: unknown): Weekday[] {
  const days = Array.isArray(v) ? [...new Set(v.map((d) => (typeof d === 'string' ? Number(d) : d)).filter(isWeekday))].sort((a, b) => a - b) : [];
  return days.length > 0 ? days : [...DEFAULT_WORK_DAYS];
}

const local = (instant: Date, timeZone: string | null | undefined): DateTime => {
  const t = DateTime.fromJSDate(instant, { zone: timeZone || 'UTC' });
  // an unknown zone is read as UTC, as the release reads it, rather than never speaking
  return t.isValid ? t : DateTime.fromJSDate(instant, { zone: 'UTC' });
};

/** Whether `instant` falls on a working day in `timeZone`. */
export function isWorkDay(instant: Date, timeZone: string | null | undefined, workDays: readonly Weekday[]): boolean {
  return workDays.includes(local(instant, timeZone).weekday as Weekday);
}

/** Whether a local date (YYYY-MM-DD) is a working day; a malformed date is not. */
export function isWorkDate(localDate: string, workDays: readonly Weekday[]): boolean {
  const d = DateTime.fromISO(localDate, { zone: 'UTC' });
  return d.isValid && workDays.includes(d.weekday as Weekday);
}

/** "Monday to Friday", "Sunday to Thursday", "Monday, Wednesday and Friday", "every day". */
export function workDaysText(workDays: readonly Weekday[]): string {
  const days = workDaysOf(workDays);
  if (days.length === 7) return 'every day';
  // a run of consecutive days, possibly across the week's end (Sunday to Thursday)
  for (const start of days) {
    const run = days.map((_, i) => (((start - 1 + i) % 7) + 1) as Weekday);
    if (run.every((d) => days.includes(d)) && days.length > 2) return `${WEEKDAY_NAMES[run[0]!]} to ${WEEKDAY_NAMES[run[run.length - 1]!]}`;
  }
  const names = days.map((d) => WEEKDAY_NAMES[d]);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The instant whose unclaimed nudges are due to be raised at `now`: `hours` of working time
 * before it, counting only the hours of working days in `timeZone` (released on a Friday
 * morning, 24 hours run out on Monday morning). Null on a day off: nothing is raised then.
 */
export function workingHoursBefore(now: Date, hours: number, timeZone: string | null | undefined, workDays: readonly Weekday[]): Date | null {
  const t = local(now, timeZone);
  if (!workDays.includes(t.weekday as Weekday)) return null;
  let left = hours * 3_600_000;
  // each day back counts from its start to `end` (now, then the next day's start)
  let end = t;
  let day = t.startOf('day');
  // at least one working day a week: a year back ends any wait a setting allows
  for (let i = 0; i < 400; i++) {
    if (workDays.includes(day.weekday as Weekday)) {
      const span = end.toMillis() - day.toMillis();
      if (span >= left) return new Date(end.toMillis() - left);
      left -= span;
    }
    end = day;
    day = day.minus({ days: 1 }).startOf('day');
  }
  return new Date(end.toMillis());
}

/**
 * The morning (`hour`:00 local) of the first working day on or after the local day of
 * `instant`: when a snooze that ends on a Saturday, or at 6 pm, brings its nudge back, so it
 * returns with that morning's list instead of at the hour it was snoozed.
 */
export function workMorningOn(instant: Date, timeZone: string | null | undefined, workDays: readonly Weekday[], hour: number): Date {
  let day = local(instant, timeZone).startOf('day');
  for (let i = 0; i < 7 && !workDays.includes(day.weekday as Weekday); i++) day = day.plus({ days: 1 });
  return day.set({ hour }).toJSDate();
}

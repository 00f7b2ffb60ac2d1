// How long ago something happened, in the words a person says in chat ("just now", "5 min ago",
// "2 h ago", "yesterday", "3 days ago"). Under a day it counts the time; from a day on, the
// reader's calendar dates (domain/words.ts calendarDaysBetween), so Sunday 8 pm read on Tuesday
// morning is "2 days ago", not "yesterday". Pure: the caller passes both instants and the zone.
import { calendarDaysBetween, daysAgo } from './words.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `timeZone`: the reader's (the member's, else the workspace's); it decides which date is yesterday. */
export function timeAgo(then: Date, now: Date, timeZone: string | null | undefined): string {
  // a clock a little behind the database's still reads "just now", never "-1 min ago"
  const ms = Math.max(0, now.getTime() - then.getTime());
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  const days = ms < DAY ? 0 : calendarDaysBetween(then, now, timeZone);
  // within a day, or a whole 25-hour day of a DST change on one date: the hours
  if (days === 0) return `${Math.floor(ms / HOUR)} h ago`;
  return daysAgo(days);
}

// When a rep's nudges are released: at the start of their own working day, in their own
// timezone (the member's, from users.info; else the workspace's), once that local day.
// Pure: the sweep asks it each tick which reps' mornings have come.
import { DateTime } from 'luxon';

/** The local time a rep's working day starts: their nudges for the day arrive then. */
export const RELEASE_LOCAL_HOUR = 9;

/**
 * A grouped message lists at most this many nudges: each takes 3 blocks (section, context,
 * actions) and a divider, and Block Kit allows 50 per message, with room for the header,
 * the intro and the "and N more" line. The rest wait in /nudges.
 */
export const GROUP_MAX_LISTED = 10;

export type ReleaseClock = { due: boolean; localDay: string; dayStart: Date };

/**
 * Where `now` falls in `timeZone`: the local day (YYYY-MM-DD), the instant it began, and
 * whether its working day has started. An unknown zone is read as UTC rather than never
 * releasing that rep's nudges.
 */
export function releaseClock(now: Date, timeZone: string | null | undefined, hour: number = RELEASE_LOCAL_HOUR): ReleaseClock {
  let local = DateTime.fromJSDate(now, { zone: timeZone || 'UTC' });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'UTC' });
  const start = local.startOf('day');
  return { due: local.hour >= hour, localDay: start.toISODate()!, dayStart: start.toJSDate() };
}

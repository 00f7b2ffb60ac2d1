// The stall rule: is a relationship quieter than its own rhythm allows? Pure; the scan
// computes the per-account stats (touch count, median gap, last touch, overdue next step)
// in SQL and passes the clock in. This is the rule's one home: SQL that must agree with it
// (src/data/cadence-sql.ts, the scan's prefilter) takes its constants from here as query
// parameters, and test/integration/cadence-parity.test.ts runs one table through both.

export type StallLevel = 'ok' | 'cooling' | 'stalled';

export type CadenceStats = {
  touchCount: number;
  /** Median days between sessions of touches (medianGapDays); null with fewer than MIN_TOUCHES_FOR_RHYTHM sessions. */
  medianGapDays: number | null;
  lastTouchAt: Date | null;
  createdAt: Date;
  /** Due date of the latest open next step, when it is in the past. */
  overdueNextStepDue: Date | null;
};

/**
 * Accounts with fewer touches than this use the workspace's default rhythm; so do accounts with
 * fewer sessions (medianGapDays): three rows of one call and a fourth a month later are one gap,
 * not a rhythm.
 */
export const MIN_TOUCHES_FOR_RHYTHM = 3;
/** A next step is overdue this many whole days after its due instant. */
export const OVERDUE_AFTER_DAYS = 1;

export type CadenceSettings = {
  stallFactor: number;
  stallMinDays: number;
  stallMaxDays: number;
  defaultRhythmDays: number;
  minTouchesForRhythm: number;
};

export type Cadence = {
  level: StallLevel;
  rhythmDays: number;
  daysSinceTouch: number;
  /** Whole days past the next step's due date; null when nothing is overdue. */
  overdueDays: number | null;
};

export const DAY_MS = 86_400_000;

/** The workspace's thresholds as the rule reads them (the one place the settings are assembled). */
export function cadenceSettings(ws: { stallFactor: number; stallMinDays: number; stallMaxDays: number; defaultRhythmDays: number }): CadenceSettings {
  return {
    stallFactor: ws.stallFactor,
    stallMinDays: ws.stallMinDays,
    stallMaxDays: ws.stallMaxDays,
    defaultRhythmDays: ws.defaultRhythmDays,
    minTouchesForRhythm: MIN_TOUCHES_FOR_RHYTHM,
  };
}

/** Days of silence after which an account is stalled (a max below the min must not invert the band). */
export function stalledAfterDays(s: CadenceSettings): number {
  return Math.max(s.stallMinDays, s.stallMaxDays);
}

/** No account can be cooling at or under this many days of silence: every rhythm is at least this long. */
export function quietestRhythmDays(s: Pick<CadenceSettings, 'stallMinDays'>): number {
  return s.stallMinDays;
}

/**
 * A touch less than this many days (12 hours) after the one before belongs to the same
 * session: a linked channel's hourly rows, an email thread imported message by message, a call
 * and its follow-up. Short enough that touches on consecutive working days stay apart.
 */
export const SESSION_GAP_DAYS = 0.5;

/**
 * The median gap the rhythm reads: days between the first touches of consecutive sessions
 * (SESSION_GAP_DAYS), so six rows an hour apart every three weeks read as every 21 days, not as
 * an hour. Null with fewer than MIN_TOUCHES_FOR_RHYTHM sessions, as a rhythm needs that many.
 * src/data/cadence-sql.ts medianGapSql is its SQL twin.
 */
export function medianGapDays(touches: readonly Date[]): number | null {
  const times = touches.map((t) => t.getTime()).sort((a, b) => a - b);
  const starts = times.filter((t, i) => i === 0 || t - times[i - 1]! >= SESSION_GAP_DAYS * DAY_MS);
  if (starts.length < MIN_TOUCHES_FOR_RHYTHM) return null;
  return median(starts.slice(1).map((t, i) => (t - starts[i]!) / DAY_MS));
}

/** Median of a list; null for an empty list (no rhythm to speak of). */
export function median(numbers: readonly number[]): number | null {
  if (numbers.length === 0) return null;
  const s = [...numbers].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Whole days from `from` to `to`, never negative (a touch logged "in the future" counts as today). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/**
 * The first whole day of quiet on which an account is past a threshold of `days`: the level
 * compares whole days of quiet with the threshold, strictly past it, so 14 and 14.6 both turn on
 * day 15. The level (cadence), the scan's next look (scan-due.ts) and the words ("cooling after
 * 14") all read the day from here, so a card never names a day the rule does not keep.
 */
export function firstDayPast(days: number): number {
  return Math.floor(days) + 1;
}

/** A threshold as people read it, in whole days still within it: "cooling after 14" for 14.6 (day 15 is cooling). */
export function wholeDaysWithin(days: number): number {
  return firstDayPast(days) - 1;
}

/**
 * How long this account may stay quiet: k × its own median gap, bounded by the workspace
 * minimum and maximum. Accounts with too little history use the workspace default, bounded
 * the same way so "cooling" can never come after "stalled".
 */
export function rhythmDays(stats: CadenceStats, s: CadenceSettings): number {
  const own = usualGapDays(stats, s);
  return clamp(own !== null ? s.stallFactor * own : s.defaultRhythmDays, s.stallMinDays, stalledAfterDays(s));
}

/**
 * The account's own rhythm: how often it is usually touched (its median gap), once it has
 * enough history for one; null before that. What a person reads as "the rhythm" — rhythmDays
 * above is the cooling threshold built from it.
 */
export function usualGapDays(stats: Pick<CadenceStats, 'touchCount' | 'medianGapDays'>, s: Pick<CadenceSettings, 'minTouchesForRhythm'>): number | null {
  return stats.touchCount >= s.minTouchesForRhythm ? stats.medianGapDays : null;
}

/**
 * Level from silence alone: cooling once strictly past the account's rhythm, stalled once
 * strictly past stallMaxDays. An account never touched counts from its creation.
 *
 * An overdue next step is reported separately (overdueDays) rather than folded into the
 * level, so the scan raises one follow_up_due nudge for it instead of a second stall nudge.
 * A next step is overdue from one full day after its due instant (a date-only due means
 * "by the end of that day"), and a touch logged after the due date settles it.
 */
export function cadence(stats: CadenceStats, s: CadenceSettings, now: Date): Cadence {
  const rhythm = rhythmDays(stats, s);
  const since = wholeDaysBetween(stats.lastTouchAt ?? stats.createdAt, now);
  const stalledAfter = stalledAfterDays(s);
  const level: StallLevel = since >= firstDayPast(stalledAfter) ? 'stalled' : since >= firstDayPast(rhythm) ? 'cooling' : 'ok';

  let overdueDays: number | null = null;
  const due = stats.overdueNextStepDue;
  if (due && !(stats.lastTouchAt && stats.lastTouchAt.getTime() > due.getTime())) {
    const late = wholeDaysBetween(due, now);
    if (late >= OVERDUE_AFTER_DAYS) overdueDays = late;
  }
  return { level, rhythmDays: rhythm, daysSinceTouch: since, overdueDays };
}

/** What a person is told about an account's rhythm; any part may be unknown. */
export type RhythmFacts = {
  /** the usual gap between touches (the median); null before there is enough history */
  usualGapDays: number | null;
  /**
   * days since the last touch as the reader counts them: calendar days in their zone
   * (domain/words.ts calendarDaysBetween; 0 "today", 1 "yesterday"), not the rule's 24-hour days;
   * null when it was never touched
   */
  daysQuiet: number | null;
  coolingAfterDays?: number | null;
  stalledAfterDays?: number | null;
};

const days = (n: number) => `${Math.round(n).toLocaleString('en-US')} ${Math.round(n) === 1 ? 'day' : 'days'}`;

/**
 * The one wording of rhythm and quiet, used by the card, the nudge, the digest and App Home:
 * "Usually every 14 days; quiet for 35 (cooling after 28, stalled after 60)." The rhythm (how
 * often they talk) and the thresholds (when quiet turns cooling, then stalled) stay apart.
 */
export function rhythmWords(f: RhythmFacts): string {
  const usual = f.usualGapDays !== null && f.usualGapDays > 0 ? `Usually every ${days(Math.max(1, f.usualGapDays))}` : 'No usual rhythm yet';
  const q = f.daysQuiet;
  const quiet = q === null ? 'no touches yet' : q <= 0 ? 'last touch today' : q === 1 ? 'last touch yesterday' : `quiet for ${days(q)}`;
  // "after N": N whole days of quiet are still within, day N + 1 is past (never Math.round's N)
  const bounds = [
    f.coolingAfterDays != null ? `cooling after ${wholeDaysWithin(f.coolingAfterDays).toLocaleString('en-US')}` : null,
    f.stalledAfterDays != null ? `stalled after ${wholeDaysWithin(f.stalledAfterDays).toLocaleString('en-US')}` : null,
  ].filter(Boolean).join(', ');
  return `${usual}; ${quiet}${bounds ? ` (${bounds})` : ''}.`;
}

// Rhythm words from a nudge's recorded evidence (the nudge, the digest and App Home read the
// same fields) or from an account's own stats (App Home's account list), worded by the one
// function in domain/cadence.ts so no surface drifts.
import { calendarDaysBetween } from '../domain/words.ts';
import { cadence, rhythmWords, stalledAfterDays, usualGapDays, wholeDaysWithin, type CadenceSettings, type CadenceStats, type RhythmFacts } from '../domain/cadence.ts';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The facts a scan recorded: daysSinceTouch, usualGapDays (the rhythm), rhythmDays (the cooling
 * threshold, despite its name) and stalledAfterDays when present. Null when it holds no quiet.
 * Its quiet is the scan's count of whole 24-hour days (the evidence holds no last touch to date).
 */
export function rhythmFromEvidence(evidence: unknown): RhythmFacts | null {
  const e = (typeof evidence === 'object' && evidence !== null ? evidence : {}) as Record<string, unknown>;
  const since = num(e.daysSinceTouch);
  if (since === null) return null;
  // an account never touched counts its quiet from when it was added: that is not a "last touch"
  const daysQuiet = e.touched === false ? null : since;
  return { usualGapDays: num(e.usualGapDays), daysQuiet, coolingAfterDays: num(e.rhythmDays), stalledAfterDays: num(e.stalledAfterDays) };
}

/** The rhythm sentence of a nudge's evidence, or null when it recorded none. */
export function evidenceRhythmWords(evidence: unknown): string | null {
  const f = rhythmFromEvidence(evidence);
  return f ? rhythmWords(f) : null;
}

/**
 * An account's rhythm facts from its stats by the stall rule, as its card shows them: the
 * usual gap (once there is history enough), days quiet (null before any touch) and the two
 * thresholds. The thresholds are the rule's; the quiet is counted in the reader's calendar days
 * in `timeZone`, so a touch at 5 pm read the next morning is "yesterday", not "today".
 */
export function accountRhythm(stats: CadenceStats, settings: CadenceSettings, now: Date, timeZone: string | null | undefined): RhythmFacts {
  const c = cadence(stats, settings, now);
  const usual = usualGapDays(stats, settings);
  return {
    usualGapDays: usual === null ? null : Math.max(1, Math.round(usual)),
    daysQuiet: stats.lastTouchAt ? calendarDaysBetween(stats.lastTouchAt, now, timeZone) : null,
    coolingAfterDays: wholeDaysWithin(c.rhythmDays),
    stalledAfterDays: stalledAfterDays(settings),
  };
}

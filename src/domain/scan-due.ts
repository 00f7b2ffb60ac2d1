// When an account next needs the scan's look, though nothing is written to it: the moment its
// situation changes by the clock alone. Its inputs changing (a touch, a holding, a status) make
// it due at once (the triggers of prisma/migrations/*_account_scan); between those, a scan
// reads only accounts whose time has come (issue 14: the work follows change, not the book).
// Pure: the scan stores the answer in account_scan.due_at.
import { DISMISS_QUIETS_DAYS, type HeldNudge } from './attention.ts';
import { DAY_MS, firstDayPast, OVERDUE_AFTER_DAYS, rhythmDays, stalledAfterDays, type CadenceSettings } from './cadence.ts';
import type { NudgeCandidate } from './nudges.ts';

export type ScanDueInput = Pick<NudgeCandidate, 'touchCount' | 'medianGapDays' | 'lastTouchAt' | 'createdAt' | 'nextStepDue'> & {
  /** The next time a holding ends or an ended product may be offered again (data/candidates.ts). */
  holdingsChangeAt: Date | null;
};

/**
 * A waiting nudge's words count days ("quiet for 23 days"): an account with a nudge in line is
 * looked at again by the next day's scan, so the message a rep gets reads as of their morning.
 * Half a day, not a whole one: the next daily scan starts a little earlier or later by the
 * clock (the scheduler's minute, the queue, a 23-hour DST day) and must still find it due.
 */
export const QUEUED_REFRESH_HOURS = 12;

/** The earliest instant after `now` at which any of `times` falls; null when none does. */
function earliestAfter(now: Date, times: (number | null)[]): Date | null {
  let best = Infinity;
  for (const t of times) if (t !== null && t > now.getTime() && t < best) best = t;
  return best === Infinity ? null : new Date(best);
}

/**
 * When the account's cadence level or overdue state next changes, or a holding does: the
 * thresholds of domain/cadence.ts `cadence()` turned around. The level turns on the first whole
 * day past the rhythm and past the stall threshold (firstDayPast, the day the words name); a
 * next step turns overdue OVERDUE_AFTER_DAYS after it was due, unless a touch came after it.
 * Null: nothing changes by itself.
 */
export function nextScanAt(a: ScanDueInput, s: CadenceSettings, now: Date): Date | null {
  const anchor = (a.lastTouchAt ?? a.createdAt).getTime();
  const rhythm = rhythmDays({ touchCount: a.touchCount, medianGapDays: a.medianGapDays, lastTouchAt: a.lastTouchAt, createdAt: a.createdAt, overdueNextStepDue: null }, s);
  const cooling = anchor + firstDayPast(rhythm) * DAY_MS;
  const stalled = anchor + firstDayPast(stalledAfterDays(s)) * DAY_MS;
  const due = a.nextStepDue;
  const overdue = due && !(a.lastTouchAt && a.lastTouchAt.getTime() > due.getTime()) ? due.getTime() + OVERDUE_AFTER_DAYS * DAY_MS : null;
  return earliestAfter(now, [cooling, stalled, overdue, a.holdingsChangeAt?.getTime() ?? null]);
}

/** When what a person did to a nudge stops holding its account (domain/attention.ts quietsAccount). */
export function heldUntil(n: HeldNudge, now: Date): Date | null {
  if (n.status === 'snoozed') return earliestAfter(now, [n.snoozedUntil?.getTime() ?? null]);
  if (n.status === 'dismissed' && n.dismissedAt) return earliestAfter(now, [n.dismissedAt.getTime() + DISMISS_QUIETS_DAYS * DAY_MS]);
  return null;
}

/** The earliest of several next-look times (null: never by itself). */
export function earliest(times: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const t of times) if (t && (!best || t < best)) best = t;
  return best;
}

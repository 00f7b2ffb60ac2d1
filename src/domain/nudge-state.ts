// What people can do to a nudge, and from which states. Pure: the data layer turns each
// transition into one conditional UPDATE, so a late or duplicate click cannot undo a later one.
import { DateTime } from 'luxon';
import { RELEASE_LOCAL_HOUR } from './release.ts';
import { SNOOZE_OPTIONS, type NudgeStatus, type SnoozeOption } from './vocabulary.ts';
import { workMorningOn, type Weekday } from './working-days.ts';

export type NudgeAction = 'claim' | 'release' | 'done' | 'snooze' | 'dismiss';

/** The states each action may start from; anything else is a stale click and changes nothing. */
export const ALLOWED_FROM: Record<NudgeAction, readonly NudgeStatus[]> = {
  claim: ['open'],
  // the claimer (or a manager: HOLDER_ONLY) hands it back: open again, for anyone
  release: ['claimed'],
  done: ['open', 'claimed'],
  snooze: ['open', 'claimed'],
  dismiss: ['open', 'claimed'],
};

/**
 * Whether `actor` may change what belongs to `holder` — the claimer of a claimed nudge, the member
 * who snoozed it: that person, or a manager. Handing a claim back or explaining a snooze speaks
 * for them, so a teammate may not; no known holder leaves it to managers. Taking back a change
 * (Undo) follows it too, the holder being who made the change. The rule's one home: the data
 * layer (data/nudge-actions.ts) reads the holder and the actor's role on the nudge's locked row
 * and asks this, so a click racing a new claim or snooze cannot slip past it.
 */
export function mayActFor(holder: string | null, actor: string, actorIsManager: boolean): boolean {
  return actorIsManager || (holder !== null && holder === actor);
}

/**
 * The actions that, on a claimed nudge, only its claimer or a manager may take (mayActFor):
 * handing it back, and putting someone's claimed work away (snoozed or dismissed), which a
 * teammate cannot do for them. On an open nudge anyone may snooze or dismiss it. Done stays open
 * to the team: it records what happened, and the claim's credit stays with the claimer.
 */
export const HOLDER_ONLY: readonly NudgeAction[] = ['release', 'snooze', 'dismiss'];

/** Whether taking `action` on a nudge in `status` needs its claimer or a manager (see HOLDER_ONLY). */
export function needsHolder(action: NudgeAction, status: NudgeStatus): boolean {
  return status === 'claimed' && HOLDER_ONLY.includes(action);
}

export const TARGET: Record<NudgeAction, NudgeStatus> = {
  claim: 'claimed',
  release: 'open',
  done: 'done',
  snooze: 'snoozed',
  dismiss: 'dismissed',
};

/**
 * Done, Snooze and Dismiss can be taken back for a short while (a mis-click, the wrong nudge):
 * the message shows Undo until then, and a later click is refused. Ten minutes covers "oops"
 * without letting a state flip back days later under someone who already acted on it.
 */
export const UNDO_WINDOW_MS = 10 * 60_000;

/** The states Undo can take back: each records the state it came from (data/nudge-actions.ts). */
export const UNDOABLE: readonly NudgeStatus[] = ['done', 'snoozed', 'dismissed'];

/** Until when a change made at actedAt can be undone. */
export function undoUntil(actedAt: Date): Date {
  return new Date(actedAt.getTime() + UNDO_WINDOW_MS);
}

/** Whether a change made at actedAt can still be undone at now (the window's end is exclusive). */
export function canUndo(actedAt: Date, now: Date): boolean {
  return now.getTime() < undoUntil(actedAt).getTime();
}

/**
 * Whether a Done can be taken back with its outcome: not once it is won. A win records what the
 * customer bought after the team's give, not a click, so Undo may not erase it (nor leave it on
 * a nudge put back open, then dismissed). The card hides Undo once won (data/nudge-cards.ts);
 * a click that lands in the gap before the card is redrawn is refused the same way.
 */
export function outcomeAllowsUndo(outcome: string | null): boolean {
  return outcome === null;
}

export function isSnoozeOption(v: unknown): v is SnoozeOption {
  return (SNOOZE_OPTIONS as readonly unknown[]).includes(v);
}

/**
 * When a snooze ends. Weeks and months are calendar ones in the zone the nudge wakes in (its
 * assignee's: slack/flows/nudge-act.ts snoozeEnd; UTC when none is given), by luxon: a week is
 * the same weekday and clock seven local days on, across a DST change too, and a month is
 * clamped to the month's last day (31 Jan + 1 month = 28/29 Feb), so "a month" never skips
 * into the month after. With the team's week the end then moves to the morning of that local
 * day, or of the next working day (domain/working-days.ts): a nudge comes back with a
 * morning's list, never at 6 pm or on a Saturday.
 */
export function snoozeUntil(option: SnoozeOption, now: Date, team?: { timeZone: string | null; workDays: readonly Weekday[] }): Date {
  const end = snoozeEnd(option, now, team?.timeZone);
  return team ? workMorningOn(end, team.timeZone, team.workDays, RELEASE_LOCAL_HOUR) : end;
}

const SNOOZE_LENGTH: Record<SnoozeOption, { weeks: number } | { months: number }> = {
  week: { weeks: 1 },
  month: { months: 1 },
  quarter: { months: 3 },
};

function snoozeEnd(option: SnoozeOption, now: Date, timeZone: string | null | undefined): Date {
  let t = DateTime.fromJSDate(now, { zone: timeZone || 'UTC' });
  // an unknown zone is read as UTC, as working-days.ts reads it, rather than never waking
  if (!t.isValid) t = DateTime.fromJSDate(now, { zone: 'UTC' });
  return t.plus(SNOOZE_LENGTH[option]).toJSDate();
}

/** Reactions on a nudge message are shortcuts; skin-tone variants ("x::skin-tone-2") count too. */
export function actionForReaction(reaction: string): { action: NudgeAction; snooze?: SnoozeOption } | null {
  const base = reaction.split('::')[0];
  switch (base) {
    case 'eyes':
      return { action: 'claim' };
    case 'white_check_mark':
    case 'heavy_check_mark':
      return { action: 'done' };
    case 'zzz':
      return { action: 'snooze', snooze: 'week' };
    case 'x':
      return { action: 'dismiss' };
    default:
      return null;
  }
}

/**
 * Dedupe keys of NudgeEvent: one Slack request (however often Slack or a double click
 * delivers it) changes data once. action_ts is unique per click, event_id per event, and a
 * view id per opened modal.
 */
export const dedupeKeys = {
  click: (nudgeId: number, actionTs: string, userId: string) => `click:${nudgeId}:${actionTs}:${userId}`,
  event: (eventId: string) => `event:${eventId}`,
  view: (viewId: string) => `view:${viewId}`,
  wake: (nudgeId: number, snoozedUntilMs: number) => `wake:${nudgeId}:${snoozedUntilMs}`,
  escalate: (nudgeId: number) => `escalate:${nudgeId}`,
};

/** The metadata key a delivery posts with and reconciliation looks for: one per nudge and posting generation. */
export function deliveryKey(workspaceId: number, nudgeId: number, generation: number): string {
  return `tend:${workspaceId}:${nudgeId}:${generation}`;
}

// The shapes of Slack's ids, in one place (they were copied with different bounds). Slack's ids
// are upper-case letters and digits after a one-letter prefix; today 9–11 characters, documented
// only as "may grow", so the bound is loose (40) but present: an id is never free text.

const id = (prefixes: string) => new RegExp(`^[${prefixes}][A-Z0-9]{2,40}$`);

/** A user (U…) or an Enterprise Grid user (W…). */
export const USER_ID = id('UW');
/** A public (C…) or private / legacy group (G…) channel. */
export const CHANNEL_ID = id('CG');
/** A channel or a direct message (D…): where a message shortcut may be used. */
export const CONVERSATION_ID = id('CGD');
/** A workspace (T…) or an Enterprise Grid organisation (E…). */
export const TEAM_ID = id('TE');
/** A workspace only (T…): what `--team` takes. */
export const WORKSPACE_TEAM_ID = id('T');
/** `npm run demo`'s workspace: no Slack team has it (an underscore), so the demo never overwrites a real one. */
export const DEMO_TEAM_ID = 'T_TEND_DEMO';
/** What the command lines' `--team` takes: a workspace's id, or the demo's, which they print. */
export const isTeamArg = (v: string): boolean => v === DEMO_TEAM_ID || WORKSPACE_TEAM_ID.test(v);
/** A message's ts: seconds, a dot, microseconds. */
export const SLACK_TS = /^\d{9,11}\.\d{1,6}$/;

/** Slackbot's user id, the same in every workspace; its reminders and auto-responses arrive as a person's messages. */
export const SLACKBOT_USER_ID = 'USLACKBOT';

/** The same id shapes without anchors, to build larger patterns (mentions, action values). */
export const USER_ID_PART = '[UW][A-Z0-9]{2,40}';
export const CHANNEL_ID_PART = '[CG][A-Z0-9]{2,40}';

export const isUserId = (v: unknown): v is string => typeof v === 'string' && USER_ID.test(v);
export const isChannelId = (v: unknown): v is string => typeof v === 'string' && CHANNEL_ID.test(v);
export const isTeamId = (v: unknown): v is string => typeof v === 'string' && TEAM_ID.test(v);

/**
 * When Slack says an event happened: the event's own ts (seconds and microseconds, kept to the
 * millisecond), else the envelope's event_time (whole seconds); null when neither is well formed.
 */
export function slackEventTime(eventTs: unknown, eventTime: unknown): Date | null {
  if (typeof eventTs === 'string' && SLACK_TS.test(eventTs)) return new Date(Math.floor(Number(eventTs) * 1000));
  if (typeof eventTime === 'number' && Number.isSafeInteger(eventTime) && eventTime > 0) return new Date(eventTime * 1000);
  return null;
}

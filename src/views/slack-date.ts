// Slack's date token: `<!date^epoch^format|fallback>` renders an instant in each reader's own
// timezone (a channel's readers live in many); the fallback, shown where Slack cannot render
// it, is written in the zone the caller knows. The one place Tend writes the token.
// https://docs.slack.dev/messaging/formatting-message-text#date-formatting
import { localTime } from '../domain/clock.ts';

/** Slack's date formats Tend uses: "Dec 7, 2026" / "today"; "Monday, December 7th, 2026" / "tomorrow"; with the time. */
export type SlackDateFormat = '{date_short}' | '{date_long_pretty}' | '{date_short_pretty} at {time}';

export function slackDate(d: Date, format: SlackDateFormat, timeZone: string): string {
  const t = localTime(d, timeZone);
  const fallback = format.includes('{time}') ? `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}` : t.date;
  return `<!date^${Math.floor(d.getTime() / 1000)}^${format}|${fallback}>`;
}

/**
 * A date stored without a time: the import keeps "2024-01-01" as that day's midnight UTC
 * (import/values.ts parseInstant), so an exact UTC midnight is taken for a calendar date.
 */
export function isDateOnly(d: Date): boolean {
  return d.getTime() % 86_400_000 === 0;
}

/**
 * A day as Slack shows it ("Jan 1, 2024"): a date stored without a time is that calendar date for
 * every reader (the token would draw midnight UTC as the day before anywhere west of UTC); any
 * other instant is the reader's own day.
 */
export function slackDay(d: Date, timeZone: string): string {
  if (!isDateOnly(d)) return slackDate(d, '{date_short}', timeZone);
  return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

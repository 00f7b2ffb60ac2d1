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

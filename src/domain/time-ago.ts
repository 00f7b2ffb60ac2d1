// How long ago something happened, in the words a person says in chat ("just now", "5 min ago",
// "2 h ago", "yesterday", "3 days ago"). Pure: the caller passes both instants.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function timeAgo(then: Date, now: Date): string {
  // a clock a little behind the database's still reads "just now", never "-1 min ago"
  const ms = Math.max(0, now.getTime() - then.getTime());
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  if (ms < 2 * DAY) return 'yesterday';
  return `${Math.floor(ms / DAY)} days ago`;
}

// Wording every message shares, so "1 touch" / "2 touches", "today" / "yesterday" and the
// sentiment words read the same everywhere. Pure; English only (Tend's copy is English).
// "Today" and "yesterday" are the reader's calendar dates, not 24-hour blocks: a touch at 5 pm
// read at 9 am the next morning was yesterday, though fewer than 24 hours ago (luxon for zones).
import { DateTime } from 'luxon';
import type { Sentiment } from './vocabulary.ts';

const rules = new Intl.PluralRules('en-US');

/** The regular English plural: touch → touches, day → days (irregular nouns pass their own). */
function pluralOf(one: string): string {
  return /(s|x|z|ch|sh)$/i.test(one) ? `${one}es` : `${one}s`;
}

/** "1 touch", "2 touches", "1,200 days": the count with the right form of the noun. */
export function plural(n: number, one: string, many = pluralOf(one)): string {
  return `${n.toLocaleString('en-US')} ${rules.select(n) === 'one' ? one : many}`;
}

/** Just the noun's form for n ("product" / "products"), for sentences that place the count apart. */
export function nounFor(n: number, one: string, many = pluralOf(one)): string {
  return rules.select(n) === 'one' ? one : many;
}

/**
 * Calendar days from `then` to `now` on the local dates of `timeZone` (the reader's: the
 * member's or the workspace's): 0 on the same date, 1 when `then` fell on the date before, and
 * so on, whatever the hours between (across a DST change too). Never negative (a touch logged
 * "in the future" is today); a zone luxon does not know reads as UTC. For words only: the stall
 * rule keeps counting whole 24-hour days (domain/cadence.ts wholeDaysBetween).
 */
export function calendarDaysBetween(then: Date, now: Date, timeZone: string | null | undefined): number {
  const day = (t: Date) => {
    const d = DateTime.fromJSDate(t, { zone: timeZone || 'UTC' });
    return (d.isValid ? d : DateTime.fromJSDate(t, { zone: 'UTC' })).startOf('day');
  };
  return Math.max(0, Math.round(day(now).diff(day(then), 'days').days));
}

/** "today", "yesterday", "3 days ago" for calendar days in the past (calendarDaysBetween). */
export function daysAgo(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${plural(days, 'day')} ago`;
}

/** "a call", "an email", "a meeting": the indefinite article by sound (vowel letter is enough for our nouns). */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

const SENTIMENT: Record<Sentiment, string> = { positive: 'it went well', neutral: 'it went okay', negative: 'it went badly' };

/** How the touch went, in the words a rep would use. */
export function sentimentWords(s: Sentiment): string {
  return SENTIMENT[s] ?? s;
}

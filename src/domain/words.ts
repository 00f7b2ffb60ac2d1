// Wording every message shares, so "1 touch" / "2 touches", "today" / "yesterday" and the
// sentiment words read the same everywhere. Pure; English only (Tend's copy is English).
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

/** "today", "yesterday", "3 days ago" for whole days in the past. */
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

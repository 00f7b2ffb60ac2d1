// The shared wording helpers: plurals, days ago, articles, sentiment words, and the one
// rhythm sentence every surface (card, nudge, digest, App Home) prints.
import { describe, expect, it } from 'vitest';
import { rhythmWords } from '../../../src/domain/cadence.ts';
import { replaceableBy } from '../../../src/domain/timezone-source.ts';
import { daysAgo, nounFor, plural, sentimentWords, withArticle } from '../../../src/domain/words.ts';

describe('plural', () => {
  it.each([
    [0, 'touch', undefined, '0 touches'],
    [1, 'touch', undefined, '1 touch'],
    [2, 'touch', undefined, '2 touches'],
    [1, 'day', undefined, '1 day'],
    [1200, 'day', undefined, '1,200 days'],
    [1, 'box', undefined, '1 box'],
    [3, 'box', undefined, '3 boxes'],
    [2, 'person', 'people', '2 people'],
    [1, 'live nudge', undefined, '1 live nudge'],
  ])('%i %s → %s', (n, one, many, out) => {
    expect(plural(n, one, many)).toBe(out);
  });

  it('gives the noun alone for sentences that place the count apart', () => {
    expect([nounFor(1, 'product'), nounFor(2, 'product'), nounFor(0, 'product')]).toEqual(['product', 'products', 'products']);
  });
});

describe('daysAgo', () => {
  it.each([
    [-2, 'today'],
    [0, 'today'],
    [1, 'yesterday'],
    [2, '2 days ago'],
    [35, '35 days ago'],
  ])('%i → %s', (n, out) => expect(daysAgo(n)).toBe(out));
});

describe('withArticle', () => {
  it.each([
    ['email', 'an email'],
    ['call', 'a call'],
    ['meeting', 'a meeting'],
    ['visit', 'a visit'],
    ['chat', 'a chat'],
    ['intro', 'an intro'],
  ])('%s → %s', (noun, out) => expect(withArticle(noun)).toBe(out));
});

describe('sentimentWords', () => {
  it.each([
    ['positive', 'it went well'],
    ['neutral', 'it went okay'],
    ['negative', 'it went badly'],
  ] as const)('%s → %s', (s, out) => expect(sentimentWords(s)).toBe(out));
});

describe('rhythmWords', () => {
  it.each([
    ['the issue\'s example', { usualGapDays: 14, daysQuiet: 35, coolingAfterDays: 28, stalledAfterDays: 60 }, 'Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 60).'],
    ['a fractional median reads as whole days', { usualGapDays: 13.6, daysQuiet: 2, coolingAfterDays: 27, stalledAfterDays: 60 }, 'Usually every 14 days; quiet for 2 days (cooling after 27, stalled after 60).'],
    ['touched today', { usualGapDays: 7, daysQuiet: 0, coolingAfterDays: 14, stalledAfterDays: 90 }, 'Usually every 7 days; last touch today (cooling after 14, stalled after 90).'],
    ['touched yesterday', { usualGapDays: 1, daysQuiet: 1, coolingAfterDays: 14, stalledAfterDays: 90 }, 'Usually every 1 day; last touch yesterday (cooling after 14, stalled after 90).'],
    ['no rhythm of its own: never the threshold called a rhythm', { usualGapDays: null, daysQuiet: 61, coolingAfterDays: 30, stalledAfterDays: 60 }, 'No usual rhythm yet; quiet for 61 days (cooling after 30, stalled after 60).'],
    ['never touched', { usualGapDays: null, daysQuiet: null, coolingAfterDays: 30, stalledAfterDays: 60 }, 'No usual rhythm yet; no touches yet (cooling after 30, stalled after 60).'],
    ['an old nudge without the stall threshold', { usualGapDays: 10, daysQuiet: 40, coolingAfterDays: 20 }, 'Usually every 10 days; quiet for 40 days (cooling after 20).'],
    ['no thresholds known', { usualGapDays: 10, daysQuiet: 4 }, 'Usually every 10 days; quiet for 4 days.'],
  ])('%s', (_name, facts, out) => {
    expect(rhythmWords(facts)).toBe(out);
  });
});

describe('replaceableBy (who may set a workspace timezone)', () => {
  it.each([
    ['member', ['default']],
    ['installer', ['default', 'member']],
    ['settings', ['default', 'member', 'installer', 'settings']],
    ['default', []],
  ] as const)('%s replaces %j', (from, out) => expect(replaceableBy(from)).toEqual(out));

  it("never lets an installer's or a member's timezone replace a manager's", () => {
    expect(replaceableBy('installer')).not.toContain('settings');
    expect(replaceableBy('member')).not.toContain('settings');
  });
});

import { describe, expect, it } from 'vitest';
import { timeAgo } from '../../../src/domain/time-ago.ts';

const now = new Date('2026-11-30T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;
const H = 60 * MIN;

describe('timeAgo', () => {
  it.each([
    [0, 'just now'],
    [59_999, 'just now'],
    [-30_000, 'just now'], // a clock slightly ahead never reads "-1 min ago"
    [MIN, '1 min ago'],
    [5 * MIN + 30_000, '5 min ago'],
    [59 * MIN, '59 min ago'],
    [H, '1 h ago'],
    [2 * H + 5 * MIN, '2 h ago'],
    [23 * H + 59 * MIN, '23 h ago'],
    [24 * H, 'yesterday'],
    [36 * H, 'yesterday'], // Sunday 00:00, read Monday noon
    [47 * H, '2 days ago'], // Saturday 13:00: two dates back, though under 48 hours
    [48 * H, '2 days ago'],
    [10 * 24 * H, '10 days ago'],
  ])('%i ms ago reads "%s" in UTC', (ms, words) => {
    expect(timeAgo(ago(ms), now, 'UTC')).toBe(words);
  });

  // from a day on, the words are the reader's calendar dates, not 24-hour blocks
  it.each([
    ['Sun 20:00 read Tue 09:00 (37 h)', 'Europe/London', '2026-05-31T20:00:00+01:00', '2026-06-02T09:00:00+01:00', '2 days ago'],
    ['Mon 08:00 read Tue 09:00 (25 h)', 'Europe/London', '2026-06-01T08:00:00+01:00', '2026-06-02T09:00:00+01:00', 'yesterday'],
    ['Mon 17:00 read Tue 09:00: under a day, the hours', 'Europe/London', '2026-06-01T17:00:00+01:00', '2026-06-02T09:00:00+01:00', '16 h ago'],
    // northern DST: London falls back on Sun 25 Oct 2026, New York on Sun 1 Nov
    ['Sat 23:30 BST read Mon 00:30 GMT (26 h)', 'Europe/London', '2026-10-24T23:30:00+01:00', '2026-10-26T00:30:00+00:00', '2 days ago'],
    ['the 25-hour Sunday: 00:10 to 23:50 is one date', 'Europe/London', '2026-10-25T00:10:00+01:00', '2026-10-25T23:50:00+00:00', '24 h ago'],
    ['Sat 23:00 EDT read Mon 00:30 EST (26.5 h)', 'America/New_York', '2026-10-31T23:00:00-04:00', '2026-11-02T00:30:00-05:00', '2 days ago'],
    // southern DST: Sydney falls back on Sun 5 Apr 2026, springs forward on Sun 4 Oct
    ['Sat 23:30 AEDT read Mon 00:30 AEST (26 h)', 'Australia/Sydney', '2026-04-04T23:30:00+11:00', '2026-04-06T00:30:00+10:00', '2 days ago'],
    ['Fri 23:00 AEST read Sun 09:00 AEDT (33 h)', 'Australia/Sydney', '2026-10-02T23:00:00+10:00', '2026-10-04T09:00:00+11:00', '2 days ago'],
    // UTC+14 and UTC−11: the same hours are different dates there than in UTC
    ['Mon 20:00 read Wed 09:00 at UTC+14 (37 h)', 'Pacific/Kiritimati', '2026-06-01T20:00:00+14:00', '2026-06-03T09:00:00+14:00', '2 days ago'],
    ['the same instants in UTC: yesterday', 'UTC', '2026-06-01T20:00:00+14:00', '2026-06-03T09:00:00+14:00', 'yesterday'],
    ['Sun 20:00 read Tue 09:00 at UTC−11 (37 h)', 'Pacific/Pago_Pago', '2026-05-31T20:00:00-11:00', '2026-06-02T09:00:00-11:00', '2 days ago'],
    ['an unknown zone reads as UTC', 'Mars/Olympus', '2026-05-31T20:00:00Z', '2026-06-02T09:00:00Z', '2 days ago'],
  ])('%s in %s', (_, zone, then, at, words) => {
    expect(timeAgo(new Date(then), new Date(at), zone)).toBe(words);
  });
});

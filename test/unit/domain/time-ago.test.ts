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
    [47 * H, 'yesterday'],
    [48 * H, '2 days ago'],
    [10 * 24 * H, '10 days ago'],
  ])('%i ms ago reads "%s"', (ms, words) => {
    expect(timeAgo(ago(ms), now)).toBe(words);
  });
});

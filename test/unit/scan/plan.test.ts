// The day's scan plan as pure rules: when a scan may read only the due accounts, and how their
// ids are split into parts that several workers share.
import { describe, expect, it } from 'vitest';
import { canScanIncrementally, dueBounds, FULL_SCAN_MIN_DUE, FULL_SCAN_SHARE, REMODEL_DAYS } from '../../../src/scan/context.ts';

const NOW = new Date('2026-11-30T06:00:00Z');
const DAY = 86_400_000;
const learned = (daysAgo: number) => ({ learnedAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(), rulesKey: 'k' });
const few = { due: 12, accounts: null };

describe('canScanIncrementally', () => {
  it.each([
    ['no full scan yet', null, 'k', few, false],
    ['a run stored before incremental scans (no learnedAt)', { rulesKey: 'k' }, 'k', few, false],
    ['the rules changed (a setting, the catalog)', learned(1), 'other', few, false],
    ['the model is REMODEL_DAYS old', learned(REMODEL_DAYS), 'k', few, false],
    ['the model was learned ahead of this clock (a clock moved back)', learned(-1), 'k', few, false],
    ['a young model and few due (not counted)', learned(REMODEL_DAYS - 0.01), 'k', few, true],
    ['FULL_SCAN_MIN_DUE due of a small book', learned(1), 'k', { due: FULL_SCAN_MIN_DUE, accounts: FULL_SCAN_MIN_DUE }, true],
    ['just over the share of a large book', learned(1), 'k', { due: 30_001, accounts: 120_000 }, false],
    ['the share exactly', learned(1), 'k', { due: 30_000, accounts: 120_000 }, true],
    // countDue stops counting at due / FULL_SCAN_SHARE: that many is enough to stay incremental
    ['active accounts counted only up to what settles it', learned(1), 'k', { due: 12_345, accounts: Math.ceil(12_345 / FULL_SCAN_SHARE) }, true],
  ])('%s', (_what, previous, key, due, expected) => {
    expect(canScanIncrementally(previous, key, NOW, due)).toBe(expected);
  });
});

describe('dueBounds', () => {
  it('is one part from 0 when the due accounts fit in one, or none are due', () => {
    expect(dueBounds([], 3)).toEqual([0]);
    expect(dueBounds([5, 9, 11], 3)).toEqual([0]);
  });

  it('starts a part at every size-th due id, so each part holds size due accounts and the last the rest', () => {
    const ids = [2, 3, 5, 8, 13, 21, 34];
    const bounds = dueBounds(ids, 3);
    expect(bounds).toEqual([0, 8, 34]);
    // the parts' ranges [bounds[i], bounds[i+1]) cover every id once
    const parts = bounds.map((b, i) => ids.filter((id) => id >= b && id < (bounds[i + 1] ?? Infinity)));
    expect(parts).toEqual([[2, 3, 5], [8, 13, 21], [34]]);
  });

  it('makes the parts larger rather than more than maxParts, and takes a size below 1 as 1', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(dueBounds(ids, 5, 4)).toEqual([0, 26, 51, 76]);
    expect(dueBounds(ids, 50, 4)).toEqual([0, 51]);
    expect(dueBounds([4, 6, 9], 0)).toEqual([0, 6, 9]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatRejects, formatSummary } from '../../../src/import/report.ts';

describe('formatRejects', () => {
  it('lists problems with line and column, caps the list and counts the rest', () => {
    const rejects = Array.from({ length: 7 }, (_, i) => ({ line: i + 2, column: i % 2 ? 'mrr' : null, reason: i === 0 ? 'bad\nthing' : 'bad' }));
    expect(formatRejects('h.csv', rejects, 1200, 3)).toBe(
      [
        'h.csv: 7 of 1,200 rows rejected; nothing was imported.',
        '  line 2: bad ⏎ thing',
        '  line 3, mrr: bad',
        '  line 4: bad',
        '  … and 4 more problems',
        'Fix these rows and run the import again.',
      ].join('\n'),
    );
  });

  it('counts rows, not problems', () => {
    const rejects = [{ line: 2, column: 'a', reason: 'x' }, { line: 2, column: 'b', reason: 'y' }];
    expect(formatRejects('f.csv', rejects, 10)).toMatch(/^f\.csv: 1 of 10 rows rejected/);
  });
});

describe('formatSummary', () => {
  it('reports counts and speed of a write', () => {
    expect(formatSummary('accounts', { created: 3000, updated: 1000, unchanged: 0 }, { dryRun: false, ms: 2000, members: 1 })).toBe(
      'Created 3,000 accounts, updated 1,000, 0 unchanged; 1 new member in 2.00 s (2,000 rows/s).',
    );
  });
  it('says a dry run wrote nothing', () => {
    expect(formatSummary('products', { created: 1, updated: 2, unchanged: 3 }, { dryRun: true, ms: 5 })).toBe(
      'Dry run, nothing written: would create 1 products, update 2, 3 unchanged.',
    );
  });
});

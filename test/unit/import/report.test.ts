import { describe, expect, it } from 'vitest';
import { formatDistinctNames, formatRejects, formatSummary } from '../../../src/import/report.ts';

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

describe('formatDistinctNames', () => {
  const acme = { name: 'Acme Corp', externalId: '5014', given: 'Acme Corp (ID 5014)' };
  it('says which accounts were named apart, why, and what to do, one line each, capped', () => {
    const distinct = [
      { line: 14, ...acme, heldBy: { line: 2, externalId: '5001' } },
      { line: 15, name: 'Borealis', externalId: '77', given: 'Borealis (ID 77)', heldBy: { account: 'Borealis', externalId: '12', alias: false } },
      { line: 16, name: 'Cobalt', externalId: '78', given: 'Cobalt (ID 78)', heldBy: { account: 'Cobalt SA', externalId: null, alias: true } },
      { line: 17, name: 'Dunmore', externalId: '79', given: 'Dunmore (ID 79)', heldBy: { account: 'Dunmore', externalId: null, alias: false } },
    ];
    expect(formatDistinctNames(distinct, { dryRun: false }, 3)).toEqual([
      '4 accounts are named apart with their record id, as another record has their name (names stay unique, so /log finds one account by name); to drop the id, rename or merge the records in your CRM and import again:',
      '  line 14: "Acme Corp" (external_id 5014) → "Acme Corp (ID 5014)"; the name stays with line 2 (external_id 5001)',
      '  line 15: "Borealis" (external_id 77) → "Borealis (ID 77)"; the name stays with the account "Borealis" (external_id 12)',
      '  line 16: "Cobalt" (external_id 78) → "Cobalt (ID 78)"; "Cobalt" is an alias of the account "Cobalt SA" (no external_id)',
      '  … and 1 more',
    ]);
  });
  it('says what a dry run would do, in the singular, and nothing when no name was shared', () => {
    expect(formatDistinctNames([{ line: 3, ...acme, heldBy: { line: 2, externalId: '5001' } }], { dryRun: true })[0]).toBe(
      '1 account would be named apart with its record id, as another record has its name (names stay unique, so /log finds one account by name); to drop the id, rename or merge the records in your CRM and import again:',
    );
    expect(formatDistinctNames([], { dryRun: false })).toEqual([]);
  });
});

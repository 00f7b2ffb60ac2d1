import { describe, expect, it } from 'vitest';
import { ACCOUNT_NAME_MAX, distinctName, settleName, twoRecords, type NameClaim, type NameHolder } from '../../../src/domain/distinct-names.ts';
import { matchName } from '../../../src/domain/match.ts';
import { nameKey } from '../../../src/domain/text.ts';

describe('distinctName', () => {
  it.each([
    ['Acme Corp', '5014', 'Acme Corp (ID 5014)'],
    ['Acme Corp', '12', 'Acme Corp (ID 12)'],
    // a Salesforce id by its 15 characters: a report and Data Loader name the record alike
    ['Acme', '0015g00000NeWoN', 'Acme (ID 0015g00000NeWoN)'],
    ['Acme', '0015g00000NeWoNAAV', 'Acme (ID 0015g00000NeWoN)'],
    // an 18 whose checksum fails is not a Salesforce id: shown as it is
    ['Acme', '0015g00000NeWoNAAA', 'Acme (ID 0015g00000NeWoNAAA)'],
  ])('%j, %j → %j', (name, id, expected) => {
    expect(distinctName(name, id)).toBe(expected);
  });

  it('is the same on every call, and another for another record', () => {
    expect(distinctName('Acme', '5014')).toBe(distinctName('Acme', '5014'));
    expect(nameKey(distinctName('Acme', '5014'))).not.toBe(nameKey(distinctName('Acme', '5015')));
    expect(nameKey(distinctName('Acme', '5014'))).not.toBe(nameKey('Acme'));
  });

  it('fits the import\'s name limit, cutting the name (and a very long id) between characters', () => {
    const long = distinctName(`${'é'.repeat(199)}`, '5014');
    expect(long.length).toBe(ACCOUNT_NAME_MAX);
    expect(long.endsWith('… (ID 5014)')).toBe(true);
    const longId = distinctName('Acme', 'x'.repeat(200));
    expect(longId.length).toBeLessThanOrEqual(ACCOUNT_NAME_MAX);
    expect(longId).toBe(`Acme (ID ${'x'.repeat(59)}…)`);
    expect(distinctName('🙂'.repeat(100), '1').length).toBeLessThanOrEqual(ACCOUNT_NAME_MAX);
    expect(distinctName('🙂'.repeat(100), '1')).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('what a rep types in Slack', () => {
  const accounts = [{ id: 1, name: 'Acme Corp', keys: [] }, { id: 2, name: distinctName('Acme Corp', '5014'), keys: [] }];
  it.each([
    ['Acme Corp', 1],
    ['acme corp', 1],
    ['Acme Corp (ID 5014)', 2],
    ['acme corp id 5014', 2],
  ])('%j finds account %i', (typed, id) => {
    expect(matchName(typed, accounts)).toEqual({ kind: 'exact', item: accounts[id - 1] });
  });
});

describe('twoRecords', () => {
  it.each([
    ['5001', '5002', true],
    ['5001', '5001', false],
    [null, '5002', false],
    ['5001', null, false],
    [null, null, false],
    ['0015g00000NeWoN', '0015g00000NeWoNAAV', false],
    ['0015g00000NeWoN', '0015g00000NeWoNAAA', true],
  ] as const)('%j and %j: %j', (a, b, expected) => {
    expect(twoRecords(a, b)).toBe(expected);
  });
});

describe('settleName', () => {
  const claim = (line: number, externalId: string, account: number | null = null): NameClaim => ({ line, name: 'Acme', externalId, account });
  const holder = (externalId: string | null, alias = false): NameHolder => ({ id: 7, name: alias ? 'Acme Holdings' : 'Acme', externalId, alias });
  /** line → given name, and who kept it */
  const settle = (claims: NameClaim[], h: NameHolder | null) => settleName(claims, h).map((d) => [d.line, d.given, d.heldBy]);

  it.each([
    ['no holder: the first row keeps it', [claim(2, '1'), claim(3, '2'), claim(4, '3')], null,
      [[3, 'Acme (ID 2)', { line: 2, externalId: '1' }], [4, 'Acme (ID 3)', { line: 2, externalId: '1' }]]],
    ['no holder, the first row an account renamed in the CRM: still the first row', [claim(2, '1', 9), claim(3, '2')], null,
      [[3, 'Acme (ID 2)', { line: 2, externalId: '1' }]]],
    ['the holder\'s own record keeps it wherever its row is', [claim(2, '2'), claim(3, '1', 7)], holder('1'),
      [[2, 'Acme (ID 2)', { account: 'Acme', externalId: '1', alias: false }]]],
    ['a holder of another record not in the file keeps it from every row', [claim(2, '2'), claim(3, '3')], holder('1'),
      [[2, 'Acme (ID 2)', { account: 'Acme', externalId: '1', alias: false }], [3, 'Acme (ID 3)', { account: 'Acme', externalId: '1', alias: false }]]],
    ['one row, the holder of another record', [claim(2, '2')], holder('1'),
      [[2, 'Acme (ID 2)', { account: 'Acme', externalId: '1', alias: false }]]],
    ['one row whose record is another account, renamed onto a held name', [claim(2, '2', 9)], holder('1'),
      [[2, 'Acme (ID 2)', { account: 'Acme', externalId: '1', alias: false }]]],
    ['a holder with no id is linked by the first row that found no account', [claim(2, '2', 9), claim(3, '3'), claim(4, '4')], holder(null),
      [[2, 'Acme (ID 2)', { line: 3, externalId: '3' }], [4, 'Acme (ID 4)', { line: 3, externalId: '3' }]]],
    ['one row and a holder with no id: it links, no distinct name', [claim(2, '2')], holder(null), []],
    ['a holder with no id that no row can link keeps it', [claim(2, '2', 9)], holder(null),
      [[2, 'Acme (ID 2)', { account: 'Acme', externalId: null, alias: false }]]],
    ['a name held as an alias of another record', [claim(2, '2')], holder('1', true),
      [[2, 'Acme (ID 2)', { account: 'Acme Holdings', externalId: '1', alias: true }]]],
    ['an alias of the row\'s own account: it keeps the name', [claim(2, '1', 7)], holder('1', true), []],
    ['nobody claims it', [], holder('1'), []],
  ] as const)('%s', (_, claims, h, expected) => {
    expect(settle([...claims], h)).toEqual(expected);
  });

  it('names a record alike on the file\'s second run, when the first run\'s accounts hold the names, in either row order', () => {
    const first = settleName([claim(2, '1'), claim(3, '2')], null).map((d) => d.given);
    // now line 2's record is account 7, named Acme, and line 3's account 8
    const again = settleName([claim(2, '1', 7), claim(3, '2', 8)], holder('1')).map((d) => d.given);
    const swapped = settleName([claim(2, '2', 8), claim(3, '1', 7)], holder('1')).map((d) => d.given);
    expect(first).toEqual(['Acme (ID 2)']);
    expect(again).toEqual(first);
    expect(swapped).toEqual(first);
  });
});

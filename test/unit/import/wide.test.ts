import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/import/csv.ts';
import { looksWide, parseWideCell, reshapeWide } from '../../../src/import/wide.ts';

const CATALOG = [{ name: 'Analytics', key: 'analytics' }, { name: 'Reporting', key: 'reporting' }, { name: 'Alerts', key: 'alerts' }];
function file(text: string) {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error);
  return r.file;
}

describe('parseWideCell', () => {
  it.each([
    ['Yes', { held: true, cents: null }], ['✓', { held: true, cents: null }], ['TRUE', { held: true, cents: null }], ['1', { held: true, cents: null }],
    ['x', { held: true, cents: null }], ['X', { held: true, cents: null }],
    ['No', { held: false }], ['✗', { held: false }], ['0', { held: false }], ['false', { held: false }], ['', { held: false }], ['  ', { held: false }],
    ['$1,200', { held: true, cents: 120_000 }],
    ['1.200,00 €', { held: true, cents: 120_000 }],
    ['1 200,50 €', { held: true, cents: 120_050 }],
    ['99,5', { held: true, cents: 9_950 }],
    ['99/mo', { held: true, cents: 9_900 }],
    ['14,400/yr', { held: true, cents: 120_000 }],
    ['$0', { held: true, cents: 0 }],
  ])('%j → %j', (cell, value) => {
    expect(parseWideCell(cell)).toEqual({ ok: true, value });
  });

  it('reads "1.200" as thousands only in a semicolon file, where the comma is the decimal mark', () => {
    expect(parseWideCell('1.200', { decimalComma: true })).toEqual({ ok: true, value: { held: true, cents: 120_000 } });
    expect(parseWideCell('1.200').ok).toBe(false);
  });

  it('refuses "1,200" in a semicolon file: the comma is its decimal mark, and a price has two decimals', () => {
    expect(parseWideCell('1,200', { decimalComma: true })).toEqual({ ok: false, error: '"1,200" is neither Yes/No nor a price: Is "1,200" 1.2 or 1200? In a semicolon-delimited file the comma marks decimals: write `1.200` or `1200` for thousands' });
    expect(parseWideCell('1,200')).toEqual({ ok: true, value: { held: true, cents: 120_000 } });
  });

  it.each([['maybe'], ['-5'], ['x'.repeat(10_000)], ['12 apples and 3 pears']])('refuses %j with a reason', (cell) => {
    const r = parseWideCell(cell);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeLessThan(200);
  });
});

describe('reshapeWide', () => {
  it('is detected from headers that name products, and only without a product column', () => {
    expect(looksWide(file('account,Analytics,Reporting\nA,Yes,No\n'), CATALOG)).toBe(true);
    expect(looksWide(file('account,product,mrr\nA,Analytics,1\n'), CATALOG)).toBe(false);
    expect(looksWide(file('account,Notes\nA,x\n'), CATALOG)).toBe(false);
  });

  it('makes one holding per held cell, keeps prices, reports columns that name no product and skips known ones', () => {
    const w = reshapeWide(file('account,Company name,ANALYTICS,reporting,Widgets,alerts\nAcme,Acme Inc,Yes,"$1,200",Yes,No\nGlobex,,✓,✗,,99/mo\nInitech,,No,No,,No\n'), CATALOG, new Set(['company_name']));
    expect(w.rejects).toEqual([]);
    expect(w.products).toEqual(['Analytics', 'Reporting', 'Alerts']);
    expect(w.unknown).toEqual(['Widgets']);
    expect(w.ignored).toEqual(['Company name']);
    const base = { started_at: null, ended_at: null, external_id: null, wide: true };
    expect(w.rows).toEqual([
      { line: 2, row: { ...base, account: 'Acme', product: 'Analytics', mrr: null } },
      { line: 2, row: { ...base, account: 'Acme', product: 'Reporting', mrr: 120_000 } },
      { line: 3, row: { ...base, account: 'Globex', product: 'Analytics', mrr: null } },
      { line: 3, row: { ...base, account: 'Globex', product: 'Alerts', mrr: 9_900 } },
    ]);
  });

  it('reads "x" as a ticked box: held, next to No, ✗ and prices', () => {
    const w = reshapeWide(file('account,Analytics,Reporting,Alerts\nAcme,x,No,X\nGlobex,✗,x,$50\n'), CATALOG);
    expect(w.rejects).toEqual([]);
    expect(w.rows.map((r) => [r.row.account, r.row.product, r.row.mrr])).toEqual([
      ['Acme', 'Analytics', null], ['Acme', 'Alerts', null], ['Globex', 'Reporting', null], ['Globex', 'Alerts', 5_000],
    ]);
  });

  it.each([
    ['✓', 'account,Analytics,Reporting\nAcme,✓,x\nGlobex,x,✓\n', 'Reporting'],
    ['Yes', 'account,Analytics,Reporting\nAcme,x,No\nGlobex,No,Yes\n', 'Analytics'],
  ])('refuses a sheet that ticks with %s and also writes x: x could be either', (tick, text, column) => {
    const w = reshapeWide(file(text), CATALOG);
    expect(w.rejects).toEqual([{ line: 2, column, reason: `"x" could mean held or not held: this sheet also marks held products with "${tick}". Write Yes or No in place of x` }]);
  });

  it("dates a row's holdings from a started_at column, blank meaning the day of the import, and refuses a bad date", () => {
    const w = reshapeWide(file('account,started_at,Analytics,Reporting\nAcme,2025-02-01,Yes,Yes\nGlobex,,Yes,No\n'), CATALOG);
    expect(w.rejects).toEqual([]);
    expect(w.ignored).toEqual([]);
    expect(w.rows.map((r) => [r.row.account, r.row.product, r.row.started_at?.toISOString() ?? null])).toEqual([
      ['Acme', 'Analytics', '2025-02-01T00:00:00.000Z'], ['Acme', 'Reporting', '2025-02-01T00:00:00.000Z'], ['Globex', 'Analytics', null],
    ]);
    const bad = reshapeWide(file('account,Started At,Analytics\nAcme,03/02/2025,Yes\n'), CATALOG);
    expect(bad.rows).toEqual([]);
    expect(bad.rejects).toEqual([{ line: 2, column: 'Started At', reason: '"03/02/2025" is ambiguous (day or month first?); use YYYY-MM-DD' }]);
  });

  it('reads a semicolon-delimited European sheet', () => {
    const w = reshapeWide(file('\uFEFFaccount;Analytics;Reporting\r\nMüller GmbH;"1.200,00 €";1.500\r\n'), CATALOG);
    expect(w.rows.map((r) => [r.row.product, r.row.mrr])).toEqual([['Analytics', 120_000], ['Reporting', 150_000]]);
  });

  it("reads a started_at column's locale dates in the order its cells show", () => {
    const w = reshapeWide(file('account;started_at;Analytics\nAcme;13.05.2024;Yes\nGlobex;01.02.2024;Yes\n'), CATALOG);
    expect(w.rejects).toEqual([]);
    expect(w.rows.map((r) => r.row.started_at?.toISOString().slice(0, 10))).toEqual(['2024-05-13', '2024-02-01']);
    const mixed = reshapeWide(file('account,started_at,Analytics\nAcme,13/05/2024,Yes\nGlobex,5/14/2024,Yes\n'), CATALOG);
    expect(mixed.rows).toEqual([]);
    expect(mixed.rejects.map((r) => [r.line, r.column])).toEqual([[1, 'started_at']]);
  });

  it('refuses a sheet whose prices are in more than one currency, and reads its currency column without taking it for a product', () => {
    const w = reshapeWide(file('account,Currency,Analytics,Reporting\nAcme,EUR,1000,Yes\nGlobex,JPY,500,No\nInitech,,¥800,No\n'), CATALOG);
    expect(w.unknown).toEqual([]);
    expect(w.ignored).toEqual(['Currency']);
    expect(w.rejects).toEqual([{ line: 1, column: null, reason: expect.stringMatching(/^the amounts are in more than one currency: EUR \(line 2\), JPY \(line 3\), ¥ \(line 4\)\./) }]);
    expect(reshapeWide(file('account,Currency,Analytics\nAcme,JPY,1000\nGlobex,,¥500\nInitech,JPY,Yes\n'), CATALOG).rejects).toEqual([]);
  });

  it('reports bad cells by line and column, an account twice, and a held row with no account', () => {
    const w = reshapeWide(file('account,Analytics,Reporting\nAcme,maybe,Yes\nacme,Yes,No\n,Yes,No\n,No,No\n'), CATALOG);
    expect(w.rejects).toEqual([
      { line: 2, column: 'Analytics', reason: '"maybe" is neither Yes/No nor a price' },
      { line: 3, column: 'account', reason: 'the account "acme" is already on line 2' },
      { line: 4, column: 'account', reason: 'is required' },
    ]);
  });

  it('refuses a customer id a spreadsheet saved in scientific notation', () => {
    const w = reshapeWide(file('account,Analytics\n1.23457E+11,Yes\n'), CATALOG);
    expect(w.rejects).toEqual([{ line: 2, column: 'account', reason: expect.stringMatching(/^"1.23457E\+11" is a number in scientific notation: .* Format the column as Text/) }]);
  });

  it.each([
    ['Company,Analytics\nA,Yes\n', CATALOG, /needs a column naming the customer/],
    ['account,Notes\nA,Yes\n', CATALOG, /no column names a product of the catalog \(Analytics, Reporting, Alerts\)/],
    ['account,Analytics\nA,Yes\n', [], /no products yet: import products first/],
    ['account,Analytics,analytics\nA,Yes,No\n', CATALOG, /names the product Analytics again/],
  ] as const)('refuses the header of %j', (text, catalog, reason) => {
    const w = reshapeWide(file(text), catalog);
    expect(w.rows).toEqual([]);
    expect(w.rejects[0]!.reason).toMatch(reason);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/import/csv.ts';

const lines = (r: ReturnType<typeof parseCsv>) => (r.ok ? r.file.records.map((x) => [x.line, ...x.cells]) : r.error);

describe('parseCsv', () => {
  it('numbers each record by the file line it starts on, with CRLF, blank lines and quoted newlines', () => {
    const text = ['\uFEFFName,Summary', '', 'A,"two', 'lines, and a comma"', 'B,x', ',', 'C,"say ""hi"""', 'D,"a', '', 'b"', 'E,last'].join('\r\n');
    const r = parseCsv(text);
    expect(r.ok && r.file.header).toEqual(['Name', 'Summary']);
    expect(lines(r)).toEqual([
      [3, 'A', 'two\nlines, and a comma'],
      [5, 'B', 'x'],
      [7, 'C', 'say "hi"'],
      [8, 'D', 'a\n\nb'],
      [11, 'E', 'last'],
    ]);
  });

  it('skips blank lines before the header, keeping the file line numbers, in records as in a syntax error', () => {
    const r = parseCsv('\n  \n\t\nname,mrr\nAcme,10\nGlobex,20\n');
    expect(r.ok && [r.file.headerLine, r.file.header]).toEqual([4, ['name', 'mrr']]);
    expect(lines(r)).toEqual([[5, 'Acme', '10'], [6, 'Globex', '20']]);
    const bad = parseCsv('\n\nname,mrr\n"Acme,10\n');
    expect(bad.ok || bad.line).toBe(4);
    expect(parseCsv('\n \n').ok).toBe(false);
    // the separator is read from the header, not from a blank line (one holding a tab) before it
    const semi = parseCsv('\n\t\nname;mrr\nAcme;10\n');
    expect(semi.ok && [semi.file.delimiter, semi.file.header]).toEqual([';', ['name', 'mrr']]);
    expect(lines(semi)).toEqual([[4, 'Acme', '10']]);
  });

  it('reads old Mac line ends and a missing final newline', () => {
    expect(lines(parseCsv('a,b\rx,y\r\nz,w'))).toEqual([[2, 'x', 'y'], [3, 'z', 'w']]);
  });

  it('keeps short and long records for validation to report', () => {
    expect(lines(parseCsv('a,b\n1\n1,2,3\n'))).toEqual([[2, '1'], [3, '1', '2', '3']]);
  });

  it('reports an unclosed quote with its line', () => {
    const r = parseCsv('a,b\n1,2\n3,"oops\n4,5\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/quote/i);
  });

  it('refuses an empty file', () => {
    expect(parseCsv('\uFEFF\r\n\r\n')).toEqual({ ok: false, line: null, error: expect.stringMatching(/empty/) });
  });
});

describe('delimiters', () => {
  it.each([
    ['Name;Umsatz;Seit\nMüller GmbH;"1.200,00 €";2021-03-01\n', ';', ['Müller GmbH', '1.200,00 €', '2021-03-01']],
    ['Name\tMRR\nAcme\t1,200\n', '\t', ['Acme', '1,200']],
    ['"Name; with semicolon",MRR\n"A;B",5\n', ',', ['A;B', '5']],
    ['Name\nAcme\n', ',', ['Acme']],
  ])('%j is read with %j', (text, delimiter, cells) => {
    const r = parseCsv(text);
    expect(r.ok && r.file.delimiter).toBe(delimiter);
    expect(r.ok && r.file.records[0]!.cells).toEqual(cells);
  });

  it('reads a European export: BOM, CRLF, semicolons, a quoted formula kept as text', () => {
    const r = parseCsv('\uFEFFFirma;Analytics\r\nAcme;"\'=HYPERLINK(""x"")"\r\n');
    expect(r.ok && r.file.header).toEqual(['Firma', 'Analytics']);
    expect(r.ok && r.file.records[0]!.cells).toEqual(['Acme', '=HYPERLINK("x")']);
  });

  it('refuses a record past the size bound and a header past the column bound, naming the line', () => {
    const huge = parseCsv(`a,b\n1,"${'x'.repeat(1_000_001)}"\n`);
    expect(huge.ok).toBe(false);
    const wide = parseCsv(`${Array.from({ length: 1_001 }, (_, i) => `c${i}`).join(',')}\n`);
    expect(wide).toEqual({ ok: false, line: 1, error: 'the header has 1,001 columns; the limit is 1,000' });
  });
});

describe('padding past the header', () => {
  it.each([
    ['every row padded alike (trailing separators) is read at the header\'s width', 'name,external_id,segment\nAlpha Co,A1,Retail,,\nBeta,B1,,, \n',
      [[2, 'Alpha Co', 'A1', 'Retail'], [3, 'Beta', 'B1', '']]],
    ['a value past the header in one row keeps every row as it is, for the validator', 'name,external_id,segment\nAlpha Co,A1,Retail,,\nGamma,G1,Retail,,x\n',
      [[2, 'Alpha Co', 'A1', 'Retail', '', ''], [3, 'Gamma', 'G1', 'Retail', '', 'x']]],
    ['one wider row with an empty last cell may be an unquoted comma: kept, for the validator', 'name,external_id,segment\nAcme, Inc,A1,\nBeta,B1,smb\n',
      [[2, 'Acme', ' Inc', 'A1', ''], [3, 'Beta', 'B1', 'smb']]],
  ])('%s', (_, text, records) => {
    expect(lines(parseCsv(text))).toEqual(records);
  });
});

describe('a report footer', () => {
  // what Salesforce's "Export → Details only → CSV" writes at the end of every report
  const salesforce = ['"Account Name","Account Owner","Account ID"', '"Acme Corp","Ana Lopez","001A000001aBcDe"', '"Borealis","Ben Okafor","001A000001aBcDf"', '""', '""', '"Confidential Information - Do Not Distribute"', '""', '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."', ''].join('\n');
  const footer = (r: ReturnType<typeof parseCsv>) => (r.ok ? r.footer.map((x) => [x.line, ...x.cells]) : r.error);

  it('is set apart from the records, with the lines it was on', () => {
    const r = parseCsv(salesforce);
    expect(lines(r)).toEqual([[2, 'Acme Corp', 'Ana Lopez', '001A000001aBcDe'], [3, 'Borealis', 'Ben Okafor', '001A000001aBcDf']]);
    expect(footer(r)).toEqual([[6, 'Confidential Information - Do Not Distribute'], [8, 'Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.']]);
  });

  it.each([
    ['after empty lines, padded to the width by a spreadsheet', 'a,b\n1,2\n\n\nConfidential Information,\n', [[2, '1', '2']], [[5, 'Confidential Information', '']]],
    ['in a one-column file too', 'name\nAcme\n\nConfidential Information - Do Not Distribute', [[2, 'Acme']], [[4, 'Confidential Information - Do Not Distribute']]],
    ['whatever the words\' case, as other CRMs write them', 'a,b\n1,2\n\n© 2024 Example CRM\nGENERATED BY Reports on 2024-05-01\n', [[2, '1', '2']], [[4, '© 2024 Example CRM'], [5, 'GENERATED BY Reports on 2024-05-01']]],
    ['short rows after a blank line that read as no footer are data', 'name,segment\nAcme,smb\n\nGlobex\nInitech\n', [[2, 'Acme', 'smb'], [4, 'Globex'], [5, 'Initech']], []],
    ['a one-column file\'s names after a blank line are data', 'name\nAcme\n\nBeta\n', [[2, 'Acme'], [4, 'Beta']], []],
    ['a name after a blank line stays a record; the footer starts at the blank line after it', 'a,b\n1,2\n\nGlobex\n\nCopyright 2024\n', [[2, '1', '2'], [4, 'Globex']], [[6, 'Copyright 2024']]],
    ['a lone short row in the middle stays a record', 'a,b\n1,2\n\nX\n3,4\n', [[2, '1', '2'], [4, 'X'], [5, '3', '4']], []],
    ['a short last row with no blank line before it stays a record', 'a,b\n1,2\nX\n', [[2, '1', '2'], [3, 'X']], []],
    ['a short row right after the data stays a record; the footer starts at the blank line', 'a,b\n1,2\nX\n\nCopyright 2024 Acme\n', [[2, '1', '2'], [3, 'X']], [[5, 'Copyright 2024 Acme']]],
    ['a footer line with no blank line before it stays a record', 'a,b\n1,2\nAll rights reserved\n', [[2, '1', '2'], [3, 'All rights reserved']], []],
    ['a last row with a second value is data', 'a,b\n1,2\n\nCopyright,4\n', [[2, '1', '2'], [4, 'Copyright', '4']], []],
    ['a value in a later column is data', 'a,b\n1,2\n\n,4\n', [[2, '1', '2'], [4, '', '4']], []],
    ['trailing blank rows alone are no footer', 'a,b\n1,2\n""\n,\n', [[2, '1', '2']], []],
    // a Salesforce report with its total line above the notice, the sums beside it or not
    ['a report\'s grand total line', '"a","b"\n"1","2"\n""\n"Grand Totals (1 records)"\n""\n"Confidential Information - Do Not Distribute"\n',
      [[2, '1', '2']], [[4, 'Grand Totals (1 records)'], [6, 'Confidential Information - Do Not Distribute']]],
    ['a grand total with its column sums', 'name,mrr\nAcme,"$1,200.00"\n\nGrand Totals (1 records),"$1,200.00"\n', [[2, 'Acme', '$1,200.00']], [[4, 'Grand Totals (1 records)', '$1,200.00']]],
    ['a total line with words beside it is data', 'name,segment\nAcme,smb\n\nGrand Totals (1 records),smb\n', [[2, 'Acme', 'smb'], [4, 'Grand Totals (1 records)', 'smb']], []],
    // an org of several currencies, and a European locale, write the sums their own way
    ['a grand total in a currency code before the sum', 'name,mrr\nAcme,USD 1200\n\nGrand Totals (1 records),"USD 1,200.00"\n', [[2, 'Acme', 'USD 1200']], [[4, 'Grand Totals (1 records)', 'USD 1,200.00']]],
    ['a grand total with the symbol after the sum', 'name;mrr\nAcme;1200\n\nGrand Totals (1 records);"1.200,00 €"\n', [[2, 'Acme', '1200']], [[4, 'Grand Totals (1 records)', '1.200,00 €']]],
    ['a total line beside a word in capitals is data', 'name,segment\nAcme,SMB\n\nGrand Totals (1 records),SMB\n', [[2, 'Acme', 'SMB'], [4, 'Grand Totals (1 records)', 'SMB']], []],
  ])('%s', (_, text, records, skipped) => {
    const r = parseCsv(text);
    expect(lines(r)).toEqual(records);
    expect(footer(r)).toEqual(skipped);
  });
});

describe("a Salesforce Classic report's footer block", () => {
  // the end of a real report re-saved through Excel (every row padded to the header's width), as
  // archived in MysterAitch/amateur-callsigns-file-watch: its title and org name read as nothing
  const NOTICE = ['All Customers', 'Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.', 'Confidential Information - Do Not Distribute', 'Generated By:  Tim Smith  26/07/2024 09:24', 'Acme Software Inc.'];
  const csvCell = (c: string) => (c.includes(',') ? `"${c}"` : c);
  const report = (block: readonly string[]) => ['"Account Name","Owner","Account ID"', '"Acme Corp","Ana Lopez","0015g00000AbCdE"', '"Borealis Ltd","Ben Okafor","0015g00000AbCdF"', ',,', ',,', ...block.map((l) => `${csvCell(l)},,`), ''].join('\r\n');
  const footer = (r: ReturnType<typeof parseCsv>) => (r.ok ? r.footer.map((x) => [x.line, ...x.cells]) : r.error);
  const DATA = [[2, 'Acme Corp', 'Ana Lopez', '0015g00000AbCdE'], [3, 'Borealis Ltd', 'Ben Okafor', '0015g00000AbCdF']];

  it('is left out whole, its title, "Generated By" and org name with its notices', () => {
    const r = parseCsv(report(NOTICE));
    expect(lines(r)).toEqual(DATA);
    expect(footer(r)).toEqual(NOTICE.map((l, i) => [6 + i, l, '', '']));
  });

  it('with a grand total before it, and blank rows after it', () => {
    const text = `"a","b"\n"1","2"\n""\n"Grand Totals (1 records)"\n""\n""\n${NOTICE.map((l) => `"${l}"`).join('\n')}\n""\n`;
    const r = parseCsv(text);
    expect(lines(r)).toEqual([[2, '1', '2']]);
    expect(footer(r)).toEqual([[4, 'Grand Totals (1 records)'], ...NOTICE.map((l, i) => [7 + i, l])]);
  });

  it.each([
    // one-column files: every row is one cell, and a blank line is no footer
    ['a one-column file of names with blank lines keeps every name', 'name\nAcme\n\nBeta\nGamma\n\nDelta\nAcme Software Inc.\n',
      [[2, 'Acme'], [4, 'Beta'], [5, 'Gamma'], [7, 'Delta'], [8, 'Acme Software Inc.']], []],
    ['names after a blank line around a copyright that is not Salesforce\'s word for word stay data', 'name\nAcme\n\nBeta\nCopyright 2024 Acme\nGamma\n',
      [[2, 'Acme'], [4, 'Beta'], [5, 'Copyright 2024 Acme'], [6, 'Gamma']], []],
    ['a notice block with no blank line before it stays data', 'name\nAcme\nBeta\nConfidential Information - Do Not Distribute\nAcme Software Inc.\n',
      [[2, 'Acme'], [3, 'Beta'], [4, 'Confidential Information - Do Not Distribute'], [5, 'Acme Software Inc.']], []],
    ['a row with a second value in the block makes it data', 'a,b\nAcme,1\n\nAll Customers,\nConfidential Information - Do Not Distribute,\nBeta,2\n',
      [[2, 'Acme', '1'], [4, 'All Customers', ''], [5, 'Confidential Information - Do Not Distribute', ''], [6, 'Beta', '2']], []],
    ['more one-cell lines than a Salesforce footer holds are data', `name\nAcme\n\n${Array.from({ length: 8 }, (_, i) => `Name ${i}`).join('\n')}\nConfidential Information - Do Not Distribute\n`,
      [[2, 'Acme'], ...Array.from({ length: 8 }, (_, i) => [4 + i, `Name ${i}`]), [12, 'Confidential Information - Do Not Distribute']], []],
  ])('%s', (_, text, records, skipped) => {
    const r = parseCsv(text);
    expect(lines(r)).toEqual(records);
    expect(footer(r)).toEqual(skipped);
  });
});

// A CSV file's text to its header and records, each with the line where it starts in the
// file (what a person sees in an editor), so a report can point at it. The delimiter is read
// from the header line: European spreadsheets export with semicolons (the comma is their
// decimal mark), some tools with tabs. A report's footer (Salesforce ends every report export
// with a blank line, then "Confidential Information - Do Not Distribute" and a copyright line)
// is set apart from the records, so it never becomes an account; a line is a footer's only
// when it reads as one (FOOTER_WORDS), so a customer's row is never skipped for being short,
// or when it sits in Salesforce Classic's footer block with its word-for-word notice
// (SALESFORCE_NOTICE), whose report title and org name read as nothing.
import { CsvError, parse } from 'csv-parse/sync';
import { restoreFormula } from './formula.ts';

export type CsvRecord = { line: number; cells: string[] };
export type Delimiter = ',' | ';' | '\t';
export type CsvFile = { header: string[]; headerLine: number; records: CsvRecord[]; delimiter: Delimiter };

/** A record longer than this is not a row of a CRM export; csv-parse stops there instead of buffering it. */
export const MAX_RECORD_CHARS = 1_000_000;
/** More columns than this is not a sheet a person made; a wide sheet of products fits easily. */
export const MAX_COLUMNS = 1_000;
/** `footer`: the lines after the data taken for a report's footer, not read (the report says so). */
export type CsvParse = { ok: true; file: CsvFile; footer: CsvRecord[] } | { ok: false; line: number | null; error: string };

export function parseCsv(text: string): CsvParse {
  // csv-parse miscounts lines around CRLF inside quoted fields; with LF only its counts are
  // exact. Cell text is cleaned to LF later anyway (cleanInput), so nothing is lost.
  const lf = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // blank lines before the header are not read (from_line keeps the line numbers): csv-parse
  // takes the first record's width for the file's and builds an error object (a stack, a copy of
  // the record) for every record of another width, which made a file with one leading blank line
  // five times slower to read
  const lead = /^(?:[ \t]*\n)*/.exec(lf)![0];
  const fromLine = countNewlines(lead) + 1;
  // read from the header line, not from a blank line before it
  const delimiter = sniffDelimiter(lf.slice(lead.length));
  let out: { record: string[]; info: { lines: number } }[];
  // rows of another width than the first remain possible (a header with a trailing separator,
  // short rows): their error objects are built without a stack, which is half their cost
  const stackLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
    // blank rows are kept here and dropped below: a footer is told from data by the blank row before it
    out = parse(lf, { delimiter, info: true, relax_column_count: true, max_record_size: MAX_RECORD_CHARS, from_line: fromLine });
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, line: (err as CsvError & { lines?: number }).lines ?? null, error: err.message };
    throw err;
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  const rows = out.map(({ record, info }) => ({
    // info.lines is the line the record ends on; a quoted field's newlines came before it
    line: info.lines - record.reduce((n, c) => n + countNewlines(c), 0),
    cells: record.map(restoreFormula),
  }));
  const at = rows.findIndex((r) => !isBlank(r));
  if (at === -1) return { ok: false, line: null, error: 'the file is empty; the first line must name the columns' };
  const first = rows[at]!;
  if (first.cells.length > MAX_COLUMNS) return { ok: false, line: first.line, error: `the header has ${first.cells.length.toLocaleString('en-US')} columns; the limit is ${MAX_COLUMNS.toLocaleString('en-US')}` };
  const body = dropPadding(rows.slice(at + 1), first.cells.length);
  const cut = footerStart(body);
  return {
    ok: true,
    file: { header: first.cells, headerLine: first.line, records: body.slice(0, cut).filter((r) => !isBlank(r)), delimiter },
    footer: body.slice(cut).filter((r) => !isBlank(r)),
  };
}

/**
 * A spreadsheet's padding: every row of data one width wider than the header (trailing
 * separators, a column once used), with nothing past the header in any of them. Dropped, so
 * the rows have the header's width. Only file-wide: one wider row whose last cell is empty is
 * as likely an unquoted comma ("Acme, Inc,A1,"), and stays for the validator to report.
 */
function dropPadding(rows: CsvRecord[], width: number): CsvRecord[] {
  const data = rows.filter((r) => !isBlank(r));
  const wide = data[0]?.cells.length ?? width;
  if (wide <= width || !data.every((r) => r.cells.length === wide && r.cells.slice(width).every((c) => c.trim() === ''))) return rows;
  return rows.map((r) => (r.cells.length > width ? { ...r, cells: r.cells.slice(0, width) } : r));
}

/**
 * What a report's footer line says, and a row of data does not: Salesforce's "Confidential
 * Information - Do Not Distribute" and "Copyright (c) 2000-2024 salesforce.com, inc. All rights
 * reserved.", other CRMs' "© 2024 …" and "Generated by …" / "Generated on …". The one list.
 */
export const FOOTER_WORDS = /confidential information|copyright|©|all rights reserved|generated (?:by|on)\b|salesforce\.com/i;

/**
 * Salesforce Classic's own notice lines, word for word ("Copyright (c) 2000-2024 salesforce.com,
 * inc. All rights reserved.", "Confidential Information - Do Not Distribute"): strict, because
 * a block holding one is dropped whole, lines that read as nothing included.
 */
const SALESFORCE_NOTICE = /^(?:copyright \(c\) \d{4}(?:\s*-\s*\d{4})? salesforce\.com, inc\. all rights reserved\.?|confidential information - do not distribute)$/i;
/**
 * Salesforce Classic ends a report with a gap, then one-cell lines: the report's title, the
 * copyright, the confidentiality notice, "Generated By:  Name  date" and the org's name. A
 * longer block after the gap is taken for data.
 */
const MAX_NOTICE_BLOCK = 8;

/**
 * Where a report's footer begins: the last run of rows that are blank or footer lines (one
 * cell, in the first column, saying FOOTER_WORDS; or a report's grand total), counted from the
 * first blank row of that run, and reaching over a Salesforce footer block at the very end;
 * the end when there is none. Any other row stays a record, short or not (a short row is the
 * validator's to report), and so do footer lines right after the data, with no blank row
 * between.
 */
export function footerStart(rows: readonly CsvRecord[]): number {
  let start = rows.length;
  while (start > 0 && isBlank(rows[start - 1]!)) start--;
  start = noticeBlockStart(rows, start);
  while (start > 0 && (isBlank(rows[start - 1]!) || isFooterLine(rows[start - 1]!))) start--;
  const blank = rows.findIndex((r, i) => i >= start && isBlank(r));
  return blank === -1 ? rows.length : blank;
}

/**
 * Where the block of one-cell lines ending at `end` begins, when it is Salesforce's footer:
 * a blank row before it, MAX_NOTICE_BLOCK lines at most, a SALESFORCE_NOTICE among them.
 * `end` when it is not, so its lines are judged one by one.
 */
function noticeBlockStart(rows: readonly CsvRecord[], end: number): number {
  let start = end;
  while (start > 0 && end - start < MAX_NOTICE_BLOCK && isOneCell(rows[start - 1]!)) start--;
  if (start === end || start === 0 || !isBlank(rows[start - 1]!)) return end;
  return rows.slice(start, end).some((r) => SALESFORCE_NOTICE.test(r.cells[0]!.trim())) ? start : end;
}

/** A row with a value in its first cell and none beside it. */
function isOneCell(r: CsvRecord): boolean {
  return r.cells[0]!.trim() !== '' && r.cells.every((c, i) => i === 0 || c === '');
}

/** A row with no value: an empty line, `""` or `,,,` (csv-parse's skip_records_with_empty_values, done here). */
function isBlank(r: CsvRecord): boolean {
  return r.cells.every((c) => c === '');
}

/**
 * A report's total line, "Grand Totals (2 records)" (Salesforce, above its confidentiality
 * notice), with the column sums beside it when the report summed any: "$1,200.00", or in an
 * org of several currencies "USD 1,200.00", or as a European locale writes it "1.200,00 €".
 */
const TOTAL_LINE = /^grand totals? \([\d,.\s]+ records?\s*\)$/i;
const TOTAL_CELL = /^[-+(]?(?:[$€£¥]|[A-Z]{3}\s)?\s?[\d,.\s]*(?:\s?[$€£¥]|\s[A-Z]{3})?\)?$/;

function isFooterLine(r: CsvRecord): boolean {
  const first = r.cells[0]!.trim();
  if (TOTAL_LINE.test(first)) return r.cells.every((c, i) => i === 0 || TOTAL_CELL.test(c.trim()));
  return FOOTER_WORDS.test(first) && r.cells.every((c, i) => i === 0 || c === '');
}

/** The delimiter the header line uses most, outside quotes; a comma when it names one column. */
export function sniffDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  // the header is the first line; a quoted header cell may hold a newline, so scan by quotes, bounded
  for (let i = 0; i < Math.min(text.length, 64_000); i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as Delimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',');
  return counts[best] > 0 ? best : ',';
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// A CSV file's text to its header and records, each with the line where it starts in the
// file (what a person sees in an editor), so a report can point at it. The delimiter is read
// from the header line: European spreadsheets export with semicolons (the comma is their
// decimal mark), some tools with tabs. A report's footer (Salesforce ends every report export
// with a blank line, then "Confidential Information - Do Not Distribute" and a copyright line)
// is set apart from the records, so it never becomes an account.
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
  let out: { record: string[]; info: { lines: number } }[];
  try {
    // blank rows are kept here and dropped below: a footer is told from data by the blank row before it
    out = parse(lf, { delimiter: sniffDelimiter(lf), info: true, relax_column_count: true, max_record_size: MAX_RECORD_CHARS });
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, line: (err as CsvError & { lines?: number }).lines ?? null, error: err.message };
    throw err;
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
  const body = rows.slice(at + 1);
  const cut = footerStart(body, first.cells.length);
  return {
    ok: true,
    file: { header: first.cells, headerLine: first.line, records: body.slice(0, cut).filter((r) => !isBlank(r)), delimiter: sniffDelimiter(lf) },
    footer: body.slice(cut).filter((r) => !isBlank(r)),
  };
}

/**
 * Where a report's footer begins: the last run of rows that are blank or hold one cell of
 * text (in the first column, where the header names several), counted from the first blank
 * row of that run; the end when there is none. Rows of one cell right after the data, with no
 * blank row between, stay records (a short row is the validator's to report), and so does any
 * row with a second value.
 */
export function footerStart(rows: readonly CsvRecord[], columns: number): number {
  if (columns < 2) return rows.length;
  let start = rows.length;
  while (start > 0 && (isBlank(rows[start - 1]!) || isFooterLine(rows[start - 1]!))) start--;
  const blank = rows.findIndex((r, i) => i >= start && isBlank(r));
  return blank === -1 ? rows.length : blank;
}

/** A row with no value: an empty line, `""` or `,,,` (csv-parse's skip_records_with_empty_values, done here). */
function isBlank(r: CsvRecord): boolean {
  return r.cells.every((c) => c === '');
}

function isFooterLine(r: CsvRecord): boolean {
  return r.cells[0] !== '' && r.cells.every((c, i) => i === 0 || c === '');
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

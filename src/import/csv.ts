// A CSV file's text to its header and records, each with the line where it starts in the
// file (what a person sees in an editor), so a report can point at it. The delimiter is read
// from the header line: European spreadsheets export with semicolons (the comma is their
// decimal mark), some tools with tabs.
import { CsvError, parse } from 'csv-parse/sync';
import { restoreFormula } from './formula.ts';

export type CsvRecord = { line: number; cells: string[] };
export type Delimiter = ',' | ';' | '\t';
export type CsvFile = { header: string[]; headerLine: number; records: CsvRecord[]; delimiter: Delimiter };

/** A record longer than this is not a row of a CRM export; csv-parse stops there instead of buffering it. */
export const MAX_RECORD_CHARS = 1_000_000;
/** More columns than this is not a sheet a person made; a wide sheet of products fits easily. */
export const MAX_COLUMNS = 1_000;
export type CsvParse = { ok: true; file: CsvFile } | { ok: false; line: number | null; error: string };

export function parseCsv(text: string): CsvParse {
  // csv-parse miscounts lines around CRLF inside quoted fields; with LF only its counts are
  // exact. Cell text is cleaned to LF later anyway (cleanInput), so nothing is lost.
  const lf = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let out: { record: string[]; info: { lines: number } }[];
  try {
    out = parse(lf, { delimiter: sniffDelimiter(lf), info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, max_record_size: MAX_RECORD_CHARS });
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, line: (err as CsvError & { lines?: number }).lines ?? null, error: err.message };
    throw err;
  }
  const records = out.map(({ record, info }) => ({
    // info.lines is the line the record ends on; a quoted field's newlines came before it
    line: info.lines - record.reduce((n, c) => n + countNewlines(c), 0),
    cells: record.map(restoreFormula),
  }));
  const first = records.shift();
  if (!first) return { ok: false, line: null, error: 'the file is empty; the first line must name the columns' };
  if (first.cells.length > MAX_COLUMNS) return { ok: false, line: first.line, error: `the header has ${first.cells.length.toLocaleString('en-US')} columns; the limit is ${MAX_COLUMNS.toLocaleString('en-US')}` };
  return { ok: true, file: { header: first.cells, headerLine: first.line, records, delimiter: sniffDelimiter(lf) } };
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

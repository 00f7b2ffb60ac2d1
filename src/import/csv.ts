// A CSV file's text to its header and records, each with the line where it starts in the
// file (what a person sees in an editor), so a report can point at it.
import { CsvError, parse } from 'csv-parse/sync';
import { restoreFormula } from './formula.ts';

export type CsvRecord = { line: number; cells: string[] };
export type CsvFile = { header: string[]; headerLine: number; records: CsvRecord[] };
export type CsvParse = { ok: true; file: CsvFile } | { ok: false; line: number | null; error: string };

export function parseCsv(text: string): CsvParse {
  // csv-parse miscounts lines around CRLF inside quoted fields; with LF only its counts are
  // exact. Cell text is cleaned to LF later anyway (cleanInput), so nothing is lost.
  const lf = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let out: { record: string[]; info: { lines: number } }[];
  try {
    out = parse(lf, { info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true });
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
  return { ok: true, file: { header: first.cells, headerLine: first.line, records } };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

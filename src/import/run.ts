// An import from a CSV file's bytes (or its text) to the database: decode, parse, map the
// columns (a preset, --map), read a wide holdings sheet into holdings, validate (pure), then
// write in one transaction.
// Returns what happened as data; the CLI decides how to print it.
import type pg from 'pg';
import { importCatalog } from '../data/import/products.ts';
import { importTimeZone } from '../data/import/workspace.ts';
import { writeImport } from '../data/import/write.ts';
import { parseCsv, type CsvRecord } from './csv.ts';
import { keepWonDeals } from './deal-outcome.ts';
import { decodeImportBytes } from './decode.ts';
import type { DistinctName } from '../domain/distinct-names.ts';
import type { Counts, Kind, Lined, Reject, RowOf } from '../domain/records.ts';
import { applyMapping, type ColumnMap } from './mapping.ts';
import type { PresetName } from './presets/index.ts';
import { normalizeHeader } from './kinds.ts';
import { truncate } from '../domain/text.ts';
import { validateFile } from './validate.ts';
import { looksWide, reshapeWide } from './wide.ts';

export type ImportRequest = {
  kind: Kind;
  /** the file's bytes, decoded here (decode.ts: UTF-8, UTF-16, else Windows-1252), or text already decoded */
  text: string | Uint8Array;
  team?: string;
  dryRun?: boolean;
  batch?: number;
  preset?: PresetName;
  map?: ColumnMap;
  /** holdings only: one row per customer, one column per product (else detected from the headers) */
  wide?: boolean;
  /** what "in the future" is measured against; tests pin it */
  now?: Date;
  onProgress?: (done: number, total: number) => void;
};

export type ImportOutcome =
  | {
      ok: true; rows: number; counts: Counts; newMembers: number; team: string; workspaceCreated: boolean; ignored: string[]; notes: string[]; ms: number; dryRun: boolean;
      /** accounts whose name another record has, imported under a distinct name (domain/distinct-names.ts) */
      distinct: DistinctName[];
      /** nudges not yet acted on (queued, open) the file answered or took from a previous owner, retired; waiting ones given to a new owner (none in a dry run) */
      retired: number; moved: number;
    }
  | { ok: false; rows: number; rejects: Reject[]; ignored: string[]; notes: string[] }
  | { ok: false; rows: number; error: string };

export async function runImport(pool: pg.Pool, req: ImportRequest): Promise<ImportOutcome> {
  const decoded = typeof req.text === 'string' ? { text: req.text, note: null } : decodeImportBytes(req.text);
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return { ok: false, rows: 0, error: parsed.line ? `line ${parsed.line}: ${parsed.error}` : parsed.error };
  const rows = parsed.file.records.length;
  if (req.wide && req.kind !== 'holdings') return { ok: false, rows, error: `--wide reads holdings (one column per product), not ${req.kind}` };
  const mapped = applyMapping(req.kind, parsed.file, { preset: req.preset, map: req.map });
  if (!mapped.ok) return { ok: false, rows, error: mapped.error };
  const notes = [...(decoded.note ? [decoded.note] : []), ...(parsed.footer.length ? [footerNote(parsed.footer)] : []), ...mapped.notes];
  // a deals export's lost and open deals are not holdings: left out before any row is read
  const won = req.kind === 'holdings' ? keepWonDeals(mapped.file, parsed.file.header) : null;
  if (won && !won.ok) return { ok: false, rows, rejects: [won.reject], ignored: [], notes };
  if (won?.note) notes.push(won.note);
  const file = won?.file ?? mapped.file;
  // the outcome's columns were read: not products of a wide sheet, nor columns skipped
  const known = won?.read.length ? new Set([...mapped.known, ...won.read.map(normalizeHeader)]) : mapped.known;

  // an accounts file's dates must not be after today: the workspace's, not UTC's
  const checks = { now: req.now, timeZone: req.kind === 'accounts' ? await importTimeZone(pool, req.team) : undefined };
  let valid: Lined<RowOf[Kind]>[];
  let rejects: Reject[];
  let ignored: string[];
  if (req.kind === 'holdings' && (req.wide || !file.header.map(normalizeHeader).includes('product'))) {
    if (req.wide && file.header.map(normalizeHeader).includes('product')) return { ok: false, rows, error: '--wide: the file has a product column, so it is one holding per row; drop --wide' };
    const catalog = await importCatalog(pool, req.team);
    const wide = req.wide || looksWide(file, catalog);
    if (wide) {
      const w = reshapeWide(file, catalog, known);
      if (!req.wide) notes.push(`Read as a wide sheet (one row per customer, one column per product: ${w.products.join(', ')}); pass --wide to say so.`);
      if (w.unknown.length) notes.push(`Columns that name no product of the catalog, not read: ${w.unknown.map((h) => `"${h}"`).join(', ')}. Add the product (/tend product add) or rename the column.`);
      ({ rows: valid, rejects, ignored } = { rows: w.rows, rejects: w.rejects, ignored: w.ignored });
    } else ({ rows: valid, rejects, ignored } = validateFile(req.kind, file, checks));
  } else ({ rows: valid, rejects, ignored } = validateFile(req.kind, file, checks));
  if (won?.read.length) ignored = ignored.filter((h) => !won.read.includes(h));
  if (rejects.length) return { ok: false, rows, rejects, ignored, notes };

  const started = performance.now();
  const written = await writeImport(pool, req.kind, valid, { team: req.team, dryRun: req.dryRun ?? false, batch: req.batch, onProgress: req.onProgress });
  if (!written.ok) return 'error' in written ? { ok: false, rows, error: written.error } : { ok: false, rows, rejects: written.rejects, ignored, notes };
  return {
    ok: true,
    rows,
    counts: written.counts,
    newMembers: written.newMembers,
    team: written.workspace.team,
    workspaceCreated: written.workspace.created,
    ignored,
    notes: [...notes, ...written.notes],
    distinct: written.distinct,
    ms: performance.now() - started,
    dryRun: req.dryRun ?? false,
    retired: written.retired ?? 0,
    moved: written.moved ?? 0,
  };
}

/** A Salesforce Classic footer (title, copyright, notice, "Generated By", org name) and a grand total, quoted whole. */
const QUOTED_FOOTER_LINES = 6;

/** What was left out as a report's footer, quoted, so a person can see no customer went with it. */
export function footerNote(footer: readonly CsvRecord[]): string {
  const quote = (s: string) => `"${truncate(s, 70)}"`;
  const shown = footer.slice(0, QUOTED_FOOTER_LINES).map((r) => `line ${r.line}: ${quote(r.cells[0]!)}`);
  const more = footer.length > QUOTED_FOOTER_LINES ? `, … (${footer.length} in all)` : '';
  const lines = footer.length === 1 ? 'line' : `${footer.length} lines`;
  return `Skipped the ${lines} after a blank line at the end of the file, read as a report footer, not data (${shown.join('; ')}${more}). If ${footer.length === 1 ? 'it is' : 'they are'} data, remove the blank line before ${footer.length === 1 ? 'it' : 'them'}.`;
}

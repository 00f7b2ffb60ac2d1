// Column mapping: a CRM export's own headers ("Company name", "Record ID") read as Tend's
// columns (name, external_id), from `--map`, a mapping file, or a built-in preset. Pure.
// A mapping a person wrote is checked up front, naming the column at fault; a preset only
// maps the columns the file has (exports differ by account and settings). Columns nothing
// maps stay as they are, so the validator reports them as ignored, never dropping them quietly.
import type { Kind } from '../domain/records.ts';
import type { CsvFile } from './csv.ts';
import { MAX_COLUMNS } from './csv.ts';
import { COLUMNS, IMPORT_ONLY, normalizeHeader } from './kinds.ts';
import { PRESETS, type PresetName } from './presets/index.ts';
import { mostFirst } from './report.ts';
import type { Parsed } from './values.ts';

/** Pairs of a file's header and the Tend column it is, in the order given. */
export type ColumnMap = readonly (readonly [header: string, column: string])[];

export type MapRequest = { preset?: PresetName; map?: ColumnMap };
export type Mapped =
  | { ok: true; file: CsvFile; notes: string[]; /** normalized headers the preset knows but Tend does not read */ known: Set<string> }
  | { ok: false; error: string };

const MAX_MAP_FILE_CHARS = 200_000;
const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 59)}…` : s}"`;
const listed = (xs: readonly string[], max = 20) => xs.slice(0, max).map(quote).join(', ') + (xs.length > max ? `, … (${xs.length} in all)` : '');

/** `'Company name=name,Record ID=external_id'`: commas between pairs, `=` inside one. */
export function parseMapOption(s: string): Parsed<ColumnMap> {
  const pairs: [string, string][] = [];
  for (const part of s.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0 || eq === part.length - 1) return { ok: false, error: `--map: ${quote(part.trim())} is not a pair like "Company name=name"` };
    pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  if (pairs.length === 0) return { ok: false, error: '--map: no pairs given; write it like --map "Company name=name,Record ID=external_id"' };
  if (pairs.length > MAX_COLUMNS) return { ok: false, error: `--map: ${pairs.length} pairs; the limit is ${MAX_COLUMNS}` };
  return { ok: true, value: pairs };
}

/** A mapping file: a JSON object from the file's headers to Tend's columns, `{"Company name": "name"}`. */
export function parseMapFile(text: string): Parsed<ColumnMap> {
  if (text.length > MAX_MAP_FILE_CHARS) return { ok: false, error: `the mapping file is ${text.length.toLocaleString('en-US')} characters; a mapping is a few lines (limit ${MAX_MAP_FILE_CHARS.toLocaleString('en-US')})` };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, error: `the mapping file is not JSON (${(err as Error).message})` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: 'the mapping file must be a JSON object like {"Company name": "name"}' };
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length > MAX_COLUMNS) return { ok: false, error: `the mapping file has ${entries.length} entries; the limit is ${MAX_COLUMNS}` };
  const bad = entries.find(([, v]) => typeof v !== 'string');
  if (bad) return { ok: false, error: `the mapping file maps ${quote(bad[0])} to ${JSON.stringify(bad[1])?.slice(0, 40)}; each value must be a column name in quotes` };
  return { ok: true, value: entries as [string, string][] };
}

export function applyMapping(kind: Kind, file: CsvFile, req: MapRequest): Mapped {
  const columns: readonly string[] = [...COLUMNS[kind], ...(IMPORT_ONLY[kind] ?? [])];
  const names = file.header.map(normalizeHeader);
  const target: (string | null)[] = names.map(() => null);
  const taken = new Map<string, string>(); // column → the header mapped to it
  const applied: string[] = [];

  for (const [header, column] of req.map ?? []) {
    const col = normalizeHeader(column);
    if (!columns.includes(col)) return { ok: false, error: `--map ${quote(header)}=${quote(column)}: Tend has no column ${quote(column)} for ${kind} (its columns: ${columns.join(', ')})` };
    const at = names.indexOf(normalizeHeader(header));
    if (at === -1) return { ok: false, error: `--map names the column ${quote(header)}, which the file does not have (its columns: ${listed(file.header)})` };
    if (taken.has(col)) return { ok: false, error: `--map maps both ${quote(taken.get(col)!)} and ${quote(header)} to ${col}; keep one` };
    const own = names.indexOf(col);
    if (own !== -1 && own !== at) return { ok: false, error: `--map maps ${quote(header)} to ${col}, but the file already has a column ${quote(file.header[own]!)}; map that one away or drop the pair` };
    target[at] = col;
    taken.set(col, header);
    applied.push(`${quote(file.header[at]!)} → ${col}`);
  }

  const known = new Set<string>();
  const byPreset: number[] = []; // columns the preset mapped (their values may be the CRM's words)
  const preset = req.preset ? PRESETS[req.preset] : undefined;
  if (preset) {
    // accounts read the preset's own columns; holdings and conversations name their account by the first key it has
    // a file of other records (a deals export) has its own record id, not the account's
    const otherRecords = preset.ownId?.otherRecords.some((h) => names.includes(normalizeHeader(h))) ?? false;
    const accountKeys = preset.account.filter((h) => !(otherRecords && h === preset.ownId?.header));
    const pairs: (readonly [string, string])[] = kind === 'accounts' ? [...preset.accounts] : kind === 'holdings' || kind === 'conversations' ? accountKeys.map((h) => [h, 'account'] as const) : [];
    for (const [header, col] of pairs) {
      const at = names.indexOf(normalizeHeader(header));
      if (at === -1 || target[at] !== null) continue;
      known.add(names[at]!);
      if (taken.has(col) || (names.includes(col) && names.indexOf(col) !== at)) continue;
      target[at] = col;
      taken.set(col, header);
      byPreset.push(at);
      applied.push(`${quote(file.header[at]!)} → ${col}`);
    }
    for (const h of [...preset.known, ...preset.account, ...preset.accounts.map(([h]) => h)]) if (names.includes(normalizeHeader(h))) known.add(normalizeHeader(h));
  }

  const header = file.header.map((h, i) => target[i] ?? h);
  const notes: string[] = [];
  if (applied.length) notes.push(`Columns read as${preset ? ` (${preset.label})` : ''}: ${applied.join(', ')}.`);
  else if (preset) notes.push(`The ${preset.label} preset maps no column of this file (its columns: ${listed(file.header, 8)}).`);
  let records = file.records;
  for (const at of byPreset) {
    const read = preset?.values?.[target[at]!];
    if (!read) continue;
    const seen = new Map<string, { as: string; n: number }>();
    records = records.map((r) => {
      const raw = r.cells[at] ?? '';
      if (raw.trim() === '') return r;
      const as = read(raw);
      const key = raw.trim();
      const s = seen.get(key) ?? { as, n: 0 };
      s.n++;
      seen.set(key, s);
      const cells = r.cells.slice();
      cells[at] = as;
      return { ...r, cells };
    });
    if (seen.size > 0) notes.push(valuesNote(file.header[at]!, target[at]!, seen));
  }
  return { ok: true, file: { ...file, header, records }, notes, known };
}

/** How a preset read a column's words: `"Account Type" read as status: "Customer - Direct" → active (12); left as it was: "Technology Partner" (2).` */
function valuesNote(header: string, column: string, seen: ReadonlyMap<string, { as: string; n: number }>): string {
  const read = [...seen].filter(([, v]) => v.as !== '');
  const left = [...seen].filter(([, v]) => v.as === '');
  const list = (xs: typeof read, as: boolean) => mostFirst(xs, (raw, v) => `${quote(raw)}${as ? ` → ${v.as}` : ''} (${v.n})`);
  const parts = [`${quote(header)} read as ${column}: ${read.length ? list(read, true) : 'none of its values'}`];
  if (left.length) parts.push(`left as it was (Tend cannot tell these from a customer): ${list(left, false)}`);
  return `${parts.join('; ')}.`;
}

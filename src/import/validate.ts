// A parsed CSV file to typed rows of one kind, or the reasons it cannot be imported. Pure:
// the header is matched to the kind's columns, each row goes through the kind's schema, and
// rows that would collide inside the file (the same name or id twice) are refused here,
// because one set-based upsert cannot apply two rows to the same record.
import { nameKey } from '../domain/text.ts';
import type { CsvFile } from './csv.ts';
import { conversationSourceKey, type ConversationRow, type Kind, type Lined, type Reject, type RowOf } from '../domain/records.ts';
import { COLUMNS, normalizeHeader, REQUIRED } from './kinds.ts';
import { SCHEMAS } from './schemas.ts';

export type Validated<K extends Kind> = {
  rows: Lined<RowOf[K]>[];
  rejects: Reject[];
  /** header names that are not columns of this kind: a CRM export has many, they are skipped */
  ignored: string[];
};

export function validateFile<K extends Kind>(kind: K, file: CsvFile, opts: { now?: Date } = {}): Validated<K> {
  const columns: readonly string[] = COLUMNS[kind];
  const names = file.header.map(normalizeHeader);
  const ignored = file.header.filter((_, i) => !columns.includes(names[i]!) && names[i] !== '');
  const rejects: Reject[] = [];
  const missing = REQUIRED[kind].filter((c) => !names.includes(c));
  if (missing.length) {
    rejects.push({ line: file.headerLine, column: null, reason: `the header lacks ${missing.join(', ')} (columns: ${columns.join(', ')})` });
  }
  const twice = columns.filter((c) => names.indexOf(c) !== names.lastIndexOf(c));
  if (twice.length) rejects.push({ line: file.headerLine, column: null, reason: `the header names ${twice.join(', ')} more than once` });
  if (rejects.length) return { rows: [], rejects, ignored };

  const index = new Map(columns.map((c) => [c, names.indexOf(c)]));
  const schema = SCHEMAS[kind];
  const rows: Lined<RowOf[K]>[] = [];
  for (const rec of file.records) {
    if (rec.cells.length > file.header.length) {
      rejects.push({ line: rec.line, column: null, reason: `has ${rec.cells.length} cells but the header has ${file.header.length} (an unquoted comma?)` });
      continue;
    }
    const cells = Object.fromEntries(columns.map((c) => [c, rec.cells[index.get(c)!] ?? '']));
    const parsed = schema.safeParse(cells);
    if (parsed.success) rows.push({ line: rec.line, row: parsed.data as RowOf[K] });
    else for (const issue of parsed.error.issues) rejects.push({ line: rec.line, column: String(issue.path[0] ?? '') || null, reason: issue.message });
  }
  if (kind === 'accounts') rejects.push(...futureDates(rows as Lined<RowOf['accounts']>[], opts.now ?? new Date()));
  rejects.push(...collisions(kind, rows));
  const bad = new Set(rejects.map((r) => r.line));
  return { rows: rows.filter((r) => !bad.has(r.line)), rejects: rejects.sort((a, b) => a.line - b.line), ignored };
}

/** A relationship cannot have begun or ended after today: such a date is a typo (or a renewal date in the wrong column). */
function futureDates(rows: Lined<RowOf['accounts']>[], now: Date): Reject[] {
  const out: Reject[] = [];
  const day = now.toISOString().slice(0, 10);
  for (const { line, row } of rows) {
    for (const column of ['customer_since', 'churned_at'] as const) {
      const d = row[column];
      if (d && d > now) out.push({ line, column, reason: `${d.toISOString().slice(0, 10)} is in the future (today is ${day})` });
    }
  }
  return out;
}

/** Rows of the file that claim a key an earlier row already claimed. */
function collisions(kind: Kind, rows: Lined<RowOf[Kind]>[]): Reject[] {
  const out: Reject[] = [];
  const seen = new Map<string, number>();
  const claim = (key: string, line: number, column: string | null, what: string) => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    else if (first !== line) out.push({ line, column, reason: `${what} is already on line ${first}` });
  };
  for (const { line, row } of rows) {
    if (kind === 'accounts') {
      const a = row as RowOf['accounts'];
      const own = nameKey(a.name);
      // names and aliases share one space: either finds the account when someone types it
      claim(`name:${own}`, line, 'name', `the name "${a.name}"`);
      for (const alias of a.aliases) if (nameKey(alias) !== own) claim(`name:${nameKey(alias)}`, line, 'aliases', `"${alias}"`);
      if (a.external_id) claim(`ext:${a.external_id}`, line, 'external_id', `external_id "${a.external_id}"`);
    } else if (kind === 'products') {
      const p = row as RowOf['products'];
      claim(nameKey(p.name), line, 'name', `the product "${p.name}"`);
    } else if (kind === 'offers') {
      const o = row as RowOf['offers'];
      claim(`${nameKey(o.product)}\u0000${o.offer.toLowerCase()}`, line, 'offer', `the offer "${o.offer}" for ${o.product}`);
    } else if (kind === 'holdings') {
      const h = row as RowOf['holdings'];
      if (h.external_id) claim(h.external_id, line, 'external_id', `external_id "${h.external_id}"`);
    } else {
      const c = row as ConversationRow;
      claim(conversationSourceKey(c), line, c.external_id ? 'external_id' : null, c.external_id ? `external_id "${c.external_id}"` : 'the same conversation (add an external_id to keep both)');
    }
  }
  return out;
}

// A parsed CSV file to typed rows of one kind, or the reasons it cannot be imported. Pure:
// the header is matched to the kind's columns, each row goes through the kind's schema, and
// rows that would collide inside the file (the same name or id twice) are refused here,
// because one set-based upsert cannot apply two rows to the same record (two records of one
// name are two rows, not a collision: see collisions()). What depends on the
// whole file is settled before any row is read: the decimal mark (from the delimiter), each
// date column's day/month order (from the cells that can only be read one way), and after the
// rows, that all amounts are in one currency.
import { DateTime } from 'luxon';
import { currencyOf, currencyOfCode, sameCurrency, type Currency } from '../domain/money.ts';
import { twoRecords } from '../domain/distinct-names.ts';
import { salesforceRecordKey } from '../domain/salesforce-id.ts';
import { nameKey } from '../domain/text.ts';
import type { CsvFile, CsvRecord } from './csv.ts';
import { conversationSourceKey, type ConversationRow, type Kind, type Lined, type Reject, type RowOf } from '../domain/records.ts';
import { COLUMNS, LIKELY_HEADERS, normalizeHeader, REQUIRED } from './kinds.ts';
import { DATE_COLUMNS, MONEY_COLUMNS, schemasFor, type DateColumn, type FileReading } from './schemas.ts';
import { dateOrderOf, numberStyleOf, type DateWitness } from './values.ts';

export type Validated<K extends Kind> = {
  rows: Lined<RowOf[K]>[];
  rejects: Reject[];
  /** header names that are not columns of this kind: a CRM export has many, they are skipped */
  ignored: string[];
};

export type ValidateOptions = {
  /** what "in the future" is measured against */
  now?: Date;
  /** the workspace's timezone (IANA), whose date is "today" for a date without a time; UTC when not given */
  timeZone?: string;
};

export function validateFile<K extends Kind>(kind: K, file: CsvFile, opts: ValidateOptions = {}): Validated<K> {
  const columns: readonly string[] = COLUMNS[kind];
  const names = file.header.map(normalizeHeader);
  const ignored = file.header.filter((_, i) => !columns.includes(names[i]!) && names[i] !== '');
  const rejects: Reject[] = [];
  const missing = REQUIRED[kind].filter((c) => !names.includes(c));
  if (missing.length) {
    rejects.push({ line: file.headerLine, column: null, reason: `the header lacks ${missing.join(', ')} (columns: ${columns.join(', ')})${mapHint(file.header, names, missing, columns, LIKELY_HEADERS[kind])}` });
  }
  const twice = columns.filter((c) => names.indexOf(c) !== names.lastIndexOf(c));
  if (twice.length) rejects.push({ line: file.headerLine, column: null, reason: `the header names ${twice.join(', ')} more than once` });
  if (rejects.length) return { rows: [], rejects, ignored };

  const index = new Map(columns.map((c) => [c, names.indexOf(c)]));
  const reading = readingOf(file, index);
  if (!reading.ok) return { rows: [], rejects: reading.rejects, ignored };
  const schema = schemasFor(reading.reading)[kind];
  const money = MONEY_COLUMNS.find((c) => columns.includes(c));
  const moneyAt = money === undefined ? -1 : index.get(money)!;
  const currencies = moneyAt === -1 ? null : currencyCheck(file, money!);
  const rows: Lined<RowOf[K]>[] = [];
  for (const rec of file.records) {
    if (rec.cells.length > file.header.length) {
      rejects.push({ line: rec.line, column: null, reason: `has ${rec.cells.length} cells but the header has ${file.header.length} (an unquoted ${file.delimiter === ';' ? 'semicolon' : 'comma'}?)` });
      continue;
    }
    const cells = Object.fromEntries(columns.map((c) => [c, rec.cells[index.get(c)!] ?? '']));
    const parsed = schema.safeParse(cells);
    if (parsed.success) rows.push({ line: rec.line, row: parsed.data as RowOf[K] });
    else for (const issue of parsed.error.issues) rejects.push({ line: rec.line, column: String(issue.path[0] ?? '') || null, reason: issue.message });
    currencies?.row(rec, moneyAt === -1 ? [] : [rec.cells[moneyAt] ?? '']);
  }
  if (currencies) rejects.push(...currencies.rejects());
  if (kind === 'accounts') rejects.push(...futureDates(rows as Lined<RowOf['accounts']>[], opts.now ?? new Date(), opts.timeZone ?? 'UTC'));
  rejects.push(...collisions(kind, rows));
  const bad = new Set(rejects.map((r) => r.line));
  // a problem of the whole file (at the header's line, as the currency check's) leaves no row good
  return { rows: bad.has(file.headerLine) ? [] : rows.filter((r) => !bad.has(r.line)), rejects: rejects.sort((a, b) => a.line - b.line), ignored };
}

/**
 * For the required columns a file lacks, its headers that may be them, as the `--map` that would
 * say so: `. If "account" is name: --map 'account=name'`. Nothing when none looks like one.
 */
function mapHint(header: readonly string[], names: readonly string[], missing: readonly string[], columns: readonly string[], likely: Readonly<Record<string, readonly string[] | undefined>>): string {
  const taken = new Set<number>();
  const pairs: (readonly [header: string, column: string])[] = [];
  for (const col of missing) {
    const at = (likely[col] ?? []).map((h) => names.indexOf(h)).find((i) => i !== -1 && !taken.has(i) && !columns.includes(names[i]!));
    if (at === undefined) continue;
    taken.add(at);
    pairs.push([header[at]!.trim(), col]);
  }
  if (pairs.length === 0) return '';
  // a likely header is letters, digits and separators (LIKELY_HEADERS): it stands in quotes as it is
  return `. If ${pairs.map(([h, c]) => `"${h}" is ${c}`).join(', ')}: --map '${pairs.map(([h, c]) => `${h}=${c}`).join(',')}' (beside any pairs --map gives already)`;
}

const cellsAt = function* (records: readonly CsvRecord[], at: number): Generator<DateWitness> {
  for (const r of records) yield { line: r.line, cell: r.cells[at] ?? '' };
};

/**
 * How this file writes numbers and dates, or why it cannot be read: each date column's order
 * from its own cells (dateOrderOf); a column whose cells do not tell follows the file's other
 * date columns when they agree (one export writes every date in one locale), else stays
 * undecided (its locale dates are refused as ambiguous).
 */
export function readingOf(file: CsvFile, index: ReadonlyMap<string, number>): { ok: true; reading: FileReading } | { ok: false; rejects: Reject[] } {
  const dateOrder: FileReading['dateOrder'] = {};
  const undecided: DateColumn[] = [];
  const rejects: Reject[] = [];
  for (const column of DATE_COLUMNS) {
    const at = index.get(column) ?? -1;
    if (at === -1) continue;
    const v = dateOrderOf(cellsAt(file.records, at));
    if (!v.ok) rejects.push(mixedDates(file, column, v.dmy, v.mdy));
    else if (v.order) dateOrder[column] = v.order;
    else undecided.push(column);
  }
  if (rejects.length) return { ok: false, rejects };
  const decided = new Set(Object.values(dateOrder));
  const fallback = decided.size === 1 ? [...decided][0] : undefined;
  if (fallback) for (const column of undecided) dateOrder[column] = fallback;
  return { ok: true, reading: { ...numberStyleOf(file), dateOrder } };
}

export function mixedDates(file: CsvFile, column: string, dmy: DateWitness, mdy: DateWitness): Reject {
  return {
    line: file.headerLine, column,
    reason: `has dates day first and month first: "${dmy.cell.trim()}" (line ${dmy.line}) can only be day/month, "${mdy.cell.trim()}" (line ${mdy.line}) only month/day. Write the column's dates one way, best YYYY-MM-DD`,
  };
}

/** "Currency", "Deal - Currency", "Amount Currency", "CurrencyIsoCode", "Currency ISO Code": a column saying a row's currency. */
const CURRENCY_COLUMN = /^(?:.*_)?currency(?:_?iso)?(?:_?code)?$/;
export const isCurrencyColumn = (header: string): boolean => CURRENCY_COLUMN.test(normalizeHeader(header));

/**
 * The check that a file's amounts are in one currency: Tend adds them up and stores them as
 * hundredths of one unit, so 1000 EUR, 1000 JPY and ¥1000 would all become the same number.
 * A row's currency is what its amount cells name by symbol or code (currencyOf) and what a
 * currency column says (the CRM's own column; it reaches here unmapped, by its header). Rows
 * are fed as they are read; `rejects` then refuses the file when no one currency fits every
 * row. `column` is the amounts' column, named in the refusals (null: a wide sheet's several).
 */
export function currencyCheck(file: CsvFile, column: string | null) {
  const columns = file.header.flatMap((h, at) => (isCurrencyColumn(h) ? [at] : []));
  const out: Reject[] = [];
  const groups = new Map<string, { currency: Currency; lines: number[]; count: number }>();
  return {
    row(rec: CsvRecord, amounts: readonly string[]): void {
      // only amounts count: a wide sheet's Yes or an empty cell says nothing of a currency
      const named = amounts.filter((a) => /\d/.test(a));
      if (named.length === 0) return;
      let claim: { currency: Currency; where: string } | null = null;
      const sources = [
        ...named.map((a) => ({ c: currencyOf(a), where: `the amount "${a.trim().slice(0, 20)}"` })),
        ...columns.map((at) => ({ c: { ok: true as const, currency: currencyOfCode(rec.cells[at] ?? '') }, where: `"${file.header[at]}"` })),
      ];
      for (const { c, where } of sources) {
        if (!c.ok || !c.currency) continue; // a cell naming two currencies is refused by its parser
        if (claim === null) claim = { currency: c.currency, where };
        else {
          const both = sameCurrency(claim.currency, c.currency);
          if (!both) {
            out.push({ line: rec.line, column, reason: `${claim.where} is in ${claim.currency.label} but ${where} says ${c.currency.label}` });
            return;
          }
          claim = { currency: both, where };
        }
      }
      if (claim === null) return;
      const { currency } = claim;
      const g = groups.get(currency.label) ?? { currency, lines: [], count: 0 };
      if (g.lines.length < 3) g.lines.push(rec.line);
      g.count++;
      groups.set(currency.label, g);
    },
    rejects(): Reject[] {
      const all = [...groups.values()];
      const common = all.reduce<Currency | null | undefined>((acc, g) => (acc === undefined ? g.currency : acc && sameCurrency(acc, g.currency)), undefined);
      if (common !== null) return out;
      const listed = all.map((g) => `${g.currency.label} (${g.count === 1 ? 'line' : 'lines'} ${g.lines.join(', ')}${g.count > g.lines.length ? ` and ${(g.count - g.lines.length).toLocaleString('en-US')} more` : ''})`);
      return [...out, {
        line: file.headerLine, column,
        reason: `the amounts are in more than one currency: ${listed.join(', ')}. A workspace works in one currency, so they cannot be added up: export in one currency, or convert before import`,
      }];
    },
  };
}

/**
 * A relationship cannot have begun or ended after today: such a date is a typo (or a renewal date
 * in the wrong column). "Today" is the workspace's: in Sydney on the morning of 6 June (still
 * 5 June in UTC) a churn on 2026-06-06 is today's. A date without a time is read as that day's
 * UTC midnight (values.ts), so a value at UTC midnight is taken as the day it names; any other
 * by its day where the workspace is. Refused only when it is after now and on a later day than
 * the workspace's today, so a date that is today anywhere the workspace is never is.
 */
function futureDates(rows: Lined<RowOf['accounts']>[], now: Date, zone: string): Reject[] {
  const out: Reject[] = [];
  const at = DateTime.fromJSDate(now, { zone });
  const [tz, local] = at.isValid ? [zone, at] : ['UTC', DateTime.fromJSDate(now, { zone: 'UTC' })];
  const today = local.toISODate()!;
  const dayOf = (d: Date) => (d.getTime() % 86_400_000 === 0 ? d.toISOString().slice(0, 10) : DateTime.fromJSDate(d, { zone: tz }).toISODate()!);
  for (const { line, row } of rows) {
    for (const column of ['customer_since', 'churned_at'] as const) {
      const d = row[column];
      if (d && d > now && dayOf(d) > today) out.push({ line, column, reason: `${dayOf(d)} is in the future (today is ${today} in ${tz})` });
    }
  }
  return out;
}

/**
 * Rows of the file that claim a key an earlier row already claimed. Two accounts may share a
 * name when each gives another record id (domain/distinct-names.ts): the writer names one apart.
 */
function collisions(kind: Kind, rows: Lined<RowOf[Kind]>[]): Reject[] {
  const out: Reject[] = [];
  const seen = new Map<string, number>();
  /** an account key's external_id as the first row wrote it */
  const ids = new Map<string, string>();
  /** a name key first claimed as an account's name (not an alias): that row's external_id */
  const named = new Map<string, string | null>();
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
      if (!seen.has(`name:${own}`)) named.set(own, a.external_id);
      if (!twoRecords(named.get(own) ?? null, a.external_id)) claim(`name:${own}`, line, 'name', `the name "${a.name}"`);
      for (const alias of a.aliases) if (nameKey(alias) !== own) claim(`name:${nameKey(alias)}`, line, 'aliases', `"${alias}"`);
      if (a.external_id) {
        // a Salesforce id's two forms (15 and 18 characters) are one record: one key for both
        const key = `ext:${salesforceRecordKey(a.external_id)}`;
        const first = ids.get(key) ?? a.external_id;
        ids.set(key, first);
        claim(key, line, 'external_id', first === a.external_id ? `external_id "${first}"` : `external_id "${a.external_id}", the same Salesforce record as "${first}",`);
      }
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

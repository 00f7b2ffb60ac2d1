// A wide sheet: one row per customer, one column per product, each cell saying whether the
// customer holds it ("Yes", "✓", "x", "1", "true") or not ("No", "✗", "0", "false", empty),
// or what they pay ("$1,200", "1.200,00 €", "99/mo"; read as values.ts parseMoney reads any
// file's money, in one currency as validate.ts checks). "x" is how many sheets tick a box, but
// beside ticks or Yes it reads as the cross it is drawn as: such a sheet is refused, not
// guessed. A started_at column dates the row's new holdings. Reshaped here into holdings (one
// per held cell), purely, against the catalog's product names; the writer dates and prices them.
import type { HoldingRow, Lined, Reject } from '../domain/records.ts';
import { nameKey } from '../domain/text.ts';
import type { CsvFile } from './csv.ts';
import { COLUMNS, normalizeHeader } from './kinds.ts';
import { LIMITS } from './schemas.ts';
import { currencyCheck, isCurrencyColumn, mixedDates } from './validate.ts';
import { dateOrderOf, numberStyleOf, parseInstant, parseMoney, parseRecordRef, type DateOrder, type NumberStyle, type Parsed } from './values.ts';

export type CatalogProduct = { name: string; key: string };
export type WideResult = {
  rows: Lined<HoldingRow>[];
  rejects: Reject[];
  /** headers read as products, as the catalog names them */
  products: string[];
  /** headers that name no product of the catalog: reported, their cells unread */
  unknown: string[];
  /** headers known not to be products (the account's other columns): skipped */
  ignored: string[];
};

/** The mark a sheet ticks a box with; what it means is read from the rest of the sheet. */
const X = 'x';
const YES = new Set(['yes', 'y', 'true', '1', '✓', '✔', '✔️', '☑', '☑️', '✅', 'held', 'active', X]);
const NO = new Set(['no', 'n', 'false', '0', '✗', '✘', '❌', '-', '—', 'none']);

export type WideCell = { held: false } | { held: true; cents: number | null };

/**
 * One cell: a mark, or a price written as the file writes numbers (`style`: in a semicolon-
 * delimited file "1.200" is 1200 and "1,200" is refused; see parseMoney).
 */
export function parseWideCell(s: string, style: NumberStyle = { decimalComma: false }): Parsed<WideCell> {
  const t = s.trim().toLowerCase();
  if (t === '' || NO.has(t)) return { ok: true, value: { held: false } };
  if (YES.has(t)) return { ok: true, value: { held: true, cents: null } };
  if (t.length > 40 || !/\d/.test(t)) return { ok: false, error: `"${s.trim().slice(0, 40)}" is neither Yes/No nor a price` };
  const money = parseMoney(t, style);
  return money.ok ? { ok: true, value: { held: true, cents: money.value } } : { ok: false, error: `"${s.trim().slice(0, 40)}" is neither Yes/No nor a price: ${money.error}` };
}

/** A holdings file is wide when it has no product column but its headers name products. */
export function looksWide(file: CsvFile, catalog: readonly CatalogProduct[]): boolean {
  const names = file.header.map(normalizeHeader);
  if (names.includes('product')) return false;
  const keys = new Set(catalog.map((p) => p.key));
  return file.header.some((h) => keys.has(nameKey(h)));
}

export function reshapeWide(file: CsvFile, catalog: readonly CatalogProduct[], known: ReadonlySet<string> = new Set()): WideResult {
  const out: WideResult = { rows: [], rejects: [], products: [], unknown: [], ignored: [] };
  const names = file.header.map(normalizeHeader);
  const accountAt = names.indexOf('account');
  if (accountAt === -1) {
    out.rejects.push({ line: file.headerLine, column: null, reason: `a wide sheet needs a column naming the customer: call it account, or map yours (--map "Company name=account", or --preset)` });
    return out;
  }
  if (names.indexOf('account') !== names.lastIndexOf('account')) {
    out.rejects.push({ line: file.headerLine, column: null, reason: 'the header names account more than once' });
    return out;
  }
  if (names.indexOf('started_at') !== names.lastIndexOf('started_at')) {
    out.rejects.push({ line: file.headerLine, column: null, reason: 'the header names started_at more than once' });
    return out;
  }
  // the day the row's new holdings started; without one they start on the day of the import
  // (never on the account's customer-since: that would invent years of holding for the churn curve)
  const startedAt = names.indexOf('started_at');
  const byKey = new Map(catalog.map((p) => [p.key, p.name]));
  const holdingColumns: readonly string[] = COLUMNS.holdings;
  const productAt: { at: number; name: string; header: string }[] = [];
  const seen = new Map<string, string>();
  file.header.forEach((h, i) => {
    if (i === accountAt || i === startedAt || names[i] === '') return;
    const product = byKey.get(nameKey(h));
    if (product !== undefined) {
      if (seen.has(product)) out.rejects.push({ line: file.headerLine, column: h, reason: `names the product ${product} again (also "${seen.get(product)}")` });
      seen.set(product, h);
      productAt.push({ at: i, name: product, header: h });
    } else if (known.has(names[i]!) || holdingColumns.includes(names[i]!) || isCurrencyColumn(h)) out.ignored.push(h);
    else out.unknown.push(h);
  });
  out.products = productAt.map((p) => p.name);
  if (out.rejects.length) return out;
  if (productAt.length === 0) {
    const catalogList = catalog.slice(0, 12).map((p) => p.name).join(', ');
    out.rejects.push({ line: file.headerLine, column: null, reason: catalog.length ? `no column names a product of the catalog (${catalogList}${catalog.length > 12 ? ', …' : ''})` : 'the workspace has no products yet: import products first' });
    return out;
  }

  const style = numberStyleOf(file);
  // the started_at column's day/month order, from the cells that can only be read one way
  let order: DateOrder | undefined;
  if (startedAt !== -1) {
    const v = dateOrderOf(file.records.map((r) => ({ line: r.line, cell: r.cells[startedAt] ?? '' })));
    if (!v.ok) {
      out.rejects.push(mixedDates(file, file.header[startedAt]!, v.dmy, v.mdy));
      return out;
    }
    order = v.order ?? undefined;
  }
  const currencies = currencyCheck(file, null);
  const firstLine = new Map<string, number>();
  // the first "x" and the first other held mark (Yes, ✓): both in one sheet and "x" is ambiguous
  let firstX: { line: number; column: string } | null = null;
  let firstTick: string | null = null;
  for (const rec of file.records) {
    if (rec.cells.length > file.header.length) {
      out.rejects.push({ line: rec.line, column: null, reason: `has ${rec.cells.length} cells but the header has ${file.header.length} (an unquoted ${file.delimiter === ';' ? 'semicolon' : 'comma'}?)` });
      continue;
    }
    const held: { product: string; cents: number | null }[] = [];
    let bad = false;
    for (const p of productAt) {
      const raw = rec.cells[p.at] ?? '';
      const cell = parseWideCell(raw, style);
      if (cell.ok && cell.value.held && cell.value.cents === null) {
        if (raw.trim().toLowerCase() === X) firstX ??= { line: rec.line, column: p.header };
        else firstTick ??= raw.trim();
      }
      if (!cell.ok) {
        out.rejects.push({ line: rec.line, column: p.header, reason: cell.error });
        bad = true;
      } else if (cell.value.held) held.push({ product: p.name, cents: cell.value.cents });
    }
    const account = parseRecordRef(rec.cells[accountAt] ?? '', LIMITS.name);
    if (!account.ok) {
      out.rejects.push({ line: rec.line, column: 'account', reason: account.error });
      continue;
    }
    if (account.value === '') {
      if (held.length) out.rejects.push({ line: rec.line, column: 'account', reason: 'is required' });
      continue;
    }
    const key = nameKey(account.value) || account.value;
    const first = firstLine.get(key);
    if (first !== undefined) {
      out.rejects.push({ line: rec.line, column: 'account', reason: `the account "${account.value}" is already on line ${first}` });
      continue;
    }
    firstLine.set(key, rec.line);
    let since: Date | null = null;
    const sinceCell = startedAt === -1 ? '' : (rec.cells[startedAt] ?? '').trim();
    if (sinceCell !== '') {
      const d = parseInstant(sinceCell, order);
      if (!d.ok) {
        out.rejects.push({ line: rec.line, column: file.header[startedAt]!, reason: d.error });
        continue;
      }
      since = d.value;
    }
    if (bad) continue;
    currencies.row(rec, productAt.map((p) => rec.cells[p.at] ?? ''));
    for (const h of held) {
      out.rows.push({ line: rec.line, row: { account: account.value, product: h.product, mrr: h.cents, started_at: since, ended_at: null, external_id: null, wide: true } });
    }
  }
  if (firstX && firstTick !== null) {
    out.rejects.push({
      line: firstX.line, column: firstX.column,
      reason: `"x" could mean held or not held: this sheet also marks held products with "${firstTick.slice(0, 12)}". Write Yes or No in place of x`,
    });
  }
  const mixed = currencies.rejects();
  out.rejects.push(...mixed);
  // a problem of the whole sheet (several currencies) leaves no row good
  if (mixed.some((r) => r.line === file.headerLine)) out.rows = [];
  out.rejects.sort((a, b) => a.line - b.line);
  return out;
}

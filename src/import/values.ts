// Parsers for single CSV cells, in the shapes CRM exports use. Each returns a value or a
// reason a person can act on; the zod schemas in schemas.ts wrap them per column.
import { DateTime } from 'luxon';
import { isZeroAmount, parseMrr } from '../domain/money.ts';
import { USER_ID } from '../domain/slack-ids.ts';
import { cleanInput } from '../domain/text.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

/** Stored text: cleanInput keeps mentions, markup, emoji and RTL verbatim; '' means empty. */
export function parseText(s: string, max: number): Parsed<string> {
  const v = cleanInput(s);
  return v.length > max ? fail(`is ${v.length.toLocaleString('en-US')} characters long; the limit is ${max.toLocaleString('en-US')}`) : ok(v);
}

/**
 * "1.23457E+11", "1E+11", "1,23457E+11": what Excel, Sheets and LibreOffice save a long number as
 * in a "General" column. An id that went through one lost its last digits, so no record can be
 * found by it; refused with the way out. Only that shape (one digit, a mantissa, E+): "2E10" is
 * left alone, a product code more likely than a spreadsheet's rewrite.
 */
const SCIENTIFIC = /^\d(?:[.,]\d+)?E\+\d{1,3}$/i;

/** A record id or an account reference (external_id, account): text, but never a spreadsheet's scientific notation. */
export function parseRecordRef(s: string, max: number): Parsed<string> {
  const t = parseText(s, max);
  if (t.ok && SCIENTIFIC.test(t.value)) {
    return fail(`"${t.value}" is a number in scientific notation: a spreadsheet saved the id as a number and cut its digits. Format the column as Text (when opening the original export, or in the CRM's export) and save the file again`);
  }
  return t;
}

const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
/** "13/05/2024", "5.3.2024", "5/3/2024 2:22 PM": a spreadsheet's or CRM report's locale date, day and month in either order. */
const LOCAL_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?(?:m\.?)?)?)?$/i;

/**
 * A date whose month is a word, which no order makes ambiguous: "Mar 15, 2024", "March 15th 2024",
 * "15 Mar 2024", "15-Mar-2024" (a spreadsheet's d-mmm-yyyy), "Fri, 15 Mar 2024", with a time
 * or not ("Mar 15, 2024 2:30 PM", "Mar 15, 2024 at 14:30"). English month names, as CRM
 * exports and US spreadsheets write them. A gate before luxon reads it (bounded, no backtracking).
 */
const NAMED_MONTH_DATE = /^(?:([a-z]{3,9})\.?,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?(?:,\s*|[\s-]+)(\d{4}|\d{2})|([a-z]{3,9})\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|[\s-]+)(\d{4}|\d{2}))(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2}(?::\d{2})?)(?:\s*([ap])\.?(?:m\.?)?)?)?$/i;

/** Which part of a locale date is the day: the first ("13/05/2024", Europe) or the second ("5/13/2024", the US). */
export type DateOrder = 'dmy' | 'mdy';

/**
 * An instant from "2024-03-05", "2024/03/05", "2024-03-05 14:30", "2024-03-05T14:30:00.000Z" or
 * with an offset ("+02:00", "+0200", "+02"). No offset means UTC. A locale date ("05/03/2024",
 * "5.3.2024 14:30") is read in `order`, which the file's column decides (dateOrderOf); without
 * one it is refused: which of day and month a CRM meant cannot be known from one cell.
 */
export function parseInstant(s: string, order?: DateOrder): Parsed<Date> {
  const t = s.trim();
  const m = DATE.exec(t);
  if (!m) return parseLocalDate(t, order);
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  return instant(t, [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec)], Number(frac.padEnd(3, '0').slice(0, 3)), offsetMinutes(zone));
}

function parseLocalDate(t: string, order: DateOrder | undefined): Parsed<Date> {
  const m = LOCAL_DATE.exec(t);
  if (!m) return parseNamedMonthDate(t);
  if (!order) return fail(`"${t}" is ambiguous (day or month first?); use YYYY-MM-DD`);
  const [, a, , b, y, h = '0', mi = '0', sec = '0', half] = m;
  // "24" could be 1924 or 2024: a report that dropped the century is not guessed at
  if (y!.length === 2) return fail(`"${t}" has a two-digit year; write it in full (YYYY)`);
  let hour = Number(h);
  if (half) {
    if (hour < 1 || hour > 12) return fail(`"${t}" is not a real date`);
    hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  }
  const [day, month] = order === 'dmy' ? [a, b] : [b, a];
  return instant(t, [Number(y), Number(month), Number(day), hour, Number(mi), Number(sec)], 0, 0);
}

/** A NAMED_MONTH_DATE, read in UTC as the other dates without an offset are; luxon knows the month and day names. */
function parseNamedMonthDate(t: string): Parsed<Date> {
  const m = t.length <= 64 ? NAMED_MONTH_DATE.exec(t) : null;
  const [, weekday, dayFirst, monthSecond, yearA, monthFirst, daySecond, yearB, hour, minutes, half] = m ?? [];
  // "Sept" is how many write September; luxon's short name is "Sep"
  const month = (monthSecond ?? monthFirst ?? '').replace(/^sept$/i, 'Sep');
  const monthFmt = ['MMM', 'MMMM'].find((f) => DateTime.fromFormat(month, f, { locale: 'en-US' }).isValid);
  if (!m || !monthFmt) return fail(`"${short(t)}" is not a date; use YYYY-MM-DD or ISO 8601`);
  const year = yearA ?? yearB!;
  if (year.length === 2) return fail(`"${t}" has a two-digit year; write it in full (YYYY)`);
  if (half ? Number(hour) < 1 || Number(hour) > 12 : Number(hour) > 23) return fail(`"${t}" is not a real date`);
  const time = hour === undefined ? '' : ` ${hour}:${minutes}${half ? ` ${half}m` : ''}`;
  const fmt = hour === undefined ? '' : ` ${half ? 'h' : 'H'}:mm${minutes!.length > 2 ? ':ss' : ''}${half ? ' a' : ''}`;
  const d = DateTime.fromFormat(`${month} ${dayFirst ?? daySecond} ${year}${time}`, `${monthFmt} d yyyy${fmt}`, { zone: 'utc', locale: 'en-US' });
  // a weekday (whole or cut: "Fri", "Thurs") that is not the date's: not the date the writer meant
  const dayName = weekday?.toLowerCase();
  if (!d.isValid || (dayName && !d.weekdayLong!.toLowerCase().startsWith(dayName))) return fail(`"${short(t)}" is not a real date`);
  if (d.year < 1900 || d.year > 2200) return fail(`"${t}" is outside 1900–2200`);
  return ok(d.toJSDate());
}

function instant(t: string, parts: readonly [number, number, number, number, number, number], ms: number, offset: number): Parsed<Date> {
  const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms);
  const back = new Date(utc);
  // Date.UTC rolls 2024-02-30 over to March: a date that does not round-trip does not exist
  if (back.getUTCFullYear() !== parts[0] || back.getUTCMonth() !== parts[1] - 1 || back.getUTCDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) {
    return fail(`"${t}" is not a real date`);
  }
  if (parts[0] < 1900 || parts[0] > 2200) return fail(`"${t}" is outside 1900–2200`);
  return ok(new Date(utc - offset * 60_000));
}

/** A cell that shows its column's order, and where. */
export type DateWitness = { line: number; cell: string };
export type DateOrderVerdict = { ok: true; order: DateOrder | null } | { ok: false; dmy: DateWitness; mdy: DateWitness };

/**
 * The order of a column's locale dates, from the cells that can only be read one way: a first
 * part over 12 is a day (day first), a second part over 12 is a day (month first). Null when no
 * cell tells; both orders in one column are a contradiction, returned with a cell of each.
 * One pass, so a file is read twice in all: once to decide, once to parse.
 */
export function dateOrderOf(cells: Iterable<DateWitness>): DateOrderVerdict {
  let dmy: DateWitness | null = null;
  let mdy: DateWitness | null = null;
  for (const c of cells) {
    const m = LOCAL_DATE.exec(c.cell.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && a <= 31 && b <= 12) dmy ??= c;
    else if (b > 12 && b <= 31 && a <= 12) mdy ??= c;
    if (dmy && mdy) return { ok: false, dmy, mdy };
  }
  return { ok: true, order: dmy ? 'dmy' : mdy ? 'mdy' : null };
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * How a file writes numbers. A semicolon-delimited file comes from a spreadsheet whose locale
 * writes the comma as the decimal mark (that is why it could not use commas between cells), so
 * there the dot separates thousands: "1.234,56", "1.200". Elsewhere the dot is the decimal mark.
 */
export type NumberStyle = { decimalComma: boolean };
export const numberStyleOf = (file: { delimiter: string }): NumberStyle => ({ decimalComma: file.delimiter === ';' });

/**
 * Monthly value in cents: whatever parseMrr reads ("1,200", "$1.2k", "14,400/yr"), or a plain
 * zero, with the file's decimal mark. A number that can be read one way only is read so in any
 * file: "1.234,56" and "1,234.56" (the last mark is the decimal one), "99,50" (two digits after
 * a comma are cents), "1.234.567" (a mark twice separates thousands), "1 200" and "1'200".
 * One mark followed by three digits is thousands if it is the file's thousands mark, and
 * refused as ambiguous if it is the file's decimal mark: "1.200" in a comma file, "1,200" in a
 * semicolon file (a price has two decimals at most, so the writer surely meant something else).
 */
export function parseMoney(s: string, style: NumberStyle = { decimalComma: false }): Parsed<number> {
  // spaces, no-break spaces and apostrophes between groups of three digits ("1 200", "1'200")
  let ambiguous: string | null = null;
  const p = s.replace(/(\d)[\s'’](?=\d{3}(?!\d))/g, '$1').replace(/\d[\d.,]*\d/g, (n) => {
    const r = plainNumber(n, style);
    if (r === null) ambiguous ??= n;
    return r ?? n;
  });
  if (ambiguous !== null) {
    const [int, frac] = (ambiguous as string).split(',') as [string, string];
    const thousands = `${int}${frac}`.replace(/\B(?=(?:\d{3})+$)/g, '.');
    return fail(`Is "${ambiguous}" ${int}.${frac.replace(/0+$/, '') || '0'} or ${int}${frac}? In a semicolon-delimited file the comma marks decimals: write \`${thousands}\` or \`${int}${frac}\` for thousands`);
  }
  if (isZeroAmount(p)) return ok(0);
  const r = parseMrr(p);
  // parseMrr's advice is written for Slack ("Try `1,200/mo`…"); a file report needs the reason only
  return r.ok ? ok(r.cents) : fail(r.error.replace(/\s*Try `.*$/, '').trim());
}

/**
 * One number's digits and marks as parseMrr reads them (no thousands marks, a dot for
 * decimals); unchanged when it is no number parseMrr should accept (it says why), null when it
 * is "1,200" or "1234,567" in a decimal-comma file, which only a person can settle.
 */
function plainNumber(n: string, style: NumberStyle): string | null {
  const dot = n.lastIndexOf('.');
  const comma = n.lastIndexOf(',');
  if (dot === -1 && comma === -1) return n;
  const groups = (int: string, mark: string) => new RegExp(`^\\d{1,3}(?:\\${mark}\\d{3})*$`).test(int);
  if (dot !== -1 && comma !== -1) {
    const at = Math.max(dot, comma);
    const int = n.slice(0, at);
    const frac = n.slice(at + 1);
    return groups(int, n[at] === '.' ? ',' : '.') && /^\d+$/.test(frac) ? `${int.replace(/[.,]/g, '')}.${frac}` : n;
  }
  const mark = dot !== -1 ? '.' : ',';
  const parts = n.split(mark);
  if (parts.length > 2) return groups(n, mark) ? parts.join('') : n;
  const [int, frac] = parts as [string, string];
  if (frac.length <= 2) return `${int}.${frac}`;
  const thousands = style.decimalComma ? '.' : ',';
  if (frac.length === 3 && mark === thousands) return groups(n, mark) ? int + frac : n;
  // the file's decimal mark before three digits ("1,200", "1234,567" in a semicolon file): a
  // price has two decimals at most, so ask; in a dot file parseMrr asks "1200 or 1.20?"
  if (frac.length === 3 && mark === ',' && int !== '0') return null;
  return mark === ',' ? `${int}.${frac}` : n;
}

/** A Slack user id ("U024BE7LH"), also accepted as a mention ("<@U024BE7LH>"). */
export function parseSlackUser(s: string): Parsed<string> {
  const t = s.trim().replace(/^<@([^>|]+)(?:\|[^>]*)?>$/, '$1').toUpperCase();
  return USER_ID.test(t) ? ok(t) : fail(`"${short(s.trim())}" is not a Slack user id (like U024BE7LH)`);
}

/** An owner: a Slack user id, else a person's name or email that the import matches to a member. */
export function parseOwner(s: string): Parsed<{ slackId: string } | { slackId?: undefined; name: string }> {
  const id = parseSlackUser(s);
  // Slack ids have digits; "Uma" or "Will" (which would pass the id pattern) are names
  if (id.ok && /\d/.test(id.value)) return ok({ slackId: id.value });
  const t = parseText(s, 200);
  return t.ok ? ok({ name: t.value }) : t;
}

export function parseInteger(s: string): Parsed<number> {
  const t = s.trim().replace(/,/g, '');
  if (!/^-?\d+$/.test(t) || Math.abs(Number(t)) > 2_000_000_000) return fail(`"${short(s.trim())}" is not a whole number`);
  return ok(Number(t));
}

/** One of `values`, case-insensitive, also under the other names CRMs use for it. */
export function parseChoice<T extends string>(s: string, values: readonly T[], synonyms: Record<string, T> = {}): Parsed<T> {
  const t = s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  const hit = values.find((v) => v === t) ?? synonyms[t];
  return hit ? ok(hit) : fail(`"${short(s.trim())}" is not one of ${values.join(', ')}`);
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

// Parsers for single CSV cells, in the shapes CRM exports use. Each returns a value or a
// reason a person can act on; the zod schemas in schemas.ts wrap them per column.
import { parseMrr } from '../domain/money.ts';
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

const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An instant from "2024-03-05", "2024/03/05", "2024-03-05 14:30", "2024-03-05T14:30:00.000Z" or
 * with an offset ("+02:00", "+0200", "+02"). No offset means UTC. Day-first and month-first
 * dates ("05/03/2024") are refused: which one a CRM meant cannot be known.
 */
export function parseInstant(s: string): Parsed<Date> {
  const t = s.trim();
  const m = DATE.exec(t);
  if (!m) {
    return fail(/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(t) ? `"${t}" is ambiguous (day or month first?); use YYYY-MM-DD` : `"${short(t)}" is not a date; use YYYY-MM-DD or ISO 8601`);
  }
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec)] as const;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms);
  const back = new Date(utc);
  // Date.UTC rolls 2024-02-30 over to March: a date that does not round-trip does not exist
  if (back.getUTCFullYear() !== parts[0] || back.getUTCMonth() !== parts[1] - 1 || back.getUTCDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) {
    return fail(`"${t}" is not a real date`);
  }
  if (parts[0] < 1900 || parts[0] > 2200) return fail(`"${t}" is outside 1900–2200`);
  return ok(new Date(utc - offsetMinutes(zone) * 60_000));
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** Monthly value in cents: whatever parseMrr reads ("1,200", "$1.2k", "14,400/yr"), or a plain zero. */
export function parseMoney(s: string): Parsed<number> {
  if (/^\s*[$€£¥₹]?\s*0+(?:\.0+)?\s*$/.test(s)) return ok(0);
  const r = parseMrr(s);
  // parseMrr's advice is written for Slack ("Try `1,200/mo`…"); a file report needs the reason only
  return r.ok ? ok(r.cents) : fail(r.error.replace(/\s*Try `.*$/, '').trim());
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

import { truncate } from './text.ts';

// Money is integer cents per month (MRR): hundredths of the workspace's one currency, whatever
// its minor unit (¥1,000 is stored as 100,000 like $1,000, and shown back the same), so
// amounts in different currencies must never meet. A symbol or code typed with a price ($, €,
// £, ¥, ₹, USD, EUR…) is accepted and dropped by parseMrr; currencyOf says which currency it
// named, so a file mixing currencies can be refused. Amounts are shown with "$" unless the
// caller passes another symbol.

export type MoneyParse = { ok: true; cents: number } | { ok: false; error: string };

/** Above this a monthly value is surely a typo ($10,000,000/mo); also keeps within Int4. */
export const MAX_MRR_CENTS = 1_000_000_000;

const EXAMPLE = 'Try `1,200/mo`, `$1.2k`, `900 per month` or `14,400/yr`.';
/**
 * Every symbol and ISO code read inside an amount ("US$5", "€1,200", "1200 EUR"), and the
 * currencies it can be: "$" and "¥" stand for several, so they match any of them. The one
 * table: the pattern that finds a currency in an amount, a price's start, the negative and the
 * zero checks are all made from it. A currency column may hold any code (currencyOfCode).
 */
const CURRENCIES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    ['usd', 'eur', 'gbp', 'cad', 'aud', 'nzd', 'chf', 'jpy', 'cny', 'inr', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf', 'sgd', 'hkd', 'brl', 'mxn', 'zar', 'krw'].map((c) => [c, [c.toUpperCase()]]),
  ),
  'us$': ['USD'], 'ca$': ['CAD'], 'c$': ['CAD'], 'au$': ['AUD'], 'a$': ['AUD'], 'nz$': ['NZD'], 's$': ['SGD'], 'hk$': ['HKD'], 'mx$': ['MXN'], 'r$': ['BRL'],
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'], '€': ['EUR'], '£': ['GBP'], '¥': ['JPY', 'CNY'], '₹': ['INR'], '₩': ['KRW'],
};
// longest first, so "us$" is read before "$"; letters never inside a word: "100EUR" names a
// currency, "europe" does not
const CURRENCY_SOURCE = Object.keys(CURRENCIES)
  .sort((a, b) => b.length - a.length)
  .map((k) => `${/^[a-z]/.test(k) ? '(?<![a-z])' : ''}${k.replace(/\$/g, '\\$')}${/[a-z]$/.test(k) ? '(?![a-z])' : ''}`)
  .join('|');
const CURRENCY = new RegExp(CURRENCY_SOURCE, 'gi');
const NEGATIVE = new RegExp(`[-−–]\\s*(?:${CURRENCY_SOURCE})?\\s*\\d`, 'i');
const YEARLY = /\/\s*(?:yr|year|y|annum)\b|\b(?:per|a|an|each|every)\s+(?:year|annum|yr)\b|\b(?:yearly|annual|annually|arr|p\.?a\.?)(?=\s|$)/g;
const MONTHLY = /\/\s*(?:mo|mon|month|m)\b|\b(?:per|a|an|each|every)\s+(?:month|mo)\b|\b(?:monthly|mrr|pm|p\.m\.)(?=\s|$)/g;
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?\s*(k|m)?$/;

function fail(error: string): MoneyParse {
  return { ok: false, error };
}

/** A currency an amount names: `label` as written ("€", "EUR", "$"), `codes` the ISO codes it can be. */
export type Currency = { label: string; codes: readonly string[] };
export type CurrencyOf = { ok: true; currency: Currency | null } | { ok: false; error: string };

/**
 * The currency a typed amount names by symbol or code ("€1,200", "1200 JPY", "US$5"), null
 * when it names none. Two that cannot be one currency ("€100 USD") are an error.
 */
export function currencyOf(text: string): CurrencyOf {
  let found: Currency | null = null;
  for (const [m] of text.normalize('NFKC').toLowerCase().matchAll(CURRENCY)) {
    const next = { label: m.length > 1 ? m.toUpperCase() : m, codes: CURRENCIES[m]! };
    const both: Currency | null = found && sameCurrency(found, next);
    if (found && !both) return { ok: false, error: `names two currencies (${found.label} and ${next.label})` };
    found = both ?? next;
  }
  return { ok: true, currency: found };
}

/**
 * The one currency two named ones can both be (their codes overlap: "$" and USD are USD),
 * labelled as the narrower was written; null when they cannot be the same ("€" and USD).
 */
export function sameCurrency(a: Currency, b: Currency): Currency | null {
  const codes = a.codes.filter((c) => b.codes.includes(c));
  return codes.length === 0 ? null : { label: a.codes.length <= b.codes.length ? a.label : b.label, codes };
}

/**
 * A currency column's cell ("EUR", "usd", "€"): an ISO code as written, else a symbol's codes;
 * null when empty. Any other text stands for itself, so two different ones still differ.
 */
export function currencyOfCode(cell: string): Currency | null {
  const t = cell.normalize('NFKC').trim();
  if (t === '') return null;
  return { label: t.toUpperCase(), codes: CURRENCIES[t.toLowerCase()] ?? [t.toUpperCase()] };
}

/** "0", "€0", "US$ 0.00", "0 EUR": an amount of nothing, in any currency (parseMrr refuses it as a price). */
export function isZeroAmount(text: string): boolean {
  return /^0+(?:\.0+)?$/.test(text.normalize('NFKC').replace(CURRENCY, ' ').trim());
}

const PRICE_START = new RegExp(`^[-−–+(]?(?:${CURRENCY_SOURCE})?\\d|^[-−–]?(?:${CURRENCY_SOURCE})`, 'i');

export type NamePrice =
  | { name: string; cents: number }
  | { name: string; cents: null; error?: string };

/** The longest price, in words: "usd $ 1.2 k per month" is six. */
export const MAX_PRICE_WORDS = 8;

/**
 * "Reporting Plus 1,200/mo" → the name and the price after it: the name is the words before
 * the first suffix that reads as a price, so names with digits ("Plan 2 900/mo") still work.
 * Only the last MAX_PRICE_WORDS words can start a price (reading every suffix of a long text
 * as a price was quadratic). No price: cents null, with the first price-looking suffix's
 * error when there was one.
 */
export function splitTrailingPrice(text: string): NamePrice {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  let error: string | undefined;
  for (let i = Math.max(1, tokens.length - MAX_PRICE_WORDS); i < tokens.length; i++) {
    if (!PRICE_START.test(tokens[i]!)) continue;
    const money = parseMrr(tokens.slice(i).join(' '));
    if (money.ok) return { name: tokens.slice(0, i).join(' '), cents: money.cents };
    error ??= money.error;
  }
  return error === undefined ? { name: tokens.join(' '), cents: null } : { name: tokens.join(' '), cents: null, error };
}

/**
 * Parse a monthly recurring value typed by a person into integer cents per month.
 * Accepts thousands commas, a dot for decimals, k/m suffixes, currency symbols or codes, and a
 * period: /mo, per month, monthly, mrr (the default) or /yr, per year, annual, arr (divided
 * by 12, rounded to the cent). Rejects empty, non-numeric, negative, zero, more than one
 * number, ambiguous "1.200" and values above MAX_MRR_CENTS, each with a friendly message.
 */
export function parseMrr(text: string): MoneyParse {
  let s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (!s) return fail(`Add a price. ${EXAMPLE}`);
  if (NEGATIVE.test(s) || /^\(.*\)$/.test(s)) return fail(`A price can't be negative. ${EXAMPLE}`);
  const yearly = s.match(YEARLY)?.length ?? 0;
  const monthly = s.match(MONTHLY)?.length ?? 0;
  if (yearly + monthly > 1) return fail(`Give one period: per month or per year. ${EXAMPLE}`);
  const currency = currencyOf(s);
  if (!currency.ok) return fail(`"${truncate(text.trim(), 40)}" ${currency.error}: give one. ${EXAMPLE}`);
  s = s.replace(YEARLY, ' ').replace(MONTHLY, ' ').replace(CURRENCY, ' ').replace(/\s+/g, ' ').trim();
  if (!/\d/.test(s)) return fail(`"${truncate(text.trim(), 40)}" isn't a number I can read. ${EXAMPLE}`);
  if (/\d,\d{1,2}$/.test(s)) return fail(`Use a dot for cents (e.g. \`1200.50\`), commas only between thousands. ${EXAMPLE}`);
  const m = NUMBER.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) {
    return fail(`"${truncate(text.trim(), 40)}" isn't a single price I can read. ${EXAMPLE}`);
  }
  const [, intPart = '0', frac = '', suffix] = m;
  // past 15 digits it is surely a typo: say so without BigInt arithmetic on a 100,000-digit number
  if (intPart.replace(/,/g, '').replace(/^0+/, '').length > 15 || frac.length > 8) {
    return fail(frac.length > 8 ? `A price has at most 2 decimals. ${EXAMPLE}` : `${formatMoney(10 ** 15)} is more than ${formatMoney(MAX_MRR_CENTS)} — check the number. ${EXAMPLE}`);
  }
  if (!suffix && frac.length === 3 && !intPart.includes(',') && intPart !== '0') {
    return fail(`Is "${intPart}.${frac}" ${intPart}${frac} or ${intPart}.${frac.slice(0, 2)}? Write \`${`${intPart}${frac}`.replace(/\B(?=(?:\d{3})+$)/g, ',')}\` or \`${intPart}${frac}\` for thousands.`);
  }
  if (!suffix && frac.length > 2) return fail(`A price has at most 2 decimals. ${EXAMPLE}`);
  // exact integer arithmetic: value = digits / 10^frac × multiplier
  const digits = BigInt(intPart.replace(/,/g, '') + frac);
  const scale = 10n ** BigInt(frac.length);
  const multiplier = suffix === 'k' ? 1_000n : suffix === 'm' ? 1_000_000n : 1n;
  const months = yearly ? 12n : 1n;
  const numerator = digits * multiplier * 100n;
  const denominator = scale * months;
  const cents = (numerator * 2n + denominator) / (denominator * 2n); // round half up
  if (digits === 0n) return fail(`A price must be more than zero. ${EXAMPLE}`);
  if (cents > BigInt(MAX_MRR_CENTS)) {
    return fail(`${formatMoney(Number(cents > 10n ** 15n ? 10n ** 15n : cents))} is more than ${formatMoney(MAX_MRR_CENTS)} — check the number. ${EXAMPLE}`);
  }
  if (cents === 0n) return fail(`That rounds to less than a cent a month. ${EXAMPLE}`);
  return { ok: true, cents: Number(cents) };
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const withCents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * "$1,200/mo"; cents only when there are any ("$1,200.50/mo"); "-$5/mo" for negatives.
 * `symbol` defaults to "$" (see the note at the top); `period: false` drops the "/mo".
 */
export function formatMoney(cents: number, opts: { symbol?: string; period?: boolean } = {}): string {
  const symbol = opts.symbol ?? '$';
  const abs = Math.abs(Math.round(cents));
  const amount = abs % 100 === 0 ? whole.format(abs / 100) : withCents.format(abs / 100);
  return `${cents < 0 ? '-' : ''}${symbol}${amount}${opts.period === false ? '' : '/mo'}`;
}

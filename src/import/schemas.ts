// One zod schema per kind: the cells of a row (strings, '' when empty or the column is
// absent) to a typed row, or issues whose path names the column at fault. Money and dates are
// read as the file writes them (its decimal mark, each date column's day/month order), which
// validate.ts settles from the whole file first, so the schemas are made per file.
import { z } from 'zod';
import { kindOfWord, MAX_OFFER_TITLE } from '../domain/catalog-command.ts';
import { ACCOUNT_NAME_MAX } from '../domain/distinct-names.ts';
import { nameKey } from '../domain/text.ts';
import { ACCOUNT_STATUSES, MEDIUMS, OFFER_KINDS, SENTIMENTS, TOUCH_KINDS } from '../domain/vocabulary.ts';
import type { Kind, RowOf } from '../domain/records.ts';
import { splitAliases } from './aliases.ts';
import { parseChoice, parseInstant, parseInteger, parseMoney, parseOwner, parseRecordRef, parseSlackUser, parseText, type DateOrder, type NumberStyle, type Parsed } from './values.ts';

// a name's limit is the accounts' (a distinct name, domain/distinct-names.ts, is cut to fit it)
export const LIMITS = { name: ACCOUNT_NAME_MAX, segment: 100, externalId: 200, summary: 50_000, nextStep: 2_000 } as const;

/** The columns read as dates, and as money: the ones whose reading depends on the file. */
export const DATE_COLUMNS = ['customer_since', 'churned_at', 'started_at', 'ended_at', 'occurred_at', 'next_step_due'] as const;
export type DateColumn = (typeof DATE_COLUMNS)[number];
export const MONEY_COLUMNS = ['list_mrr', 'mrr'] as const;

/** How one file writes what the schemas read: its numbers, and the day/month order of each date column that has locale dates. */
export type FileReading = NumberStyle & { dateOrder: Partial<Record<DateColumn, DateOrder>> };
export const PLAIN_READING: FileReading = { decimalComma: false, dateOrder: {} };

/** A cell through a parser; an empty cell is null (or an issue when `required`). */
function cell<T>(parse: (s: string) => Parsed<T>, required = false) {
  return z.string().transform((s, ctx): T | null => {
    if (s.trim() === '') {
      if (required) ctx.addIssue({ code: 'custom', message: 'is required' });
      return null;
    }
    const r = parse(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.value;
  });
}

const text = (max: number) => (s: string) => parseText(s, max);
/** An external_id, or an account named by id or name: a spreadsheet's "1.23457E+11" is refused (values.ts). */
const ref = (max: number) => (s: string) => parseRecordRef(s, max);
/** A name must keep a letter or digit once punctuation is folded away, or nothing can match it. */
const name = (s: string): Parsed<string> => {
  const r = parseText(s, LIMITS.name);
  return r.ok && !nameKey(r.value) ? { ok: false, error: `"${r.value}" has no letters or digits` } : r;
};
const nonNull = <T>(v: T | null): T => v as T; // only after cell(…, true), which never yields null unflagged

// CRM words for the three statuses, lifecycle stages included (HubSpot's internal names and
// labels); the HubSpot preset reads its Lifecycle Stage by them too (presets/hubspot.ts)
export const STATUS_SYNONYMS = {
  customer: 'active', live: 'active', evangelist: 'active', lost: 'churned', cancelled: 'churned', canceled: 'churned', churn: 'churned', former: 'churned',
  lead: 'prospect', subscriber: 'prospect', opportunity: 'prospect', marketingqualifiedlead: 'prospect', salesqualifiedlead: 'prospect',
  'marketing qualified lead': 'prospect', 'sales qualified lead': 'prospect', other: 'prospect',
} as const;
const mediumSynonyms = { phone: 'call', 'phone call': 'call', video: 'meeting', zoom: 'meeting', 'e mail': 'email', mail: 'email', slack: 'chat', message: 'chat', onsite: 'visit', 'on site': 'visit', 'in person': 'visit' } as const;
const sentimentSynonyms = { good: 'positive', '+': 'positive', bad: 'negative', '-': 'negative' } as const;

/** "Acme; ACME Corp;" → ["Acme", "ACME Corp"]: split as aliases.ts says ("\;" is a ';' inside one), each checked as a name. */
function parseAliases(s: string): Parsed<string[]> {
  const out: string[] = [];
  for (const part of splitAliases(s)) {
    const r = name(part);
    if (!r.ok) return { ok: false, error: `alias ${r.error}` };
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** "workshop", "Review", "benchmark_report": one of the kinds, by its word or its name. */
function parseOfferKind(s: string): Parsed<(typeof OFFER_KINDS)[number]> {
  const t = s.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const hit = (OFFER_KINDS as readonly string[]).includes(t) ? (t as (typeof OFFER_KINDS)[number]) : kindOfWord(t.replace(/_/g, ' '));
  return hit ? { ok: true, value: hit } : { ok: false, error: `"${s.trim().slice(0, 40)}" is not a kind of give (${OFFER_KINDS.join(', ')})` };
}

/** The five schemas for a file read as `reading` says. */
export function schemasFor(reading: FileReading) {
  const money = (s: string) => parseMoney(s, reading);
  const date = (column: DateColumn) => (s: string) => parseInstant(s, reading.dateOrder[column]);

  const accountSchema = z
    .object({
      name: cell(name, true).transform(nonNull<string>),
      aliases: cell(parseAliases).transform((v) => v ?? []),
      owner: cell(parseOwner),
      segment: cell(text(LIMITS.segment)),
      status: cell((s) => parseChoice(s, ACCOUNT_STATUSES, STATUS_SYNONYMS)),
      external_id: cell(ref(LIMITS.externalId)),
      customer_since: cell(date('customer_since')),
      churned_at: cell(date('churned_at')),
    })
    .superRefine((a, ctx) => {
      if (a.churned_at && a.customer_since && a.churned_at < a.customer_since) ctx.addIssue({ code: 'custom', path: ['churned_at'], message: 'is before customer_since' });
    })
    .transform(({ owner, ...a }) => ({
      ...a,
      // the churn date decides: CRMs leave a lost customer's stage at "Customer" long after they left
      status: a.churned_at ? ('churned' as const) : a.status,
      owner: owner?.slackId ?? null,
      owner_name: owner && 'name' in owner ? owner.name : null,
    }));

  const offerSchema = z
    .object({
      product: cell(text(LIMITS.name), true).transform(nonNull<string>),
      offer: cell(text(MAX_OFFER_TITLE), true).transform(nonNull<string>),
      kind: cell(parseOfferKind),
    });

  const productSchema = z.object({
    name: cell(name, true).transform(nonNull<string>),
    list_mrr: cell(money),
    position: cell(parseInteger),
  });

  const holdingSchema = z
    .object({
      account: cell(ref(LIMITS.name), true).transform(nonNull<string>),
      product: cell(text(LIMITS.name), true).transform(nonNull<string>),
      mrr: cell(money, true).transform(nonNull<number>),
      started_at: cell(date('started_at'), true).transform(nonNull<Date>),
      ended_at: cell(date('ended_at')),
      external_id: cell(ref(LIMITS.externalId)),
    })
    .superRefine((h, ctx) => {
      if (h.ended_at && h.started_at && h.ended_at < h.started_at) ctx.addIssue({ code: 'custom', path: ['ended_at'], message: 'is before started_at' });
    });

  const conversationSchema = z.object({
    account: cell(ref(LIMITS.name), true).transform(nonNull<string>),
    occurred_at: cell(date('occurred_at'), true).transform(nonNull<Date>),
    medium: cell((s) => parseChoice(s, MEDIUMS, mediumSynonyms)).transform((v) => v ?? 'chat'),
    kind: cell((s) => parseChoice(s, TOUCH_KINDS)).transform((v) => v ?? 'neutral'),
    summary: cell(text(LIMITS.summary), true).transform(nonNull<string>),
    sentiment: cell((s) => parseChoice(s, SENTIMENTS, sentimentSynonyms)),
    next_step: cell(text(LIMITS.nextStep)),
    next_step_due: cell(date('next_step_due')),
    member: cell(parseSlackUser),
    external_id: cell(ref(LIMITS.externalId)),
  });

  // each schema yields its kind's plain row (domain/records.ts), which the data layer writes
  return { accounts: accountSchema, products: productSchema, offers: offerSchema, holdings: holdingSchema, conversations: conversationSchema } as const satisfies { [K in Kind]: z.ZodType<RowOf[K]> };
}

/** The schemas for a file with ISO dates and a dot for decimals. */
export const SCHEMAS = schemasFor(PLAIN_READING);

// One zod schema per kind: the cells of a row (strings, '' when empty or the column is
// absent) to a typed row, or issues whose path names the column at fault.
import { z } from 'zod';
import { nameKey } from '../domain/text.ts';
import { ACCOUNT_STATUSES, MEDIUMS, SENTIMENTS, TOUCH_KINDS } from '../domain/vocabulary.ts';
import type { Kind, RowOf } from '../domain/records.ts';
import { parseChoice, parseInstant, parseInteger, parseMoney, parseSlackUser, parseText, type Parsed } from './values.ts';

export const LIMITS = { name: 200, segment: 100, externalId: 200, summary: 50_000, nextStep: 2_000 } as const;

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
/** A name must keep a letter or digit once punctuation is folded away, or nothing can match it. */
const name = (s: string): Parsed<string> => {
  const r = parseText(s, LIMITS.name);
  return r.ok && !nameKey(r.value) ? { ok: false, error: `"${r.value}" has no letters or digits` } : r;
};
const nonNull = <T>(v: T | null): T => v as T; // only after cell(…, true), which never yields null unflagged

const statusSynonyms = { customer: 'active', live: 'active', lost: 'churned', cancelled: 'churned', canceled: 'churned', lead: 'prospect' } as const;
const mediumSynonyms = { phone: 'call', 'phone call': 'call', video: 'meeting', zoom: 'meeting', 'e mail': 'email', mail: 'email', slack: 'chat', message: 'chat', onsite: 'visit', 'on site': 'visit', 'in person': 'visit' } as const;
const sentimentSynonyms = { good: 'positive', '+': 'positive', bad: 'negative', '-': 'negative' } as const;

/** "Acme; ACME Corp;" → ["Acme", "ACME Corp"]: empty entries dropped, each checked as a name. */
function parseAliases(s: string): Parsed<string[]> {
  const out: string[] = [];
  for (const part of s.split(';')) {
    if (part.trim() === '') continue;
    const r = name(part);
    if (!r.ok) return { ok: false, error: `alias ${r.error}` };
    out.push(r.value);
  }
  return { ok: true, value: out };
}

export const accountSchema = z.object({
  name: cell(name, true).transform(nonNull<string>),
  aliases: cell(parseAliases).transform((v) => v ?? []),
  owner: cell(parseSlackUser),
  segment: cell(text(LIMITS.segment)),
  status: cell((s) => parseChoice(s, ACCOUNT_STATUSES, statusSynonyms)),
  external_id: cell(text(LIMITS.externalId)),
});

export const productSchema = z.object({
  name: cell(name, true).transform(nonNull<string>),
  list_mrr: cell(parseMoney),
  position: cell(parseInteger),
});

export const holdingSchema = z
  .object({
    account: cell(text(LIMITS.name), true).transform(nonNull<string>),
    product: cell(text(LIMITS.name), true).transform(nonNull<string>),
    mrr: cell(parseMoney, true).transform(nonNull<number>),
    started_at: cell(parseInstant, true).transform(nonNull<Date>),
    ended_at: cell(parseInstant),
    external_id: cell(text(LIMITS.externalId)),
  })
  .superRefine((h, ctx) => {
    if (h.ended_at && h.started_at && h.ended_at < h.started_at) ctx.addIssue({ code: 'custom', path: ['ended_at'], message: 'is before started_at' });
  });

export const conversationSchema = z.object({
  account: cell(text(LIMITS.name), true).transform(nonNull<string>),
  occurred_at: cell(parseInstant, true).transform(nonNull<Date>),
  medium: cell((s) => parseChoice(s, MEDIUMS, mediumSynonyms)).transform((v) => v ?? 'chat'),
  kind: cell((s) => parseChoice(s, TOUCH_KINDS)).transform((v) => v ?? 'neutral'),
  summary: cell(text(LIMITS.summary), true).transform(nonNull<string>),
  sentiment: cell((s) => parseChoice(s, SENTIMENTS, sentimentSynonyms)),
  next_step: cell(text(LIMITS.nextStep)),
  next_step_due: cell(parseInstant),
  member: cell(parseSlackUser),
  external_id: cell(text(LIMITS.externalId)),
});

// each schema yields its kind's plain row (domain/records.ts), which the data layer writes
export const SCHEMAS = { accounts: accountSchema, products: productSchema, holdings: holdingSchema, conversations: conversationSchema } as const satisfies { [K in Kind]: z.ZodType<RowOf[K]> };

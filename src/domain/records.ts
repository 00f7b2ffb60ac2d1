// The records Tend imports and exports, as plain types: the four kinds, one typed row per
// kind (what a validated CSV row holds), and how an import reports a refused row. Both the
// import pipeline (src/import) and the data layer that writes the rows (src/data/import)
// speak these, so neither depends on the other's types. Also the rule that keys an imported
// conversation, which both the in-file duplicate check and the write use.
import { createHash } from 'node:crypto';
import { nameKey } from './text.ts';
import type { AccountStatus, Medium, OfferKind, Sentiment, TouchKind } from './vocabulary.ts';

export const KINDS = ['accounts', 'products', 'offers', 'holdings', 'conversations'] as const;
export type Kind = (typeof KINDS)[number];

/** `owner` is a Slack user id; `owner_name` an owner given as a name or email, matched to a member by the writer. */
export type AccountRow = {
  name: string; aliases: string[]; owner: string | null; owner_name: string | null; segment: string | null; status: AccountStatus | null;
  external_id: string | null; customer_since: Date | null; churned_at: Date | null;
};
export type ProductRow = { name: string; list_mrr: number | null; position: number | null };
/** A give-first offer on a product; `kind` null when the file gives none (then it is read from the words). */
export type OfferRow = { product: string; offer: string; kind: OfferKind | null };
/**
 * A holding. A wide sheet's cell ("Yes", "$1,200") has no dates: `wide` marks it, its
 * started_at is the account's customer-since (else the import's day) and mrr null means the
 * product's list price; the writer keys it by account and product so re-import is idempotent.
 */
export type HoldingRow = {
  account: string; product: string; mrr: number | null; started_at: Date | null; ended_at: Date | null; external_id: string | null; wide?: boolean;
};
export type ConversationRow = {
  account: string; occurred_at: Date; medium: Medium; kind: TouchKind; summary: string; sentiment: Sentiment | null;
  next_step: string | null; next_step_due: Date | null; member: string | null; external_id: string | null;
};
export type RowOf = { accounts: AccountRow; products: ProductRow; offers: OfferRow; holdings: HoldingRow; conversations: ConversationRow };

/** A row refused, by file line and column (null: the whole row), with the reason a person can act on. */
export type Reject = { line: number; column: string | null; reason: string };
/** A row with the file line it came from. */
export type Lined<T> = { line: number; row: T };
/** What an import did (or would do) to the records of one kind. */
export type Counts = { created: number; updated: number; unchanged: number };

/**
 * What makes re-importing a conversation idempotent: 'import:' + its external_id, or a hash
 * of what it says when the file has none (the same row imported twice is the same touch).
 */
export function conversationSourceKey(c: ConversationRow): string {
  if (c.external_id) return `import:${c.external_id}`;
  const parts = [nameKey(c.account), c.occurred_at.toISOString(), c.medium, c.kind, c.summary, c.sentiment ?? '', c.next_step ?? '', c.next_step_due?.toISOString() ?? '', c.member ?? ''];
  return `import:h${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

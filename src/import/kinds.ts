// The five things Tend imports and exports, and their CSV columns. Import and export share
// this list so a file written by export is always a file import reads.
import { KINDS, type Kind } from '../domain/records.ts';

export const COLUMNS = {
  accounts: ['name', 'aliases', 'owner', 'segment', 'status', 'external_id', 'customer_since', 'churned_at'],
  products: ['name', 'list_mrr', 'position'],
  offers: ['product', 'offer', 'kind'],
  holdings: ['account', 'product', 'mrr', 'started_at', 'ended_at', 'external_id'],
  conversations: ['account', 'occurred_at', 'medium', 'kind', 'summary', 'sentiment', 'next_step', 'next_step_due', 'member', 'external_id'],
} as const satisfies Record<Kind, readonly string[]>;

/**
 * A column an import reads but Tend does not keep, so export never writes it: a holdings file's
 * deal stage, which says whether a row is a holding at all (import/deal-outcome.ts).
 */
export const STAGE_COLUMN = 'stage';
export const IMPORT_ONLY: Readonly<Partial<Record<Kind, readonly string[]>>> = { holdings: [STAGE_COLUMN] };

/** Columns a file must have; the others may be left out. */
export const REQUIRED = {
  accounts: ['name'],
  products: ['name'],
  offers: ['product', 'offer'],
  holdings: ['account', 'product', 'mrr', 'started_at'],
  conversations: ['account', 'occurred_at', 'summary'],
} as const satisfies Record<Kind, readonly string[]>;

export function isKind(s: string): s is Kind {
  return (KINDS as readonly string[]).includes(s);
}

/** "External ID", "external-id" and "EXTERNAL_ID" all name the column external_id. */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

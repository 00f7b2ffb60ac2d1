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

/**
 * Headers a file not written for Tend often gives a required column, by kind and Tend column
 * (normalized, as normalizeHeader writes them). Never applied on their own, only offered as a
 * `--map` when the column is missing: "close_value" is a deal's whole value, and only a person
 * knows whether it is monthly. A yearly amount (ARR) is left out on purpose: read as mrr it
 * would be 12 times too much.
 */
const ACCOUNT_HEADERS = ['account', 'account_name', 'company', 'company_name', 'customer', 'customer_name', 'client', 'client_name', 'organization', 'organisation', 'organization_name'];
const PRODUCT_HEADERS = ['product', 'product_name', 'plan', 'plan_name', 'sku', 'item', 'service'];
export const LIKELY_HEADERS: { readonly [K in Kind]: Readonly<Partial<Record<(typeof REQUIRED)[K][number], readonly string[]>>> } = {
  accounts: { name: ACCOUNT_HEADERS },
  products: { name: PRODUCT_HEADERS },
  offers: { product: PRODUCT_HEADERS, offer: ['title', 'offer_title', 'give', 'description'] },
  holdings: {
    account: [...ACCOUNT_HEADERS, 'account_id', 'customer_id'],
    product: PRODUCT_HEADERS,
    mrr: ['monthly_value', 'monthly_amount', 'monthly_price', 'amount', 'value', 'price', 'close_value', 'deal_value'],
    started_at: ['start_date', 'started', 'start', 'close_date', 'closed_date', 'won_date', 'won_time', 'purchase_date', 'subscription_start'],
  },
  conversations: {
    account: [...ACCOUNT_HEADERS, 'account_id', 'customer_id'],
    occurred_at: ['date', 'activity_date', 'created', 'created_at', 'timestamp', 'time', 'logged_at'],
    summary: ['notes', 'note', 'subject', 'description', 'body', 'comment', 'comments', 'details'],
  },
};

export function isKind(s: string): s is Kind {
  return (KINDS as readonly string[]).includes(s);
}

/** "External ID", "external-id" and "EXTERNAL_ID" all name the column external_id. */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

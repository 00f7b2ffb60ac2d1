// Two CRM records with one name (HubSpot, Salesforce and Pipedrive all allow it; their record
// ids tell them apart) are two accounts, yet reps find accounts by name in Slack, so names stay
// unique: one record keeps the plain name and each other one gets it with its record id,
// "Acme (ID 5014)". The one home of that rule: import/validate.ts asks `twoRecords` which
// same-named rows of a file may both stay, data/import/accounts.ts asks `settleName` who keeps a
// name and gives the others `distinctName`. Deterministic, so importing a file again changes
// nothing: an account keeps the name it has (its record was here first), else the file's first
// row keeps it; a distinct name depends only on the name and the id (a Salesforce id by its 15
// characters, so a report and a Data Loader export of one record give it one name).
import { salesforceRecordKey } from './salesforce-id.ts';
import { truncate } from './text.ts';

/** The longest account name an import reads (import/schemas.ts LIMITS.name); a distinct name stays within it, so an export imports back. */
export const ACCOUNT_NAME_MAX = 200;
/** A longer id is cut in a distinct name: it is there to tell two records apart at a glance. */
const ID_SHOWN = 60;

/** "Acme", "5014" → "Acme (ID 5014)": the name of a record whose plain name another record has. */
export function distinctName(name: string, externalId: string): string {
  const suffix = ` (ID ${truncate(salesforceRecordKey(externalId), ID_SHOWN)})`;
  return truncate(name, ACCOUNT_NAME_MAX - suffix.length) + suffix;
}

/**
 * Two rows of one name in a file are two records when each gives its record id and the ids
 * differ (a Salesforce id's two forms are one record); without ids, or with one id, they are
 * one record written twice, which the file must not do.
 */
export function twoRecords(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && salesforceRecordKey(a) !== salesforceRecordKey(b);
}

/** A row claiming a name: its record id, and the account that id already found (null: none yet). */
export type NameClaim = { line: number; name: string; externalId: string; account: number | null };
/** The account that has the name now, as its name or as an alias. */
export type NameHolder = { id: number; name: string; externalId: string | null; alias: boolean };
/** Who has the name a row did not get: an account, or an earlier row of the file. */
export type HeldBy = { account: string; externalId: string | null; alias: boolean } | { line: number; externalId: string };
/** A row imported under a distinct name, and why. */
export type DistinctName = { line: number; name: string; externalId: string; given: string; heldBy: HeldBy };

/**
 * Which rows claiming one name (in file order, each another record) do not keep it, with their
 * distinct names:
 * - the row whose record is the holder keeps it (the holder's record is the name's);
 * - a holder with no record id (made in Slack, or imported without ids) goes to the first row
 *   that found no account by its id, which links to it as a lone row would;
 * - a holder with another record's id keeps the name: every row gets a distinct one;
 * - no holder: the first row keeps it.
 */
export function settleName(claims: readonly NameClaim[], holder: NameHolder | null): DistinctName[] {
  if (claims.length === 0) return [];
  const keeper = holder
    ? claims.find((c) => c.account === holder.id) ?? (holder.externalId === null ? claims.find((c) => c.account === null) : undefined)
    : claims[0];
  const heldBy: HeldBy = holder && (keeper === undefined || keeper.account === holder.id)
    ? { account: holder.name, externalId: holder.externalId, alias: holder.alias }
    : { line: keeper!.line, externalId: keeper!.externalId };
  return claims.filter((c) => c !== keeper).map((c) => ({ line: c.line, name: c.name, externalId: c.externalId, given: distinctName(c.name, c.externalId), heldBy }));
}

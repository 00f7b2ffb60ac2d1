// Salesforce accounts, as a report (labels: "Account ID", "Account Name", "Account Owner") or
// as Data Loader / Data Export writes them (API names: "Id", "Name", "OwnerId"; Data Loader in
// capitals, "ID", "NAME"; headers are compared without case). Account's standard fields and
// labels: https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-account.html
// (Name "Account Name", Id "Account ID", OwnerId "Owner ID" — reports say "Account Owner",
// Type "Account Type", Industry, Website, CreatedDate "Created Date"). OwnerId is a user id
// (005…), which no Slack member carries: not mapped. Account has no standard "customer since"
// field, so none is mapped. Type ("Account Type") is read as the status where its words say:
// its picklist mixes customers with partners and others (the standard values: Prospect,
// Customer - Direct, Customer - Channel, Channel Partner / Reseller, Installation Partner,
// Technology Partner, Other; older orgs: Analyst, Competitor, Customer, Integrator, Investor,
// Partner, Press, Prospect, Reseller, Other), so only what names a customer, a former one or
// someone who is not one is read (salesforceTypeStatus); a partner's or an org's own value
// leaves the status as it was.
// A report's 15-character ids and the API's 18-character ones name the same accounts: see
// domain/salesforce-id.ts.
import { statusFromWords } from './status-words.ts';
import type { Preset } from './types.ts';

export const salesforce: Preset = {
  label: 'Salesforce accounts',
  accounts: [
    ['Account ID', 'external_id'],
    ['Id', 'external_id'],
    ['Account Name', 'name'],
    ['Name', 'name'],
    ['Account Owner', 'owner'],
    ['Industry', 'segment'],
    ['Account Type', 'status'],
    ['Type', 'status'],
  ],
  // a report of opportunities or assets names the account by "Account ID"/"Account Name", an API export by AccountId
  account: ['Account ID', 'AccountId', 'Account Name', 'Account.Name'],
  known: [
    'Owner ID', 'OwnerId', 'Website', 'Created Date', 'CreatedDate', 'LastModifiedDate', 'Account Number', 'AccountNumber', 'Phone',
    'Billing City', 'BillingCity', 'Billing Country', 'BillingCountry', 'Annual Revenue', 'AnnualRevenue', 'Employees', 'NumberOfEmployees', 'ParentId', 'IsDeleted',
  ],
  values: { status: salesforceTypeStatus },
};

// Types that say the account is not a customer (the older standard picklist's).
const NOT_CUSTOMERS = { prospect: 'prospect', analyst: 'prospect', competitor: 'prospect', investor: 'prospect', press: 'prospect' };

/**
 * An Account Type as a status: "Customer", "Customer - Direct" → active; "Former Customer",
 * "Customer (churned)", "Churned" and the like → churned; Prospect (and "Prospective Customer",
 * "Prospect - Qualified", "Potential Customer", "Not a customer"), Analyst, Competitor, Investor,
 * Press → prospect (not a customer); anything else (partners, resellers, Other, an org's own) →
 * '' (left as it was: a new account is active).
 */
export function salesforceTypeStatus(raw: string): string {
  return statusFromWords(raw, NOT_CUSTOMERS);
}

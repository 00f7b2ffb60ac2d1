// Salesforce accounts, as a report (labels: "Account ID", "Account Name", "Account Owner") or
// as Data Loader / Data Export writes them (API names: "Id", "Name", "OwnerId"; Data Loader in
// capitals, "ID", "NAME"; headers are compared without case). Account's standard fields and
// labels: https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-account.html
// (Name "Account Name", Id "Account ID", OwnerId "Owner ID" — reports say "Account Owner",
// Type "Account Type", Industry, Website, CreatedDate "Created Date"). OwnerId is a user id
// (005…), which no Slack member carries: not mapped. Account has no standard "customer since"
// field, so none is mapped; Type mixes customers and partners, so it is not a status.
// A report's 15-character ids and the API's 18-character ones name the same accounts: see
// domain/salesforce-id.ts.
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
  ],
  // a report of opportunities or assets names the account by "Account ID"/"Account Name", an API export by AccountId
  account: ['Account ID', 'AccountId', 'Account Name', 'Account.Name'],
  known: [
    'Owner ID', 'OwnerId', 'Account Type', 'Type', 'Website', 'Created Date', 'CreatedDate', 'LastModifiedDate', 'Account Number', 'AccountNumber', 'Phone',
    'Billing City', 'BillingCity', 'Billing Country', 'BillingCountry', 'Annual Revenue', 'AnnualRevenue', 'Employees', 'NumberOfEmployees', 'ParentId', 'IsDeleted',
  ],
};

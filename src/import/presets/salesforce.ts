// Salesforce accounts (a report or Data Export of Account): the fields' labels. Account's
// standard fields and labels: https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-account.html
// (Name "Account Name", Id "Account ID", OwnerId "Owner ID" — reports say "Account Owner",
// Type "Account Type", Industry, Website, CreatedDate "Created Date"). Account has no standard
// "customer since" field, so none is mapped; Type mixes customers and partners, so it is not a status.
import type { Preset } from './types.ts';

export const salesforce: Preset = {
  label: 'Salesforce accounts',
  accounts: [
    ['Account ID', 'external_id'],
    ['Account Name', 'name'],
    ['Account Owner', 'owner'],
    ['Industry', 'segment'],
  ],
  account: ['Account ID', 'Account Name'],
  known: ['Owner ID', 'Account Type', 'Type', 'Website', 'Created Date', 'Account Number', 'Phone', 'Billing City', 'Billing Country', 'Annual Revenue', 'Employees'],
};

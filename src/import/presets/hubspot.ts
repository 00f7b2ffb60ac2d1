// HubSpot's companies export (CRM → Companies → Export): its columns are the properties'
// labels, "Record ID" being the company's id. The default company properties behind them
// (name, domain, hubspot_owner_id, lifecyclestage and its stage names, createdate, industry):
// https://developers.hubspot.com/docs/api/crm/companies and
// https://developers.hubspot.com/docs/methods/companies/company-properties-overview
// "Create Date" is when the record was made, often long before anyone bought: not mapped.
// "Became a Customer Date" (hs_lifecyclestage_customer_date) is when they became one.
import type { Preset } from './types.ts';

export const hubspot: Preset = {
  label: 'HubSpot companies',
  accounts: [
    ['Record ID', 'external_id'],
    ['Company name', 'name'],
    ['Company owner', 'owner'],
    ['Lifecycle Stage', 'status'],
    ['Industry', 'segment'],
    ['Became a Customer Date', 'customer_since'],
  ],
  // a sheet keyed by the same export's columns: the record id finds the account first
  account: ['Record ID', 'Company name'],
  known: ['Company Domain Name', 'Create Date', 'Last Activity Date', 'Phone Number', 'City', 'Country/Region', 'Website URL', 'Number of Employees', 'Annual Revenue'],
};

// HubSpot's companies export (CRM → Companies → Export): its columns are the properties'
// labels, "Record ID" being the company's id. The default company properties behind them
// (name, domain, hubspot_owner_id, lifecyclestage and its stage names, createdate, industry):
// https://developers.hubspot.com/docs/api/crm/companies and
// https://developers.hubspot.com/docs/methods/companies/company-properties-overview
// "Create Date" is when the record was made, often long before anyone bought: not mapped.
// "Became a Customer Date" (hs_lifecyclestage_customer_date) is when they became one.
import { STATUS_SYNONYMS } from '../schemas.ts';
import { statusFromWords } from './status-words.ts';
import type { Preset } from './types.ts';

/**
 * A lifecycle stage as a status: HubSpot's default stages
 * (https://knowledge.hubspot.com/records/use-lifecycle-stages) as every status column reads them;
 * an org's own stages by their words ("Former Customer", "Churned" → churned); any other
 * ("Partner") → '' (left as it was): a file is not refused for a stage Tend does not know.
 */
export function hubspotStageStatus(raw: string): string {
  return statusFromWords(raw, STATUS_SYNONYMS);
}

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
  // a deals (or tickets) export names its company in the association columns HubSpot adds
  // (the primary one first); a sheet keyed by the companies export's own columns by its
  // record id first. A deals export's "Record ID" is the deal's: never read as the company.
  account: ['Associated Company IDs (Primary)', 'Associated Company IDs', 'Associated Company (Primary)', 'Associated Company', 'Record ID', 'Company name'],
  ownId: { header: 'Record ID', otherRecords: ['Deal Name', 'Deal Stage', 'Pipeline', 'Ticket name', 'Ticket status'] },
  known: ['Company Domain Name', 'Create Date', 'Last Activity Date', 'Phone Number', 'City', 'Country/Region', 'Website URL', 'Number of Employees', 'Annual Revenue'],
  values: { status: hubspotStageStatus },
};

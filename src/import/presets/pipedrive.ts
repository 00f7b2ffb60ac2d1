// Pipedrive organizations (Contacts → Organizations → Export). The export labels each field
// with its entity, "Organization - ID", "Organization - Name", "Organization - Owner" (a deals
// export: "Deal - Title", "Deal - Value", "Person - Name"…); the same fields appear bare ("ID",
// "Name", "Owner") in a list view copied out or a file tidied by hand, so both are read, the
// labelled one first. The organization's fields (id, name, owner_id, add_time = "Organization
// created"): https://developers.pipedrive.com/docs/api/v1/Organizations and
// https://developers.pipedrive.com/docs/api/v1/OrganizationFields
// "Organization created" is when the record was made, not when they became a customer: not
// mapped. A deal's value and won time are a whole deal's, not a monthly price and a start: not
// mapped either (a holdings file gives mrr and started_at).
import type { Preset } from './types.ts';

const org = (field: string) => [`Organization - ${field}`, field] as const;
const DEAL_FIELDS = ['ID', 'Title', 'Value', 'Currency', 'Status', 'Stage', 'Pipeline', 'Owner', 'Won time', 'Lost time', 'Deal created', 'Expected close date', 'Organization', 'Contact person'];
const PERSON_FIELDS = ['ID', 'Name', 'Email', 'Phone', 'Organization', 'Owner', 'Label'];

export const pipedrive: Preset = {
  label: 'Pipedrive organizations',
  accounts: [
    ...org('ID').map((h) => [h, 'external_id'] as const),
    ...org('Name').map((h) => [h, 'name'] as const),
    ...org('Owner').map((h) => [h, 'owner'] as const),
  ],
  // a holdings or touches sheet from the same export, or from a deals export ("Deal - Organization" is its organization's name)
  account: [...org('ID'), ...org('Name'), 'Deal - Organization'],
  known: [
    ...['Organization created', 'Update time', 'Address', 'Label', 'People', 'Open deals', 'Closed deals', 'Won deals', 'Lost deals', 'Visible to'].flatMap(org),
    ...DEAL_FIELDS.map((f) => `Deal - ${f}`),
    ...PERSON_FIELDS.map((f) => `Person - ${f}`),
  ],
};

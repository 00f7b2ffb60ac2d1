// Pipedrive organizations (Contacts → Organizations → Export): the fields' names as the app
// shows them. The organization's fields (id, name, owner_id, add_time = "Organization created"):
// https://developers.pipedrive.com/docs/api/v1/Organizations and
// https://developers.pipedrive.com/docs/api/v1/OrganizationFields
// "Organization created" is when the record was made, not when they became a customer: not mapped.
import type { Preset } from './types.ts';

export const pipedrive: Preset = {
  label: 'Pipedrive organizations',
  accounts: [
    ['ID', 'external_id'],
    ['Name', 'name'],
    ['Owner', 'owner'],
  ],
  account: ['ID', 'Name'],
  known: ['Organization created', 'Update time', 'Address', 'Label', 'People', 'Open deals', 'Closed deals', 'Won deals', 'Lost deals', 'Visible to'],
};

// A CRM's own words for where an account stands (Salesforce's Account Type, HubSpot's lifecycle
// stage, custom values included) as Tend's status, where the words say: a customer, a former
// one, or someone who is not one. Anything else is '' (left as it was: a new account is active):
// a partner, a reseller or an org's own value says nothing Tend can act on.

/**
 * `notCustomers`: the CRM's standard values (lower case) that name someone who is not a
 * customer; `customers`: those that name one without the word "customer" (HubSpot's evangelist).
 */
export function statusFromWords(raw: string, notCustomers: ReadonlySet<string>, customers: ReadonlySet<string> = new Set()): string {
  const t = raw.trim().toLowerCase().replace(/[\s_]+/g, ' ');
  if (/\b(former|ex|past|lost|churned|cancell?ed)\b/.test(t) && /\bcustomer\b/.test(t)) return 'churned';
  if (t === 'churned') return 'churned';
  // words that deny being a customer win over "customer" ("Customer Prospect" is a prospect)
  if (/\bprospect(s|ive)?\b/.test(t) || /^(potential|future|not an?|non) ?-? ?customer\b/.test(t)) return 'prospect';
  if (/^customer\b/.test(t) || customers.has(t)) return 'active';
  return notCustomers.has(t) ? 'prospect' : '';
}

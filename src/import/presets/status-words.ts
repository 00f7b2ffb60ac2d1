// A CRM's own words for where an account stands (Salesforce's Account Type, HubSpot's lifecycle
// stage, custom values included) as Tend's status, where the words say: a customer, a former
// one, or someone who is not one. Anything else is '' (left as it was: a new account is active):
// a partner, a reseller or an org's own value says nothing Tend can act on.
import { ACCOUNT_STATUSES } from '../../domain/vocabulary.ts';

/**
 * `known`: the CRM's standard values (lower case, words spaced) and the status each names, read
 * first; then words: a former customer (former, ex, lost, churned, cancelled … customer; "past
 * customer"), a prospect however worded (prospective, potential, not a customer), "Customer…".
 */
export function statusFromWords(raw: string, known: Readonly<Record<string, string>>): string {
  const t = raw.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if ((ACCOUNT_STATUSES as readonly string[]).includes(t)) return t;
  const hit = known[t] ?? known[t.replace(/ /g, '')];
  if (hit) return hit;
  if (/\b(former|ex|lost|churned|cancell?ed)\b/.test(t) && /\bcustomers?\b/.test(t)) return 'churned';
  // "past" only as a past customer: "Customer - Past Due" is one still
  if (/\bpast customers?\b/.test(t)) return 'churned';
  // words that deny being a customer win over "customer" ("Customer Prospect" is a prospect)
  if (/\bprospect(s|ive)?\b/.test(t) || /^(potential|future|not an?|non) customers?\b/.test(t)) return 'prospect';
  if (/^customers?\b/.test(t)) return 'active';
  return '';
}

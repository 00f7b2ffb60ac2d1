// Salesforce gives every record a 15-character id, case-sensitive ("001A000001aBcDe"), which
// reports show, and an 18-character one, the same 15 plus three characters that spell out
// which of them are capitals ("001A000001aBcDeIAK"), which the API, Data Loader and Data
// Export write. An import of accounts from a report and holdings from Data Loader must find
// each other, so an external id is compared in both forms.
//
// The rule, for any CRM's id (the importer cannot know where an id came from):
// - 18 letters and digits whose last three are the checksum of the first 15: a Salesforce id;
//   its other form is the first 15.
// - 15 letters and digits: its other form is the 18 with the checksum appended. Any id of 15
//   gets one, but it only ever matches an 18-character id whose checksum is valid for exactly
//   those 15 characters, case and all: ids of another CRM meet that by chance once in 32,768
//   even when their first 15 characters already agree.
// - anything else (an 18 whose checksum fails included): none; it is compared as it is.
// An exact match always wins over the other form (data/import/stage.ts resolveAccounts). Both
// forms of one id share a record key (the 15), so a file naming a record twice is caught.

const ALNUM_15 = /^[A-Za-z0-9]{15}$/;
const ALNUM_18 = /^[A-Za-z0-9]{18}$/;
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The same record's id in its other Salesforce form (15 ↔ 18 characters), or null when the id has none. */
export function salesforceOtherId(id: string): string | null {
  if (ALNUM_15.test(id)) return id + salesforceChecksum(id);
  if (ALNUM_18.test(id) && id.slice(15) === salesforceChecksum(id.slice(0, 15))) return id.slice(0, 15);
  return null;
}

/** One key for both forms of a Salesforce id (its 15 characters); any other id is its own key. */
export function salesforceRecordKey(id: string): string {
  const other = salesforceOtherId(id);
  return other !== null && other.length < id.length ? other : id;
}

/**
 * The three characters Salesforce appends to a 15-character id: for each 5-character chunk, a
 * 5-bit number whose bit i says whether character i is a capital A-Z, read as A-Z then 0-5.
 */
export function salesforceChecksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    out += SUFFIX_CHARS[bits];
  }
  return out;
}

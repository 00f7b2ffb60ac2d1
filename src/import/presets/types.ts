// A CRM's standard export described for the import: which of its columns are which of an
// accounts file's, which name the account in a holdings sheet keyed the same way (the first
// present wins), and the columns it always has that Tend does not read (skipped quietly in
// a wide sheet instead of being taken for products); and, for a column whose words are the
// CRM's own, how they read as Tend's.
export type Preset = {
  label: string;
  accounts: readonly (readonly [header: string, column: string])[];
  account: readonly string[];
  /**
   * The export's own record id ("Record ID"), and the headers that say a file's rows are some
   * other record (a deal): in such a file that id is the other record's, never the account's.
   */
  ownId?: { header: string; otherRecords: readonly string[] };
  known: readonly string[];
  /**
   * By Tend column (of a column the preset mapped, not one `--map` named): a cell's words in
   * Tend's, or '' for a value Tend cannot place, which is then left as it was (empty cell).
   */
  values?: Readonly<Record<string, (raw: string) => string>>;
};

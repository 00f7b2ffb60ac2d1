// A holdings file made from a deals (opportunities) export: only a won deal is something the
// customer holds. A lost deal never was, and an open one is not yet; read as holdings they
// would tell the scan that a customer has a product they turned down. So such rows are left
// out before the rows are read (an open deal often has no close date, which would otherwise
// refuse the whole file), and the import says which stages it left out. Pure.
import type { CsvFile } from './csv.ts';
import { normalizeHeader, STAGE_COLUMN } from './kinds.ts';

// HubSpot "Deal Stage", Salesforce "Stage" (a report) or "StageName" (Data Loader), Pipedrive
// "Deal - Status", and the plain names a spreadsheet gives them
const STAGE_HEADERS = new Set([STAGE_COLUMN, 'deal_stage', 'dealstage', 'stage_name', 'stagename', 'deal_status', 'opportunity_stage']);
// Salesforce's own verdict beside the stage's label (Data Loader's IsWon, a report's "Won")
const WON_FLAG_HEADERS = new Set(['iswon', 'is_won', 'won']);

/** 'not won': a won flag's false, which does not say whether the deal was lost or is still open */
export type DealOutcome = 'won' | 'lost' | 'open' | 'not won';

const LOST_WORDS = /\b(lost|dead|disqualified|deleted|declined|rejected|cancell?ed|abandoned)\b/;

/**
 * A stage's words as the deal's outcome: "Closed Won", "closedwon", "Won" → won; "Closed Lost",
 * "lost", "Deleted", "Disqualified" → lost; any other stage ("Appointment Scheduled",
 * "Negotiation", "open") → open. Null for an empty cell, which says nothing.
 */
export function dealOutcome(raw: string): DealOutcome | null {
  const words = raw.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
  if (words === '') return null;
  const squashed = words.replace(/ /g, '');
  // a lost word wins: "Won't renew", "Closed Lost (won back later?)" are not holdings
  if (LOST_WORDS.test(words) || squashed.includes('closedlost') || /\bwon't\b/.test(words)) return 'lost';
  if (/\bwon\b/.test(words) || squashed.endsWith('closedwon')) return 'won';
  return 'open';
}

const FLAG = new Map<string, DealOutcome>([['true', 'won'], ['yes', 'won'], ['y', 'won'], ['1', 'won'], ['false', 'not won'], ['no', 'not won'], ['n', 'not won'], ['0', 'not won']]);
const flagOf = (cell: string): DealOutcome | null => FLAG.get(cell.trim().toLowerCase()) ?? null;

export type WonDeals = {
  file: CsvFile;
  /** the header of the column read, null when the file has none (or it reads as no deal's stage) */
  header: string | null;
  /** what was left out and why, for the report; null when nothing was */
  note: string | null;
};

/**
 * The file's rows that are holdings: with a won flag (IsWon), the rows it says were won; with a
 * stage column, the rows whose stage is won or empty. A column is a deal's stage only when some
 * cell reads as won or lost: a subscription sheet's "Stage" of "Onboarding" and "Live" says
 * nothing of deals and leaves every row in. The first column that says decides.
 */
export function keepWonDeals(file: CsvFile): WonDeals {
  const names = file.header.map(normalizeHeader);
  const column = (headers: ReadonlySet<string>, read: (cell: string) => DealOutcome | null, decides: (o: DealOutcome | null) => boolean) =>
    names.flatMap((n, at) => {
      if (!headers.has(n)) return [];
      const outcomes = file.records.map((r) => read(r.cells[at] ?? ''));
      return outcomes.some(decides) ? [{ at, outcomes }] : [];
    });
  // Pipedrive has both "Deal - Stage" (the pipeline's steps) and "Deal - Status" (won, lost, open): the one that says wins
  const found = [...column(WON_FLAG_HEADERS, flagOf, (o) => o !== null), ...column(STAGE_HEADERS, dealOutcome, (o) => o === 'won' || o === 'lost')][0];
  if (!found) return { file, header: null, note: null };
  const { at, outcomes } = found;
  const left = new Map<string, { outcome: DealOutcome; n: number }>();
  const records = file.records.filter((r, i) => {
    const o = outcomes[i] ?? null;
    if (o === null || o === 'won') return true;
    const key = (r.cells[at] ?? '').trim();
    const seen = left.get(key) ?? { outcome: o, n: 0 };
    seen.n++;
    left.set(key, seen);
    return false;
  });
  const header = file.header[at]!;
  if (left.size === 0) return { file, header, note: null };
  return { file: { ...file, records }, header, note: leftOutNote(header, file.records.length, left) };
}

/** `"Deal Stage": 3 of 10 rows left out, deals not won: "Closed Lost" (2, lost), "Qualified" (1, open). Only a won deal is a holding.` */
function leftOutNote(header: string, total: number, left: ReadonlyMap<string, { outcome: DealOutcome; n: number }>): string {
  const all = [...left].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  const n = all.reduce((s, [, v]) => s + v.n, 0);
  const shown = all.slice(0, 8).map(([raw, v]) => `"${raw.length > 40 ? `${raw.slice(0, 39)}…` : raw}" (${v.n.toLocaleString('en-US')}, ${v.outcome})`).join(', ');
  const more = all.length > 8 ? `, … (${all.length} values in all)` : '';
  return `"${header}": ${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows left out, deals not won: ${shown}${more}. Only a won deal is a holding.`;
}

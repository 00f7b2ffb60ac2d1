// A holdings file made from a deals (opportunities) export: only a won deal is something the
// customer holds. A lost deal never was, and an open one is not yet; read as holdings they
// would tell the scan that a customer has a product they turned down. So such rows are left
// out before the rows are read (an open deal often has no close date, which would otherwise
// refuse the whole file), and the import says which stages it left out. A stage Tend cannot
// place (an org's own "Contract Signed") refuses the file: dropped, a won deal would be lost
// quietly; kept, an open one would become a holding. Pure.
import type { Reject } from '../domain/records.ts';
import { truncate } from '../domain/text.ts';
import type { CsvFile } from './csv.ts';
import { normalizeHeader, STAGE_COLUMN } from './kinds.ts';
import { mostFirst } from './report.ts';

// The columns that say a deal's outcome, most telling first: Salesforce's own verdict (Data
// Loader's IsWon, a report's "Won"), Pipedrive's "Deal - Status" (its "Deal - Stage" is only
// the pipeline's step), then a stage named as a deal's (HubSpot "Deal Stage", Salesforce
// "StageName"), then a bare "Stage" (a Salesforce report's, or any column --map names stage),
// which must show it is a deal's before it is read so.
const WON_FLAG_HEADERS = new Set(['iswon', 'is_won', 'won']);
const STATUS_HEADERS = new Set(['deal_status', 'opportunity_status']);
const DEAL_STAGE_HEADERS = new Set(['deal_stage', 'dealstage', 'stage_name', 'stagename', 'opportunity_stage']);
const BARE_STAGE_HEADERS = new Set([STAGE_COLUMN]);

/** 'not won': a won flag's false, which does not say whether the deal was lost or is still open; 'unknown': a stage Tend cannot place. */
export type DealOutcome = 'won' | 'lost' | 'open' | 'not won' | 'unknown';

// the lost words of the CRMs (Pipedrive's "deleted" too) and of sheets; "won't" is no win
const LOST_WORDS = /\b(lost|dead|disqualified|deleted|declined|rejected|cancell?ed|abandoned|won't)\b/;
// the default open stages: HubSpot's sales pipeline (labels and internal names), Salesforce's
// opportunity stages, Pipedrive's status, and plain words; an org's own stages are not guessed at
const OPEN_STAGES = new Set([
  'open', 'appointment scheduled', 'qualified to buy', 'presentation scheduled', 'decision maker bought in', 'contract sent',
  'prospecting', 'qualification', 'needs analysis', 'value proposition', 'id decision makers', 'perception analysis', 'proposal price quote', 'negotiation review',
  'engaging', 'in progress', 'pending', 'new', 'qualified', 'negotiation', 'proposal', 'discovery',
]);
const OPEN_SQUASHED = new Set([...OPEN_STAGES].map((s) => s.replace(/ /g, '')));

/**
 * A stage's words as the deal's outcome: "Closed Won", "closedwon", "Won" → won; "Closed Lost",
 * "lost", "Deleted", "Disqualified", "Won't renew" → lost; a default open stage ("Appointment
 * Scheduled", "Negotiation/Review", "open") → open; anything else → unknown. Null for an empty cell.
 */
export function dealOutcome(raw: string): DealOutcome | null {
  const words = raw.toLowerCase().replace(/[’ʼ‘`]/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
  if (words === '') return null;
  const squashed = words.replace(/[ ']/g, '');
  // a lost word wins: "Closed Won - lost to a competitor" is no holding
  if (LOST_WORDS.test(words) || squashed.includes('closedlost')) return 'lost';
  if (/\bwon\b/.test(words) || squashed.endsWith('closedwon')) return 'won';
  if (OPEN_STAGES.has(words) || OPEN_SQUASHED.has(squashed)) return 'open';
  return 'unknown';
}

const FLAG = new Map<string, DealOutcome>([['true', 'won'], ['yes', 'won'], ['y', 'won'], ['1', 'won'], ['false', 'not won'], ['no', 'not won'], ['n', 'not won'], ['0', 'not won']]);
const flagOf = (cell: string): DealOutcome | null => FLAG.get(cell.trim().toLowerCase()) ?? (cell.trim() === '' ? null : 'unknown');

export type WonDeals =
  | {
      ok: true;
      file: CsvFile;
      /** the header of the column read, null when the file has none (or none reads as a deal's) */
      header: string | null;
      /** what was left out and why, for the report; null when nothing was */
      note: string | null;
    }
  | { ok: false; reject: Reject };

/**
 * The file's rows that are holdings: those the first column that says a deal's outcome calls
 * won (an empty cell says nothing and keeps its row). A bare "Stage" is a deal's only when a
 * cell of it reads as won, lost (the word) or a default open stage: a subscription sheet's
 * "Onboarding", "Live" and "Cancelled" say nothing of deals and leave every row in.
 */
export function keepWonDeals(file: CsvFile): WonDeals {
  const names = file.header.map(normalizeHeader);
  const columns = (headers: ReadonlySet<string>, read: (cell: string) => DealOutcome | null, says: (o: DealOutcome | null, cell: string) => boolean) =>
    names.flatMap((n, at) => {
      if (!headers.has(n)) return [];
      const outcomes = file.records.map((r) => read(r.cells[at] ?? ''));
      return outcomes.some((o, i) => says(o, file.records[i]!.cells[at] ?? '')) ? [{ at, outcomes }] : [];
    });
  const found = [
    ...columns(WON_FLAG_HEADERS, flagOf, (o) => o === 'won' || o === 'not won'),
    ...columns(STATUS_HEADERS, dealOutcome, (o) => o !== null),
    ...columns(DEAL_STAGE_HEADERS, dealOutcome, (o) => o !== null),
    // a subscription is "Cancelled" too: only a deal is "lost"
    ...columns(BARE_STAGE_HEADERS, dealOutcome, (o, cell) => o === 'won' || o === 'open' || (o === 'lost' && /lost/i.test(cell))),
  ][0];
  if (!found) return { ok: true, file, header: null, note: null };
  const { at, outcomes } = found;
  const header = file.header[at]!;

  const left = new Map<string, { outcome: DealOutcome; n: number; lines: number[] }>();
  const records = file.records.filter((r, i) => {
    const o = outcomes[i] ?? null;
    if (o === null || o === 'won') return true;
    const key = (r.cells[at] ?? '').trim();
    const seen = left.get(key) ?? { outcome: o, n: 0, lines: [] };
    seen.n++;
    if (seen.lines.length < 3) seen.lines.push(r.line);
    left.set(key, seen);
    return false;
  });
  const unknown = [...left].filter(([, v]) => v.outcome === 'unknown');
  if (unknown.length) {
    const listed = mostFirst(unknown, (raw, v) => `"${truncate(raw, 40)}" (${v.n === 1 ? 'line' : 'lines'} ${v.lines.join(', ')}${v.n > v.lines.length ? ` and ${(v.n - v.lines.length).toLocaleString('en-US')} more` : ''})`);
    return {
      ok: false,
      reject: {
        line: file.headerLine, column: header,
        reason: `has deal stages Tend cannot tell won from open: ${listed}. Only a won deal is a holding: export only the won deals, or write Won or Lost in their place`,
      },
    };
  }
  if (left.size === 0) return { ok: true, file, header, note: null };
  const n = file.records.length - records.length;
  const shown = mostFirst(left, (raw, v) => `"${truncate(raw, 40)}" (${v.n.toLocaleString('en-US')}, ${v.outcome})`);
  return {
    ok: true, file: { ...file, records }, header,
    note: `"${header}": ${n.toLocaleString('en-US')} of ${file.records.length.toLocaleString('en-US')} rows left out, deals not won: ${shown}. Only a won deal is a holding.`,
  };
}


// A holdings file made from a deals (opportunities) export: only a won deal is something the
// customer holds. A lost deal never was, and an open one is not yet; read as holdings they
// would tell the scan that a customer has a product they turned down. So such rows are left
// out before the rows are read (an open deal often has no close date, which would otherwise
// refuse the whole file), and the import says which stages it left out. A stage Tend cannot
// place (an org's own "Contract Signed") refuses the file: dropped, a won deal would be lost
// quietly; kept, an open one would become a holding. Pure.
import type { Reject } from '../domain/records.ts';
import { truncate } from '../domain/text.ts';
import type { CsvFile, CsvRecord } from './csv.ts';
import { normalizeHeader, STAGE_COLUMN } from './kinds.ts';
import { mostFirst } from './report.ts';

// The columns that say a deal's outcome, most telling first: Salesforce's own verdict (Data
// Loader's IsWon, a report's "Won"), Pipedrive's "Deal - Status", else its "Deal - Won time" and
// "Deal - Lost time" (filled when a deal is marked won or lost), then a stage named as a deal's
// (HubSpot "Deal Stage", Salesforce "StageName"), then a bare "Stage" (a Salesforce report's, or
// any column --map names stage), which must show it is a deal's before it is read so.
// Pipedrive's "Deal - Stage" is never read: it is only the pipeline's step ("Qualified"), the
// same for a deal won there as for one still open.
const WON_FLAG_HEADERS = new Set(['iswon', 'is_won', 'won']);
const STATUS_HEADERS = new Set(['deal_status', 'opportunity_status']);
const WON_TIME_HEADER = 'deal_won_time';
const LOST_TIME_HEADER = 'deal_lost_time';
const DEAL_STAGE_HEADERS = new Set(['deal_stage', 'dealstage', 'stage_name', 'stagename', 'opportunity_stage']);
const BARE_STAGE_HEADERS = new Set([STAGE_COLUMN]);
/** Pipedrive's label, "Deal - Stage", which normalizes like HubSpot's "Deal Stage"; told apart by its " - ". */
const PIPEDRIVE_STAGE = /^deal\s+-\s+stage$/i;

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
      /** the header of the column that decided, null when the file has none (or none reads as a deal's) */
      header: string | null;
      /** the headers (as the file maps them) of every column read for it: not skipped, not a product */
      read: string[];
      /** what was left out or kept unsure and why, for the report; null when there is nothing to say */
      note: string | null;
    }
  | { ok: false; reject: Reject };

/** Where a row's outcome is read: the column named in the report, the columns read, each row's outcome. */
type Source = { header: string; read: string[]; outcomes: (DealOutcome | null)[]; key: (r: CsvRecord) => string; times: boolean };

/**
 * The file's rows that are holdings: those the first column that says a deal's outcome calls
 * won (an empty cell says nothing and keeps its row). A bare "Stage" is a deal's only when a
 * cell of it reads as won, lost (the word) or a default open stage: a subscription sheet's
 * "Onboarding", "Live" and "Cancelled" say nothing of deals and leave every row in. `own`: the
 * file's headers before --map renamed them ("Deal - Won time" mapped to started_at is still
 * Pipedrive's won time).
 */
export function keepWonDeals(file: CsvFile, own: readonly string[] = file.header): WonDeals {
  const names = file.header.map(normalizeHeader);
  const columns = (headers: ReadonlySet<string>, read: (cell: string) => DealOutcome | null, says: (o: DealOutcome | null, cell: string) => boolean): Source[] =>
    names.flatMap((n, at) => {
      if (!headers.has(n) || PIPEDRIVE_STAGE.test(file.header[at]!.trim())) return [];
      const outcomes = file.records.map((r) => read(r.cells[at] ?? ''));
      if (!outcomes.some((o, i) => says(o, file.records[i]!.cells[at] ?? ''))) return [];
      return [{ header: file.header[at]!, read: [file.header[at]!], outcomes, key: (r: CsvRecord) => (r.cells[at] ?? '').trim(), times: false }];
    });
  const found = [
    ...columns(WON_FLAG_HEADERS, flagOf, (o) => o === 'won' || o === 'not won'),
    ...columns(STATUS_HEADERS, dealOutcome, (o) => o !== null),
    ...pipedriveTimes(file, own),
    ...columns(DEAL_STAGE_HEADERS, dealOutcome, (o) => o !== null),
    // a subscription is "Cancelled" too: only a deal is "lost"
    ...columns(BARE_STAGE_HEADERS, dealOutcome, (o, cell) => o === 'won' || o === 'open' || (o === 'lost' && /lost/i.test(cell))),
  ][0];
  if (!found) {
    const step = file.header.find((h) => PIPEDRIVE_STAGE.test(h.trim()));
    const note = step && file.records.length
      ? `"${step}" is Pipedrive's pipeline step, not whether a deal was won: every row was read as a won deal. To leave out lost and open deals, export "Deal - Status" (or "Deal - Won time") with them.`
      : null;
    return { ok: true, file, header: null, read: [], note };
  }
  const { header, outcomes } = found;

  const left = new Map<string, { outcome: DealOutcome; n: number; lines: number[] }>();
  const unsure = { n: 0, lines: [] as number[] };
  const records = file.records.filter((r, i) => {
    const o = outcomes[i] ?? null;
    if (o === null && found.times && unsure.n++ < 3) unsure.lines.push(r.line);
    if (o === null || o === 'won') return true;
    const key = found.key(r);
    const seen = left.get(key) ?? { outcome: o, n: 0, lines: [] };
    seen.n++;
    if (seen.lines.length < 3) seen.lines.push(r.line);
    left.set(key, seen);
    return false;
  });
  const unknown = [...left].filter(([, v]) => v.outcome === 'unknown');
  if (unknown.length) {
    const listed = mostFirst(unknown, (raw, v) => `"${truncate(raw, 40)}" (${linesOf(v)})`);
    return {
      ok: false,
      reject: {
        line: file.headerLine, column: header,
        reason: `has deal stages Tend cannot tell won from open: ${listed}. Only a won deal is a holding: export only the won deals, or write Won or Lost in their place`,
      },
    };
  }
  const n = file.records.length - records.length;
  const of = `of ${file.records.length.toLocaleString('en-US')} rows`;
  const notes: string[] = [];
  if (left.size && found.times) notes.push(`"${[...left.keys()][0]}": ${n.toLocaleString('en-US')} ${of} left out, deals lost (a lost time, no won time). Only a won deal is a holding.`);
  else if (left.size) notes.push(`"${header}": ${n.toLocaleString('en-US')} ${of} left out, deals not won: ${mostFirst(left, (raw, v) => `"${truncate(raw, 40)}" (${v.n.toLocaleString('en-US')}, ${v.outcome})`)}. Only a won deal is a holding.`);
  if (unsure.n) {
    notes.push(`${unsure.n.toLocaleString('en-US')} ${of} have neither a won nor a lost time and were kept as won deals (${linesOf(unsure)}); Pipedrive's "Deal - Stage" is only the pipeline's step. To leave out open deals, export "Deal - Status" with them.`);
  }
  return { ok: true, file: { ...file, records }, header, read: found.read, note: notes.length ? notes.join(' ') : null };
}

/**
 * Pipedrive's won and lost times, read when its export has no "Deal - Status": a won time says
 * won (whatever else is filled), else a lost time says lost, else nothing (the row is kept).
 * None when neither column has a time in it.
 */
function pipedriveTimes(file: CsvFile, own: readonly string[]): Source[] {
  const ownNames = own.map(normalizeHeader);
  const won = ownNames.indexOf(WON_TIME_HEADER);
  const lost = ownNames.indexOf(LOST_TIME_HEADER);
  const filled = (r: CsvRecord, at: number) => at !== -1 && (r.cells[at] ?? '').trim() !== '';
  const outcomes = file.records.map((r): DealOutcome | null => (filled(r, won) ? 'won' : filled(r, lost) ? 'lost' : null));
  if (!outcomes.some((o) => o !== null)) return [];
  const read = [won, lost].filter((at) => at !== -1).map((at) => file.header[at]!);
  // only a lost time leaves a row out: its rows are keyed by that column, which the report names
  return [{ header: own[won === -1 ? lost : won]!, read, outcomes, key: () => own[lost]!, times: true }];
}

const linesOf = (v: { n: number; lines: number[] }) =>
  `${v.n === 1 ? 'line' : 'lines'} ${v.lines.join(', ')}${v.n > v.lines.length ? ` and ${(v.n - v.lines.length).toLocaleString('en-US')} more` : ''}`;

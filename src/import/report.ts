// What the CLI prints: the rejected rows (capped, so a bad 100,000-row file stays readable)
// and what an import did or would do, the accounts it named apart included.
import type { DistinctName, HeldBy } from '../domain/distinct-names.ts';
import type { Counts, Reject } from '../domain/records.ts';
import { plural } from '../domain/words.ts';

export const REPORT_CAP = 50;

/**
 * A note's list of a column's values with their counts: most first (then by value), at most
 * `max`, each said by `say`, and how many there were when some are left out.
 */
export function mostFirst<V extends { n: number }>(entries: Iterable<readonly [string, V]>, say: (raw: string, v: V) => string, max = 8): string {
  const sorted = [...entries].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  return sorted.slice(0, max).map(([raw, v]) => say(raw, v)).join(', ') + (sorted.length > max ? `, … (${sorted.length} values in all)` : '');
}

export function formatRejects(file: string, rejects: Reject[], total: number, cap = REPORT_CAP): string {
  const lines = new Set(rejects.map((r) => r.line)).size;
  const out = [`${file}: ${lines.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows rejected; nothing was imported.`];
  for (const r of rejects.slice(0, cap)) out.push(`  line ${r.line}${r.column ? `, ${r.column}` : ''}: ${oneLine(r.reason)}`);
  if (rejects.length > cap) out.push(`  … and ${(rejects.length - cap).toLocaleString('en-US')} more problems`);
  out.push('Fix these rows and run the import again.');
  return out.join('\n');
}

export function formatSummary(kind: string, c: Counts, opts: { dryRun: boolean; ms?: number; members?: number }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const verb = opts.dryRun ? 'Dry run, nothing written: would create' : 'Created';
  let s = `${verb} ${n(c.created)} ${kind}, ${opts.dryRun ? 'update' : 'updated'} ${n(c.updated)}, ${n(c.unchanged)} unchanged`;
  if (opts.members) s += `; ${n(opts.members)} new member${opts.members === 1 ? '' : 's'}`;
  const rows = c.created + c.updated + c.unchanged;
  if (opts.ms !== undefined && !opts.dryRun) s += ` in ${(opts.ms / 1000).toFixed(2)} s (${n(Math.round(rows / Math.max(opts.ms / 1000, 0.001)))} rows/s)`;
  return `${s}.`;
}

/**
 * What the import did to nudges not yet acted on (queued or open), so whoever ran it knows
 * why reps' messages change; nothing when it touched none. Posted ones are edited by the
 * minute sweep.
 */
export function formatNudgeChanges(retired: number, moved: number): string[] {
  const out: string[] = [];
  if (retired > 0) out.push(`Retired ${plural(retired, 'nudge')} the import answered or gave another owner (those posted in Slack are edited within a minute).`);
  if (moved > 0) out.push(`Gave ${plural(moved, 'waiting nudge')} to their account's new owner.`);
  return out;
}

/**
 * The accounts imported under a distinct name because another record has their name
 * (domain/distinct-names.ts), each with the record that kept it, so whoever ran the import can
 * rename or merge them in the CRM; nothing when there are none. Listed on every import while
 * the names clash in the CRM, capped as the rejects are.
 */
export function formatDistinctNames(distinct: readonly DistinctName[], opts: { dryRun: boolean }, cap = REPORT_CAP): string[] {
  if (distinct.length === 0) return [];
  const n = distinct.length;
  const out = [
    `${plural(n, 'account')} ${opts.dryRun ? 'would be' : n === 1 ? 'is' : 'are'} named apart with ${n === 1 ? 'its' : 'their'} record id, as another record has ${n === 1 ? 'its' : 'their'} name (names stay unique, so /log finds one account by name); to drop the id, rename or merge the records in your CRM and import again:`,
  ];
  for (const d of distinct.slice(0, cap)) out.push(`  line ${d.line}: "${oneLine(d.name)}" (external_id ${d.externalId}) → "${oneLine(d.given)}"; ${heldBy(d.name, d.heldBy)}`);
  if (n > cap) out.push(`  … and ${(n - cap).toLocaleString('en-US')} more`);
  return out;
}

function heldBy(name: string, h: HeldBy): string {
  const id = (ext: string | null) => (ext === null ? 'no external_id' : `external_id ${ext}`);
  if ('line' in h) return `the name stays with line ${h.line} (${id(h.externalId)})`;
  if (h.alias) return `"${oneLine(name)}" is an alias of the account "${oneLine(h.account)}" (${id(h.externalId)})`;
  return `the name stays with the account "${oneLine(h.account)}" (${id(h.externalId)})`;
}

/** A reason quoting a cell may hold newlines; the report keeps one problem per line. */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ⏎ ');
}

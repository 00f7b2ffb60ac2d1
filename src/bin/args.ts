// The command lines of `npm run import` and `npm run export`, parsed into requests or a
// usage message. Pure, so every wrong invocation is table-tested.
import { KINDS, type Kind } from '../domain/records.ts';
import { isKind } from '../import/kinds.ts';

export type ImportArgs = { kind: Kind; file: string; team?: string; dryRun: boolean };
export type ExportArgs = { kind: Kind; file?: string; team?: string };
export type Args<T> = { ok: true; args: T } | { ok: false; error: string };

export const IMPORT_USAGE = `usage: npm run import -- <${KINDS.join('|')}> <file.csv> [--team T…] [--dry-run]`;
export const EXPORT_USAGE = `usage: npm run export -- <${KINDS.join('|')}> [file.csv] [--team T…]`;

type Split = { positional: string[]; team?: string; dryRun: boolean; unknown: string[] };

function split(argv: readonly string[]): Split | string {
  const out: Split = { positional: [], dryRun: false, unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') out.dryRun = true;
    else if (a === '--team' || a.startsWith('--team=')) {
      const v = a === '--team' ? argv[++i] : a.slice('--team='.length);
      if (!v || !/^T[A-Z0-9]{2,}$/.test(v)) return `--team needs a Slack team id like T024BE7LD${v ? ` (got "${v}")` : ''}`;
      out.team = v;
    } else if (a.startsWith('--')) out.unknown.push(a);
    else out.positional.push(a);
  }
  return out;
}

export function parseImportArgs(argv: readonly string[]): Args<ImportArgs> {
  const s = split(argv);
  if (typeof s === 'string') return { ok: false, error: `${s}\n${IMPORT_USAGE}` };
  if (s.unknown.length) return { ok: false, error: `unknown option ${s.unknown.join(', ')}\n${IMPORT_USAGE}` };
  const [kind, file, ...rest] = s.positional;
  if (!kind || !isKind(kind)) return { ok: false, error: `${kind ? `"${kind}" is not something Tend imports` : 'what to import?'}\n${IMPORT_USAGE}` };
  if (!file) return { ok: false, error: `which file?\n${IMPORT_USAGE}` };
  if (rest.length) return { ok: false, error: `one file at a time (got also ${rest.join(', ')})\n${IMPORT_USAGE}` };
  return { ok: true, args: { kind, file, team: s.team, dryRun: s.dryRun } };
}

export function parseExportArgs(argv: readonly string[]): Args<ExportArgs> {
  const s = split(argv);
  if (typeof s === 'string') return { ok: false, error: `${s}\n${EXPORT_USAGE}` };
  if (s.unknown.length || s.dryRun) return { ok: false, error: `unknown option ${[...s.unknown, ...(s.dryRun ? ['--dry-run'] : [])].join(', ')}\n${EXPORT_USAGE}` };
  const [kind, file, ...rest] = s.positional;
  if (!kind || !isKind(kind)) return { ok: false, error: `${kind ? `"${kind}" is not something Tend exports` : 'what to export?'}\n${EXPORT_USAGE}` };
  if (rest.length) return { ok: false, error: `one file at a time (got also ${rest.join(', ')})\n${EXPORT_USAGE}` };
  return { ok: true, args: { kind, file: file === '-' ? undefined : file, team: s.team } };
}

// The command lines of `npm run import` and `npm run export`, parsed into requests or a
// usage message. Pure, so every wrong invocation is table-tested.
import { KINDS, type Kind } from '../domain/records.ts';
import { isTeamArg } from '../domain/slack-ids.ts';
import { isKind } from '../import/kinds.ts';
import { isPresetName, PRESETS, type PresetName } from '../import/presets/index.ts';

export type ImportArgs = {
  kind: Kind; file: string; team?: string; dryRun: boolean;
  /** column mapping: --map's text, a --map-file path, a --preset name; --wide for a sheet with a column per product */
  map?: string; mapFile?: string; preset?: PresetName; wide?: boolean;
};
export type ExportArgs = { kind: Kind | 'whitespace'; file?: string; team?: string };
export type Args<T> = { ok: true; args: T } | { ok: false; error: string };

export const IMPORT_USAGE = `usage: npm run import -- <${KINDS.join('|')}> <file.csv> [--team T…] [--dry-run] [--preset ${Object.keys(PRESETS).join('|')}] [--map 'Their column=column,…' | --map-file mapping.json] [--wide]`;
export const EXPORT_USAGE = `usage: npm run -s export -- <${KINDS.join('|')}|whitespace> [file.csv] [--team T…]`;

/** `--help` or `-h` anywhere: the usage, and nothing else done. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

type Split = { positional: string[]; team?: string; dryRun: boolean; unknown: string[] };

function split(argv: readonly string[]): Split | string {
  const out: Split = { positional: [], dryRun: false, unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') out.dryRun = true;
    else if (a === '--team' || a.startsWith('--team=')) {
      const v = a === '--team' ? argv[++i] : a.slice('--team='.length);
      if (!v || !isTeamArg(v)) return `--team needs a Slack team id like T024BE7LD${v ? ` (got "${v}")` : ''}`;
      out.team = v;
    } else if (a.startsWith('--')) out.unknown.push(a);
    else out.positional.push(a);
  }
  return out;
}

/** Takes the import's own options (--map, --map-file, --preset, --wide) out of argv. */
function importOptions(argv: readonly string[]): { rest: string[]; map?: string; mapFile?: string; preset?: string; wide: boolean } | string {
  const out: { rest: string[]; map?: string; mapFile?: string; preset?: string; wide: boolean } = { rest: [], wide: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const opt = (['--map', '--map-file', '--preset'] as const).find((o) => a === o || a.startsWith(`${o}=`));
    if (a === '--wide') out.wide = true;
    else if (opt) {
      const v = a === opt ? argv[++i] : a.slice(opt.length + 1);
      if (!v) return `${opt} needs a value`;
      const key = opt === '--map' ? 'map' : opt === '--map-file' ? 'mapFile' : 'preset';
      if (out[key] !== undefined) return `${opt} given twice`;
      out[key] = v;
    } else out.rest.push(a);
  }
  return out;
}

export function parseImportArgs(argv: readonly string[]): Args<ImportArgs> {
  const o = importOptions(argv);
  if (typeof o === 'string') return { ok: false, error: `${o}\n${IMPORT_USAGE}` };
  if (o.map !== undefined && o.mapFile !== undefined) return { ok: false, error: `--map or --map-file, not both\n${IMPORT_USAGE}` };
  if (o.preset !== undefined && !isPresetName(o.preset)) return { ok: false, error: `no preset "${o.preset}"; the presets are ${Object.keys(PRESETS).join(', ')}\n${IMPORT_USAGE}` };
  const s = split(o.rest);
  if (typeof s === 'string') return { ok: false, error: `${s}\n${IMPORT_USAGE}` };
  if (s.unknown.length) return { ok: false, error: `unknown option ${s.unknown.join(', ')}\n${IMPORT_USAGE}` };
  const [kind, file, ...rest] = s.positional;
  if (!kind || !isKind(kind)) return { ok: false, error: `${kind ? `"${kind}" is not something Tend imports` : 'what to import?'}\n${IMPORT_USAGE}` };
  if (!file) return { ok: false, error: `which file?\n${IMPORT_USAGE}` };
  if (rest.length) return { ok: false, error: `one file at a time (got also ${rest.join(', ')})\n${IMPORT_USAGE}` };
  const extra = { ...(o.map !== undefined && { map: o.map }), ...(o.mapFile !== undefined && { mapFile: o.mapFile }), ...(o.preset !== undefined && { preset: o.preset as PresetName }), ...(o.wide && { wide: true }) };
  return { ok: true, args: { kind, file, team: s.team, dryRun: s.dryRun, ...extra } };
}

export function parseExportArgs(argv: readonly string[]): Args<ExportArgs> {
  const s = split(argv);
  if (typeof s === 'string') return { ok: false, error: `${s}\n${EXPORT_USAGE}` };
  if (s.unknown.length || s.dryRun) return { ok: false, error: `unknown option ${[...s.unknown, ...(s.dryRun ? ['--dry-run'] : [])].join(', ')}\n${EXPORT_USAGE}` };
  const [kind, file, ...rest] = s.positional;
  // whitespace: every active account's next three products (src/import/whitespace.ts)
  if (!kind || !(isKind(kind) || kind === 'whitespace')) return { ok: false, error: `${kind ? `"${kind}" is not something Tend exports` : 'what to export?'}\n${EXPORT_USAGE}` };
  if (rest.length) return { ok: false, error: `one file at a time (got also ${rest.join(', ')})\n${EXPORT_USAGE}` };
  return { ok: true, args: { kind, file: file === '-' ? undefined : file, team: s.team } };
}

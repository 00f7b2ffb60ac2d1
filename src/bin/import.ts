// `npm run import -- <kind> <file.csv> [--team T…] [--dry-run] [--preset …] [--map …|--map-file …] [--wide]`:
// exit 0 when the file was imported (or would be, in a dry run), 1 when it was refused
// (nothing written), 2 on usage (a bad mapping included).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { decodeImportBytes } from '../import/decode.ts';
import { formatDistinctNames, formatNudgeChanges, formatRejects, formatSummary } from '../import/report.ts';
import { parseMapFile, parseMapOption, type ColumnMap } from '../import/mapping.ts';
import { runImport } from '../import/run.ts';
import { IMPORT_USAGE, parseImportArgs, wantsHelp } from './args.ts';
import { openDatabase } from './database.ts';
import { createProgress } from './progress.ts';

if (wantsHelp(process.argv.slice(2))) {
  console.log(IMPORT_USAGE);
  process.exit(0);
}
const parsed = parseImportArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}
const { kind, file, team, dryRun, preset, wide } = parsed.args;
let map: ColumnMap | undefined;
if (parsed.args.map !== undefined || parsed.args.mapFile !== undefined) {
  let m;
  try {
    m = parsed.args.map !== undefined ? parseMapOption(parsed.args.map) : parseMapFile(decodeImportBytes(await readFile(parsed.args.mapFile!)).text);
  } catch (err) {
    m = { ok: false as const, error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no mapping file ${parsed.args.mapFile}` : (err as Error).message };
  }
  if (!m.ok) {
    console.error(`tend import: ${m.error}`);
    process.exit(2);
  }
  map = m.value;
}
let code = 0;
try {
  // bytes, not text: runImport decodes them (import/decode.ts) and says which encoding it assumed
  const text = await readFile(file);
  const config = loadConfig();
  const { db, close } = await openDatabase(config);
  const progress = createProgress(`importing ${kind}`);
  try {
    const out = await runImport(db.pool, { kind, text, team, dryRun, preset, map, wide, onProgress: progress.update });
    progress.stop();
    const name = path.basename(file);
    if (out.ok) {
      for (const note of out.notes) console.log(note);
      if (out.ignored.length) console.log(`Ignored columns: ${out.ignored.join(', ')}`);
      const where = `${out.workspaceCreated ? 'new ' : ''}workspace ${out.team}`;
      console.log(`${name} → ${where}: ${formatSummary(kind, out.counts, { dryRun: out.dryRun, ms: out.ms, members: out.newMembers })}`);
      for (const line of formatDistinctNames(out.distinct, { dryRun: out.dryRun })) console.log(line);
      for (const line of formatNudgeChanges(out.retired, out.moved)) console.log(line);
    } else if ('rejects' in out) {
      for (const note of out.notes) console.error(note);
      console.error(formatRejects(name, out.rejects, out.rows));
      code = 1;
    } else {
      console.error(`${name}: ${out.error}; nothing was imported.`);
      code = 1;
    }
  } finally {
    progress.stop();
    await close();
  }
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  console.error(`tend import: ${err instanceof ConfigError ? err.problems.join('; ') : e.code === 'ENOENT' ? `no file ${file}` : e.message}`);
  code = 1;
}
process.exit(code);

// `npm run export -- <kind|whitespace> [file.csv] [--team T…]`: the CSV to the file, or to stdout
// (the row count then goes to stderr, so the output can be piped): `npm run -s export -- <kind> >
// file.csv`, since without -s npm prints its banner to stdout, into the CSV, before this runs.
import { createWriteStream } from 'node:fs';
import { ConfigError, loadConfig } from '../config.ts';
import { runExport } from '../import/export.ts';
import { runWhitespaceExport } from '../import/whitespace.ts';
import { EXPORT_USAGE, parseExportArgs, wantsHelp } from './args.ts';
import { openDatabase } from './database.ts';

const STDOUT_NOTE = 'No file (or "-"): the CSV goes to stdout; run it as npm run -s export -- <kind> > file.csv, since without -s npm writes its banner into the CSV. A file named here gets a UTF-8 BOM, so spreadsheets read its accents right.';
if (wantsHelp(process.argv.slice(2))) {
  console.log(`${EXPORT_USAGE}\n${STDOUT_NOTE}`);
  process.exit(0);
}
const parsed = parseExportArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}
const { kind, file, team } = parsed.args;
// npm without -s (--silent) printed "> tend@… export" to stdout before this process started:
// it cannot be taken back, so say how to get a clean file (npm passes -s on as this loglevel)
if (!file && process.env.npm_lifecycle_event === 'export' && process.env.npm_config_loglevel !== 'silent' && !process.stdout.isTTY) {
  console.error(`tend export: npm printed its banner ("> tend@… export") to stdout, ahead of the CSV. For a clean CSV: npm run -s export -- ${kind} > ${kind}.csv, or name the file: npm run export -- ${kind} ${kind}.csv`);
}
let code = 0;
try {
  const config = loadConfig();
  const { db, close } = await openDatabase(config);
  try {
    // a file gets a BOM so spreadsheet apps read it as UTF-8; import skips it
    const out = file ? createWriteStream(file) : process.stdout;
    const to = file ? ` to ${file}` : '';
    const res = kind === 'whitespace'
      ? await runWhitespaceExport(db.pool, { team, out, end: Boolean(file), bom: Boolean(file) })
      : await runExport(db.pool, { kind, team, out, end: Boolean(file), bom: Boolean(file) });
    const what = kind === 'whitespace' ? 'suggestions (the next products of every active account)' : kind;
    if (res.ok) console.error(`Exported ${res.rows.toLocaleString('en-US')} ${what} of workspace ${res.team}${to}.`);
    else {
      console.error(`tend export: ${res.error}`);
      code = 1;
    }
  } finally {
    await close();
  }
} catch (err) {
  console.error(`tend export: ${err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message}`);
  code = 1;
}
process.exit(code);

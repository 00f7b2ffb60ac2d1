// `npm run export -- <kind> [file.csv] [--team T…]`: the CSV to the file, or to stdout
// (the row count then goes to stderr, so the output can be piped).
import { createWriteStream } from 'node:fs';
import { ConfigError, loadConfig } from '../config.ts';
import { runExport } from '../import/export.ts';
import { parseExportArgs } from './args.ts';
import { openDatabase } from './database.ts';

const parsed = parseExportArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}
const { kind, file, team } = parsed.args;
let code = 0;
try {
  const config = loadConfig();
  const { db, close } = await openDatabase(config);
  try {
    // a file gets a BOM so spreadsheet apps read it as UTF-8; import skips it
    const out = file ? createWriteStream(file) : process.stdout;
    const res = await runExport(db.pool, { kind, team, out, end: Boolean(file), bom: Boolean(file) });
    if (res.ok) console.error(`Exported ${res.rows.toLocaleString('en-US')} ${kind} of workspace ${res.team}${file ? ` to ${file}` : ''}.`);
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

// `npm run digest -- [--team T…] [--chart file.png]`: any workspace's digest in the terminal, as
// `npm run demo` prints it: the nudges ranked, then the managers' digest as text, its two
// charts written as PNG files. Reads only; sends nothing to Slack.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { waitingWithoutRows } from '../data/account-scan.ts';
import { listDemoNudges } from '../data/demo.ts';
import { pickWorkspace } from '../data/import/workspace.ts';
import { renderDigestForTerminal } from '../demo/digest.ts';
import { renderNudges } from '../demo/print.ts';
import { openDatabase } from './database.ts';
import { isTeamArg } from '../domain/slack-ids.ts';

class UsageError extends Error {}

const USAGE = 'usage: npm run digest -- [--team T…] [--chart file.png]';

let code = 0;
try {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { team: { type: 'string' }, chart: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.team !== undefined && !isTeamArg(values.team)) throw new UsageError(`--team needs a Slack team id like T024BE7LD (got "${values.team}")`);
  const config = loadConfig();
  const { db, close } = await openDatabase(config);
  try {
    const ws = await pickWorkspace(db.pool, values.team, { create: false });
    if (!ws.ok) {
      console.error(`tend digest: ${ws.error}`);
      code = 1;
    } else {
      console.log(renderNudges(await listDemoNudges(db.pool, ws.id), await waitingWithoutRows(db.pool, ws.id)));
      const chartPath = values.chart ?? path.resolve(config.dataDir, `digest-${ws.team}.png`);
      const digest = await renderDigestForTerminal(db.pool, ws.id, { chartPath });
      if (digest) console.log(`\n${digest.text}`);
    }
  } finally {
    await close();
  }
} catch (err) {
  const msg = err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message;
  console.error(`tend digest: ${msg}${err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `\n${USAGE}` : ''}`);
  code = err instanceof UsageError ? 2 : 1;
}
process.exit(code);

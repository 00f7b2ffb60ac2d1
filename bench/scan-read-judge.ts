// A full scan's parts without their writes, for bench/scan.ts (which runs two of these processes
// at once, as its two workers run parts): each part's candidate pages read and judged by the
// scan's own functions, the next page read while one is judged (as scan/range.ts does), and
// nothing written. What a full scan's parts would cost if they kept no account's state. Each
// process starts when bench/scan.ts writes a line to its stdin (after it printed "ready").
//   DATABASE_URL=…?schema=… BENCH_CTX=<context JSON file> npx tsx bench/scan-read-judge.ts <part fromId>…
import { readFile } from 'node:fs/promises';
import { fetchCandidatePage } from '../src/data/candidates.ts';
import { createPool } from '../src/data/db.ts';
import { partRange, type ScanContext } from '../src/scan/context.ts';
import { judge, PAGE_SIZE, scanOf } from '../src/scan/range.ts';

const pool = createPool({ url: process.env.DATABASE_URL!, statementTimeoutMillis: 0 });
const { workspaceId, context } = JSON.parse(await readFile(process.env.BENCH_CTX!, 'utf8')) as { workspaceId: number; context: ScanContext };
const s = scanOf(pool, workspaceId, context);
let accounts = 0;
// loaded and connected: the parent starts its clock when every process is ready, then says go
await pool.query('select 1');
console.log('ready');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
try {
  for (const fromId of process.argv.slice(2).map(Number)) {
    const range = partRange(context, fromId);
    let after = range.fromId - 1;
    const read = () => fetchCandidatePage(pool, s.q, after, range.toId, PAGE_SIZE);
    let next = read();
    for (;;) {
      const page = await next;
      if (page.lastAccountId === null) break;
      after = page.lastAccountId;
      next = read();
      accounts += judge(s, page).scanned.length;
    }
  }
  console.log(JSON.stringify({ accounts }));
} finally {
  await pool.end();
  process.stdin.destroy();
}

// How long a big wide holdings sheet takes to import: 20,000 customers × 8 products (times
// BENCH_SCALE) through runImport, the path `npm run import -- holdings FILE --wide` takes, into a
// scratch schema; then the same sheet again, which must change nothing. Timed here rather than
// in test/integration/import-crm.test.ts, where a shared, loaded box made a time bound flaky.
// The scratch schema is dropped at the end.
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb } from '../src/data/db.ts';
import { migrate } from '../src/data/migrate.ts';
import { runImport, type ImportOutcome } from '../src/import/run.ts';
import type { BenchRow } from './run.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const PRODUCTS = ['Analytics', 'Reporting', 'Alerts', 'API', 'Exports', 'SLA', 'Training', 'Onboarding'];
const TEAM = 'TBENCHWIDE';
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function ok(out: ImportOutcome): Extract<ImportOutcome, { ok: true }> {
  if (!out.ok) throw new Error(`import refused: ${JSON.stringify('rejects' in out ? out.rejects.slice(0, 3) : out.error)}`);
  return out;
}

/** The sheet: every customer holds the first product, each further one by a pattern, some priced. */
export function wideSheet(n: number): { text: string; holdings: number } {
  const cell = (i: number, p: number) => (p === 0 ? 'Yes' : (i + p) % 3 === 0 ? `$${p}00` : (i + p) % 3 === 1 ? 'No' : '');
  const lines = ['Record ID,Company name,' + PRODUCTS.join(','), ...Array.from({ length: n }, (_, i) => `${i},Company ${i},${PRODUCTS.map((_, p) => cell(i, p)).join(',')}`)];
  const holdings = Array.from({ length: n }, (_, i) => PRODUCTS.filter((_, p) => p === 0 || (i + p) % 3 === 0).length).reduce((a, b) => a + b, 0);
  return { text: lines.join('\r\n'), holdings };
}

export async function run(): Promise<BenchRow[]> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const n = Math.max(100, Math.round(20_000 * scale));
  const schema = `bench_import_${Date.now().toString(36)}`;
  const db = createDb({ url: DATABASE_URL, schema, max: 4, statementTimeoutMillis: 0 });
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await migrate(db.pool, schema);
    await admin.connect();
    await db.pool.query(`insert into workspace (slack_team_id, name, updated_at) values ($1, 'bench', now())`, [TEAM]);
    ok(await runImport(db.pool, { kind: 'products', text: `name,list_mrr\n${PRODUCTS.map((p, i) => `${p},${(i + 1) * 100}`).join('\n')}\n`, team: TEAM }));
    const accounts = ['Record ID,Company name,Became a Customer Date', ...Array.from({ length: n }, (_, i) => `${i},Company ${i},2023-0${(i % 9) + 1}-01`)].join('\n');
    ok(await runImport(db.pool, { kind: 'accounts', text: accounts, team: TEAM, preset: 'hubspot' }));
    const sheet = wideSheet(n);

    let t = performance.now();
    const first = ok(await runImport(db.pool, { kind: 'holdings', text: sheet.text, team: TEAM, preset: 'hubspot', wide: true }));
    const firstMs = performance.now() - t;
    if (first.counts.created !== sheet.holdings) throw new Error(`created ${first.counts.created}, expected ${sheet.holdings}`);
    t = performance.now();
    const again = ok(await runImport(db.pool, { kind: 'holdings', text: sheet.text, team: TEAM, preset: 'hubspot', wide: true }));
    const againMs = performance.now() - t;
    if (again.counts.unchanged !== sheet.holdings) throw new Error(`again: ${JSON.stringify(again.counts)}, expected ${sheet.holdings} unchanged`);

    const size = `${n.toLocaleString('en-US')} customers × ${PRODUCTS.length} products → ${sheet.holdings.toLocaleString('en-US')} holdings`;
    console.log(`wide import: ${size}: ${secs(firstMs)}, again ${secs(againMs)}`);
    // 4.6–9.3 s measured at full size on the shared 2-core box (commit 780ec55); 380 s before it
    const target = n >= 20_000 ? '< 30 s' : undefined;
    return [
      { bench: 'import', metric: `wide sheet, ${size}`, value: secs(firstMs), target },
      { bench: 'import', metric: 'the same sheet again (nothing changes)', value: secs(againMs), target },
    ];
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin.end().catch(() => {});
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(`${r.metric}: ${r.value}${r.target ? ` (target ${r.target})` : ''}`);
}

// How long the next-product model takes to learn at the design's scale: 1,000,000 accounts
// and ~2,000,000 holdings (times BENCH_SCALE), generated inside Postgres in a scratch schema
// (bench/scale-load.ts, no conversations), then the two learning queries of
// data/basket-counts.ts (baskets, dated moves) and the pure learning on their result, timed
// apart. The scratch schema is dropped at the end.
import pg from 'pg';
import { loadBasketCounts } from '../src/data/basket-counts.ts';
import { createDb } from '../src/data/db.ts';
import { migrate } from '../src/data/migrate.ts';
import { learnBaskets, recommend } from '../src/domain/recommend.ts';
import { loadScale } from './scale-load.ts';
import type { BenchRow } from './run.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<BenchRow[]> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const size = { accounts: Math.round(1_000_000 * scale), holdings: Math.round(2_000_000 * scale), conversations: 0, reps: Math.max(5, Math.round(200 * scale)) };
  const schema = `bench_${Date.now().toString(36)}`;
  const db = createDb({ url: DATABASE_URL, schema, max: 4, statementTimeoutMillis: 0 });
  const admin = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  const rows: BenchRow[] = [];
  try {
    await migrate(db.pool, schema);
    await admin.connect();
    const loaded = await loadScale(admin, size);
    await admin.query('vacuum analyze account, holding');
    console.log(`basket learning: ${size.accounts} accounts, ${loaded.holdings} holdings in ${schema}`);
    const now = new Date();
    let t = Date.now();
    const counts = await loadBasketCounts(db.pool, loaded.workspaceId, now);
    const sqlMs = Date.now() - t;
    t = Date.now();
    const model = learnBaskets(counts);
    const learnMs = Date.now() - t;
    // every distinct basket ranked once: what a scan of the whole book computes (the rest is memoised)
    const catalog = model.products.map((id, i) => ({ id, position: i, active: true }));
    t = Date.now();
    for (const b of counts.baskets) recommend(model, { held: b.products, excluded: [], catalog, limit: 3 });
    const rankMs = Date.now() - t;
    const target = size.accounts >= 1_000_000 ? '< 10 s (seconds at 1M accounts)' : undefined;
    rows.push(
      { bench: 'recommender', metric: `learning SQL at ${size.accounts.toLocaleString('en-US')} accounts (baskets + moves)`, value: secs(sqlMs), target },
      { bench: 'recommender', metric: `learning in memory (${counts.baskets.length} baskets, ${counts.moves?.length ?? 0} moves)`, value: secs(learnMs) },
      { bench: 'recommender', metric: 'ranking every distinct basket once', value: secs(rankMs) },
    );
    return rows;
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin.end().catch(() => {});
    await db.close();
  }
}

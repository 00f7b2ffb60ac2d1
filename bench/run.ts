// `npm run bench`: runs each bench module in turn and prints one results table. A module
// exports run(): Promise<BenchRow[]>; add yours to BENCHES. BENCH_SCALE (default 1)
// shrinks the data sets for a quick run, e.g. BENCH_SCALE=0.01.
export type BenchRow = { bench: string; metric: string; value: string; target?: string };

const BENCHES: [string, () => Promise<{ run(): Promise<BenchRow[]> }>][] = [
  ['recommender', () => import('./recommender.ts')],
  ['basket-learning', () => import('./basket-learning.ts')],
  ['scan', () => import('./scan.ts')],
  ['commands', () => import('./commands.ts')],
  ['capture', () => import('./capture.ts')],
  ['delivery', () => import('./delivery.ts')],
  ['import', () => import('./import.ts')],
];

const only = process.argv[2];
const rows: BenchRow[] = [];
for (const [name, load] of BENCHES) {
  if (only && only !== name) continue;
  const t0 = Date.now();
  rows.push(...(await (await load()).run()));
  console.log(`${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
const w = (k: keyof BenchRow) => Math.max(k.length, ...rows.map((r) => (r[k] ?? '').length));
const line = (r: Record<keyof BenchRow, string>) =>
  `${r.bench.padEnd(w('bench'))}  ${r.metric.padEnd(w('metric'))}  ${r.value.padStart(w('value'))}  ${r.target ?? ''}`;
console.log(`Results (BENCH_SCALE=${process.env.BENCH_SCALE ?? '1'})`);
console.log(line({ bench: 'bench', metric: 'metric', value: 'value', target: 'target' }));
for (const r of rows) console.log(line({ ...r, target: r.target ?? '' }));

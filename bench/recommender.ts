// Recommender bench: on a generated realistic book, hide one current product of each
// multi-product test account and ask which product comes next. Hit rate at 1 and at 3 of
// nextBestProducts (affinity) against the baseline "most popular product not held", both
// measured here on the same accounts. Affinity counts come from the other 80% of accounts
// only, so the hidden product never leaks into the evidence.
import { countBaskets, mostPopularNotHeld, nextBestProducts, type CatalogEntry } from '../src/domain/affinity.ts';
import { generateBook, prng } from '../src/demo/generate.ts';
import { MIN_PAIR_SUPPORT } from '../src/scan/context.ts';
import type { BenchRow } from './run.ts';

export async function run(): Promise<BenchRow[]> {
  const accounts = Math.max(2_000, Math.round(20_000 * Number(process.env.BENCH_SCALE ?? 1)));
  const book = generateBook({ seed: 11, accounts, now: new Date('2026-01-01T00:00:00Z') });
  const catalog: CatalogEntry[] = book.products.map((_, i) => ({ id: i + 1, position: i, active: true }));
  const current = book.accounts.map((a) => [...new Set(a.holdings.filter((h) => h.endedAt === null).map((h) => h.product + 1))]);
  const ended = book.accounts.map((a, i) => a.holdings.filter((h) => h.endedAt !== null).map((h) => h.product + 1).filter((p) => !current[i]!.includes(p)));
  const counts = countBaskets(current.filter((_, i) => i % 5 !== 0));
  const rand = prng(5);

  let tests = 0, hit1 = 0, hit3 = 0, base1 = 0, base3 = 0;
  for (let i = 0; i < current.length; i += 5) {
    const basket = current[i]!;
    if (basket.length < 2) continue;
    const hidden = basket[Math.floor(rand() * basket.length)]!;
    const held = basket.filter((p) => p !== hidden);
    const excluded = ended[i]!;
    const ranked = nextBestProducts({ held, excluded, counts, catalog, limit: 3, minPairSupport: MIN_PAIR_SUPPORT }).map((s) => s.productId);
    const popular: number[] = [];
    for (let k = 0; k < 3; k++) {
      const p = mostPopularNotHeld({ held, excluded: [...excluded, ...popular], counts, catalog });
      if (p !== null) popular.push(p);
    }
    tests++;
    if (ranked[0] === hidden) hit1++;
    if (ranked.includes(hidden)) hit3++;
    if (popular[0] === hidden) base1++;
    if (popular.includes(hidden)) base3++;
  }
  const pct = (n: number) => `${((100 * n) / tests).toFixed(1)}%`;
  console.log(`recommender: ${tests} multi-product test accounts (of ${accounts} generated), one product hidden each`);
  return [
    { bench: 'recommender', metric: 'hit@1 nextBestProducts', value: pct(hit1), target: `> baseline ${pct(base1)}` },
    { bench: 'recommender', metric: 'hit@3 nextBestProducts', value: pct(hit3), target: `> baseline ${pct(base3)}` },
    { bench: 'recommender', metric: 'hit@1 most popular not held', value: pct(base1), target: 'baseline' },
    { bench: 'recommender', metric: 'hit@3 most popular not held', value: pct(base3), target: 'baseline' },
  ];
}

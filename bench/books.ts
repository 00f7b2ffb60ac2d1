// Books for the recommender bench: two generators of different shape, so a model that only
// fits one of them shows it. Neither is the demo's book (src/demo/generate.ts, pairwise
// affinities), and neither is made of pairwise rules alone.
// - journeys: segments with their own product mix, products bought one after another over
//   years (each next one depends on the segment and on the last product bought), churn that
//   depends on the mix held, and churned customers whose holdings an import left open.
// - tastes: a latent-factor book (each customer a point in a taste space, each product a
//   direction), no segments, products taken in random order: a different shape entirely.
import { prng } from '../src/demo/generate.ts';

export type BenchHolding = { product: number; startedAt: number; endedAt: number | null };
export type BenchAccount = { status: 'active' | 'churned'; churnedAt: number | null; holdings: BenchHolding[] };
export type BenchBook = { products: number; now: number; accounts: BenchAccount[] };

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);

function weighted(rand: () => number, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rand() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

function shuffled(rand: () => number, n: number): number[] {
  const xs = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Ends every live holding at `at` (churn), or leaves them open as a careless import would. */
function churn(rand: () => number, holdings: BenchHolding[], at: number): void {
  if (rand() < 0.4) return; // status churned, holdings never closed
  for (const h of holdings) if (h.endedAt === null || h.endedAt > at) h.endedAt = at;
}

export function journeysBook(seed: number, accounts: number, products = 10): BenchBook {
  const rand = prng(seed);
  const segments = Array.from({ length: 4 }, () => {
    // each segment: a skewed mix over the catalog and its own order of adoption
    const mix = Array.from({ length: products }, () => Math.pow(rand(), 2.5) + 0.02);
    const order = shuffled(rand, products);
    const nextOf = new Map(order.map((p, i) => [p, order[(i + 1) % products]!]));
    // the product whose holders leave most in this segment
    const trap = order[Math.floor(rand() * products)]!;
    return { share: 0.5 + rand(), mix, nextOf, trap, pace: 180 + rand() * 300 };
  });
  const out: BenchAccount[] = [];
  for (let a = 0; a < accounts; a++) {
    const seg = segments[weighted(rand, segments.map((s) => s.share))]!;
    const created = NOW - rand() * 4 * 365 * DAY;
    const holdings: BenchHolding[] = [];
    const held = new Set<number>();
    let last = weighted(rand, seg.mix);
    let t = created;
    let churnedAt: number | null = null;
    for (;;) {
      held.add(last);
      holdings.push({ product: last, startedAt: t, endedAt: null });
      // monthly churn hazard: higher with the segment's trap product, lower as the basket grows
      const hazard = 0.006 * (held.has(seg.trap) ? 3 : 1) * (held.size >= 3 ? 0.6 : 1);
      const gap = seg.pace * (0.3 + rand() * 1.4) * DAY;
      const leaveIn = (-Math.log(1 - rand()) / hazard) * 30.4375 * DAY;
      if (leaveIn < gap && t + leaveIn < NOW) {
        churnedAt = t + leaveIn;
        break;
      }
      t += gap;
      if (t >= NOW || held.size >= products || rand() < 0.18) break;
      // next: the segment's mix, strongly favouring what usually follows the last product
      const w = seg.mix.map((x, j) => (held.has(j) ? 0 : x * (seg.nextOf.get(last) === j ? 8 : 1)));
      last = weighted(rand, w);
    }
    // an occasional product cancelled by a customer who stays
    if (churnedAt === null && holdings.length >= 2 && rand() < 0.1) {
      const h = holdings[Math.floor(rand() * holdings.length)]!;
      h.endedAt = h.startedAt + rand() * (NOW - h.startedAt);
    }
    if (churnedAt !== null) churn(rand, holdings, churnedAt);
    out.push({ status: churnedAt === null ? 'active' : 'churned', churnedAt, holdings });
  }
  return { products, now: NOW, accounts: out };
}

export function tastesBook(seed: number, accounts: number, products = 10): BenchBook {
  const rand = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const dims = 3;
  const items = Array.from({ length: products }, () => ({ bias: -1.2 - rand() * 1.5, v: Array.from({ length: dims }, () => gauss() * 1.3) }));
  const out: BenchAccount[] = [];
  for (let a = 0; a < accounts; a++) {
    const u = Array.from({ length: dims }, () => gauss());
    const wants = items
      .map((it, j) => ({ j, p: 1 / (1 + Math.exp(-(it.bias + it.v.reduce((s, x, d) => s + x * u[d]!, 0)))) }))
      .filter((x) => rand() < x.p)
      .map((x) => x.j);
    if (wants.length === 0) wants.push(Math.floor(rand() * products));
    // taken one at a time, in random order, over the years since the customer arrived
    const order = shuffled(rand, wants.length).map((i) => wants[i]!);
    const created = NOW - rand() * 4 * 365 * DAY;
    const holdings: BenchHolding[] = [];
    let t = created;
    for (const p of order) {
      if (t >= NOW) break;
      holdings.push({ product: p, startedAt: t, endedAt: null });
      t += (60 + rand() * 400) * DAY;
    }
    // churn leans on the first taste axis: one corner of the market leaves more
    const churned = rand() < 0.15 + 0.15 * Math.tanh(u[0]!);
    const churnedAt = churned ? created + rand() * (NOW - created) : null;
    if (churnedAt !== null) {
      const kept = holdings.filter((h) => h.startedAt < churnedAt);
      holdings.length = 0;
      holdings.push(...(kept.length ? kept : []));
      if (holdings.length === 0) holdings.push({ product: order[0]!, startedAt: created, endedAt: null });
      churn(rand, holdings, churnedAt);
    }
    out.push({ status: churnedAt === null ? 'active' : 'churned', churnedAt, holdings });
  }
  return { products, now: NOW, accounts: out };
}

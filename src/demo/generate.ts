// A realistic book of business, generated from a seed: a catalog with give-first offers,
// skewed product popularity with real affinities between products, a large share of
// single-product customers, reps, two years of holdings and conversations with very
// different rhythms, quiet spells, askers who never give, and churn. Pure and
// deterministic: the same seed gives the same book (the demo and the bench rely on it).
import type { AccountStatus, Medium, OfferKind, TouchKind } from '../domain/vocabulary.ts';

export type GenOffer = { kind: OfferKind; title: string };
export type GenProduct = { name: string; listMrrCents: number; popularity: number; offers: GenOffer[] };
export type GenHolding = { product: number; mrrCents: number; startedAt: Date; endedAt: Date | null };
export type GenTouch = {
  at: Date; kind: TouchKind; medium: Medium;
  summary: string; nextStep: string | null; nextStepDue: Date | null;
};
export type GenAccount = {
  name: string; segment: string; owner: number; createdAt: Date; status: Extract<AccountStatus, 'active' | 'churned'>; churnedAt: Date | null;
  holdings: GenHolding[]; touches: GenTouch[];
};
export type Book = { products: GenProduct[]; reps: string[]; accounts: GenAccount[] };

/** mulberry32: tiny, fast, good enough for test data, and reproducible everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATALOG: GenProduct[] = [
  { name: 'Analytics', listMrrCents: 49_000, popularity: 30, offers: [{ kind: 'usage_review', title: 'Dashboard health check' }, { kind: 'benchmark_report', title: 'How you compare to your industry' }] },
  { name: 'Reporting', listMrrCents: 29_000, popularity: 16, offers: [{ kind: 'workshop', title: 'Board-ready reports in an hour' }] },
  { name: 'Alerts', listMrrCents: 19_000, popularity: 14, offers: [{ kind: 'trial', title: '30 days of smart alerts' }] },
  { name: 'Data Connectors', listMrrCents: 39_000, popularity: 12, offers: [{ kind: 'usage_review', title: 'Pipeline audit' }, { kind: 'introduction', title: 'Meet our integration partner' }] },
  { name: 'Forecasting', listMrrCents: 59_000, popularity: 8, offers: [{ kind: 'benchmark_report', title: 'Forecast accuracy benchmark' }] },
  { name: 'Team Seats', listMrrCents: 15_000, popularity: 10, offers: [{ kind: 'training', title: 'Onboarding for new team members' }] },
  { name: 'Premium Support', listMrrCents: 25_000, popularity: 6, offers: [{ kind: 'usage_review', title: 'Support ticket review' }] },
  { name: 'Training Academy', listMrrCents: 9_000, popularity: 4, offers: [{ kind: 'workshop', title: 'Free seat at the next masterclass' }] },
];

/**
 * How much holding product i raises the chance of product j (a multiplier on j's base
 * popularity). These are the affinities a good recommender should find in the data.
 */
export const AFFINITY: Record<number, Record<number, number>> = {
  0: { 1: 6, 4: 5 }, // Analytics → Reporting, Forecasting
  1: { 0: 4, 4: 3 },
  2: { 3: 7 }, // Alerts → Data Connectors
  3: { 2: 6, 0: 1.5 },
  4: { 0: 4, 1: 3 },
  5: { 6: 6, 7: 4 }, // Team Seats → Premium Support, Training Academy
  6: { 5: 5 },
  7: { 5: 4 },
};

const PREFIX = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Wonka', 'Tyrell', 'Cyberdyne', 'Gringotts', 'Oscorp', 'Pied Piper', 'Aperture', 'Monarch', 'Nakatomi', 'Dunder', 'Bluth', 'Sterling', 'Prestige', 'Massive', 'Nimbus', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Lakeshore', 'Redwood', 'Granite', 'Harbor', 'Summit', 'Beacon', 'Juniper', 'Cobalt', 'Silverline', 'Evergreen'];
const SUFFIX = ['Labs', 'Systems', 'Foods', 'Logistics', 'Health', 'Capital', 'Retail', 'Energy', 'Media', 'Robotics', 'Bank', 'Insurance', 'Travel', 'Studios', 'Pharma', 'Partners', 'Works', 'Group', 'Analytics', 'Telecom'];
const SEGMENTS = [
  { name: 'SMB', share: 0.55, mrr: 0.5 },
  { name: 'Mid-market', share: 0.33, mrr: 1.5 },
  { name: 'Enterprise', share: 0.12, mrr: 5 },
];
const MEDIA: GenTouch['medium'][] = ['call', 'meeting', 'email', 'chat', 'visit'];
const GIVES = ['Shared a benchmark of their usage', 'Ran a free workshop for their team', 'Sent an article on their industry', 'Introduced them to a partner', 'Reviewed their dashboards with them'];
const ASKS = ['Asked about expanding seats', 'Pitched the annual plan', 'Asked for a referral', 'Proposed an upgrade', 'Asked for a case study'];
const NEUTRALS = ['Quarterly check-in', 'Answered a support question', 'Renewal admin', 'Caught up at an event', 'Status call'];
const STEPS = ['Send the proposal', 'Book a demo for their CFO', 'Share the pricing sheet', 'Follow up on the pilot', 'Schedule the QBR'];

const DAY = 86_400_000;

export type GenerateOptions = { seed?: number; accounts?: number; reps?: number; now?: Date; years?: number };

export function generateBook(opts: GenerateOptions = {}): Book {
  const rand = prng(opts.seed ?? 42);
  const now = (opts.now ?? new Date()).getTime();
  const span = (opts.years ?? 2) * 365 * DAY;
  const n = opts.accounts ?? 400;
  const reps = ['Ana Ortiz', 'Ben Carter', 'Chloé Martin', 'Dev Patel', 'Emma Schulz'].slice(0, opts.reps ?? 5);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const weighted = (weights: number[]) => {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = rand() * total;
    for (const [i, w] of weights.entries()) if ((r -= w) < 0) return i;
    return weights.length - 1;
  };
  const used = new Set<string>();
  const accounts: GenAccount[] = [];

  for (let i = 0; i < n; i++) {
    let name = `${pick(PREFIX)} ${pick(SUFFIX)}`;
    for (let k = 2; used.has(name); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
    used.add(name);
    const seg = SEGMENTS[weighted(SEGMENTS.map((s) => s.share))]!;
    const createdAt = now - rand() * span;

    // basket: a first product by popularity, then each next one more likely when it pairs
    // with what is held; about 45% stay on one product
    const basket = [weighted(CATALOG.map((p) => p.popularity))];
    const extra = rand() < 0.45 ? 0 : 1 + weighted([6, 3, 1]);
    for (let e = 0; e < extra; e++) {
      const w = CATALOG.map((p, j) => (basket.includes(j) ? 0 : p.popularity * basket.reduce((m, h) => Math.max(m, AFFINITY[h]?.[j] ?? 1), 1)));
      basket.push(weighted(w));
    }
    const churned = rand() < 0.12;
    const churnedAt = churned ? createdAt + rand() * (now - createdAt) : null;
    const end = churnedAt ?? now;
    const holdings: GenHolding[] = basket.map((product, k) => ({
      product,
      mrrCents: Math.round(CATALOG[product]!.listMrrCents * seg.mrr * (0.7 + rand() * 0.6)),
      startedAt: new Date(k === 0 ? createdAt : createdAt + rand() * (end - createdAt)),
      endedAt: churnedAt ? new Date(churnedAt) : null,
    }));
    // an occasional cancelled extra product: the recommender must not offer it again
    if (!churned && rand() < 0.08) {
      const gone = weighted(CATALOG.map((p, j) => (basket.includes(j) ? 0 : p.popularity)));
      const started = createdAt + rand() * (now - createdAt) * 0.5;
      holdings.push({ product: gone, mrrCents: CATALOG[gone]!.listMrrCents, startedAt: new Date(started), endedAt: new Date(started + (now - started) * rand()) });
    }

    // rhythm: from weekly to quarterly; some accounts went quiet a while ago; some reps only ask
    const gapDays = Math.exp(Math.log(5) + rand() * Math.log(90 / 5));
    const quietSince = rand() < 0.25 ? now - (20 + rand() * 200) * DAY : now;
    const askBias = rand() < 0.2 ? 0.75 : 0.3;
    const touches: GenTouch[] = [];
    for (let t = createdAt + rand() * gapDays * DAY; t < Math.min(end, quietSince); t += gapDays * DAY * (0.5 + rand())) {
      const r = rand();
      const kind = r < askBias ? 'ask' : r < askBias + 0.3 ? 'give' : 'neutral';
      const withStep = rand() < 0.15;
      touches.push({
        at: new Date(t), kind, medium: pick(MEDIA),
        summary: pick(kind === 'give' ? GIVES : kind === 'ask' ? ASKS : NEUTRALS),
        nextStep: withStep ? pick(STEPS) : null,
        nextStepDue: withStep ? new Date(t + (3 + rand() * 14) * DAY) : null,
      });
    }
    accounts.push({
      name, segment: seg.name, owner: Math.floor(rand() * reps.length), createdAt: new Date(createdAt),
      status: churned ? 'churned' : 'active', churnedAt: churnedAt ? new Date(churnedAt) : null, holdings, touches,
    });
  }
  return { products: CATALOG, reps, accounts };
}

// The digest's content on the hand-computed book: Block Kit within limits, the at-stake
// ranking and its reasons, give:ask, the curve; the chart as a real PNG; the terminal render
// (npm run demo) and the ephemeral /tend digest.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, productsTrendPng, productsTrendSvg } from '../../src/charts/bar-chart.ts';
import { loadDigest } from '../../src/data/digest.ts';
import { renderDigestForTerminal } from '../../src/demo/digest.ts';
import { createLogger } from '../../src/log.ts';
import type { Runtime } from '../../src/runtime.ts';
import { showDigest } from '../../src/slack/flows/digest.ts';
import { buildDigest, formatValue } from '../../src/views/digest.ts';
import type { DigestData } from '../../src/domain/read-models.ts';
import { checkBlockKit } from '../support/block-kit-limits.ts';
import { seedActivity, seedBook, T, type Book } from '../support/book-fixture.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { illFormed } from '../support/well-formed.ts';

let db: TestDb;
let book: Book;
let data: DigestData;

beforeAll(async () => {
  db = await createTestDb();
  book = await seedBook(db.prisma, 'T0VIEW0001');
  await seedActivity(db.prisma, book);
  data = (await loadDigest(db.pool, book.workspaceId, T))!;
});
afterAll(async () => {
  await db?.drop();
});

describe('the digest message', () => {
  it('shows a week with no customers to count as a gap in the trend line, as the chart does, from the first week with any', () => {
    const means = [null, 1, 1, 1, null, null, 1, 2];
    const text = JSON.stringify(buildDigest({ ...data, trend: means.map((mean) => ({ mean })) }).blocks);
    expect(text).toContain('*Products per customer, 7 weeks:* 1.00 → 1.00 → 1.00 → – → – → 1.00 → 2.00 (target 2+)');
  });

  it('a give : ask under one reads 1 : n, never a zero beside the gives it counts', () => {
    const msg = buildDigest({ ...data, current: { ...data.current, touches: { ...data.current.touches, gives: 1, asks: 30 } } });
    expect(JSON.stringify(msg.blocks)).toContain('*Give : ask, last 7 days:* 1 : 30 — 1 give, 30 asks');
    expect(msg.text).toContain('give:ask 1 : 30');
    // the headline's ratio too (it read "0.0 : 1")
    expect(formatValue('ratio', 1 / 30)).toBe('1 : 30');
    expect(formatValue('ratio', 2.5)).toBe('2.5 : 1');
  });

  it('cuts a long workspace name in its header between characters, never inside an emoji (a lone surrogate)', () => {
    const msg = buildDigest({ ...data, workspaceName: '😀'.repeat(80) });
    expect(illFormed(msg)).toEqual([]);
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: `Tend digest · ${data.localDate} · ${'😀'.repeat(61)}…` } });
  });

  it('fits Block Kit and shows headlines with arrows, value at stake with reasons, give:ask and the curve', () => {
    const msg = buildDigest(data);
    expect(checkBlockKit('message', msg)).toEqual([]);
    const text = JSON.stringify(msg.blocks);
    // products per customer 2.00, down 0.20 from 2.20 a week ago (bad news)
    expect(text).toContain('*Products per customer*\\n2.00\\n:red_circle: ↓ −0.20 vs last week');
    // stalled 1, from 3 (good news)
    expect(text).toContain('*Stalled accounts*\\n1\\n:large_green_circle: ↓ −2 vs last week');
    // at risk (a year of revenue, rounded): D 500000 (cross_sell), I 300000 (cooling), C 200000 (queued cross_sell)
    const d = text.indexOf('*Account D* — ≈ $5k/yr at risk · next product');
    const i = text.indexOf('*Account I* — ≈ $3k/yr at risk · going quiet');
    const c = text.indexOf('*Account C* — ≈ $2k/yr at risk · next product');
    expect([d > 0, i > d, c > i]).toEqual([true, true, true]);
    expect(text).toContain('waiting for budget');
    expect(text).toContain('1 nudge wait');
    // team week: 4 gives, 2 asks → 2 : 1
    expect(text).toContain('*Give : ask, last 7 days:* 2 : 1 — 4 gives, 2 asks in 7 touches');
    // the curve looks back a year; this book's holdings began d(200): nothing to count yet, and it says so
    expect(text).toContain('1 product: no customers then · 2 products: no customers then · 3+ products: no customers then');
    expect(text).toContain("Too few customers a year ago to measure (fewer than 30 with one product, or with more): nudges use Tend's starting assumption");
    // equity rounded and explained: 6415930 cents ≈ $64k
    expect(text).toContain('*Customer equity*\\n≈ $64k');
    expect(text).toContain('Customer equity ≈ $64k: MRR $1,350/mo × 48 months of expected lifetime');
    expect(text).toContain('6 created → 5 claimed → 4 done → 2 won ($500/mo), 1 lost');
    expect(msg.text).toBe('Tend digest 2026-04-15: 2.00 products per customer, give:ask 2 : 1');
  });
});

describe('the chart', () => {
  it('is a PNG drawn from a chart with a bar and its value per week', async () => {
    const png = await productsTrendPng(data.trend);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH * 2, CHART_HEIGHT * 2]);
    const svg = await productsTrendSvg(data.trend);
    // Vega labels each bar for screen readers: one per week with customers (8)
    const bars = [...svg.matchAll(/aria-roledescription="bar"/g)].length;
    expect(bars).toBe(data.trend.filter((p) => p.mean !== null).length);
    expect(bars).toBe(8);
    for (const p of data.trend) expect(svg).toContain(`>${p.mean!.toFixed(2)}</text>`);
  });
});

describe('outside Slack', () => {
  it('renders the digest for a terminal and saves the chart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tend-digest-'));
    const out = await renderDigestForTerminal(db.pool, book.workspaceId, { chartPath: path.join(dir, 'chart.png'), asOf: T });
    expect(out!.text).toContain('Most revenue at risk');
    expect(out!.text).toContain('Products per customer');
    expect(out!.text).not.toMatch(/\*Most value/);
    // emoji as emoji, not Slack shortcodes
    expect(out!.text).toContain('🔴 ↓ −0.20 vs last week');
    expect(out!.text).not.toMatch(/:[a-z_]+_circle:/);
    const saved = await readFile(out!.chartPath);
    expect(saved.equals(await productsTrendPng(data.trend))).toBe(true);
    expect(await renderDigestForTerminal(db.pool, 999_999, { chartPath: path.join(dir, 'none.png'), asOf: T })).toBeNull();
  });

  it('answers /tend digest ephemerally with the same digest', async () => {
    const rt = { db, now: () => T, log: createLogger('silent') } as unknown as Runtime;
    const said: Record<string, unknown>[] = [];
    await showDigest(rt, book.workspaceId, async (m) => void said.push(m as Record<string, unknown>));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ response_type: 'ephemeral', text: buildDigest(data).text, blocks: buildDigest(data).blocks });
  });
});

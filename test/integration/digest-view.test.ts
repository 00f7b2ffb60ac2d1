// The digest's content on the hand-computed book: Block Kit within limits, the at-stake
// ranking and its reasons, give:ask, the curve; the chart as a real PNG; the terminal render
// (npm run demo) and the ephemeral /tend digest.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, PNG_SIGNATURE } from '../../src/charts/png.ts';
import { productsTrendPng } from '../../src/charts/bar-chart.ts';
import { loadDigest } from '../../src/digest/load.ts';
import { renderDigestForTerminal } from '../../src/digest/render-terminal.ts';
import { createLogger } from '../../src/log.ts';
import type { Runtime } from '../../src/runtime.ts';
import { showDigest } from '../../src/slack/digest-command.ts';
import { buildDigest, type DigestData } from '../../src/views/digest.ts';
import { checkBlockKit } from '../../src/views/limits.ts';
import { seedActivity, seedBook, T, type Book } from '../support/book-fixture.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

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

/** Chunks of a PNG, with their CRCs checked. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const body = png.subarray(at + 4, at + 8 + len);
    expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(body));
    out.push({ type: body.subarray(0, 4).toString('ascii'), data: body.subarray(4) });
    at += 12 + len;
  }
  return out;
}

describe('the digest message', () => {
  it('fits Block Kit and shows headlines with arrows, value at stake with reasons, give:ask and the curve', () => {
    const msg = buildDigest(data);
    expect(checkBlockKit('message', msg)).toEqual([]);
    const text = JSON.stringify(msg.blocks);
    // products per customer 2.00, down 0.20 from 2.20 a week ago (bad news)
    expect(text).toContain('*Products per customer*\\n2.00\\n:red_circle: ↓ −0.20 vs last week');
    // stalled 1, from 3 (good news)
    expect(text).toContain('*Stalled accounts*\\n1\\n:large_green_circle: ↓ −2 vs last week');
    // at stake: D 500000 (cross_sell), I 300000 (cooling), C 200000 (queued cross_sell)
    const d = text.indexOf('*Account D* — $5,000 at stake · single product');
    const i = text.indexOf('*Account I* — $3,000 at stake · going quiet');
    const c = text.indexOf('*Account C* — $2,000 at stake · single product');
    expect([d > 0, i > d, c > i]).toEqual([true, true, true]);
    expect(text).toContain('waiting for budget');
    expect(text).toContain('1 nudge wait');
    // team week: 4 gives, 2 asks → 2 : 1
    expect(text).toContain('*Give : ask, last 7 days:* 2 : 1 — 4 gives, 2 asks in 7 touches');
    expect(text).toContain('1 product: 50% (1 of 2) · 2 products: 33.3% (1 of 3) · 3 products: 0% (0 of 1) · 4+ products: 0% (0 of 1)');
    expect(text).toContain('6 created → 5 claimed → 4 done → 2 won ($500/mo), 1 lost');
    expect(msg.text).toBe('Tend digest 2026-04-15: 2.00 products per customer, give:ask 2 : 1');
  });
});

describe('the chart', () => {
  it('is a valid 640×320 RGB PNG with a bar per week', () => {
    const png = productsTrendPng(data.trend);
    const parts = chunks(png);
    expect(parts.map((p) => p.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = parts[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([640, 320, 8, 2]);
    const raw = inflateSync(parts[1]!.data);
    expect(raw.length).toBe((640 * 3 + 1) * 320);
    // the bar colour appears in the row just above the baseline once per week with customers (8)
    const row = 320 - 36 - 2;
    const line = raw.subarray(row * (640 * 3 + 1) + 1, (row + 1) * (640 * 3 + 1));
    let runs = 0;
    for (let x = 0, inBar = false; x < 640; x++) {
      const teal = line[x * 3] === 38 && line[x * 3 + 1] === 132 && line[x * 3 + 2] === 120;
      if (teal && !inBar) runs++;
      inBar = teal;
    }
    expect(runs).toBe(data.trend.filter((p) => p.mean !== null).length);
    expect(runs).toBe(8);
  });
});

describe('outside Slack', () => {
  it('renders the digest for a terminal and saves the chart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tend-digest-'));
    const out = await renderDigestForTerminal(db.pool, book.workspaceId, { chartPath: path.join(dir, 'chart.png'), asOf: T });
    expect(out!.text).toContain('Most value at stake');
    expect(out!.text).toContain('Products per customer');
    expect(out!.text).not.toMatch(/\*Most value/);
    // emoji as emoji, not Slack shortcodes
    expect(out!.text).toContain('🔴 ↓ −0.20 vs last week');
    expect(out!.text).not.toMatch(/:[a-z_]+_circle:/);
    const saved = await readFile(out!.chartPath);
    expect(saved.equals(productsTrendPng(data.trend))).toBe(true);
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

// `npm run demo` end to end, as a newcomer runs it: generate, load, scan through BullMQ, print
// the ranked nudges and the managers' digest, save the chart, exit cleanly.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startProcess } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';

let db: TestDb;
const prefix = testPrefix();
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await db.drop();
  await dropPrefix(prefix);
});

describe('npm run demo', () => {
  it('prints ranked give-first nudges and the digest, saves the chart, and exits 0', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tend-demo-'));
    const p = startProcess({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, TEND_QUEUE_PREFIX: prefix, TEND_DATA_DIR: dataDir }, 'src/bin/demo.ts');
    const { code } = await p.exited;
    expect(p.stderr()).toBe('');
    expect(code).toBe(0);
    const out = p.stdout();
    expect(out).toMatch(/Tend demo: 400 accounts, \d+ products/);
    expect(out).toMatch(/Released today \(\d+, at most the daily budget per rep\)/);
    expect(out).toMatch(/≈ \$[\d.]+[kM]?\/yr at risk/);
    expect(out).toContain('Products per customer, 8 weeks');
    expect(existsSync(path.join(dataDir, 'demo-digest.png'))).toBe(true);
  }, 120_000);
});

// `npm run demo` end to end, as a newcomer runs it: generate, load, scan through BullMQ, print
// the ranked nudges and the managers' digest, save the chart, exit cleanly.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEAM, runDemo } from '../../src/demo/run.ts';
import { startTestApp } from '../support/app.ts';
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
    // some whatever the hour: before the reps' 09:00 the demo shows that morning's release
    expect(Number(/Released today \((\d+), at most the daily budget per rep\)/.exec(out)?.[1])).toBeGreaterThan(0);
    expect(out).toMatch(/≈ \$[\d.]+[kM]?\/yr at risk/);
    expect(out).toContain('Products per customer, 8 weeks');
    expect(existsSync(path.join(dataDir, 'demo-digest.png'))).toBe(true);
  }, 120_000);

  it('run at 07:00, before the reps\' 09:00, shows that morning\'s release rather than an empty list', async () => {
    // the demo's reps keep UTC; the app's clock stands at 07:00 today, whatever hour this runs
    const at7 = new Date(`${new Date().toISOString().slice(0, 10)}T07:00:00Z`);
    const app = await startTestApp({ roles: 'worker', now: () => at7 });
    try {
      const lines: string[] = [];
      await runDemo(app.running.rt, { dataDir: `/tmp/${app.prefix}`, say: (text) => lines.push(text) });
      const out = lines.join('\n');
      const shown = Number(/Released today \((\d+), at most the daily budget per rep\)/.exec(out)?.[1]);
      expect(shown).toBeGreaterThan(0);
      const pool = app.db.pool;
      const { rows: [ws] } = await pool.query<{ id: number }>('select id from workspace where slack_team_id = $1', [DEMO_TEAM]);
      // the scan itself, finishing at 07:00, released nothing: the nudges shown are the 09:00 release's
      const { rows: runs } = await pool.query<{ released: number }>('select released from scan_run where workspace_id = $1', [ws!.id]);
      expect(runs).toEqual([{ released: 0 }]);
      const { rows: released } = await pool.query<{ at: Date; n: number }>(
        `select released_at as at, count(*)::int as n from nudge where workspace_id = $1 and released_at is not null group by 1`, [ws!.id]);
      expect(released).toEqual([{ at: new Date(at7.getTime() + 2 * 3_600_000), n: shown }]);
      // and each is listed, with its account and suggestion
      const { rows: open } = await pool.query<{ account: string }>(
        `select a.name as account from nudge n join account a on a.id = n.account_id where n.workspace_id = $1 and n.status = 'open'`, [ws!.id]);
      expect(open).toHaveLength(shown);
      for (const { account } of open) expect(out).toContain(account);
    } finally {
      await app.stop();
    }
  }, 120_000);
});

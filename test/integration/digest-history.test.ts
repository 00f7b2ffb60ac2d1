// A first digest right after importing a year of history, on real Postgres: the accounts are
// created today, but their holdings carry the history, so customer-since and churn dates are
// derived from them and last week's figures come from that history, never "+N vs last week"
// with N every customer; the churn curve counts the customers of a year ago. Then the same
// digest through `npm run digest -- --team T…`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/data/digest.ts';
import type { DigestData } from '../../src/domain/read-models.ts';
import { runImport } from '../../src/import/run.ts';
import { buildDigest } from '../../src/views/digest.ts';
import { churnCurveSvg } from '../../src/charts/churn-chart.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { ROOT } from '../support/process.ts';

const TEAM = 'T0HISTORY1';
const DAY = 86_400_000;
let db: TestDb;
let now: Date;
let data: DigestData;

const csv = (header: string[], rows: (string | number)[][]) => [header, ...rows].map((r) => r.join(',')).join('\n');

/**
 * 60 customers: 30 with one product and 27 with two since 400 days ago; 5 of the single-product
 * and 3 of the two-product ones ended everything 30 days ago; 3 new single-product customers
 * started 3 days ago. No status or dates on the accounts: everything comes from the holdings.
 */
function history(today: Date) {
  const day = (d: number) => new Date(today.getTime() - d * DAY).toISOString().slice(0, 10);
  const accounts: string[][] = [], holdings: (string | number)[][] = [];
  for (let i = 0; i < 60; i++) {
    const name = `Customer ${String(i).padStart(2, '0')}`;
    accounts.push([name]);
    const isNew = i >= 57;
    const two = !isNew && i >= 30;
    const ended = (i < 5) || (i >= 30 && i < 33) ? day(30) : '';
    const start = isNew ? day(3) : day(400);
    holdings.push([name, 'Payroll', '1000', start, ended]);
    if (two) holdings.push([name, 'Analytics', '500', start, ended]);
  }
  return {
    accounts: csv(['Name'], accounts),
    products: csv(['Name', 'List MRR', 'Position'], [['Payroll', '1000', 0], ['Analytics', '500', 1]]),
    holdings: csv(['Account', 'Product', 'MRR', 'Started At', 'Ended At'], holdings),
  };
}

beforeAll(async () => {
  db = await createTestDb();
  now = new Date();
  const files = history(now);
  for (const kind of ['accounts', 'products', 'holdings'] as const) {
    const out = await runImport(db.pool, { kind, text: files[kind], team: TEAM });
    if (!out.ok) throw new Error(`import refused: ${JSON.stringify(out)}`);
  }
  const ws = (await db.pool.query<{ id: number }>('select id from workspace where slack_team_id = $1', [TEAM])).rows[0]!.id;
  data = (await loadDigest(db.pool, ws, now))!;
});
afterAll(async () => {
  await db?.drop();
});

describe('the first digest after importing a year of history', () => {
  it("compares against last week's figures from that history: +3 new customers, not +52", () => {
    // now: 57 − 8 who ended + 3 new = 52; a week ago: 57 − 8 = 49
    expect(data.current.products.customers).toBe(52);
    expect(data.previous.products.customers).toBe(49);
    const text = JSON.stringify(buildDigest(data).blocks);
    expect(text).toContain('*Customers*\\n52\\n:large_green_circle: ↑ +3 vs last week');
    // products per customer from the same history: a week ago 25 single + 24 two-product → 73/49; now 3 new singles → 76/52
    expect(data.previous.products.mean).toBeCloseTo(73 / 49, 12);
    expect(data.current.products.mean).toBeCloseTo(76 / 52, 12);
  });

  it('counts the churn-by-products curve from the customers of a year ago', () => {
    expect(data.current.curve.buckets.map((b) => [b.label, b.churned, b.atRisk])).toEqual([['1', 5, 30], ['2', 3, 27], ['3+', 0, 0]]);
    const text = JSON.stringify(buildDigest(data).blocks);
    expect(text).toContain('1 product: 16.7% (5 of 30 left) · 2 products: 11.1% (3 of 27 left) · 3+ products: no customers then');
    expect(text).not.toContain('0 of 0');
    // 30 and 27 customers a year ago: under the 30-a-side threshold on one side, so the prior is named
    expect(text).toContain('Too few customers a year ago to measure');
  });

  it('draws the curve with its counts', async () => {
    const svg = await churnCurveSvg(data.current.curve);
    expect([...svg.matchAll(/aria-roledescription="bar"/g)].length).toBe(2);
    expect(svg).toContain('17% · 5 of 30 left');
    expect(svg).toContain('11% · 3 of 27 left');
    expect(svg).toContain('no customers');
  });

  it('derived each account’s customer-since and churn date from its holdings', async () => {
    const res = await db.pool.query<{ status: string; n: number; since: boolean }>(
      `select status::text, count(*)::int as n, bool_and(customer_since is not null) as since from account
       where workspace_id = (select id from workspace where slack_team_id = $1) group by status order by status`,
      [TEAM],
    );
    expect(res.rows).toEqual([{ status: 'active', n: 52, since: true }, { status: 'churned', n: 8, since: true }]);
  });

  it('prints through npm run digest -- --team', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tend-digest-cli-'));
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: db.url, TEND_DATA_DIR: dataDir };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/bin/digest.ts', '--team', TEAM], { cwd: ROOT, env, timeout: 60_000 });
    expect(stderr).toBe('');
    expect(stdout).toContain('Tend digest');
    expect(stdout).toContain('↑ +3 vs last week');
    expect(stdout).toContain('5 of 30 left');
    expect(existsSync(path.join(dataDir, `digest-${TEAM}-churn.png`))).toBe(true);
    const bad = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/bin/digest.ts', '--team', 'nope'], { cwd: ROOT, env, timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain('usage: npm run digest');
  }, 90_000);
});

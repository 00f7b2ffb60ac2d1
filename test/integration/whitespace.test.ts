// The next-product model on real Postgres: what it learns from (retained customers' live
// baskets and dated moves, never churned accounts), the same counts on a catalog too wide for
// bit masks, and the whitespace export computed straight after an import, with no scan.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { loadBasketCounts } from '../../src/data/basket-counts.ts';
import { runImport } from '../../src/import/run.ts';
import { runWhitespaceExport, WHITESPACE_COLUMNS } from '../../src/import/whitespace.ts';
import type { Kind } from '../../src/domain/records.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

const NOW = new Date('2026-06-15T12:00:00.000Z');
let db: TestDb;

// 4 products; the book, by active customers' baskets:
//  12 × Analytics + Reporting (Analytics first, Reporting 5 months later)
//   6 × Analytics               1 × Analytics, Reporting cancelled a month ago ("Cancelled Co")
//   5 × Alerts + Forecasting     3 × Alerts
//   1 × all four ("Everything")  1 × nothing held ("Empty Co")
//   and 5 churned customers holding Analytics + Forecasting, their holdings never closed by the
//   import: they must not teach anyone to buy Forecasting
type Spec = { name: string; status?: 'churned'; holdings: [string, string, string?][] };
const specs: Spec[] = [
  ...Array.from({ length: 12 }, (_, i): Spec => ({ name: `Pair ${i + 1}`, holdings: [['Analytics', '2025-01-01'], ['Reporting', '2025-06-01']] })),
  ...Array.from({ length: 6 }, (_, i): Spec => ({ name: `Solo ${i + 1}`, holdings: [['Analytics', '2025-02-01']] })),
  { name: 'Cancelled Co', holdings: [['Analytics', '2025-01-01'], ['Reporting', '2025-03-01', '2026-05-15']] },
  ...Array.from({ length: 5 }, (_, i): Spec => ({ name: `Alert Pair ${i + 1}`, holdings: [['Alerts', '2025-01-01'], ['Forecasting', '2025-01-01']] })),
  ...Array.from({ length: 3 }, (_, i): Spec => ({ name: `Alert Solo ${i + 1}`, holdings: [['Alerts', '2025-03-01']] })),
  { name: 'Everything', holdings: [['Analytics', '2025-01-01'], ['Reporting', '2025-02-01'], ['Alerts', '2025-03-01'], ['Forecasting', '2025-04-01']] },
  { name: 'Empty Co', holdings: [] },
  { name: '=HYPERLINK("http://x")', holdings: [['Analytics', '2025-02-01']] },
  ...Array.from({ length: 5 }, (_, i): Spec => ({ name: `Gone ${i + 1}`, status: 'churned', holdings: [['Analytics', '2024-01-01'], ['Forecasting', '2024-03-01']] })),
];

async function imp(kind: Kind, text: string, team: string): Promise<void> {
  const out = await runImport(db.pool, { kind, text, team });
  if (!out.ok) throw new Error(`import refused: ${JSON.stringify('rejects' in out ? out.rejects.slice(0, 3) : out.error)}`);
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function importBook(team: string): Promise<void> {
  await imp('products', 'name,list_mrr,position\nAnalytics,490,0\nReporting,290,1\nAlerts,190,2\nForecasting,590,3\n', team);
  await imp('accounts', `name,status,external_id\n${specs.map((s, i) => `${csvCell(s.name)},${s.status ?? 'active'},ext-${i + 1}`).join('\n')}\n`, team);
  const rows = specs.flatMap((s, i) => s.holdings.map(([p, start, end]) => `ext-${i + 1},${p},100,${start},${end ?? ''}`));
  await imp('holdings', `account,product,mrr,started_at,ended_at\n${rows.join('\n')}\n`, team);
}

async function whitespace(team: string): Promise<Record<string, string>[]> {
  let text = '';
  const out = new Writable({ write(chunk, _enc, done) { text += chunk; done(); } });
  const res = await runWhitespaceExport(db.pool, { team, out, now: NOW, page: 7 });
  if (!res.ok) throw new Error(res.error);
  expect(text.split('\n')[0]).toBe(WHITESPACE_COLUMNS.join(','));
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  expect(res.rows).toBe(rows.length);
  return rows;
}

async function names(workspace: string): Promise<Map<number, string>> {
  const r = await db.pool.query<{ id: number; name: string }>(
    'select p.id, p.name from product p join workspace w on w.id = p.workspace_id where w.slack_team_id = $1', [workspace]);
  return new Map(r.rows.map((x) => [x.id, x.name]));
}

async function workspaceId(team: string): Promise<number> {
  return (await db.pool.query<{ id: number }>('select id from workspace where slack_team_id = $1', [team])).rows[0]!.id;
}

/** Counts with product names instead of ids, in a stable order, to compare two workspaces. */
async function namedCounts(team: string) {
  const byId = await names(team);
  const c = await loadBasketCounts(db.pool, await workspaceId(team), NOW);
  const n = (ids: number[]) => ids.map((id) => byId.get(id)!).sort().join('+');
  return {
    baskets: c.baskets.map((b) => `${n(b.products)}: ${b.accounts}`).sort(),
    moves: (c.moves ?? []).map((m) => `${n(m.before)} → ${byId.get(m.product)}: ${m.accounts}`).sort(),
  };
}

beforeAll(async () => {
  db = await createTestDb();
  await importBook('T_WHITE');
  await importBook('T_OTHER');
  // a catalog of 70 products (beyond one bit mask) holding the same book
  await importBook('T_WIDE');
  const wide = await workspaceId('T_WIDE');
  await db.pool.query(
    `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
     select $1, 'Extra ' || g, 'extra ' || g, 1000, 10 + g from generate_series(1, 66) g`, [wide]);
});
afterAll(async () => {
  await db?.drop();
});

describe('what the model learns from', () => {
  it('counts retained customers live baskets and their dated moves, never churned accounts or ended holdings', async () => {
    const c = await namedCounts('T_WHITE');
    expect(c.baskets).toEqual([
      'Alerts+Analytics+Forecasting+Reporting: 1',
      'Alerts+Forecasting: 5',
      'Alerts: 3',
      'Analytics+Reporting: 12',
      'Analytics: 8', // 6 Solo, Cancelled Co (Reporting ended), the formula-named one
    ].sort());
    expect(c.moves).toEqual([
      // Alert Pairs took both products the same day: no move
      'Alerts+Analytics+Reporting → Forecasting: 1',
      'Analytics+Reporting → Alerts: 1',
      'Analytics → Reporting: 13', // 12 pairs and Everything; Cancelled Co's Reporting has ended
    ].sort());
  });

  it('reads the same counts with arrays when the catalog is too wide for a bit mask', async () => {
    expect(await namedCounts('T_WIDE')).toEqual(await namedCounts('T_WHITE'));
  });
});

describe('npm run export -- whitespace', () => {
  it('lists the next three products of every active account, right after an import, with counted evidence', async () => {
    const rows = await whitespace('T_WHITE');
    const of = (account: string) => rows.filter((r) => r.account === account);
    // every active account but Everything (nothing left to offer); churned ones never
    const accounts = new Set(rows.map((r) => r.account));
    expect(accounts.size).toBe(specs.filter((s) => !s.status).length - 1);
    expect(accounts.has('Everything')).toBe(false);
    expect([...accounts].some((a) => a?.startsWith('Gone'))).toBe(false);

    const solo = of('Solo 1');
    expect(solo.map((r) => [r.external_id, r.rank, r.product])).toEqual([
      ['ext-13', '1', 'Reporting'], ['ext-13', '2', expect.any(String)], ['ext-13', '3', expect.any(String)],
    ]);
    // 21 retained customers hold Analytics, 13 of them Reporting; 13 of 29 hold Reporting overall
    expect(solo[0]!.evidence).toBe('13 of 21 customers who hold Analytics also hold Reporting (1.4× the average)');
    expect(Number(solo[0]!.score)).toBeGreaterThan(Number(solo[1]!.score));
    expect(Number(solo[0]!.score)).toBeLessThan(1);

    // a product cancelled a month ago is not offered again
    expect(of('Cancelled Co').map((r) => r.product)).not.toContain('Reporting');
    // a two-product account gets its whitespace too
    expect(of('Pair 1').map((r) => r.product)).toEqual(expect.arrayContaining(['Alerts', 'Forecasting']));
    expect(of('Alert Solo 1')[0]!.product).toBe('Forecasting');
    // an account holding nothing still gets three
    expect(of('Empty Co')).toHaveLength(3);
    // a name a spreadsheet would run as a formula is written as text
    expect(accounts.has(`'=HYPERLINK("http://x")`)).toBe(true);
  });

  it('does not pitch a product the account has signed to start later', async () => {
    const ws = await workspaceId('T_WHITE');
    const ids = await db.pool.query<{ account: number; product: number }>(
      `select a.id as account, p.id as product from account a join product p on p.workspace_id = a.workspace_id
       where a.workspace_id = $1 and a.name = 'Solo 2' and p.name = 'Reporting'`, [ws]);
    const { account, product } = ids.rows[0]!;
    const signed = await db.pool.query<{ id: number }>(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 10000, $4::timestamp) returning id`,
      [ws, account, product, new Date(NOW.getTime() + 14 * 86_400_000).toISOString()]);
    try {
      const rows = (await whitespace('T_WHITE')).filter((r) => r.account === 'Solo 2');
      // the two products it has neither held nor signed, from what it holds now (Analytics)
      expect(rows.map((r) => r.product).sort()).toEqual(['Alerts', 'Forecasting']);
      expect(rows[0]!.evidence).toMatch(/who hold Analytics also hold/);
    } finally {
      await db.pool.query('delete from holding where id = $1', [signed.rows[0]!.id]);
    }
  });

  it('reads only its own workspace', async () => {
    const before = await whitespace('T_OTHER');
    await db.pool.query(`update account set status = 'churned' where workspace_id = $1`, [await workspaceId('T_WHITE')]);
    expect(await whitespace('T_OTHER')).toEqual(before);
    expect(await whitespace('T_WHITE')).toEqual([]);
  });
});

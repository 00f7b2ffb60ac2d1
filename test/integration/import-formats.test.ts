// The number, currency and date formats of real exports, through runImport to the rows
// written: a European (semicolon) sheet's prices, a deals export in several currencies, and
// a Salesforce report's month-first dates.
import { describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../src/import/run.ts';
import { fixtureText as fixture, importDb, ok } from '../support/import-harness.ts';

const { pool, imp } = importDb();

const q = async (sql: string, params: unknown[]) => (await pool().query(sql, params)).rows;

describe('a semicolon (European Excel) export', () => {
  const team = 'TFMTSEMI';

  it('reads its prices with the comma as the decimal mark and the dot between thousands, in products and long holdings alike', async () => {
    ok(await imp(team, 'accounts', 'name\nMüller GmbH\nSchmidt AG\nWeber KG\n'));
    ok(await imp(team, 'products', fixture('products-semicolon.csv')));
    ok(await imp(team, 'holdings', fixture('holdings-semicolon.csv')));
    expect(await q(`select p.name, p.list_mrr_cents from product p join workspace w on w.id = p.workspace_id where w.slack_team_id = $1 order by p.name`, [team])).toEqual([
      { name: 'Alerts', list_mrr_cents: 150_000 },
      { name: 'Analytics', list_mrr_cents: 120_000 },
      { name: 'Reporting', list_mrr_cents: 9_950 },
    ]);
    expect(await q(`select a.name, h.mrr_cents from holding h join account a on a.id = h.account_id join workspace w on w.id = h.workspace_id where w.slack_team_id = $1 order by a.name`, [team])).toEqual([
      { name: 'Müller GmbH', mrr_cents: 123_456 },
      { name: 'Schmidt AG', mrr_cents: 120_000 },
      { name: 'Weber KG', mrr_cents: 150_000 },
    ]);
  });

  it('refuses "1,200", which there means 1.2 with a third decimal, rather than reading it as thousands', async () => {
    const out = await imp(team, 'holdings', 'account;product;mrr;started_at\nMüller GmbH;Analytics;1,200;2024-01-15\n');
    expect(out.ok).toBe(false);
    expect('rejects' in out && out.rejects).toEqual([{ line: 2, column: 'mrr', reason: expect.stringMatching(/^Is "1,200" 1\.2 or 1200\?/) }]);
  });
});

describe('a deals export in several currencies', () => {
  const team = 'TFMTCUR';
  const map: ImportRequest['map'] = [['Deal - Organization', 'account'], ['Deal - Product', 'product'], ['Deal - Value', 'mrr'], ['Deal - Won time', 'started_at']];

  it('is refused, naming the currencies and their rows, and nothing is written', async () => {
    ok(await imp(team, 'accounts', 'name\nAcme\nBeta\nGamma\nDelta\n'));
    ok(await imp(team, 'products', 'name,list_mrr\nAnalytics,100\n'));
    const out = await imp(team, 'holdings', fixture('holdings-currencies.csv'), { map });
    expect(out.ok).toBe(false);
    const rejects = 'rejects' in out ? out.rejects : [];
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toMatch(/more than one currency: EUR \(lines 2, 5\), JPY \(line 3\), ¥ \(line 4\)/);
    expect(rejects[0]!.reason).toMatch(/export in one currency, or convert before import/);
    expect(await q(`select count(*)::int as n from holding h join workspace w on w.id = h.workspace_id where w.slack_team_id = $1`, [team])).toEqual([{ n: 0 }]);
  });

  it('imports the same export once it is in one currency', async () => {
    const one = fixture('holdings-currencies.csv').split('\n').filter((l) => !/JPY|¥/.test(l)).join('\n');
    expect(ok(await imp(team, 'holdings', one, { map })).counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
  });
});

describe("a Salesforce report's dates", () => {
  const team = 'TFMTSF';
  const map: ImportRequest['map'] = [['Account Name', 'account'], ['Subject', 'summary'], ['Date', 'occurred_at']];

  it('reads M/D/YYYY when a day over 12 in the column says so', async () => {
    ok(await imp(team, 'accounts', 'name\nAcme\nBeta\n'));
    ok(await imp(team, 'conversations', fixture('conversations-salesforce-report.csv'), { map }));
    expect(await q(`select a.name, to_char(c.occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day from conversation c join account a on a.id = c.account_id join workspace w on w.id = c.workspace_id where w.slack_team_id = $1 order by c.occurred_at`, [team])).toEqual([
      { name: 'Acme', day: '2024-05-03' },
      { name: 'Beta', day: '2024-05-14' },
      { name: 'Acme', day: '2024-12-01' },
    ]);
  });

  it('refuses a column that has both a day-first and a month-first date, naming both rows', async () => {
    const out = await imp(team, 'conversations', '"Account Name","Subject","Date"\n"Acme","Call","13/5/2024"\n"Beta","Call","5/14/2024"\n', { map });
    expect(out.ok).toBe(false);
    expect('rejects' in out && out.rejects).toEqual([{ line: 1, column: 'occurred_at', reason: expect.stringMatching(/"13\/5\/2024" \(line 2\).*"5\/14\/2024" \(line 3\)/) }]);
  });
});

// Two CRM records with one name (domain/distinct-names.ts), on real Postgres: a HubSpot export
// holding a same-named pair imports both, one under the name plus its record id; a row whose
// name an account of another record has is another account; importing the same file again
// (in any order) changes nothing and never renames a record back into the clash; holdings and
// conversations by record id reach each account, by name the one that kept it; the CLI says
// which accounts were named apart and why.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureText as fixture, IMPORT_FIXTURES, importDb, ok } from '../support/import-harness.ts';
import { ROOT } from '../support/process.ts';

const { pool, url, imp } = importDb();

const SAME_NAME = 'hubspot-companies-same-name.csv';

const accounts = async (team: string) =>
  (
    await pool().query(
      `select a.name, a.external_id, a.segment, array(select al.alias from account_alias al where al.account_id = a.id order by al.alias) as aliases
       from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1 order by a.name`,
      [team],
    )
  ).rows;
/** Every account and alias row of the team, as text: any write to them changes it. */
const snapshot = async (team: string) =>
  (
    await pool().query(
      `select (select string_agg(a::text, '|' order by a.id) from account a where a.workspace_id = w.id) as accounts,
              (select string_agg(al::text, '|' order by al.id) from account_alias al where al.workspace_id = w.id) as aliases
       from workspace w where w.slack_team_id = $1`,
      [team],
    )
  ).rows[0];

describe('a HubSpot export with two companies of one name', () => {
  const team = 'TSAMEHUB';

  it('imports both: the first row keeps the name, the other takes its record id, and the report says so', async () => {
    const out = ok(await imp(team, 'accounts', fixture(SAME_NAME), { preset: 'hubspot' }));
    expect(out.counts).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(out.distinct).toEqual([
      { line: 4, name: 'Acme Corp', externalId: '5014', given: 'Acme Corp (ID 5014)', heldBy: { line: 2, externalId: '5001' } },
    ]);
    expect(await accounts(team)).toEqual([
      { name: 'Acme Corp', external_id: '5001', segment: 'Manufacturing', aliases: [] },
      { name: 'Acme Corp (ID 5014)', external_id: '5014', segment: 'Retail', aliases: [] },
      { name: 'Borealis Ltd', external_id: '5002', segment: 'Software', aliases: [] },
      { name: 'Cobalt SA', external_id: '5003', segment: 'Retail', aliases: [] },
    ]);
  });

  it('imports the same file again without a change, in any row order, and still lists the pair', async () => {
    const before = await snapshot(team);
    const again = ok(await imp(team, 'accounts', fixture(SAME_NAME), { preset: 'hubspot' }));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(again.distinct.map((d) => [d.line, d.given, d.heldBy])).toEqual([[4, 'Acme Corp (ID 5014)', { account: 'Acme Corp', externalId: '5001', alias: false }]]);
    // an export sorted another way: 5014 comes first, and the account that has the name keeps it
    const [header, ...rows] = fixture(SAME_NAME).trim().split('\n');
    const reversed = [header, ...rows.reverse()].join('\n');
    const swapped = ok(await imp(team, 'accounts', reversed, { preset: 'hubspot' }));
    expect(swapped.counts).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(swapped.distinct.map((d) => [d.line, d.given])).toEqual([[3, 'Acme Corp (ID 5014)']]);
    expect(await snapshot(team)).toEqual(before);
  });

  it('holdings and conversations by record id reach each of the two; by name, the one that kept it', async () => {
    ok(await imp(team, 'products', 'name,list_mrr\nAnalytics,1000\nSupport Plus,250\n'));
    const byId = ok(await imp(team, 'holdings', 'Record ID,product,mrr,started_at\n5001,Analytics,1200,2024-01-01\n5014,Support Plus,300,2024-02-01\n', { preset: 'hubspot' }));
    expect(byId.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const byName = ok(await imp(team, 'holdings', 'account,product,mrr,started_at\nAcme Corp,Support Plus,250,2024-03-01\nAcme Corp (ID 5014),Analytics,900,2024-03-01\n'));
    expect(byName.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const touches = ok(await imp(team, 'conversations', 'Record ID,occurred_at,summary\n5001,2024-04-01,Usage review\n5014,2024-04-02,Intro call\n', { preset: 'hubspot' }));
    expect(touches.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const held = await pool().query(
      `select a.external_id, p.name as product, h.mrr_cents from holding h join account a on a.id = h.account_id join product p on p.id = h.product_id
       join workspace w on w.id = h.workspace_id where w.slack_team_id = $1 order by a.external_id, h.started_at`,
      [team],
    );
    expect(held.rows).toEqual([
      { external_id: '5001', product: 'Analytics', mrr_cents: 120_000 },
      { external_id: '5001', product: 'Support Plus', mrr_cents: 25_000 },
      { external_id: '5014', product: 'Support Plus', mrr_cents: 30_000 },
      { external_id: '5014', product: 'Analytics', mrr_cents: 90_000 },
    ]);
    const talked = await pool().query(
      `select a.external_id, c.summary from conversation c join account a on a.id = c.account_id join workspace w on w.id = c.workspace_id
       where w.slack_team_id = $1 order by a.external_id`,
      [team],
    );
    expect(talked.rows).toEqual([{ external_id: '5001', summary: 'Usage review' }, { external_id: '5014', summary: 'Intro call' }]);
  });
});

describe('a row whose name an account of another record has', () => {
  const team = 'TSAMEOLD';

  it('is another account under its record id; the account keeps its name and its id', async () => {
    ok(await imp(team, 'accounts', 'name,aliases,external_id\nBorealis Ltd,,5002\nCobalt SA,Cobalt,5003\n'));
    const out = ok(await imp(team, 'accounts', 'name,segment,external_id\nBorealis Ltd,Retail,5099\nCobalt,Software,5098\n'));
    expect(out.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(out.distinct.map((d) => [d.line, d.given, d.heldBy])).toEqual([
      [2, 'Borealis Ltd (ID 5099)', { account: 'Borealis Ltd', externalId: '5002', alias: false }],
      // a name held as an alias is held too: the row neither takes the account nor its id
      [3, 'Cobalt (ID 5098)', { account: 'Cobalt SA', externalId: '5003', alias: true }],
    ]);
    expect(await accounts(team)).toEqual([
      { name: 'Borealis Ltd', external_id: '5002', segment: null, aliases: [] },
      { name: 'Borealis Ltd (ID 5099)', external_id: '5099', segment: 'Retail', aliases: [] },
      { name: 'Cobalt (ID 5098)', external_id: '5098', segment: 'Software', aliases: [] },
      { name: 'Cobalt SA', external_id: '5003', segment: null, aliases: ['Cobalt'] },
    ]);
  });

  it('an account renamed in the CRM onto a taken name takes its record id, keeps its old name as an alias, and stays so', async () => {
    ok(await imp(team, 'accounts', 'name,external_id\nBorealis Nordic,5100\n'));
    const renamed = ok(await imp(team, 'accounts', 'name,external_id\nBorealis Ltd,5100\n'));
    expect(renamed.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const row = async () => (await accounts(team)).filter((a) => a.external_id === '5100');
    expect(await row()).toEqual([{ name: 'Borealis Ltd (ID 5100)', external_id: '5100', segment: null, aliases: ['Borealis Nordic'] }]);
    const before = await snapshot(team);
    const again = ok(await imp(team, 'accounts', 'name,external_id\nBorealis Ltd,5100\n'));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await snapshot(team)).toEqual(before);
    // renamed once more in the CRM, to a free name: it takes it, and the distinct name still finds it
    const freed = ok(await imp(team, 'accounts', 'name,external_id\nBorealis Baltic,5100\n'));
    expect(freed.distinct).toEqual([]);
    expect(await row()).toEqual([{ name: 'Borealis Baltic', external_id: '5100', segment: null, aliases: ['Borealis Ltd (ID 5100)', 'Borealis Nordic'] }]);
  });

  it('an account with no record id (made in Slack) goes to the first row of its name, which gives it its id', async () => {
    ok(await imp(team, 'accounts', 'name\nDunmore Inc\n'));
    const out = ok(await imp(team, 'accounts', 'name,external_id\nDunmore Inc,7001\nDunmore Inc,7002\n'));
    expect(out.counts).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(out.distinct.map((d) => [d.line, d.given, d.heldBy])).toEqual([[3, 'Dunmore Inc (ID 7002)', { line: 2, externalId: '7001' }]]);
    expect((await accounts(team)).filter((a) => a.name.startsWith('Dunmore')).map((a) => [a.name, a.external_id])).toEqual([
      ['Dunmore Inc', '7001'],
      ['Dunmore Inc (ID 7002)', '7002'],
    ]);
  });

  it('a Salesforce record keeps one distinct name whether a file gives its 15 or 18 characters', async () => {
    const t = 'TSAMESF';
    ok(await imp(t, 'accounts', 'Account Name,Account ID\nAcme Corp,0015g00000AbCdE\nAcme Corp,0015g00000AbCdF\n', { preset: 'salesforce' }));
    const before = await snapshot(t);
    const dl = ok(await imp(t, 'accounts', 'Id,Name\n0015g00000AbCdFAAV,Acme Corp\n0015g00000AbCdEAAV,Acme Corp\n', { preset: 'salesforce' }));
    expect(dl.distinct.map((d) => d.given)).toEqual(['Acme Corp (ID 0015g00000AbCdF)']);
    // the 18 characters are kept (as for any account); the names do not move
    expect((await accounts(t)).map((a) => [a.name, a.external_id])).toEqual([
      ['Acme Corp', '0015g00000AbCdEAAV'],
      ['Acme Corp (ID 0015g00000AbCdF)', '0015g00000AbCdFAAV'],
    ]);
    expect(dl.counts).toEqual({ created: 0, updated: 2, unchanged: 0 });
    expect((await snapshot(t))!.aliases).toEqual(before!.aliases);
  });

  it('rows of one name without record ids, or of one record, are still refused as one record written twice', async () => {
    const t = 'TSAMEREFUSED';
    expect(await imp(t, 'accounts', 'name,external_id\nAcme,5001\nAcme,\n')).toMatchObject({ ok: false, rejects: [{ line: 3, column: 'name', reason: 'the name "Acme" is already on line 2' }] });
    expect(await imp(t, 'accounts', 'name\nAcme\nACME\n')).toMatchObject({ ok: false, rejects: [{ line: 3, column: 'name', reason: 'the name "ACME" is already on line 2' }] });
  });

  it('a distinct name another record already has is refused, saying where the name came from', async () => {
    const t = 'TSAMECLASH';
    const why = ' ("Acme (ID 2)" is "Acme" with its record id: another record has "Acme")';
    expect(await imp(t, 'accounts', 'name,external_id\nAcme,1\nAcme,2\nAcme (ID 2),9\n')).toEqual({
      ok: false, rows: 3, ignored: [], notes: [], rejects: [{ line: 3, column: 'name', reason: `the name "Acme (ID 2)" is already on line 4${why}` }],
    });
    ok(await imp(t, 'accounts', 'name,external_id\nAcme (ID 2),9\n'));
    expect(await imp(t, 'accounts', 'name,external_id\nAcme,1\nAcme,2\n')).toEqual({
      ok: false, rows: 2, ignored: [], notes: [], rejects: [{ line: 3, column: 'external_id', reason: `the account named "Acme (ID 2)" already has external_id "9"${why}` }],
    });
  });
});

describe('the CLI', () => {
  it('says which accounts were named apart and why', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: url() };
    const args = ['--import', 'tsx', 'src/bin/import.ts', 'accounts', path.join(IMPORT_FIXTURES, SAME_NAME), '--team', 'TSAMECLI', '--preset', 'hubspot'];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 });
    expect(stdout).toMatch(/Created 4 accounts/);
    expect(stdout).toContain('1 account is named apart with its record id, as another record has its name');
    expect(stdout).toContain('  line 4: "Acme Corp" (external_id 5014) → "Acme Corp (ID 5014)"; the name stays with line 2 (external_id 5001)\n');
  }, 90_000);
});

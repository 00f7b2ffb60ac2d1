// An export that goes through a person's hands and comes back, on real Postgres: a spreadsheet
// that saved the ids as numbers (scientific notation, leading zeros dropped) is refused row by
// row with the way out, never read as new accounts; a holding or touch comes back to its own
// account when one account's name is another's external_id; an alias with a semicolon in it
// comes back as one alias; `npm run -s export` writes a CSV with nothing of npm's in it; an
// accounts file's "today" is the workspace's.
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/domain/records.ts';
import { runExport } from '../../src/import/export.ts';
import type { ImportOutcome } from '../../src/import/run.ts';
import { importDb, ok } from '../support/import-harness.ts';
import { ROOT } from '../support/process.ts';

const { pool, url, imp } = importDb();

async function exportText(kind: Kind, team: string): Promise<string> {
  let text = '';
  const out = new Writable({ write(chunk, _enc, done) { text += chunk; done(); } });
  const res = await runExport(pool(), { kind, team, out });
  if (!res.ok) throw new Error(res.error);
  return text;
}
const reasons = (out: ImportOutcome) => (!out.ok && 'rejects' in out ? out.rejects.map((r) => `${r.line} ${r.column}: ${r.reason}`) : [JSON.stringify(out)]);
const accountNames = async (team: string) =>
  (await pool().query<{ name: string; external_id: string | null }>(
    'select a.name, a.external_id from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1 order by a.id', [team])).rows;

/** What Excel saves for an id column it read as numbers ("General"): zeros dropped, 12 digits and up as 1.23457E+11. */
const excel = (cell: string) => (/^\d+$/.test(cell) ? (cell.length > 11 ? Number(cell).toExponential(5).toUpperCase().replace(/E\+?/, 'E+') : String(Number(cell))) : cell);

describe('an export saved again by a spreadsheet that read the ids as numbers', () => {
  const team = 'TEXCEL';
  const TEXT = 'Format the column as Text (when opening the original export, or in the CRM\'s export) and save the file again';

  it('refuses ids in scientific notation and ids that lost their leading zeros, naming the fix, and creates nothing', async () => {
    ok(await imp(team, 'accounts', 'name,external_id\nAcme,00123\nGlobex,123456789012\n'));
    ok(await imp(team, 'products', 'name\nAnalytics\n'));
    ok(await imp(team, 'holdings', 'account,product,mrr,started_at\n00123,Analytics,100,2024-01-01\n123456789012,Analytics,200,2024-01-01\n'));
    const exported = await exportText('accounts', team);
    const saved = exported.split('\n').map((line) => line.split(',').map(excel).join(',')).join('\n');
    expect(saved).toContain('Acme,,,,active,123,');
    expect(saved).toContain('Globex,,,,active,1.23457E+11,');

    // the cell is refused as read; the id a lookup finds shorter of its zeros, once the file is staged
    expect(reasons(await imp(team, 'accounts', saved))).toEqual([
      `3 external_id: "1.23457E+11" is a number in scientific notation: a spreadsheet saved the id as a number and cut its digits. ${TEXT}`,
    ]);
    expect(reasons(await imp(team, 'accounts', saved.replace('1.23457E+11', '123456789012')))).toEqual([
      `2 external_id: "123" is the external_id "00123" of the account "Acme" without its leading zeros: a spreadsheet saved the ids as numbers. ${TEXT}`,
    ]);
    expect(await accountNames(team)).toEqual([{ name: 'Acme', external_id: '00123' }, { name: 'Globex', external_id: '123456789012' }]);

    const holdings = await exportText('holdings', team);
    const savedHoldings = holdings.split('\n').map((line) => line.split(',').map(excel).join(',')).join('\n');
    expect(reasons(await imp(team, 'holdings', savedHoldings))).toEqual([
      `3 account: "1.23457E+11" is a number in scientific notation: a spreadsheet saved the id as a number and cut its digits. ${TEXT}`,
    ]);
    expect(reasons(await imp(team, 'holdings', savedHoldings.replace('1.23457E+11', '123456789012')))).toEqual([
      `2 account: no account "123", but "00123" (Acme) is that external_id with leading zeros: a spreadsheet saved the ids as numbers. ${TEXT}`,
    ]);
    // the file as exported still imports onto itself
    expect(ok(await imp(team, 'accounts', exported)).counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(ok(await imp(team, 'holdings', holdings)).counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });
});

describe('an account whose name is another account\'s external_id', () => {
  const team = 'TREFS';
  const ids = async () => Object.fromEntries((await pool().query<{ name: string; id: number }>(
    'select a.name, a.id from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1', [team])).rows.map((r) => [r.name, r.id]));
  const placed = async () => (await pool().query<{ what: string; account: string }>(
    `select p.name as what, a.name as account from holding h join account a on a.id = h.account_id join product p on p.id = h.product_id
     join workspace w on w.id = h.workspace_id where w.slack_team_id = $1
     union all
     select c.summary, a.name from conversation c join account a on a.id = c.account_id join workspace w on w.id = c.workspace_id where w.slack_team_id = $1
     order by 1, 2`, [team])).rows;

  it('exports each holding and touch under a reference that imports back onto its own account', async () => {
    // Acme's CRM id is 1001; a customer made in Slack is called "1001"; Globex's id is Initech's name
    ok(await imp(team, 'accounts', 'name,external_id\nAcme,1001\n1001,\nGlobex,Initech\nInitech,\n'));
    ok(await imp(team, 'products', 'name\nAnalytics\nReporting\n'));
    const id = await ids();
    const ws = (await pool().query<{ id: number }>('select id from workspace where slack_team_id = $1', [team])).rows[0]!.id;
    // what /log and the holding command write for the account "1001": no reference by cell at all
    await pool().query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
       select $1, $2, p.id, 5000, '2024-05-05' from product p where p.workspace_id = $1 and p.name = 'Reporting'`, [ws, id['1001']]);
    await pool().query(
      `insert into conversation (workspace_id, account_id, occurred_at, medium, summary, kind, source, source_key)
       values ($1, $2, '2024-05-06', 'call', 'Called 1001', 'neutral', 'command', 'cmd:x')`, [ws, id['1001']]);
    await pool().query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
       select $1, $2, p.id, 30000, '2024-01-01' from product p where p.workspace_id = $1 and p.name = 'Analytics'`, [ws, id.Initech]);
    ok(await imp(team, 'holdings', 'account,product,mrr,started_at\nAcme,Analytics,100,2024-01-01\n'));
    ok(await imp(team, 'conversations', 'account,occurred_at,summary\nGlobex,2024-02-01,Called Globex\n'));
    const before = await placed();
    expect(before).toEqual([
      { what: 'Analytics', account: 'Acme' }, { what: 'Analytics', account: 'Initech' }, { what: 'Called 1001', account: '1001' },
      { what: 'Called Globex', account: 'Globex' }, { what: 'Reporting', account: '1001' },
    ]);

    const holdings = await exportText('holdings', team);
    const touches = await exportText('conversations', team);
    // neither "1001" nor "Initech" names one account: the account "1001" and Initech by Tend's id,
    // Acme and Globex (whose ids they are) by their names
    expect(holdings.split('\n').map((l) => l.split(',')[0])).toEqual(['account', `tend:${id['1001']}`, `tend:${id.Initech}`, 'Acme', '']);
    expect(touches.split('\n').map((l) => l.split(',')[0])).toEqual(['account', `tend:${id['1001']}`, 'Globex', '']);
    expect(ok(await imp(team, 'holdings', holdings)).counts).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(ok(await imp(team, 'conversations', touches)).counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await placed()).toEqual(before);
  });

  it('refuses a cell that is one account\'s external_id and another\'s name, naming both', async () => {
    const id = await ids();
    const out = await imp(team, 'holdings', 'account,product,mrr,started_at\n1001,Reporting,100,2024-03-01\n');
    expect(reasons(out)).toEqual([
      `2 account: "1001" names two accounts: "Acme" by its external_id and "1001" by its name. Write tend:${id.Acme} for the first or tend:${id['1001']} for the second (Tend's own ids, as export writes them)`,
    ]);
    expect(ok(await imp(team, 'holdings', `account,product,mrr,started_at\ntend:${id['1001']},Analytics,100,2024-03-01\n`)).counts.created).toBe(1);
    expect(reasons(await imp(team, 'holdings', 'account,product,mrr,started_at\ntend:999999,Analytics,100,2024-03-01\n'))).toEqual([
      '2 account: no account "tend:999999" in this workspace (import accounts first)',
    ]);
  });
});

describe('aliases with a semicolon in them', () => {
  const team = 'TALIAS';
  const aliases = async () => (await pool().query<{ name: string; aliases: string[] }>(
    `select a.name, array(select al.alias from account_alias al where al.account_id = a.id order by al.alias) as aliases
     from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1 order by a.name`, [team])).rows;

  it('export escapes them and import reads them back whole, beside a CRM file\'s "; " separators', async () => {
    ok(await imp(team, 'accounts', 'name,aliases,external_id\n"Smith; Partners LLP",,s1\n"Barnes; Noble",B&N,b1\nNoble,Noble Corp;Noble Inc,n1\n'));
    // renamed in the CRM: the old names stay as aliases
    ok(await imp(team, 'accounts', 'name,external_id\nSmith Partners,s1\nBarnes and Noble,b1\n'));
    const before = await aliases();
    expect(before).toEqual([
      { name: 'Barnes and Noble', aliases: ['B&N', 'Barnes; Noble'] },
      { name: 'Noble', aliases: ['Noble Corp', 'Noble Inc'] },
      { name: 'Smith Partners', aliases: ['Smith; Partners LLP'] },
    ]);
    const exported = await exportText('accounts', team);
    expect(exported).toContain('Barnes and Noble,B&N; Barnes\\; Noble,');
    expect(exported).toContain('Smith Partners,Smith\\; Partners LLP,');
    expect(exported).toContain('Noble,Noble Corp; Noble Inc,');
    expect(ok(await imp(team, 'accounts', exported)).counts).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await aliases()).toEqual(before);
  });
});

describe('npm run export to stdout', () => {
  const team = 'TNPM';
  const run = promisify(execFile);
  const npm = async (args: string[]) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: url() };
    try {
      const { stdout, stderr } = await run('npm', args, { cwd: ROOT, env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('with -s writes the CSV alone; without it, says npm\'s banner went in and how to keep it out', async () => {
    ok(await imp(team, 'products', 'name,list_mrr\nAnalytics,100\n'));
    const silent = await npm(['run', '-s', 'export', '--', 'products', '--team', team]);
    expect(silent.code).toBe(0);
    expect(silent.stdout).toBe('name,list_mrr,position\nAnalytics,100.00,0\n');
    expect(silent.stderr).toBe('Exported 1 products of workspace TNPM.\n');

    const loud = await npm(['run', 'export', '--', 'products', '--team', team]);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toMatch(/^\s*> tend@.* export\n/);
    expect(loud.stderr).toContain('tend export: npm printed its banner ("> tend@… export") to stdout, ahead of the CSV. For a clean CSV: npm run -s export -- products > products.csv, or name the file: npm run export -- products products.csv');

    const help = await npm(['run', '-s', 'export', '--', '--help']);
    expect(help.stdout).toContain('run it as npm run -s export -- <kind> > file.csv');
  }, 120_000);
});

describe('an accounts file from a team east of UTC', () => {
  it('takes a churn date of the workspace\'s today, and names that today when it refuses one after it', async () => {
    const team = 'TSYDNEY';
    ok(await imp(team, 'products', 'name\nAnalytics\n'));
    await pool().query(`update workspace set timezone = 'Australia/Sydney' where slack_team_id = $1`, [team]);
    // 09:30 on 6 June in Sydney, still 5 June in UTC
    const now = new Date('2026-06-05T23:30:00Z');
    expect(ok(await imp(team, 'accounts', 'name,churned_at\nAcme,2026-06-06\n', { now })).counts.created).toBe(1);
    expect(reasons(await imp(team, 'accounts', 'name,churned_at\nGlobex,2026-06-07\n', { now }))).toEqual([
      '2 churned_at: 2026-06-07 is in the future (today is 2026-06-06 in Australia/Sydney)',
    ]);
  });
});

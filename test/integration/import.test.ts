// Import and export against a real Postgres: speed, idempotence, all-or-nothing, dry run,
// round trip, workspace isolation, hostile text, and the CLI as a real child process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTouch } from '../../src/data/conversations.ts';
import { runExport } from '../../src/import/export.ts';
import { KINDS, type Kind } from '../../src/domain/records.ts';
import { runImport, type ImportOutcome } from '../../src/import/run.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { makeImportFixture } from '../support/import-fixture.ts';
import { ROOT } from '../support/process.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.drop();
});

async function imp(kind: Kind, text: string, team: string, opts: { dryRun?: boolean; batch?: number } = {}) {
  return runImport(db.pool, { kind, text, team, ...opts });
}
function ok(out: ImportOutcome) {
  if (!out.ok) throw new Error(`import refused: ${JSON.stringify('rejects' in out ? out.rejects.slice(0, 5) : out.error)}`);
  return out;
}
async function exportText(kind: Kind, team: string): Promise<string> {
  let text = '';
  const out = new Writable({ write(chunk, _enc, done) { text += chunk; done(); } });
  const res = await runExport(db.pool, { kind, team, out, page: 700 });
  if (!res.ok) throw new Error(res.error);
  return text;
}
/** Every row of every imported table in the schema, hashed: any write anywhere changes it. */
async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of ['workspace', 'member', 'account', 'account_alias', 'product', 'offer', 'holding', 'conversation', 'account_rollup']) {
    const res = await db.pool.query<{ n: string; h: string | null }>(`select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${t} t`);
    out[t] = `${res.rows[0]!.n}:${res.rows[0]!.h ?? ''}`;
  }
  return out;
}
async function wsId(team: string): Promise<number> {
  return (await db.pool.query<{ id: number }>('select id from workspace where slack_team_id = $1', [team])).rows[0]!.id;
}

describe('a CRM export of thousands of rows', () => {
  const team = 'TBULK';
  const fixture = makeImportFixture(4_000, 3);

  it('imports in seconds, and the scan sees the touches', async () => {
    const figures: string[] = [];
    let rows = 0;
    const started = performance.now();
    for (const kind of KINDS) {
      const out = ok(await imp(kind, fixture[kind], team));
      expect(out.counts).toEqual({ created: fixture.counts[kind], updated: 0, unchanged: 0 });
      figures.push(`${kind} ${out.rows} rows in ${(out.ms / 1000).toFixed(2)} s (${Math.round(out.rows / (out.ms / 1000))} rows/s)`);
      rows += out.rows;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`import: ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s): ${figures.join('; ')}`);
    // kept, as the README promises "tens of thousands of rows import in seconds": 22,000 rows
    // took 3.4 s during a full-suite run on the 2-core box, so 20 s leaves ~6x headroom
    expect(seconds).toBeLessThan(20);

    const ws = await wsId(team);
    const count = async (t: string) => Number((await db.pool.query(`select count(*) from ${t} where workspace_id = $1`, [ws])).rows[0].count);
    expect(await count('account')).toBe(4_000);
    expect(await count('holding')).toBe(6_000);
    expect(await count('conversation')).toBe(12_000);
    expect(await count('member')).toBe(25);
    const rollups = await db.pool.query('select sum(touch_count)::int as touches, count(*)::int as accounts from account_rollup where workspace_id = $1', [ws]);
    expect(rollups.rows[0]).toEqual({ touches: 12_000, accounts: 4_000 });
    // spot checks: money, aliases as references, dates with a zone, churn
    const h = await db.pool.query(
      `select h.mrr_cents, h.ended_at is not null as ended from holding h join account a on a.id = h.account_id
       where h.workspace_id = $1 and a.external_id = 'crm-0' order by h.started_at`, [ws]);
    expect(h.rows).toEqual([{ mrr_cents: 1_050_000, ended: true }, { mrr_cents: 100_000, ended: true }]);
    const churned = await db.pool.query(
      `select count(*)::int as n, (count(*) filter (where churned_at is not null))::int as dated from account where workspace_id = $1 and status = 'churned'`, [ws]);
    const nth = (f: (i: number) => boolean) => Array.from({ length: 4_000 }, (_, i) => f(i)).filter(Boolean).length;
    // churned in the file: every 17th and every 23rd. Dated only where the holdings say when (every
    // 23rd's ended 2024-06-30); the 17ths' holdings were left open, so their churn day is unknown, not the import's
    expect(churned.rows[0]).toEqual({ n: nth((i) => i % 17 === 0 || i % 23 === 0), dated: nth((i) => i % 23 === 0) });
  }, 60_000);

  it('imports the same files again without changing a row', async () => {
    const before = await fingerprint();
    for (const kind of KINDS) {
      const out = ok(await imp(kind, fixture[kind], team, { batch: 1_500 }));
      expect(out.counts, kind).toEqual({ created: 0, updated: 0, unchanged: fixture.counts[kind] });
    }
    const after = await fingerprint();
    // rollups are recomputed only for accounts with new or edited touches: none here
    expect(after).toEqual(before);
  }, 60_000);

  it('round-trips: export → import changes nothing, and exports again identically', async () => {
    const first: Partial<Record<Kind, string>> = {};
    for (const kind of KINDS) first[kind] = await exportText(kind, team);
    expect(first.accounts!.split('\n')[0]).toBe('name,aliases,owner,segment,status,external_id,customer_since,churned_at');
    expect(first.offers!.split('\n')[0]).toBe('product,offer,kind');
    expect(first.accounts!.split('\n').length).toBe(4_000 + 2); // header, rows, final newline
    const before = await fingerprint();
    for (const kind of KINDS) {
      const out = ok(await imp(kind, first[kind]!, team));
      expect(out.counts, kind).toEqual({ created: 0, updated: 0, unchanged: fixture.counts[kind] });
    }
    expect(await fingerprint()).toEqual(before);
    for (const kind of KINDS) expect(await exportText(kind, team), kind).toBe(first[kind]);
  }, 90_000);
});

describe('a file with bad rows', () => {
  const team = 'TBAD';
  const good = 'name,owner\nAlpha,U0A\nBeta,U0B\n';

  it('reports each bad row by file line, column and reason, and writes nothing', async () => {
    ok(await imp('accounts', good, team));
    const before = await fingerprint();
    const text = [
      'Name,Owner,Status,Segment',
      'Gamma,U0C,active,smb',
      ',U0D,active,smb', // line 3: no name
      '"Delta, ""the"" one",jane,asleep,smb', // line 4: owner and status
      'Epsilon,U0E,active,"multi',
      'line segment"',
      'gamma,U0F,active,smb', // line 7: same name as line 2
      `Zeta,U0G,active,${'x'.repeat(101)}`, // line 8: segment too long
    ].join('\r\n');
    const out = await imp('accounts', text, team);
    expect(out.ok).toBe(false);
    expect('rejects' in out && out.rejects).toEqual([
      { line: 3, column: 'name', reason: 'is required' },
      { line: 4, column: 'status', reason: '"asleep" is not one of active, churned, prospect' },
      { line: 7, column: 'name', reason: 'the name "gamma" is already on line 2' },
      { line: 8, column: 'segment', reason: 'is 101 characters long; the limit is 100' },
    ]);
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses references the workspace does not have, after staging, and writes nothing', async () => {
    ok(await imp('products', 'name\nAnalytics\n', team));
    const before = await fingerprint();
    const text = 'account,product,mrr,started_at\nAlpha,Analytics,100,2024-01-01\nNobody Inc,Analytics,100,2024-01-01\nBeta,Nothing,100,2024-01-01\nalpha,analytics,200,2024-01-01\n';
    const out = await imp('holdings', text, team);
    expect('rejects' in out && out.rejects).toEqual([
      { line: 3, column: 'account', reason: 'no account "Nobody Inc" in this workspace (import accounts first)' },
      { line: 4, column: 'product', reason: 'no product "Nothing" in this workspace (import products first)' },
      { line: 5, column: 'started_at', reason: 'the same holding (account, product, started_at or external_id) as line 2' },
    ]);
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses names and aliases that belong to other accounts', async () => {
    const before = await fingerprint();
    const out = await imp('accounts', 'name,aliases,external_id\nOmega,Alpha,o1\nBeta,,b-new\n', team);
    expect('rejects' in out && out.rejects).toEqual([
      { line: 2, column: 'aliases', reason: '"Alpha" is the name of the account "Alpha"' },
    ]);
    // Beta has no external id yet: the second row links it, it is no conflict
    expect(await fingerprint()).toEqual(before);
  });

  it('does not create the workspace of a refused file', async () => {
    const out = await imp('holdings', 'account,product,mrr,started_at\nX,Y,1,2024-01-01\n', 'TNEVERMADE');
    expect(out.ok).toBe(false);
    expect((await db.pool.query(`select 1 from workspace where slack_team_id = 'TNEVERMADE'`)).rowCount).toBe(0);
  });
});

describe('updates', () => {
  const team = 'TUPD';

  it('renames through external_id keeping the old name as an alias; empty cells keep values', async () => {
    ok(await imp('accounts', 'name,owner,segment,external_id\nInitech,U0X,enterprise,ini-1\n', team));
    const out = ok(await imp('accounts', 'name,owner,segment,external_id\nInitech Global,,,ini-1\n', team));
    expect(out.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const ws = await wsId(team);
    const a = await db.pool.query(
      `select a.name, a.segment, m.slack_user_id as owner, array(select alias from account_alias al where al.account_id = a.id) as aliases
       from account a left join member m on m.id = a.owner_id where a.workspace_id = $1`, [ws]);
    expect(a.rows).toEqual([{ name: 'Initech Global', segment: 'enterprise', owner: 'U0X', aliases: ['Initech'] }]);
    // the old name still finds it
    ok(await imp('products', 'name,list_mrr\nAnalytics,500\n', team));
    ok(await imp('holdings', 'account,product,mrr,started_at\ninitech,Analytics,"$1,000",2024-01-01\n', team));
    const changed = ok(await imp('holdings', 'account,product,mrr,started_at\nInitech Global,Analytics,1.1k,2024-01-01\n', team));
    expect(changed.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await db.pool.query('select mrr_cents from holding where workspace_id = $1', [ws])).rows).toEqual([{ mrr_cents: 110_000 }]);
  });

  it('a dry run reports what would change and writes nothing, even a new workspace', async () => {
    const before = await fingerprint();
    const out = ok(await imp('accounts', 'name,segment,external_id\nInitech Global,smb,ini-1\nHooli,,h-1\n', team, { dryRun: true }));
    expect(out.counts).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(out.dryRun).toBe(true);
    const fresh = ok(await imp('products', 'name\nX\n', 'TDRYNEW', { dryRun: true }));
    expect(fresh.workspaceCreated).toBe(true);
    expect(await fingerprint()).toEqual(before);
  });

  it('edits an imported touch and refreshes its account rollup', async () => {
    ok(await imp('conversations', 'account,occurred_at,kind,summary,external_id\nInitech,2024-02-01,ask,Asked for renewal,c-1\n', team));
    const out = ok(await imp('conversations', 'account,occurred_at,kind,summary,external_id\nInitech,2024-03-01,give,Shared a benchmark,c-1\n', team));
    expect(out.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const r = await db.pool.query(`select touch_count, recent_kinds, to_char(last_touch_at, 'YYYY-MM-DD') as last from account_rollup where workspace_id = $1`, [await wsId(team)]);
    expect(r.rows).toEqual([{ touch_count: 1, recent_kinds: 'g', last: '2024-03-01' }]);
  });
});

describe('records made in Slack', () => {
  it('export as tend:<id> and re-import onto themselves, not as copies', async () => {
    const team = 'TSLACK';
    ok(await imp('accounts', 'name\nSoylent\n', team));
    ok(await imp('products', 'name\nAnalytics\n', team));
    const ws = await wsId(team);
    const acc = (await db.pool.query<{ id: number }>('select id from account where workspace_id = $1', [ws])).rows[0]!.id;
    const prod = (await db.pool.query<{ id: number }>('select id from product where workspace_id = $1', [ws])).rows[0]!.id;
    // what /log and the holding command write: no external id, a command source key
    await db.pool.query(`insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 5000, '2024-05-05 12:00')`, [ws, acc, prod]);
    // the customer-since the scan derives from that first holding (an import derives it too)
    await db.pool.query(`update account set customer_since = '2024-05-05 12:00' where id = $1`, [acc]);
    await recordTouch(db.pool, { workspaceId: ws, accountId: acc, occurredAt: new Date('2024-05-06T10:00:00Z'), summary: 'Logged in Slack', sourceKey: 'cmd:abc' });
    const holdings = await exportText('holdings', team);
    const touches = await exportText('conversations', team);
    expect(holdings).toMatch(/,tend:\d+\n$/);
    expect(touches).toMatch(/,tend:\d+\n$/);
    const before = await fingerprint();
    expect(ok(await imp('holdings', holdings, team)).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(ok(await imp('conversations', touches, team)).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await fingerprint()).toEqual(before);
    // and an edit in the spreadsheet lands on the same row
    const edited = touches.replace('Logged in Slack', 'Logged in Slack then corrected');
    expect(ok(await imp('conversations', edited, team)).counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const rows = await db.pool.query('select summary, source_key from conversation where workspace_id = $1', [ws]);
    expect(rows.rows).toEqual([{ summary: 'Logged in Slack then corrected', source_key: 'cmd:abc' }]);
  });
});

describe('workspaces', () => {
  it('keeps same-named accounts of two workspaces apart in import and export', async () => {
    ok(await imp('accounts', 'name,owner,external_id\nAcme,U0AAA,acme\n', 'TWSA'));
    ok(await imp('accounts', 'name,owner,external_id\nAcme,U0BBB,acme\n', 'TWSB'));
    ok(await imp('products', 'name\nAnalytics\n', 'TWSB'));
    ok(await imp('holdings', 'account,product,mrr,started_at\nAcme,Analytics,100,2024-01-01\n', 'TWSB'));
    const refused = await imp('holdings', 'account,product,mrr,started_at\nAcme,Analytics,100,2024-01-01\n', 'TWSA');
    expect('rejects' in refused && refused.rejects[0]!.reason).toMatch(/no product "Analytics"/);
    const a = await db.pool.query(
      `select w.slack_team_id as team, a.name, m.slack_user_id as owner, m.workspace_id = w.id as same_ws,
              (select count(*)::int from holding h where h.account_id = a.id and h.workspace_id = w.id) as holdings
       from account a join workspace w on w.id = a.workspace_id left join member m on m.id = a.owner_id
       where w.slack_team_id in ('TWSA', 'TWSB') order by w.slack_team_id`);
    expect(a.rows).toEqual([
      { team: 'TWSA', name: 'Acme', owner: 'U0AAA', same_ws: true, holdings: 0 },
      { team: 'TWSB', name: 'Acme', owner: 'U0BBB', same_ws: true, holdings: 1 },
    ]);
    expect(await exportText('accounts', 'TWSA')).toBe('name,aliases,owner,segment,status,external_id,customer_since,churned_at\nAcme,,U0AAA,,active,acme,,\n');
    expect(await exportText('holdings', 'TWSA')).toBe('account,product,mrr,started_at,ended_at,external_id\n');
  });

  it('without --team, refuses to guess between several and lists them', async () => {
    const out = await runImport(db.pool, { kind: 'products', text: 'name\nX\n' });
    expect(!out.ok && 'error' in out && out.error).toMatch(/several workspaces: pass --team .*TBULK.*TWSA/);
  });
});

describe('hostile text', () => {
  it('is stored and exported verbatim', async () => {
    const team = 'THOSTILE';
    const name = 'Ünïcödé <!channel> "Corp" 🚀 שלום';
    const summary = `<!channel> <@U0BOSS> *bold* ‏مرحبا بالعالم‏ "quoted, with comma" 👩🏽‍💻 ${'long '.repeat(2_000)}`.trim();
    expect(summary.length).toBeGreaterThanOrEqual(10_000);
    const acc = `name,segment\n"${name.replace(/"/g, '""')}",'; DROP TABLE account; --\n`;
    ok(await imp('accounts', acc, team));
    const conv = `account,occurred_at,summary,next_step\n"${name.replace(/"/g, '""')}",2024-01-01,"${summary.replace(/"/g, '""')}","=HYPERLINK(""x"")"\n`;
    ok(await imp('conversations', conv, team));
    const ws = await wsId(team);
    const row = await db.pool.query('select a.name, a.segment, c.summary, c.next_step from conversation c join account a on a.id = c.account_id where c.workspace_id = $1', [ws]);
    expect(row.rows).toEqual([{ name, segment: "'; DROP TABLE account; --", summary, next_step: '=HYPERLINK("x")' }]);
    const exported = await exportText('conversations', team);
    expect(ok(await imp('conversations', exported, team)).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });
});

describe('the CLI', () => {
  const run = promisify(execFile);
  const cli = async (script: string, args: string[]) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: db.url };
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tend-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a file, refuses a bad one with a report and exit 1, and exports to a file', async () => {
    await writeFile(path.join(dir, 'products.csv'), '\uFEFFName,List MRR,Position\r\nAnalytics,"$1,200",1\r\nTraining,$1.2k,2\r\n');
    const good = await cli('src/bin/import.ts', ['products', path.join(dir, 'products.csv'), '--team', 'TCLI']);
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/products\.csv → new workspace TCLI: Created 2 products, updated 0, 0 unchanged in .* rows\/s\)\./);
    expect(good.code).toBe(0);

    await writeFile(path.join(dir, 'bad.csv'), 'name,list_mrr\nSupport,100\nBroken,abc\n');
    const bad = await cli('src/bin/import.ts', ['products', path.join(dir, 'bad.csv'), '--team', 'TCLI']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.csv: 1 of 2 rows rejected; nothing was imported.');
    expect(bad.stderr).toContain(`line 3, list_mrr: "abc" isn't a number I can read.`);

    const usage = await cli('src/bin/import.ts', ['nudges', 'x.csv']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run import/);

    const exp = await cli('src/bin/export.ts', ['products', path.join(dir, 'out.csv'), '--team', 'TCLI']);
    expect(exp.code).toBe(0);
    expect(exp.stderr).toContain('Exported 2 products of workspace TCLI');
    expect(await readFile(path.join(dir, 'out.csv'), 'utf8')).toBe('\uFEFFname,list_mrr,position\nAnalytics,1200.00,1\nTraining,1200.00,2\n');
  }, 90_000);

  it('maps a semicolon-delimited export with a mapping file, reads a wide sheet, and stops on a bad mapping naming the column', async () => {
    await writeFile(path.join(dir, 'firmen.csv'), '\uFEFFFirma;Kundennummer;Kunde seit;Telefon\r\nMüller GmbH;K-1;2022-04-01;030 123\r\n');
    await writeFile(path.join(dir, 'map.json'), JSON.stringify({ Firma: 'name', Kundennummer: 'external_id', 'Kunde seit': 'customer_since' }));
    const mapped = await cli('src/bin/import.ts', ['accounts', path.join(dir, 'firmen.csv'), '--team', 'TCLI', '--map-file', path.join(dir, 'map.json')]);
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout).toContain('Columns read as: "Firma" → name, "Kundennummer" → external_id, "Kunde seit" → customer_since.');
    expect(mapped.stdout).toContain('Ignored columns: Telefon');
    expect(mapped.stdout).toMatch(/Created 1 accounts/);
    expect(mapped.code).toBe(0);

    await writeFile(path.join(dir, 'wide.csv'), 'Kundennummer;Analytics;Training\nK-1;"1.200,00 €";Nein\n');
    const wide = await cli('src/bin/import.ts', ['holdings', path.join(dir, 'wide.csv'), '--team', 'TCLI', '--wide', '--map', 'Kundennummer=account']);
    expect(wide.code).toBe(1); // "Nein" is German for no, which Tend does not read: reported, nothing written
    expect(wide.stderr).toContain('line 2, Training: "Nein" is neither Yes/No nor a price');
    await writeFile(path.join(dir, 'wide.csv'), 'Kundennummer;Analytics;Training\nK-1;"1.200,00 €";No\n');
    const wide2 = await cli('src/bin/import.ts', ['holdings', path.join(dir, 'wide.csv'), '--team', 'TCLI', '--wide', '--map', 'Kundennummer=account']);
    expect(wide2.stderr).toBe('');
    expect(wide2.stdout).toMatch(/Created 1 holdings/);
    // started on the import's day, not the account's customer-since (2022-04-01): the sheet gives no date
    expect((await db.pool.query(`select h.mrr_cents, h.started_at = date_trunc('day', now() at time zone 'utc') as today from holding h join account a on a.id = h.account_id where a.external_id = 'K-1'`)).rows).toEqual([{ mrr_cents: 120_000, today: true }]);

    const badMap = await cli('src/bin/import.ts', ['accounts', path.join(dir, 'firmen.csv'), '--team', 'TCLI', '--map', 'Firmenname=name']);
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toContain('--map names the column "Firmenname", which the file does not have (its columns: "Firma", "Kundennummer", "Kunde seit", "Telefon"); nothing was imported.');
    const badPreset = await cli('src/bin/import.ts', ['accounts', path.join(dir, 'firmen.csv'), '--preset', 'zoho']);
    expect(badPreset.code).toBe(2);
    expect(badPreset.stderr).toContain('no preset "zoho"; the presets are hubspot, salesforce, pipedrive');
  }, 120_000);

  it('says how many nudges an import retired or gave a new owner, and says nothing when it touched none', async () => {
    const team = 'TCLIRET';
    ok(await imp('products', 'name,list_mrr\nAnalytics,100\nReporting,50\n', team));
    ok(await imp('accounts', 'name\nRetireco\nKeepco\n', team));
    const ws = await wsId(team);
    const member = async (slack: string) => (await db.pool.query<{ id: number }>(`insert into member (workspace_id, slack_user_id, name) values ($1, $2, $2) returning id`, [ws, slack])).rows[0]!.id;
    const ben = await member('U0BEN00001');
    await member('U0ANA00001');
    const ids = (await db.pool.query<{ name: string; id: number }>(`select name, id from account where workspace_id = $1`, [ws])).rows;
    const acc = (name: string) => ids.find((r) => r.name === name)!.id;
    const analytics = (await db.pool.query<{ id: number }>(`select id from product where workspace_id = $1 and name = 'Analytics'`, [ws])).rows[0]!.id;
    await writeFile(path.join(dir, 'reporting.csv'), 'account,product,mrr,started_at\nRetireco,Reporting,50,2024-01-01\nKeepco,Reporting,50,2024-01-01\n');
    const quiet = await cli('src/bin/import.ts', ['holdings', path.join(dir, 'reporting.csv'), '--team', team]);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/Created 2 holdings/);
    expect(quiet.stdout).not.toMatch(/Retired|nudge/);

    // two cross-sells of Analytics, one posted, one queued; the file says both accounts took it
    let seq = 0;
    const nudge = async (account: number, kind: string, status: string, messageTs: string | null) =>
      (await db.pool.query<{ id: number }>(
        `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, suggestion, suggested_product_id, priority, assignee_id, released_at, delivery_state, channel_id, message_ts, updated_at)
         values ($1, $2, $3::nudge_kind, 'cli:' || $7::int, $4::nudge_status, 'Offer Analytics', case when $3 = 'cross_sell' then $8::int end, 1, $5,
                 case when $4 = 'open' then now() end, case when $6::text is null then 'pending' else 'posted' end::delivery_state, 'C0NUDGES01', $6, now())
         returning id`,
        [ws, account, kind, status, ben, messageTs, ++seq, analytics],
      )).rows[0]!.id;
    const posted = await nudge(acc('Retireco'), 'cross_sell', 'open', '1700000000.000200');
    const queued = await nudge(acc('Keepco'), 'cross_sell', 'queued', null);
    await writeFile(path.join(dir, 'analytics.csv'), 'account,product,mrr,started_at\nRetireco,Analytics,100,2024-02-01\nKeepco,Analytics,100,2024-02-01\n');
    const took = await cli('src/bin/import.ts', ['holdings', path.join(dir, 'analytics.csv'), '--team', team]);
    expect(took.stderr).toBe('');
    expect(took.stdout).toContain('Retired 2 nudges the import answered or gave another owner (those posted in Slack are edited within a minute).');
    expect(took.stdout).not.toContain('waiting nudge');
    const states = (await db.pool.query(`select id, status, resolution, refresh_due_at is not null as due from nudge where id = any($1::int[]) order by id`, [[posted, queued]])).rows;
    expect(states).toEqual([
      { id: posted, status: 'resolved', resolution: 'holding', due: true },
      { id: queued, status: 'resolved', resolution: 'holding', due: false },
    ]);

    // a new owner: Ben's waiting nudge goes to Ana, his posted one is retired
    await db.pool.query(`update account set owner_id = $2 where workspace_id = $1 and name = 'Retireco'`, [ws, ben]);
    const stall = await nudge(acc('Retireco'), 'stalled', 'open', '1700000000.000300');
    const waiting = await nudge(acc('Retireco'), 'follow_up_due', 'queued', null);
    await writeFile(path.join(dir, 'owner.csv'), 'name,owner\nRetireco,U0ANA00001\n');
    const moved = await cli('src/bin/import.ts', ['accounts', path.join(dir, 'owner.csv'), '--team', team]);
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toContain('Retired 1 nudge the import answered or gave another owner');
    expect(moved.stdout).toContain("Gave 1 waiting nudge to their account's new owner.");
    expect((await db.pool.query(`select id, status, resolution from nudge where id = any($1::int[]) order by id`, [[stall, waiting]])).rows).toEqual([
      { id: stall, status: 'resolved', resolution: 'owner' },
      { id: waiting, status: 'queued', resolution: null },
    ]);
  }, 120_000);
});

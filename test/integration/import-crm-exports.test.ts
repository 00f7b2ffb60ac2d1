// CRM exports as they really leave the CRM, through runImport (and the CLI) to the rows
// written: a Salesforce report (its footer, its 15-character ids; a Classic report's footer block
// as Excel saves it) beside a Data Loader export of the same accounts (18-character ids, API
// names in capitals), its Account Type read as the status where its words say, a Pipedrive organizations
// export (every column labelled "Organization - …"), and the encodings Excel saves in.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureBytes as fixture, IMPORT_FIXTURES, importDb, ok } from '../support/import-harness.ts';
import { ROOT } from '../support/process.ts';

const { pool, url, imp } = importDb();

const accounts = async (team: string) =>
  (await pool().query(`select a.name, a.external_id, a.segment from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1 order by a.name`, [team])).rows;
const holdings = async (team: string) =>
  (
    await pool().query(
      `select a.name as account, p.name as product, h.mrr_cents from holding h join account a on a.id = h.account_id join product p on p.id = h.product_id
       join workspace w on w.id = h.workspace_id where w.slack_team_id = $1 order by a.name, p.name, h.started_at`,
      [team],
    )
  ).rows;

describe('a Salesforce report and a Data Loader export of the same book', () => {
  const team = 'TSFBOOK';
  const FOOTER_NOTE = 'Skipped the 2 lines after a blank line at the end of the file, read as a report footer, not data (line 7: "Confidential Information - Do Not Distribute"; line 9: "Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."). If they are data, remove the blank line before them.';

  it('imports the report\'s accounts and leaves its footer out, saying so', async () => {
    const out = ok(await imp(team, 'accounts', fixture('salesforce-report-accounts.csv'), { preset: 'salesforce' }));
    expect(out.counts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(out.notes[0]).toBe(FOOTER_NOTE);
    expect(await accounts(team)).toEqual([
      { name: 'Acme Corp', external_id: '0015g00000AbCdE', segment: 'Manufacturing' },
      { name: 'Borealis Ltd', external_id: '0015g00000AbCdF', segment: 'Software' },
      { name: 'Cobalt SA', external_id: '0015g00000xYzQr', segment: 'Retail' },
    ]);
  });

  it('finds those accounts from Data Loader\'s 18-character ids, and a report of holdings with its footer imports too', async () => {
    ok(await imp(team, 'products', 'name,list_mrr\nAnalytics,1000\nSupport Plus,250\n'));
    const dl = ok(await imp(team, 'holdings', fixture('salesforce-dataloader-holdings.csv'), { preset: 'salesforce' }));
    expect(dl.counts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const report = ok(await imp(team, 'holdings', fixture('salesforce-report-holdings.csv'), { preset: 'salesforce' }));
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(report.notes[0]).toMatch(/^Skipped the 2 lines after a blank line/);
    expect(await holdings(team)).toEqual([
      { account: 'Acme Corp', product: 'Analytics', mrr_cents: 120_000 },
      { account: 'Acme Corp', product: 'Support Plus', mrr_cents: 25_000 },
      { account: 'Borealis Ltd', product: 'Analytics', mrr_cents: 90_000 },
      { account: 'Borealis Ltd', product: 'Support Plus', mrr_cents: 25_000 },
      { account: 'Cobalt SA', product: 'Support Plus', mrr_cents: 30_000 },
    ]);
  });

  it('updates the same accounts from Data Loader (its Id read, their ids now the case-safe 18), and the report again changes nothing', async () => {
    const dl = ok(await imp(team, 'accounts', fixture('salesforce-dataloader-accounts.csv'), { preset: 'salesforce' }));
    expect(dl.counts).toEqual({ created: 0, updated: 3, unchanged: 0 });
    expect(dl.ignored).toEqual(['OWNERID']);
    expect(await accounts(team)).toEqual([
      { name: 'Acme Corp', external_id: '0015g00000AbCdEAAV', segment: 'Manufacturing' },
      { name: 'Borealis Ltd', external_id: '0015g00000AbCdFAAV', segment: 'Software' },
      { name: 'Cobalt SA', external_id: '0015g00000xYzQrAAK', segment: 'Retail' },
    ]);
    const again = ok(await imp(team, 'accounts', fixture('salesforce-report-accounts.csv'), { preset: 'salesforce' }));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect((await accounts(team)).map((a) => a.external_id)).toEqual(['0015g00000AbCdEAAV', '0015g00000AbCdFAAV', '0015g00000xYzQrAAK']);
    // and a report's 15-character ids still find them
    expect(ok(await imp(team, 'holdings', fixture('salesforce-report-holdings.csv'), { preset: 'salesforce' })).counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('refuses one file naming the same record by both its ids, and never pairs an 18 whose checksum fails', async () => {
    const both = await imp(team, 'accounts', 'Account Name,Account ID\nNew One,0015g00000NeWoN\nNew One Again,0015g00000NeWoNAAV\n', { preset: 'salesforce' });
    expect(both).toMatchObject({ ok: false, rejects: [{ line: 3, column: 'external_id', reason: 'external_id "0015g00000NeWoNAAV", the same Salesforce record as "0015g00000NeWoN", is already on line 2' }] });
    ok(await imp('TSFOTHER', 'accounts', 'name,external_id\nPlain Co,ORD000000000001\n'));
    ok(await imp('TSFOTHER', 'products', 'name\nAnalytics\n'));
    const stranger = await imp('TSFOTHER', 'holdings', 'account,product,mrr,started_at\nORD000000000001XYZ,Analytics,100,2024-01-01\n');
    expect(stranger).toMatchObject({ ok: false, rejects: [{ line: 2, column: 'account', reason: expect.stringMatching(/^no account "ORD000000000001XYZ"/) }] });
  });
});

describe('a Salesforce Classic report re-saved through Excel', () => {
  it("leaves its whole footer block out (title, notices, Generated By, org name), quoting it, and imports only the accounts", async () => {
    const out = ok(await imp('TSFCLASSIC', 'accounts', fixture('salesforce-classic-report-excel.csv'), { preset: 'salesforce' }));
    expect(out.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(out.notes[0]).toBe(
      'Skipped the 5 lines after a blank line at the end of the file, read as a report footer, not data (line 6: "All Customers"; line 7: "Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."; ' +
        'line 8: "Confidential Information - Do Not Distribute"; line 9: "Generated By:  Tim Smith  26/07/2024 09:24"; line 10: "Acme Software Inc."). If they are data, remove the blank line before them.',
    );
    expect((await accounts('TSFCLASSIC')).map((a) => a.name)).toEqual(['Acme Corp', 'Borealis Ltd']);
  });
});

describe("a Salesforce export's Account Type", () => {
  const team = 'TSFTYPES';
  const statuses = async () =>
    Object.fromEntries((await pool().query(`select a.name, a.status::text from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1`, [team])).rows.map((r) => [r.name, r.status]));

  it('is the status where it names a customer, a former one or someone who is not one; a partner is left as it was', async () => {
    const first = ok(await imp(team, 'accounts', 'Account Name,Account ID,Account Type\nAcme,001A,Customer - Direct\nBorealis,001B,Prospect\nCobalt,001C,Channel Partner / Reseller\nDelta,001D,Competitor\n', { preset: 'salesforce' }));
    expect(first.counts).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(first.notes).toContain('"Account Type" read as status: "Competitor" → prospect (1), "Customer - Direct" → active (1), "Prospect" → prospect (1); left as it was (Tend cannot tell these from a customer): "Channel Partner / Reseller" (1).');
    // a prospect or a competitor is no customer: the scan gives it no nudge
    expect(await statuses()).toEqual({ Acme: 'active', Borealis: 'prospect', Cobalt: 'active', Delta: 'prospect' });
    // someone marks the partner as no customer in Tend; the next export leaves that be, and reads the others' changes
    await pool().query(`update account set status = 'prospect' where name = 'Cobalt' and workspace_id = (select id from workspace where slack_team_id = $1)`, [team]);
    const again = ok(await imp(team, 'accounts', 'Account Name,Account ID,Account Type\nAcme,001A,Former Customer\nBorealis,001B,Customer - Channel\nCobalt,001C,Technology Partner\nDelta,001D,Competitor\n', { preset: 'salesforce' }));
    expect(again.counts).toEqual({ created: 0, updated: 2, unchanged: 2 });
    expect(await statuses()).toEqual({ Acme: 'churned', Borealis: 'active', Cobalt: 'prospect', Delta: 'prospect' });
  });
});

describe("former customers in a first import, without a churn date", () => {
  const team = 'TSFFORMER';
  const dates = async () =>
    (await pool().query(`select a.name, a.status::text, to_char(a.churned_at, 'YYYY-MM-DD') as churned from account a join workspace w on w.id = a.workspace_id
      where w.slack_team_id = $1 order by a.name`, [team])).rows;

  it('churned on the day their last holding ended, or on a day unknown: never the day of the import', async () => {
    ok(await imp(team, 'accounts', 'Account Name,Account ID,Type\nGone Co,001G,Former Customer\nLost Ltd,001L,Former Customer\nKept Inc,001K,Customer\n', { preset: 'salesforce' }));
    // no holding says when yet: churned, date unknown (the churn rates leave such an account out)
    expect(await dates()).toEqual([
      { name: 'Gone Co', status: 'churned', churned: null },
      { name: 'Kept Inc', status: 'active', churned: null },
      { name: 'Lost Ltd', status: 'churned', churned: null },
    ]);
    ok(await imp(team, 'products', 'name\nAnalytics\n'));
    ok(await imp(team, 'holdings', 'account,product,mrr,started_at,ended_at\nGone Co,Analytics,100,2022-01-01,2023-06-30\nKept Inc,Analytics,100,2022-01-01,\n'));
    expect(await dates()).toEqual([
      { name: 'Gone Co', status: 'churned', churned: '2023-06-30' },
      { name: 'Kept Inc', status: 'active', churned: null },
      { name: 'Lost Ltd', status: 'churned', churned: null },
    ]);
    // the next export, unchanged, changes nothing; a customer it now calls former churned since Tend last saw it active
    ok(await imp(team, 'accounts', 'Account Name,Account ID,Type,Industry\nGone Co,001G,Former Customer,Retail\nLost Ltd,001L,Former Customer,Retail\nKept Inc,001K,Former Customer,Retail\n', { preset: 'salesforce' }));
    const today = (await pool().query(`select to_char(now() at time zone 'utc', 'YYYY-MM-DD') as d`)).rows[0].d;
    expect(await dates()).toEqual([
      { name: 'Gone Co', status: 'churned', churned: '2023-06-30' },
      { name: 'Kept Inc', status: 'churned', churned: today },
      { name: 'Lost Ltd', status: 'churned', churned: null },
    ]);
  });
});

describe("a HubSpot export with an org's own lifecycle stages", () => {
  it('imports them where their words say and leaves the rest as they were, instead of refusing the file', async () => {
    const team = 'THSSTAGES';
    const out = ok(await imp(team, 'accounts', 'Record ID,Company name,Lifecycle Stage\n1,Acme,Customer\n2,Borealis,Former Customer\n3,Cobalt,Partner\n4,Delta,Lead\n', { preset: 'hubspot' }));
    expect(out.counts).toEqual({ created: 4, updated: 0, unchanged: 0 });
    const rows = await pool().query(`select a.name, a.status::text from account a join workspace w on w.id = a.workspace_id where w.slack_team_id = $1 order by a.name`, [team]);
    expect(rows.rows).toEqual([
      { name: 'Acme', status: 'active' }, { name: 'Borealis', status: 'churned' }, { name: 'Cobalt', status: 'active' }, { name: 'Delta', status: 'prospect' },
    ]);
  });
});

describe('a deals export read as holdings', () => {
  const team = 'TDEALS01';
  const DEALS =
    'Record ID,Deal Name,Deal Stage,Amount,Close Date,Associated Company IDs\n' +
    '31000000001,Analytics,Closed Won,1200,2024-01-15,5001\n' +
    '31000000002,Support Plus,Closed Lost,250,2024-02-01,5001\n' +
    // an open deal has no close date yet: read, it would refuse the whole file
    '31000000003,Support Plus,Appointment Scheduled,300,,5002\n' +
    '31000000004,Support Plus,closedwon,300,2024-03-01,5002\n';
  const MAP = { preset: 'hubspot' as const, map: [['Deal Name', 'product'], ['Amount', 'mrr'], ['Close Date', 'started_at']] as const };

  it('imports only the won deals, says which stages it left out, and the same file again changes nothing', async () => {
    ok(await imp(team, 'accounts', 'Record ID,Company name\n5001,Acme\n5002,Borealis\n', { preset: 'hubspot' }));
    ok(await imp(team, 'products', 'name,list_mrr\nAnalytics,1000\nSupport Plus,250\n'));
    const out = ok(await imp(team, 'holdings', DEALS, MAP));
    expect(out.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(out.notes).toContain('"Deal Stage": 2 of 4 rows left out, deals not won: "Appointment Scheduled" (1, open), "Closed Lost" (1, lost). Only a won deal is a holding.');
    // the stage was read, so it is not among the skipped columns
    expect(out.ignored).toEqual(['Record ID']);
    expect(await holdings(team)).toEqual([
      { account: 'Acme', product: 'Analytics', mrr_cents: 120_000 },
      { account: 'Borealis', product: 'Support Plus', mrr_cents: 30_000 },
    ]);
    expect(ok(await imp(team, 'holdings', DEALS, MAP)).counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
    // an org's own stage is neither dropped nor kept: the file is refused, naming it, and nothing is written
    const own = await imp(team, 'holdings', `${DEALS}31000000005,Analytics,Contract Signed,900,2024-05-01,5002\n`, MAP);
    expect(own.ok).toBe(false);
    expect('rejects' in own && own.rejects.map((r) => `${r.line} ${r.column}: ${r.reason}`)).toEqual([
      '1 Deal Stage: has deal stages Tend cannot tell won from open: "Contract Signed" (line 6). Only a won deal is a holding: export only the won deals, or write Won or Lost in their place',
    ]);
    expect(await holdings(team)).toHaveLength(2);
  });

  it("reads a Pipedrive deals export's status beside its pipeline's stage, and a spreadsheet's deal_stage named by --map", async () => {
    const pd = 'Deal - Organization,Deal - Title,Deal - Stage,Deal - Status,Deal - Value,Deal - Won time\n' +
      'Acme,Support Plus,Negotiations Started,won,250,2024-04-01\nBorealis,Analytics,Qualified,lost,900,\nBorealis,Analytics,Qualified,open,900,\n';
    const out = ok(await imp(team, 'holdings', pd, { preset: 'pipedrive', map: [['Deal - Title', 'product'], ['Deal - Value', 'mrr'], ['Deal - Won time', 'started_at']] }));
    expect(out.counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(out.notes).toContain('"Deal - Status": 2 of 3 rows left out, deals not won: "lost" (1, lost), "open" (1, open). Only a won deal is a holding.');
    const sheet = 'opportunity_id,account,product,Pipeline Step,close_date,close_value\nX1,Borealis,Analytics,Won,2024-05-01,900\nX2,Acme,Analytics,Engaging,,\n';
    const named = ok(await imp(team, 'holdings', sheet, { map: [['Pipeline Step', 'stage'], ['close_date', 'started_at'], ['close_value', 'mrr']] }));
    expect(named.counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(named.ignored).toEqual(['opportunity_id']);
    expect((await holdings(team)).filter((h) => h.product === 'Analytics')).toEqual([
      { account: 'Acme', product: 'Analytics', mrr_cents: 120_000 },
      { account: 'Borealis', product: 'Analytics', mrr_cents: 90_000 },
    ]);
  });
});

describe('a Pipedrive export of the won deals, without its "Deal - Status" column', () => {
  const MAP = { preset: 'pipedrive' as const, map: [['Deal - Title', 'product'], ['Deal - Value', 'mrr'], ['Deal - Won time', 'started_at'], ['Deal - ID', 'external_id']] as const };

  it('imports every deal its won time says was won, whatever step of the pipeline "Deal - Stage" names', async () => {
    const team = 'TPDWON01';
    ok(await imp(team, 'accounts', 'name\nAcme Corp\nBorealis Ltd\n'));
    ok(await imp(team, 'products', 'name,list_mrr\nReporting seats,1000\nReporting,900\n'));
    const dry = ok(await imp(team, 'holdings', fixture('pipedrive-won-deals.csv'), { ...MAP, dryRun: true }));
    expect(dry.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    // the won time was read, mapped to started_at: it says nothing was left out
    expect(dry.notes.filter((n) => /left out|Deal - Stage/.test(n))).toEqual([]);
    const out = ok(await imp(team, 'holdings', fixture('pipedrive-won-deals.csv'), MAP));
    expect(out.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await holdings(team)).toEqual([
      { account: 'Acme Corp', product: 'Reporting seats', mrr_cents: 120_000 },
      { account: 'Borealis Ltd', product: 'Reporting', mrr_cents: 90_000 },
    ]);
  });
});

describe('references an export writes its own way', () => {
  it('says a deal of two companies names two accounts, and asks after a product written without its space', async () => {
    const team = 'TDEALS02';
    ok(await imp(team, 'accounts', 'Record ID,Company name\n5001,Acme\n5002,Borealis Ltd\n', { preset: 'hubspot' }));
    ok(await imp(team, 'accounts', 'name,aliases\nBorealis Ltd,Borealis\n'));
    ok(await imp(team, 'products', 'name,list_mrr\nGTX Pro,1000\n'));
    const out = await imp(team, 'holdings', 'account,product,mrr,started_at\n5001;5002,GTX Pro,10,2024-01-01\n5001; Borealis Ltd,GTX Pro,10,2024-01-01\nAcme,GTXPro,10,2024-01-01\nAcme;Nobody,GTX Pro,10,2024-01-01\nBorealisLtd,Nothing,10,2024-01-01\nAcme;Borealis,GTX Pro,10,2024-01-01\n');
    expect(out.ok).toBe(false);
    expect('rejects' in out && out.rejects).toEqual([
      { line: 2, column: 'account', reason: 'names 2 accounts ("5001;5002"); a row is one account\'s: keep one' },
      { line: 3, column: 'account', reason: 'names 2 accounts ("5001; Borealis Ltd"); a row is one account\'s: keep one' },
      { line: 4, column: 'product', reason: 'no product "GTXPro" in this workspace (import products first); did you mean "GTX Pro"?' },
      // one of the two is no account: an account's name may hold a semicolon, so it is only not found
      { line: 5, column: 'account', reason: 'no account "Acme;Nobody" in this workspace (import accounts first)' },
      { line: 6, column: 'account', reason: 'no account "BorealisLtd" in this workspace (import accounts first); did you mean "Borealis Ltd"?' },
      { line: 6, column: 'product', reason: 'no product "Nothing" in this workspace (import products first)' },
      // each part is looked up as a whole cell would be: by an alias too
      { line: 7, column: 'account', reason: 'names 2 accounts ("Acme;Borealis"); a row is one account\'s: keep one' },
    ]);
  });
});

describe('owners as a CRM writes them', () => {
  it("match the one member whose Slack name they are, accents, case and an email's dots aside", async () => {
    const team = 'TOWNERS01';
    ok(await imp(team, 'accounts', 'name\nSeed Co\n'));
    await pool().query(
      `insert into member (workspace_id, slack_user_id, name) select w.id, u.uid, u.name from workspace w,
         (values ('U0JOSE0001', 'José García'), ('U0ZOE00001', 'Zoë Ångström'), ('U0SAM00001', 'Sam Lee'), ('U0SAM00002', 'sam lee')) u(uid, name)
       where w.slack_team_id = $1`, [team]);
    // a display name ("ana") with the full name beside it, as users.info gives them; and one
    // member's display name that is another's full name
    await pool().query(
      `insert into member (workspace_id, slack_user_id, name, real_name) select w.id, u.uid, u.name, u.real_name from workspace w,
         (values ('U0ANA00001', 'ana', 'Ana López'), ('U0KIM00001', 'kim', 'Kim Park'), ('U0KIM00002', 'Kim Park', null)) u(uid, name, real_name)
       where w.slack_team_id = $1`, [team]);
    const out = ok(await imp(team, 'accounts', 'name,owner\nA,Jose Garcia\nB,jose.garcia@acme.com\nC,JOSÉ GARCÍA\nD,zoe.angstrom@acme.com\nE,Jose Garcias\nF,Sam Lee\nG,Ana Lopez\nH,ana.lopez@acme.com\nI,ana\nJ,Kim Park\n'));
    const owners = await pool().query(
      `select a.name, m.slack_user_id as owner from account a join workspace w on w.id = a.workspace_id left join member m on m.id = a.owner_id
       where w.slack_team_id = $1 and a.name <> 'Seed Co' order by a.name`, [team]);
    expect(owners.rows).toEqual([
      { name: 'A', owner: 'U0JOSE0001' }, { name: 'B', owner: 'U0JOSE0001' }, { name: 'C', owner: 'U0JOSE0001' },
      { name: 'D', owner: 'U0ZOE00001' },
      // no one of that name, or two: left as it was, and said so
      { name: 'E', owner: null }, { name: 'F', owner: null },
      // by the full name or the display name
      { name: 'G', owner: 'U0ANA00001' }, { name: 'H', owner: 'U0ANA00001' }, { name: 'I', owner: 'U0ANA00001' },
      { name: 'J', owner: null },
    ]);
    expect(out.notes.join('\n')).toContain('"Jose Garcias" (1)');
    expect(out.notes.join('\n')).toContain('"Sam Lee" (1)');
    expect(out.notes.join('\n')).toContain('"Kim Park" (1)');
  });
});

describe('a Pipedrive organizations export', () => {
  it('reads "Organization - ID", "- Name" and "- Owner", and skips the export\'s other columns', async () => {
    const out = ok(await imp('TPIPEDRIVE', 'accounts', fixture('pipedrive-organizations.csv'), { preset: 'pipedrive' }));
    expect(out.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(out.notes[0]).toBe('Columns read as (Pipedrive organizations): "Organization - ID" → external_id, "Organization - Name" → name, "Organization - Owner" → owner.');
    expect(out.ignored).toEqual(['Organization - Address', 'Organization - Label', 'Organization - Organization created', 'Organization - Won deals']);
    expect(await accounts('TPIPEDRIVE')).toEqual([
      { name: 'Acme Corp', external_id: '12', segment: null },
      { name: 'Borealis Ltd', external_id: '13', segment: null },
    ]);
    // the bare labels of a hand-tidied file still read
    expect(ok(await imp('TPIPEDRIVE', 'accounts', 'ID,Name\n14,Cobalt SA\n', { preset: 'pipedrive' })).counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
  });
});

describe('the encodings Excel saves in', () => {
  const names = ['Café “Noir”', 'Müller GmbH – Zoë', 'Société Générale'];

  it('reads "CSV (Comma delimited)" as Windows-1252, saying so', async () => {
    const out = ok(await imp('TENC1252', 'accounts', fixture('accounts-windows-1252.csv'), { preset: 'hubspot' }));
    expect(out.notes[0]).toBe('The file is not UTF-8 (first invalid byte on line 2); it was read as Windows-1252, what Excel\'s "CSV (Comma delimited)" writes. If accented letters look wrong, save it as "CSV UTF-8" and import it again.');
    expect((await accounts('TENC1252')).map((a) => a.name)).toEqual(names);
  });

  it('reads "Unicode Text": UTF-16 with its byte-order mark, tab-separated', async () => {
    const out = ok(await imp('TENCUTF16', 'accounts', fixture('accounts-unicode-text.txt'), { preset: 'hubspot' }));
    expect(out.counts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await accounts('TENCUTF16')).toEqual([
      { name: names[0], external_id: '103', segment: 'Food' },
      { name: names[1], external_id: '102', segment: 'Manufacturing' },
      { name: names[2], external_id: '101', segment: 'Banking' },
    ]);
  });

  it('the CLI hands the file\'s bytes to the import, so the note reaches the terminal', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: url() };
    const args = ['--import', 'tsx', 'src/bin/import.ts', 'accounts', path.join(IMPORT_FIXTURES, 'accounts-windows-1252.csv'), '--team', 'TENCCLI', '--preset', 'hubspot'];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 });
    expect(stdout).toContain('it was read as Windows-1252');
    expect(stdout).toMatch(/Created 3 accounts/);
    expect((await accounts('TENCCLI')).map((a) => a.name)).toEqual(names);
  }, 90_000);
});

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/import/csv.ts';
import { conversationSourceKey, type Kind } from '../../../src/domain/records.ts';
import { validateFile, type ValidateOptions } from '../../../src/import/validate.ts';

function validate<K extends Kind>(kind: K, text: string, opts: ValidateOptions = {}) {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return validateFile(kind, parsed.file, opts);
}
const SCIENTIFIC_FIX = 'a spreadsheet saved the id as a number and cut its digits. Format the column as Text (when opening the original export, or in the CRM\'s export) and save the file again';
const reasons = (kind: Kind, text: string) => validate(kind, text).rejects.map((r) => `${r.line} ${r.column ?? '-'}: ${r.reason}`);

describe('headers', () => {
  it('matches columns case-insensitively, in any order, and lists the ones it ignores', () => {
    const v = validate('products', 'Position,List MRR,NAME,Notes\n2,"1,200",Analytics,x\n');
    expect(v.rejects).toEqual([]);
    expect(v.ignored).toEqual(['Notes']);
    expect(v.rows).toEqual([{ line: 2, row: { name: 'Analytics', list_mrr: 120_000, position: 2 } }]);
  });

  it.each([
    ['accounts', 'segment,owner\nx,U1\n', /lacks name/],
    ['holdings', 'account,product\nA,B\n', /lacks mrr, started_at/],
    ['products', 'name,Name\na,b\n', /names name more than once/],
  ] as const)('%s: refuses the header %j', (kind, text, reason) => {
    const v = validate(kind, text);
    expect(v.rows).toEqual([]);
    expect(v.rejects).toEqual([{ line: 1, column: null, reason: expect.stringMatching(reason) }]);
  });

  it.each([
    // a public CRM dataset's own headers: offered as a --map, never read on their own
    ['accounts', 'account,sector,revenue\nAcme,tech,1\n', ". If \"account\" is name: --map 'account=name' (beside any pairs --map gives already)"],
    ['holdings', 'opportunity_id,account,product,close_date,close_value\nX,A,B,2024-01-01,10\n', ". If \"close_value\" is mrr, \"close_date\" is started_at: --map 'close_value=mrr,close_date=started_at' (beside any pairs --map gives already)"],
    ['conversations', 'Company,Activity Date,Notes\nA,2024-01-01,x\n', ". If \"Company\" is account, \"Activity Date\" is occurred_at, \"Notes\" is summary: --map 'Company=account,Activity Date=occurred_at,Notes=summary' (beside any pairs --map gives already)"],
    ['offers', 'Product Name,Description\nx,y\n', ". If \"Product Name\" is product, \"Description\" is offer: --map 'Product Name=product,Description=offer' (beside any pairs --map gives already)"],
    ['accounts', 'Customer,x\nA,1\n', ". If \"Customer\" is name: --map 'Customer=name' (beside any pairs --map gives already)"],
    ['accounts', 'segment\nx\n', ''],
    // a product's name is a products file's, never an account's
    ['products', 'product,series,sales_price\nGTX Pro,GTX,4821\n', ". If \"product\" is name: --map 'product=name' (beside any pairs --map gives already)"],
    ['accounts', 'product,x\nA,1\n', ''],
  ] as const)('%s: offers a --map for what may be a missing column: %j', (kind, text, hint) => {
    const reason = validate(kind, text).rejects[0]!.reason;
    expect(reason).toMatch(/^the header lacks [a-z_, ]+ \(columns: [a-z_, ]+\)/);
    expect(reason.replace(/^the header lacks [a-z_, ]+ \(columns: [a-z_, ]+\)/, '')).toBe(hint);
  });
});

describe('rows', () => {
  it.each([
    ['accounts', 'name,owner,status\n,U0AAA,active\n', '2 name: is required'],
    ['accounts', `name,owner\nAcme,${'j'.repeat(201)}\n`, '2 owner: is 201 characters long; the limit is 200'],
    ['accounts', 'name,customer_since,churned_at\nAcme,2024-03-01,2023-01-01\n', '2 churned_at: is before customer_since'],
    ['accounts', 'name,customer_since\nAcme,2199-01-01\n', `2 customer_since: 2199-01-01 is in the future (today is ${new Date().toISOString().slice(0, 10)} in UTC)`],
    ['accounts', 'name,churned_at\nAcme,03/01/2024\n', '2 churned_at: "03/01/2024" is ambiguous (day or month first?); use YYYY-MM-DD'],
    ['offers', 'product,offer\n,Free review\n', '2 product: is required'],
    ['offers', 'product,offer,kind\nAnalytics,Free review,party\n', '2 kind: "party" is not a kind of give (trial, workshop, usage_review, benchmark_report, training, introduction)'],
    ['offers', 'product,offer\nAnalytics,Free review\nanalytics,FREE REVIEW\n', '3 offer: the offer "FREE REVIEW" for analytics is already on line 2'],
    ['accounts', 'name,status\nAcme,asleep\n', '2 status: "asleep" is not one of active, churned, prospect'],
    ['accounts', 'name,aliases\nAcme,"ok;!!!"\n', '2 aliases: alias "!!!" has no letters or digits'],
    ['accounts', 'name\n---\n', '2 name: "---" has no letters or digits'],
    ['products', 'name,list_mrr\nX,lots\n', `2 list_mrr: "lots" isn't a number I can read.`],
    ['products', 'name,position\nX,first\n', '2 position: "first" is not a whole number'],
    ['holdings', 'account,product,mrr,started_at\nA,P,100,05/01/2024\n', '2 started_at: "05/01/2024" is ambiguous (day or month first?); use YYYY-MM-DD'],
    ['holdings', 'account,product,mrr,started_at,ended_at\nA,P,100,2024-05-01,2024-04-01\n', '2 ended_at: is before started_at'],
    ['holdings', 'account,product,mrr,started_at\nA,P,,2024-05-01\n', '2 mrr: is required'],
    ['conversations', 'account,occurred_at,summary,medium\nA,2024-01-01,hi,fax\n', '2 medium: "fax" is not one of call, meeting, email, chat, visit'],
    ['conversations', 'account,occurred_at,summary\nA,2024-01-01,\n', '2 summary: is required'],
    ['conversations', 'account,occurred_at,summary\nA,2024-01-01,hi,extra\n', '2 -: has 4 cells but the header has 3 (an unquoted comma?)'],
    // an id a spreadsheet saved as a number lost its digits: no record can be found by it
    ['accounts', 'name,external_id\nAcme,1.23457E+11\n', `2 external_id: "1.23457E+11" is a number in scientific notation: ${SCIENTIFIC_FIX}`],
    ['holdings', 'account,product,mrr,started_at\n1.23457E+11,P,100,2024-05-01\n', `2 account: "1.23457E+11" is a number in scientific notation: ${SCIENTIFIC_FIX}`],
    ['holdings', 'account,product,mrr,started_at,external_id\nA,P,100,2024-05-01,9E+15\n', `2 external_id: "9E+15" is a number in scientific notation: ${SCIENTIFIC_FIX}`],
    ['conversations', 'account;occurred_at;summary\n1,23457E+11;2024-01-01;hi\n', `2 account: "1,23457E+11" is a number in scientific notation: ${SCIENTIFIC_FIX}`],
  ] as const)('%s %j → %s', (kind, text, expected) => {
    expect(reasons(kind, text)).toEqual([expected]);
  });

  it('reads dates of a relationship: a churn date makes the account churned; an owner that is no Slack id is a name to match', () => {
    const v = validate('accounts', 'name,owner,status,customer_since,churned_at\nAcme,ana.lopez@acme.com,Customer,2021-04-01,2024-02-29\nBeta,U0BBB,customer,2022-01-01,\n');
    expect(v.rejects).toEqual([]);
    expect(v.rows.map((r) => r.row)).toEqual([
      { name: 'Acme', aliases: [], owner: null, owner_name: 'ana.lopez@acme.com', segment: null, status: 'churned', external_id: null, customer_since: new Date('2021-04-01T00:00:00Z'), churned_at: new Date('2024-02-29T00:00:00Z') },
      { name: 'Beta', aliases: [], owner: 'U0BBB', owner_name: null, segment: null, status: 'active', external_id: null, customer_since: new Date('2022-01-01T00:00:00Z'), churned_at: null },
    ]);
  });

  it.each([
    ['Customer', 'active'], ['Evangelist', 'active'], ['Lead', 'prospect'], ['Subscriber', 'prospect'], ['Marketing Qualified Lead', 'prospect'],
    ['salesqualifiedlead', 'prospect'], ['Opportunity', 'prospect'], ['Other', 'prospect'], ['Cancelled', 'churned'],
  ])('reads the CRM stage %j as %s', (stage, status) => {
    expect(validate('accounts', `name,status\nAcme,${stage}\n`).rows[0]!.row.status).toBe(status);
  });

  it('reads an offer\'s kind by its word or name, and leaves it null when the file gives none', () => {
    const v = validate('offers', 'Product,Offer,Kind\nAnalytics,Free dashboard review,\nAnalytics,Half-day workshop,Workshop\nReporting,Peer comparison,benchmark_report\nReporting,Intro to our partner,intro\n');
    expect(v.rejects).toEqual([]);
    expect(v.rows.map((r) => r.row.kind)).toEqual([null, 'workshop', 'benchmark_report', 'introduction']);
  });

  it('reports every problem of a row, and keeps the good rows out of a bad file’s result', () => {
    const v = validate('holdings', 'account,product,mrr,started_at\nA,P,100,2024-01-01\n,P,x,2024-99-01\n');
    expect(v.rejects.map((r) => r.column)).toEqual(['account', 'mrr', 'started_at']);
    expect(v.rows.map((r) => r.line)).toEqual([2]);
  });

  it.each(['2E10', 'E+11', '1.5E+11 Ltd', '00123', '1e-5'])('reads %j as an id, not as a spreadsheet\'s number', (id) => {
    expect(validate('accounts', `name,external_id\nAcme,${id}\n`).rows[0]!.row.external_id).toBe(id);
  });

  describe('dates after today: the workspace\'s today', () => {
    // 23:30 UTC on 5 June: 09:30 on 6 June in Sydney, 19:30 on 5 June in New York
    const now = new Date('2026-06-05T23:30:00Z');
    const future = (cell: string, timeZone?: string) =>
      validate('accounts', `name,churned_at\nAcme,${cell}\n`, { now, timeZone }).rejects.map((r) => `${r.column}: ${r.reason}`);

    it.each([
      ['2026-06-06', 'Australia/Sydney', []],
      ['6 Jun 2026', 'Australia/Sydney', []],
      ['2026-06-06T09:00+10:00', 'Australia/Sydney', []],
      ['2026-06-07', 'Australia/Sydney', ['churned_at: 2026-06-07 is in the future (today is 2026-06-06 in Australia/Sydney)']],
      ['2026-06-06', 'America/New_York', ['churned_at: 2026-06-06 is in the future (today is 2026-06-05 in America/New_York)']],
      ['2026-06-05', 'America/New_York', []],
      ['2026-06-06', undefined, ['churned_at: 2026-06-06 is in the future (today is 2026-06-05 in UTC)']],
      ['2026-06-06', 'Not/AZone', ['churned_at: 2026-06-06 is in the future (today is 2026-06-05 in UTC)']],
    ] as const)('%j in %s', (cell, timeZone, expected) => {
      expect(future(cell, timeZone)).toEqual(expected);
    });
  });

  it('types a conversation with defaults for the optional columns', () => {
    const v = validate('conversations', 'account,occurred_at,summary,member\nAcme,2024-01-02 10:00,Sent the benchmark,<@U0AAA>\n');
    expect(v.rows[0]!.row).toEqual({
      account: 'Acme', occurred_at: new Date('2024-01-02T10:00:00Z'), medium: 'chat', kind: 'neutral', summary: 'Sent the benchmark',
      sentiment: null, next_step: null, next_step_due: null, member: 'U0AAA', external_id: null,
    });
  });
});

describe('numbers as the file writes them', () => {
  it('reads a semicolon file with the comma as decimal mark and the dot between thousands, in products and holdings', () => {
    expect(validate('products', 'name;list_mrr\nAnalytics;1.234,56\nReporting;1.200\n').rows.map((r) => r.row.list_mrr)).toEqual([123_456, 120_000]);
    expect(validate('holdings', 'account;product;mrr;started_at\nAcme;Analytics;99,50;2024-01-01\n').rows.map((r) => r.row.mrr)).toEqual([9_950]);
    expect(reasons('holdings', 'account;product;mrr;started_at\nAcme;Analytics;1,200;2024-01-01\n')).toEqual([
      '2 mrr: Is "1,200" 1.2 or 1200? In a semicolon-delimited file the comma marks decimals: write `1.200` or `1200` for thousands',
    ]);
  });
});

describe('dates: the day/month order of each column', () => {
  const holdings = (...rows: string[]) => `account,product,mrr,started_at,ended_at\n${rows.join('\n')}\n`;
  const days = (v: ReturnType<typeof validate<'holdings'>>) => v.rows.map((r) => [r.row.started_at?.toISOString().slice(0, 10), r.row.ended_at?.toISOString().slice(0, 10) ?? null]);

  it('is read from the cells that can only be read one way, day first or month first', () => {
    expect(days(validate('holdings', holdings('A,P,1,13/05/2024,', 'B,P,1,01/02/2024,')))).toEqual([['2024-05-13', null], ['2024-02-01', null]]);
    expect(days(validate('holdings', holdings('A,P,1,5/3/2024,', 'B,P,1,5/14/2024,')))).toEqual([['2024-05-03', null], ['2024-05-14', null]]);
  });

  it("follows the file's other date columns when its own cells do not tell", () => {
    expect(days(validate('holdings', holdings('A,P,1,13/05/2024,01/06/2024')))).toEqual([['2024-05-13', '2024-06-01']]);
  });

  it('refuses locale dates when no cell of the file tells their order', () => {
    expect(reasons('holdings', holdings('A,P,1,05/03/2024,'))).toEqual(['2 started_at: "05/03/2024" is ambiguous (day or month first?); use YYYY-MM-DD']);
  });

  it('refuses a column with both, naming a row of each', () => {
    expect(reasons('conversations', 'account,occurred_at,summary\nA,2024-01-01,hi\nA,13/05/2024,hi\nA,5/14/2024,hi\n')).toEqual([
      '1 occurred_at: has dates day first and month first: "13/05/2024" (line 3) can only be day/month, "5/14/2024" (line 4) only month/day. Write the column\'s dates one way, best YYYY-MM-DD',
    ]);
  });
});

describe('one currency per file', () => {
  /** rows of [amount, currency column, account suffix] */
  const holdings = (rows: string[][], currency = 'Currency') => `account,product,started_at,mrr,${currency}\n${rows.map((r) => `A${r[2] ?? ''},P,2024-01-01,"${r[0]}",${r[1]}`).join('\n')}\n`;

  it.each([
    ['codes in a currency column', holdings([['1000', 'EUR'], ['1000', 'JPY'], ['2000', 'EUR', '2']]), 'EUR (lines 2, 4), JPY (line 3)'],
    ['symbols in the amounts', holdings([['€1000', ''], ['¥1000', ''], ['£5', '', '2']]), '€ (line 2), ¥ (line 3), £ (line 4)'],
    ['a symbol against another row\'s column', holdings([['¥1000', ''], ['1000', 'EUR']], 'CurrencyIsoCode'), '¥ (line 2), EUR (line 3)'],
  ])('refuses a file in more than one: %s', (_, text, listed) => {
    const v = validate('holdings', text);
    expect(v.rows).toEqual([]);
    expect(v.rejects).toEqual([{ line: 1, column: 'mrr', reason: `the amounts are in more than one currency: ${listed}. A workspace works in one currency, so they cannot be added up: export in one currency, or convert before import` }]);
  });

  it.each([
    ['no currency anywhere', holdings([['1000', ''], ['2000', '']])],
    ['one code', holdings([['1000', 'JPY'], ['¥2000', 'JPY'], ['3000', '']], 'Amount Currency')],
    ['"$" beside USD', holdings([['$1000', ''], ['1000', 'USD']])],
    ['products with empty prices', 'name,list_mrr,Currency\nA,€10,EUR\nB,,USD\n'],
  ])('reads a file in one: %s', (_, text) => {
    expect(validate(text.startsWith('name') ? 'products' : 'holdings', text).rejects).toEqual([]);
  });

  it('names each row whose amount and currency column disagree', () => {
    expect(reasons('holdings', holdings([['€1000', 'USD']], 'Deal - Currency'))).toEqual(['2 mrr: the amount "€1000" is in € but "Deal - Currency" says USD']);
  });

  it('does not read currency columns of files without amounts', () => {
    expect(validate('accounts', 'name,Currency\nA,EUR\nB,JPY\n').rejects).toEqual([]);
  });
});

describe('collisions inside the file', () => {
  it.each([
    ['accounts', 'name\nAcme Inc\n"ACME, inc."\n', ['3 name: the name "ACME, inc." is already on line 2']],
    ['accounts', 'name,aliases\nAcme,Globex\nGlobex,\n', ['3 name: the name "Globex" is already on line 2']],
    ['accounts', 'name,external_id\nA,x1\nB,x1\n', ['3 external_id: external_id "x1" is already on line 2']],
    ['accounts', 'name,aliases\nAcme,acme;Acme Corp\n', []],
    // a Salesforce id's 15 and 18 characters are one record, in either order; an 18 whose checksum fails is another id
    ['accounts', 'name,external_id\nA,0015g00000NeWoN\nB,0015g00000NeWoNAAV\n', ['3 external_id: external_id "0015g00000NeWoNAAV", the same Salesforce record as "0015g00000NeWoN", is already on line 2']],
    ['accounts', 'name,external_id\nA,0015g00000NeWoNAAV\nB,0015g00000NeWoN\nC,0015g00000NeWoNAAV\n', [
      '3 external_id: external_id "0015g00000NeWoN", the same Salesforce record as "0015g00000NeWoNAAV", is already on line 2',
      '4 external_id: external_id "0015g00000NeWoNAAV" is already on line 2',
    ]],
    ['accounts', 'name,external_id\nA,0015g00000NeWoN\nB,0015g00000NeWoNAAA\n', []],
    // one name, two record ids: two records, both kept (the writer names one apart)
    ['accounts', 'name,external_id\nAcme Corp,5001\nACME corp.,5014\nAcme Corp,5020\n', []],
    // one name and no id, or one record twice: the same record written twice
    ['accounts', 'name,external_id\nAcme,5001\nAcme,\n', ['3 name: the name "Acme" is already on line 2']],
    ['accounts', 'name,external_id\nAcme,\nAcme,5014\n', ['3 name: the name "Acme" is already on line 2']],
    ['accounts', 'name,external_id\nAcme,5001\nAcme,5001\n', ['3 name: the name "Acme" is already on line 2', '3 external_id: external_id "5001" is already on line 2']],
    ['accounts', 'name,external_id\nAcme,0015g00000NeWoN\nAcme,0015g00000NeWoNAAV\n', [
      '3 name: the name "Acme" is already on line 2',
      '3 external_id: external_id "0015g00000NeWoNAAV", the same Salesforce record as "0015g00000NeWoN", is already on line 2',
    ]],
    // an alias is not a record's name: another row's alias or name stays refused
    ['accounts', 'name,aliases,external_id\nAcme Holdings,Acme,5001\nAcme,,5014\n', ['3 name: the name "Acme" is already on line 2']],
    ['accounts', 'name,aliases,external_id\nAcme,,5001\nAcme Holdings,Acme,5014\n', ['3 aliases: "Acme" is already on line 2']],
    ['products', 'name\nAnalytics\nanalytics\n', ['3 name: the product "analytics" is already on line 2']],
    ['holdings', 'account,product,mrr,started_at,external_id\nA,P,1,2024-01-01,h1\nB,P,1,2024-01-01,h1\n', ['3 external_id: external_id "h1" is already on line 2']],
    ['conversations', 'account,occurred_at,summary\nA,2024-01-01,hi\nA,2024-01-01,hi\n', ['3 -: the same conversation (add an external_id to keep both) is already on line 2']],
  ] as const)('%s %j', (kind, text, expected) => {
    expect(reasons(kind, text)).toEqual(expected);
  });
});

describe('conversationSourceKey', () => {
  const base = validate('conversations', 'account,occurred_at,summary\nAcme,2024-01-01,hi\n').rows[0]!.row;
  it('uses the external id when there is one', () => {
    expect(conversationSourceKey({ ...base, external_id: 'crm-9' })).toBe('import:crm-9');
  });
  it('hashes what the row says otherwise: same row, same key; any change, another key', () => {
    const key = conversationSourceKey(base);
    expect(key).toMatch(/^import:h[0-9a-f]{32}$/);
    expect(conversationSourceKey({ ...base, account: 'ACME' })).toBe(key); // the account is matched by key
    expect(conversationSourceKey({ ...base, summary: 'hi!' })).not.toBe(key);
    expect(conversationSourceKey({ ...base, occurred_at: new Date('2024-01-01T00:00:01Z') })).not.toBe(key);
  });
});

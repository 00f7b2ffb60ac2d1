import { describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/domain/records.ts';
import { parseCsv } from '../../../src/import/csv.ts';
import { applyMapping, parseMapFile, parseMapOption, type MapRequest } from '../../../src/import/mapping.ts';
import { hubspotStageStatus } from '../../../src/import/presets/hubspot.ts';
import { salesforceTypeStatus } from '../../../src/import/presets/salesforce.ts';
import { validateFile } from '../../../src/import/validate.ts';

function file(text: string) {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error);
  return r.file;
}
function mapped(kind: Kind, text: string, req: MapRequest) {
  const m = applyMapping(kind, file(text), req);
  if (!m.ok) throw new Error(m.error);
  return m;
}

describe('--map and mapping files', () => {
  it('reads pairs, trimming spaces, and keeps "=" inside a header', () => {
    expect(parseMapOption(' Company name = name , Record ID=external_id,')).toEqual({ ok: true, value: [['Company name', 'name'], ['Record ID', 'external_id']] });
    expect(parseMapOption('a=b=c')).toEqual({ ok: true, value: [['a=b', 'c']] });
  });

  it.each([
    ['Company name', /"Company name" is not a pair/],
    ['=name', /"=name" is not a pair/],
    [',', /no pairs given/],
  ])('refuses --map %j', (s, reason) => {
    const r = parseMapOption(s);
    expect(r.ok ? '' : r.error).toMatch(reason);
  });

  it('reads a JSON object, BOM and all, and refuses anything else naming the entry', () => {
    expect(parseMapFile('\uFEFF{"Company name": "name"}')).toEqual({ ok: true, value: [['Company name', 'name']] });
    for (const [text, reason] of [['[1]', /must be a JSON object/], ['{"Owner": 3}', /maps "Owner" to 3/], ['{oops', /not JSON/], [`{"a": "${'x'.repeat(200_000)}"}`, /a mapping is a few lines/]] as const) {
      const r = parseMapFile(text);
      expect(r.ok ? '' : r.error).toMatch(reason);
    }
  });
});

describe('applyMapping', () => {
  it('renames the mapped headers (case and spacing forgiven) and leaves the others to be reported', () => {
    const m = mapped('accounts', 'Company name,record id,Phone\nAcme,42,555\n', { map: [['Company Name', 'name'], ['Record ID', 'external_id']] });
    expect(m.file.header).toEqual(['name', 'external_id', 'Phone']);
    expect(m.notes).toEqual(['Columns read as: "Company name" → name, "record id" → external_id.']);
    const v = validateFile('accounts', m.file);
    expect(v.ignored).toEqual(['Phone']);
    expect(v.rows[0]!.row).toMatchObject({ name: 'Acme', external_id: '42' });
  });

  it.each([
    [[['Company name', 'nmae']], /--map "Company name"="nmae": Tend has no column "nmae" for accounts \(its columns: name, aliases/],
    [[['Record ID', 'external_id']], /--map names the column "Record ID", which the file does not have \(its columns: "Company name", "name"\)/],
    [[['Company name', 'name']], /maps "Company name" to name, but the file already has a column "name"/],
  ] as const)('refuses %j up front, naming the column', (map, reason) => {
    const m = applyMapping('accounts', file('Company name,name\nA,B\n'), { map });
    expect(m.ok ? '' : m.error).toMatch(reason);
  });

  it('refuses two headers mapped to one column', () => {
    const m = applyMapping('accounts', file('A,B\n1,2\n'), { map: [['A', 'name'], ['B', 'name']] });
    expect(m.ok ? '' : m.error).toBe('--map maps both "A" and "B" to name; keep one');
  });

  it('reads a HubSpot companies export with the preset: its columns, its lifecycle stages, its owners by name', () => {
    const text = 'Record ID,Company name,Company Domain Name,Company owner,Create Date,Lifecycle Stage,Became a Customer Date,Industry\n'
      + '9001,Acme,acme.com,Ana Lopez,2020-01-01 10:00,Customer,2021-03-01,Software\n'
      + '9002,Globex,globex.com,,2022-05-01 10:00,Opportunity,,\n';
    const m = mapped('accounts', text, { preset: 'hubspot' });
    expect(m.file.header).toEqual(['external_id', 'name', 'Company Domain Name', 'owner', 'Create Date', 'status', 'customer_since', 'segment']);
    const v = validateFile('accounts', m.file, { now: new Date('2026-01-01T00:00:00Z') });
    expect(v.rejects).toEqual([]);
    expect(v.ignored).toEqual(['Company Domain Name', 'Create Date']);
    expect(v.rows.map((r) => r.row)).toEqual([
      { name: 'Acme', aliases: [], owner: null, owner_name: 'Ana Lopez', segment: 'Software', status: 'active', external_id: '9001', customer_since: new Date('2021-03-01T00:00:00Z'), churned_at: null },
      { name: 'Globex', aliases: [], owner: null, owner_name: null, segment: null, status: 'prospect', external_id: '9002', customer_since: null, churned_at: null },
    ]);
  });

  it.each([
    ['salesforce', 'Account ID,Account Name,Account Owner,Account Type,Website\n001A,Acme,Ana Lopez,Customer - Direct,acme.com\n', ['external_id', 'name', 'owner', 'status', 'Website']],
    ['pipedrive', 'ID,Name,Owner,Organization created,Address\n17,Acme,Ana Lopez,2021-01-01,Main St\n', ['external_id', 'name', 'owner', 'Organization created', 'Address']],
  ] as const)('reads a %s export with its preset', (preset, text, header) => {
    expect(mapped('accounts', text, { preset }).file.header).toEqual(header);
  });

  it('lets --map override the preset, and names an account column for holdings by the first key the file has', () => {
    const m = mapped('accounts', 'Record ID,Company name,Legal name\n1,Acme,Acme Inc\n', { preset: 'hubspot', map: [['Legal name', 'name']] });
    expect(m.file.header).toEqual(['external_id', 'Company name', 'name']);
    const h = mapped('holdings', 'Company name,Record ID,Analytics\nAcme,1,Yes\n', { preset: 'hubspot' });
    expect(h.file.header).toEqual(['Company name', 'account', 'Analytics']);
    expect([...h.known].sort()).toEqual(['company_name', 'record_id']);
  });

  it("reads a HubSpot deals export's company from its association columns, never the deal's own Record ID", () => {
    const deals = 'Record ID,Deal Name,Amount,Close Date,Associated Company,Associated Company IDs\n31000000001,Analytics,100,2024-01-01,Acme,5001\n';
    expect(mapped('holdings', deals, { preset: 'hubspot' }).file.header).toEqual(['Record ID', 'Deal Name', 'Amount', 'Close Date', 'Associated Company', 'account']);
    // with the company's name only, by its name
    const named = 'Record ID,Deal Name,Amount,Associated Company\n31000000001,Analytics,100,Acme\n';
    expect(mapped('holdings', named, { preset: 'hubspot' }).file.header).toEqual(['Record ID', 'Deal Name', 'Amount', 'account']);
    // with no association at all, no account column: the import asks for one rather than read the deal's id as a company's
    const bare = mapped('holdings', 'Record ID,Deal Name,Amount\n31000000001,Analytics,100\n', { preset: 'hubspot' });
    expect(bare.file.header).not.toContain('account');
  });

  it("reads Salesforce's Account Type as the status where its words say, leaves partners and others as they were, and says which was which", () => {
    const text = 'Account Name,Type\nA,Customer - Direct\nB,Customer - Channel\nC,Prospect\nD,Channel Partner / Reseller\nE,\nF,Former Customer\nG,Competitor\nH,Other\nI,customer\n';
    const m = mapped('accounts', text, { preset: 'salesforce' });
    expect(m.file.header).toEqual(['name', 'status']);
    expect(m.file.records.map((r) => r.cells[1])).toEqual(['active', 'active', 'prospect', '', '', 'churned', 'prospect', '', 'active']);
    expect(m.notes).toEqual([
      'Columns read as (Salesforce accounts): "Account Name" → name, "Type" → status.',
      '"Type" read as status: "Competitor" → prospect (1), "Customer - Channel" → active (1), "Customer - Direct" → active (1), "Former Customer" → churned (1), "Prospect" → prospect (1), "customer" → active (1); left as it was (Tend cannot tell these from a customer): "Channel Partner / Reseller" (1), "Other" (1).',
    ]);
    // a column --map names keeps its own words
    const own = mapped('accounts', 'Account Name,Type\nA,active\n', { preset: 'salesforce', map: [['Type', 'status']] });
    expect(own.file.records[0]!.cells).toEqual(['A', 'active']);
    expect(own.notes.some((n) => n.includes('read as status:'))).toBe(false);
  });

  it.each([
    ['Customer', 'active'], ['Customer - Direct', 'active'], ['CUSTOMER - CHANNEL', 'active'], ['customer_direct', 'active'],
    ['Former Customer', 'churned'], ['Ex-Customer', 'churned'], ['Customer (churned)', 'churned'], ['Lost customer', 'churned'],
    ['Prospect', 'prospect'], ['  prospect ', 'prospect'], ['Analyst', 'prospect'], ['Competitor', 'prospect'], ['Investor', 'prospect'], ['Press', 'prospect'],
    ['Channel Partner / Reseller', ''], ['Installation Partner', ''], ['Technology Partner', ''], ['Partner', ''], ['Reseller', ''], ['Integrator', ''], ['Other', ''],
    ['Churned', 'churned'], ['Past Customer', 'churned'], ['Cancelled customer', 'churned'],
    ['Prospective customer', 'prospect'], ['Prospect - Qualified', 'prospect'], ['Customer Prospect', 'prospect'], ['Potential Customer', 'prospect'],
    ['Not a customer', 'prospect'], ['Non-customer', 'prospect'], ['Prospects', 'prospect'],
    // a word that merely contains one of them says nothing
    ['Inactive Customer', ''], ['Customer - Past Due', 'active'], ['Active', 'active'], ['Prospecting partner', ''], ['Expansion', ''], ['Pastoral care', ''],
    ['<!channel>', ''], ['عميل', ''], ['🙂', ''],
  ])('Salesforce Account Type %j → %j', (raw, status) => {
    expect(salesforceTypeStatus(raw)).toBe(status);
  });

  it.each([
    ['Customer', 'active'], ['customer', 'active'], ['Evangelist', 'active'],
    ['Subscriber', 'prospect'], ['Lead', 'prospect'], ['Marketing Qualified Lead', 'prospect'], ['marketingqualifiedlead', 'prospect'],
    ['Sales Qualified Lead', 'prospect'], ['salesqualifiedlead', 'prospect'], ['Opportunity', 'prospect'], ['Other', 'prospect'],
    // an org's own stages: by their words, else left as they were (the file is not refused for them)
    ['Former Customer', 'churned'], ['Churned', 'churned'], ['Prospect', 'prospect'], ['Partner', ''], ['Vendor', ''], ['<!channel>', ''],
    // the words every status column knows, custom stages included
    ['Lost', 'churned'], ['Cancelled', 'churned'], ['Former', 'churned'], ['Live', 'active'], ['Active', 'active'],
  ])('HubSpot lifecycle stage %j → %j', (raw, status) => {
    expect(hubspotStageStatus(raw)).toBe(status);
  });

  it('says when a preset maps nothing of the file', () => {
    expect(mapped('accounts', 'Firma\nAcme\n', { preset: 'salesforce' }).notes).toEqual(['The Salesforce accounts preset maps no column of this file (its columns: "Firma").']);
  });
});

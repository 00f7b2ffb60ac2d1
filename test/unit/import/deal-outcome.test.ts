import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/import/csv.ts';
import { dealOutcome, keepWonDeals } from '../../../src/import/deal-outcome.ts';

function file(text: string) {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error);
  return r.file;
}
function kept(text: string, own?: readonly string[]) {
  const won = keepWonDeals(file(text), own);
  if (!won.ok) throw new Error(won.reject.reason);
  return won;
}
const accountsOf = (text: string) => kept(text).file.records.map((r) => r.cells[0]);

describe("a deal stage's words as the deal's outcome", () => {
  it.each([
    // HubSpot's labels and internal values, Salesforce's, Pipedrive's status, a spreadsheet's
    ['Closed Won', 'won'], ['closedwon', 'won'], ['CLOSED WON', 'won'], ['Closed - Won', 'won'], ['Won', 'won'], ['won', 'won'], ['Closed/Won', 'won'],
    ['Closed Lost', 'lost'], ['closedlost', 'lost'], ['Lost', 'lost'], ['deleted', 'lost'], ['Disqualified', 'lost'], ['Dead', 'lost'], ['Cancelled', 'lost'],
    ['Declined', 'lost'], ['Rejected', 'lost'], ['Abandoned', 'lost'],
    ["Won't renew", 'lost'], ['Won’t renew', 'lost'], ['Closed Won - lost to competitor', 'lost'],
    ['Appointment Scheduled', 'open'], ['appointmentscheduled', 'open'], ['Qualified To Buy', 'open'], ['Decision Maker Bought-In', 'open'], ['contractsent', 'open'],
    ['Negotiation/Review', 'open'], ['Proposal/Price Quote', 'open'], ['Id. Decision Makers', 'open'], ['open', 'open'], ['Prospecting', 'open'], ['Engaging', 'open'],
    // an org's own stages are not guessed at
    ['Contract Signed', 'unknown'], ['Renewed', 'unknown'], ['Verbal Win', 'unknown'], ['Wonderful', 'unknown'], ['Closed', 'unknown'],
    ['', null], ['   ', null],
  ] as const)('%j → %s', (raw, outcome) => {
    expect(dealOutcome(raw)).toBe(outcome);
  });
});

describe('the rows of a deals export that are holdings', () => {
  it("keeps a HubSpot export's won deals and says which stages it left out, most first", () => {
    const text = 'Associated Company IDs,Deal Name,Deal Stage,Amount,Close Date\nA,X,Closed Won,1,2024-01-01\nB,X,Closed Lost,1,2024-01-01\nC,X,Appointment Scheduled,1,\nD,X,closedwon,1,2024-01-01\nE,X,Closed Lost,1,2024-01-01\nF,X,,1,2024-01-01\n';
    const won = kept(text);
    expect(won.file.records.map((r) => r.cells[0])).toEqual(['A', 'D', 'F']);
    expect(won.file.records.map((r) => r.line)).toEqual([2, 5, 7]);
    expect(won.header).toBe('Deal Stage');
    expect(won.note).toBe('"Deal Stage": 3 of 6 rows left out, deals not won: "Closed Lost" (2, lost), "Appointment Scheduled" (1, open). Only a won deal is a holding.');
  });

  it.each([
    ['Pipedrive "Deal - Status"', 'Deal - Organization,Deal - Status\nA,won\nB,lost\nC,open\nD,deleted\n', ['A']],
    // its pipeline's steps come first, even one named like an outcome: the status decides
    ['Pipedrive "Deal - Status" after "Deal - Stage"', 'Deal - Organization,Deal - Stage,Deal - Status\nA,Negotiation,won\nB,Closed Won,lost\nC,Qualified,open\n', ['A']],
    ['Salesforce report "Stage"', 'Account ID,Stage\nA,Closed Won\nB,Prospecting\n', ['A']],
    ['Data Loader "StageName"', 'ACCOUNTID,STAGENAME\nA,Closed Won\nB,Closed Lost\n', ['A']],
    ['a spreadsheet\'s "deal_stage"', 'account,deal_stage\nA,Won\nB,Engaging\nC,Lost\n', ['A']],
    ['a column --map named stage', 'account,stage\nA,Won\nB,Lost\n', ['A']],
  ])('reads %s', (_, text, keptRows) => {
    expect(accountsOf(text)).toEqual(keptRows);
  });

  it("takes Salesforce's IsWon over the stage's label, whatever an org named its stages", () => {
    const won = kept('ACCOUNTID,STAGENAME,ISWON\nA,Signed,true\nB,Closed Won,false\nC,Negotiation,false\n');
    expect(won.file.records.map((r) => r.cells[0])).toEqual(['A']);
    expect(won.header).toBe('ISWON');
    expect(won.note).toBe('"ISWON": 2 of 3 rows left out, deals not won: "false" (2, not won). Only a won deal is a holding.');
    // a won flag column with nothing in it leaves the stage to decide
    expect(accountsOf('account,stage,won\nA,Won,\nB,Lost,\n')).toEqual(['A']);
  });

  it("refuses a stage it cannot tell won from open (an org's own), naming it and its lines, rather than drop or keep it", () => {
    const text = 'account,Deal Stage\nA,Closed Won\nB,Contract Signed\nC,Closed Lost\nD,Contract Signed\nE,Renewed\nF,Contract Signed\nG,Contract Signed\n';
    const won = keepWonDeals(file(text));
    expect(won).toEqual({
      ok: false,
      reject: {
        line: 1, column: 'Deal Stage',
        reason: 'has deal stages Tend cannot tell won from open: "Contract Signed" (lines 3, 5, 7 and 1 more), "Renewed" (line 6). Only a won deal is a holding: export only the won deals, or write Won or Lost in their place',
      },
    });
  });

  it("leaves every row of a sheet whose bare Stage is no deal's, and of a file without one", () => {
    // a subscription's stages, a cancelled one among them: nothing here reads as a deal's
    for (const text of ['account,product,Stage\nA,X,Onboarding\nB,X,Live\n', 'account,product,Stage\nA,X,Live\nB,X,Live\nC,X,Cancelled\n']) {
      const sub = kept(text);
      expect(sub.file.records).toHaveLength(text.trim().split('\n').length - 1);
      expect(sub).toMatchObject({ header: null, note: null });
    }
    expect(kept('account,product,mrr\nA,X,1\n')).toMatchObject({ header: null, note: null });
    // every deal won: nothing to say, the column still read
    expect(kept('account,Deal Stage\nA,Closed Won\n')).toMatchObject({ header: 'Deal Stage', note: null });
  });

  it('quotes at most eight stages, each cut to 40 characters', () => {
    const stages = Array.from({ length: 10 }, (_, i) => `Lost ${i} ${'x'.repeat(50)}`);
    const text = `account,stage\nA,Won\n${stages.map((s) => `B,${s}`).join('\n')}\n`;
    const note = kept(text).note!;
    expect(note).toMatch(/^"stage": 10 of 11 rows left out, deals not won: "Lost 0 x+…" \(1, lost\)/);
    expect(note).toContain('… (10 values in all)');
    expect(note.match(/\(1, lost\)/g)).toHaveLength(8);
  });
});

describe("a Pipedrive deals export without a \"Deal - Status\" column", () => {
  // what Pipedrive writes for a deals list filtered to the won ones, the status column left out
  const WON = '"Deal - ID","Deal - Title","Deal - Organization","Deal - Value","Deal - Currency","Deal - Stage","Deal - Won time"\n' +
    '"101","Reporting seats","Acme Corp","1200","USD","Negotiations Started","2024-03-05 14:23:11"\n"102","Reporting","Borealis Ltd","900","USD","Qualified","2024-04-02 09:10:00"\n';

  it('never reads "Deal - Stage", the pipeline\'s step, as the outcome: the won time says won', () => {
    const won = kept(WON);
    expect(won.file.records.map((r) => r.cells[2])).toEqual(['Acme Corp', 'Borealis Ltd']);
    expect(won).toMatchObject({ header: 'Deal - Won time', read: ['Deal - Won time'], note: null });
    // every deal at a step that reads like an open stage
    expect(accountsOf(WON.replace('Negotiations Started', 'Qualified'))).toEqual(['101', '102']);
  });

  it('reads the won time under the name --map gave it (started_at)', () => {
    const own = ['Deal - Organization', 'Deal - Stage', 'Deal - Won time'];
    const won = kept('account,Deal - Stage,started_at\nAcme,Qualified,2024-03-05 14:23:11\n', own);
    expect(won.file.records).toHaveLength(1);
    expect(won).toMatchObject({ header: 'Deal - Won time', read: ['started_at'], note: null });
  });

  it('leaves out a deal with a lost time, and keeps one with neither time, saying so', () => {
    const text = 'Deal - Organization,Deal - Stage,Deal - Won time,Deal - Lost time\nA,Qualified,2024-03-05 14:23:11,\nB,Qualified,,2024-03-06 10:00:00\nC,Qualified,,\nD,Closed Won,2024-04-01 09:00:00,2024-02-01 09:00:00\n';
    const won = kept(text);
    expect(won.file.records.map((r) => r.cells[0])).toEqual(['A', 'C', 'D']);
    expect(won.read).toEqual(['Deal - Won time', 'Deal - Lost time']);
    expect(won.note).toBe(
      '"Deal - Lost time": 1 of 4 rows left out, deals lost (a lost time, no won time). Only a won deal is a holding. ' +
        '1 of 4 rows have neither a won nor a lost time and were kept as won deals (line 4); Pipedrive\'s "Deal - Stage" is only the pipeline\'s step. To leave out open deals, export "Deal - Status" with them.',
    );
  });

  it('with no status and no time, keeps every row and says the stage was not read', () => {
    const won = kept('Deal - Organization,Deal - Stage,Deal - Won time\nA,Closed Lost,\nB,Qualified,\n');
    expect(won.file.records.map((r) => r.cells[0])).toEqual(['A', 'B']);
    expect(won).toMatchObject({ header: null, read: [] });
    expect(won.note).toBe('"Deal - Stage" is Pipedrive\'s pipeline step, not whether a deal was won: every row was read as a won deal. To leave out lost and open deals, export "Deal - Status" (or "Deal - Won time") with them.');
  });

  it('still takes "Deal - Status" over the times, and HubSpot\'s "Deal Stage" as it was', () => {
    expect(accountsOf('Deal - Organization,Deal - Status,Deal - Won time\nA,won,2024-01-01\nB,open,2024-01-01\n')).toEqual(['A']);
    expect(accountsOf('Company,Deal Stage\nA,Closed Won\nB,Qualified To Buy\n')).toEqual(['A']);
  });
});

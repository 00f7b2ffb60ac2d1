// An export that goes through a person's hands and comes back, on real Postgres: a spreadsheet
// that saved the ids as numbers (scientific notation, leading zeros dropped) is refused row by
// row with the way out, never read as new accounts.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/domain/records.ts';
import { runExport } from '../../src/import/export.ts';
import type { ImportOutcome } from '../../src/import/run.ts';
import { importDb, ok } from '../support/import-harness.ts';

const { pool, imp } = importDb();

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

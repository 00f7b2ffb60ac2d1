// An export: one kind of a workspace's records to CSV, streamed page by page with
// backpressure, in exactly the columns import reads, so export → import changes nothing.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type pg from 'pg';
import { exportPages, inReadSnapshot } from '../data/export.ts';
import { pickWorkspace } from '../data/import/workspace.ts';
import { joinAliases } from './aliases.ts';
import { neutraliseFormula } from './formula.ts';
import type { Kind } from '../domain/records.ts';
import { COLUMNS } from './kinds.ts';

export type ExportRequest = { kind: Kind; team?: string; out: Writable; /** false for stdout, which must stay open */ end?: boolean; bom?: boolean; page?: number };
export type ExportOutcome = { ok: true; rows: number; team: string } | { ok: false; error: string };

export async function runExport(pool: pg.Pool, req: ExportRequest): Promise<ExportOutcome> {
  return inReadSnapshot<ExportOutcome>(pool, async (db) => {
    const ws = await pickWorkspace(db, req.team, { create: false });
    if (!ws.ok) return { ok: false, error: ws.error };
    let rows = 0;
    async function* records(workspaceId: number) {
      for await (const page of exportPages(db, workspaceId, req.kind, req.page)) {
        rows += page.length;
        for (const row of page) yield row.map((c) => (Array.isArray(c) ? joinAliases(c) : c));
      }
    }
    const csv = stringify({ header: true, columns: [...COLUMNS[req.kind]], bom: req.bom ?? false, record_delimiter: 'unix', cast: { string: neutraliseFormula } });
    await pipeline(Readable.from(records(ws.id)), csv, req.out, { end: req.end ?? true });
    return { ok: true, rows, team: ws.team };
  });
}

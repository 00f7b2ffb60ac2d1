// An import from CSV text to the database: parse, validate (pure), then write in one
// transaction. Returns what happened as data; the CLI decides how to print it.
import type pg from 'pg';
import { writeImport } from '../data/import/write.ts';
import { parseCsv } from './csv.ts';
import type { Counts, Kind, Reject } from '../domain/records.ts';
import { validateFile } from './validate.ts';

export type ImportRequest = {
  kind: Kind;
  text: string;
  team?: string;
  dryRun?: boolean;
  batch?: number;
  onProgress?: (done: number, total: number) => void;
};

export type ImportOutcome =
  | { ok: true; rows: number; counts: Counts; newMembers: number; team: string; workspaceCreated: boolean; ignored: string[]; ms: number; dryRun: boolean }
  | { ok: false; rows: number; rejects: Reject[]; ignored: string[] }
  | { ok: false; rows: number; error: string };

export async function runImport(pool: pg.Pool, req: ImportRequest): Promise<ImportOutcome> {
  const parsed = parseCsv(req.text);
  if (!parsed.ok) return { ok: false, rows: 0, error: parsed.line ? `line ${parsed.line}: ${parsed.error}` : parsed.error };
  const rows = parsed.file.records.length;
  const { rows: valid, rejects, ignored } = validateFile(req.kind, parsed.file);
  if (rejects.length) return { ok: false, rows, rejects, ignored };
  const started = performance.now();
  const written = await writeImport(pool, req.kind, valid, { team: req.team, dryRun: req.dryRun ?? false, batch: req.batch, onProgress: req.onProgress });
  if (!written.ok) return 'error' in written ? { ok: false, rows, error: written.error } : { ok: false, rows, rejects: written.rejects, ignored };
  return {
    ok: true,
    rows,
    counts: written.counts,
    newMembers: written.newMembers,
    team: written.workspace.team,
    workspaceCreated: written.workspace.created,
    ignored,
    ms: performance.now() - started,
    dryRun: req.dryRun ?? false,
  };
}

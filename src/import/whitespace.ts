// `npm run export -- whitespace`: every active account's next three products, as the list a
// sales-ops lead takes into a campaign. Computed from the book as it is at that moment (one
// read snapshot: learn from the retained customers, then rank page by page), so it is
// complete right after an import, before any scan has run.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type pg from 'pg';
import { loadBasketCounts } from '../data/basket-counts.ts';
import { inReadSnapshot } from '../data/export.ts';
import { pickWorkspace } from '../data/import/workspace.ts';
import { loadCatalog } from '../data/scan-inputs.ts';
import { whitespaceAccounts } from '../data/whitespace.ts';
import { evidenceSentence, learnBaskets, recommend } from '../domain/recommend.ts';
import { RECENT_END_DAYS } from '../scan/context.ts';
import { neutraliseFormula } from './formula.ts';

export const WHITESPACE_COLUMNS = ['account', 'external_id', 'rank', 'product', 'score', 'evidence'] as const;
/** Suggestions per account. */
export const WHITESPACE_TOP = 3;

export type WhitespaceRequest = { team?: string; out: Writable; /** false for stdout, which must stay open */ end?: boolean; bom?: boolean; now?: Date; page?: number };
export type WhitespaceOutcome = { ok: true; accounts: number; rows: number; team: string } | { ok: false; error: string };

export async function runWhitespaceExport(pool: pg.Pool, req: WhitespaceRequest): Promise<WhitespaceOutcome> {
  const now = req.now ?? new Date();
  return inReadSnapshot<WhitespaceOutcome>(pool, async (db) => {
    const ws = await pickWorkspace(db, req.team, { create: false });
    if (!ws.ok) return { ok: false, error: ws.error };
    const workspaceId = ws.id;
    const [counts, catalog] = await Promise.all([loadBasketCounts(db, workspaceId, now), loadCatalog(db, workspaceId)]);
    const model = learnBaskets(counts);
    const names = new Map(catalog.products.map((p) => [p.id, p.name]));
    const name = (id: number) => names.get(id) ?? `#${id}`;
    let accounts = 0;
    let rows = 0;
    async function* records() {
      for await (const page of whitespaceAccounts(db, workspaceId, now, RECENT_END_DAYS, req.page)) {
        const out: (string | number | null)[][] = [];
        for (const a of page) {
          accounts++;
          const top = recommend(model, { held: a.held, excluded: a.ended, catalog: catalog.products, limit: WHITESPACE_TOP });
          top.forEach((r, i) => {
            out.push([a.name, a.externalId, i + 1, name(r.productId), r.score.toFixed(3), evidenceSentence(r, name(r.productId), name, i + 1, top)]);
          });
        }
        rows += out.length;
        yield* out;
      }
    }
    const csv = stringify({ header: true, columns: [...WHITESPACE_COLUMNS], bom: req.bom ?? false, record_delimiter: 'unix', cast: { string: neutraliseFormula } });
    await pipeline(Readable.from(records()), csv, req.out, { end: req.end ?? true });
    return { ok: true, accounts, rows, team: ws.team };
  });
}

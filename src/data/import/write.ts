// One import, in one transaction: pick the workspace, stage the rows, resolve references
// and targets set-based, refuse the whole file on any conflict, then write phase by phase
// in ord ranges. A dry run, or a file with problems, rolls everything back: nothing of it
// is ever visible to anyone else.
import type pg from 'pg';
import type { DistinctName } from '../../domain/distinct-names.ts';
import type { Counts, Kind, Lined, Reject, RowOf } from '../../domain/records.ts';
import { catchUpRollups } from '../rollups.ts';
import { accountWriter } from './accounts.ts';
import { conversationWriter } from './conversations.ts';
import { holdingWriter } from './holdings.ts';
import { offerWriter } from './offers.ts';
import { productWriter } from './products.ts';
import { followOwners, retireAnsweredByData } from '../nudge-retire.ts';
import { createStage, fillStage, STAGE, stageCounts, type KindWriter } from './stage.ts';
import { pickWorkspace } from './workspace.ts';
import { deriveAccountDates } from '../churn-sql.ts';

export const WRITERS: { [K in Kind]: KindWriter<RowOf[K]> } = {
  accounts: accountWriter,
  products: productWriter,
  offers: offerWriter,
  holdings: holdingWriter,
  conversations: conversationWriter,
};

/** Rows per statement: big enough that round trips don't dominate, small enough to show progress. */
export const BATCH = 2_000;

export type WriteOptions = {
  team?: string;
  dryRun: boolean;
  batch?: number;
  onProgress?: (done: number, total: number) => void;
};

export type WriteResult =
  | { ok: true; workspace: { id: number; team: string; created: boolean }; counts: Counts; newMembers: number; notes: string[]; distinct: DistinctName[]; retired?: number; moved?: number }
  | { ok: false; error: string }
  | { ok: false; rejects: Reject[] };

export async function writeImport<K extends Kind>(pool: pg.Pool, kind: K, rows: readonly Lined<RowOf[K]>[], opts: WriteOptions): Promise<WriteResult> {
  const writer = WRITERS[kind] as KindWriter<RowOf[K]>;
  const batch = opts.batch ?? BATCH;
  const c = await pool.connect();
  let result: WriteResult;
  try {
    await c.query('BEGIN');
    // a big file can outlast the pool's statement timeout; this transaction is bounded by its batches
    await c.query('set local statement_timeout = 0');
    const ws = await pickWorkspace(c, opts.team, { create: true });
    if (!ws.ok) {
      await c.query('ROLLBACK');
      return { ok: false, error: ws.error };
    }
    if (kind === 'accounts') {
      // the lock createAccount takes: its name check and this import never interleave
      await c.query('select pg_advisory_xact_lock(hashtext($1))', [`tend:account-names:${ws.id}`]);
    }
    await createStage(c, writer.columns, writer.extra);
    for (let i = 0; i < rows.length; i += batch) {
      const slice = rows.slice(i, i + batch).map((r, j) => [i + j, r.line, ...writer.values(r.row, i + j)]);
      await fillStage(c, writer.columns, slice);
    }
    await c.query('analyze import_stage'); // temp tables get no autovacuum stats; the joins below need them
    const { newMembers, notes = [], distinct = [] } = await writer.resolve(c, ws.id);
    const rejects = await writer.check(c, ws.id);
    if (rejects.length) {
      await c.query('ROLLBACK');
      return { ok: false, rejects };
    }
    const counts = await stageCounts(c);
    if (opts.dryRun) {
      await c.query('ROLLBACK');
      return { ok: true, workspace: ws, counts, newMembers, notes, distinct };
    }
    const total = rows.length * writer.phases.length;
    let done = 0;
    opts.onProgress?.(0, total);
    for (const phase of writer.phases) {
      for (let from = 0; from < rows.length; from += batch) {
        const to = Math.min(from + batch, rows.length);
        await phase(c, ws.id, from, to);
        done += to - from;
        opts.onProgress?.(done, total);
      }
    }
    await writer.finish?.(c, ws.id);
    // customer-since and churn dates the file did not give follow from the holdings' own dates
    if (kind === 'accounts' || kind === 'holdings') await deriveAccountDates(c, ws.id, new Date());
    // the nudges the file answers (a product now held, a touch, a churn) retire with it, not at the next scan
    const { retired, moved } = await retireAnswered(c, kind, ws.id);
    await c.query('COMMIT');
    result = { ok: true, workspace: ws, counts, newMembers, notes, distinct, retired, moved };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
  // the scan reads rollups: fold the new touches in now rather than at the next scan
  if (kind === 'conversations' && result.counts.created > 0) await catchUpRollups(pool, result.workspace.id);
  return result;
}

/**
 * The accounts this file wrote rows for, and their waiting nudges the data now answers,
 * retired in one statement (data/nudge-retire.ts); their posted messages are edited by the
 * sweep, as the import has no queue at hand. Catalog files answer nothing.
 */
async function retireAnswered(c: pg.PoolClient, kind: Kind, workspaceId: number): Promise<{ retired: number; moved: number }> {
  if (kind !== 'accounts' && kind !== 'holdings' && kind !== 'conversations') return { retired: 0, moved: 0 };
  // an accounts file's existing accounts are its targets; the others name their account
  const col = kind === 'accounts' ? 'target_id' : 'account_id';
  const { rows } = await c.query<{ ids: number[] }>(`select coalesce(array_agg(distinct ${col}) filter (where ${col} is not null), '{}') as ids from ${STAGE}`);
  const now = new Date();
  const retired = (await retireAnsweredByData(c, workspaceId, rows[0]!.ids, now)).length;
  // an accounts file may give an account another owner: its waiting nudges go with it
  if (kind !== 'accounts') return { retired, moved: 0 };
  const owners = await followOwners(c, workspaceId, rows[0]!.ids, now);
  return { retired: retired + owners.retired.length + owners.withdrawn.length, moved: owners.moved.length };
}

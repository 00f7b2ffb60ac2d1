// account_rollup: each account's conversation history folded into what the scan reads
// (touch count, median gap between sessions, last touch, latest kinds, latest next step). One set-based
// statement serves every scope: one account after a touch, a range, or a whole workspace
// after a bulk load.
import type pg from 'pg';
import { MIN_TOUCHES_FOR_RHYTHM, SESSION_GAP_DAYS } from '../domain/cadence.ts';
import { medianGapSql } from './cadence-sql.ts';
import { inTransaction, type Queryable } from './sql.ts';

/** How many of the latest touch kinds the rollup keeps (the give-first rule looks at 3). */
export const RECENT_KINDS = 5;

export type RollupScope =
  | { accountIds: number[] }
  | { fromId: number; toId: number }
  | { all: true }
  /** accounts with a conversation whose id is above afterConversationId whose rollup does not have their count and latest time yet */
  | { afterConversationId: number };

function scopeSql(scope: RollupScope): { sql: string; params: unknown[] } {
  if ('accountIds' in scope) return { sql: 'select id as account_id from account where workspace_id = $1 and id = any($2::int[])', params: [scope.accountIds] };
  if ('fromId' in scope) return { sql: 'select id as account_id from account where workspace_id = $1 and id >= $2 and id < $3', params: [scope.fromId, scope.toId] };
  if ('all' in scope) return { sql: 'select id as account_id from account where workspace_id = $1', params: [] };
  // A touch written by the app (recordTouch in its transaction, a capture right after its
  // insert, an import's edit) refreshed its account's rollup as it wrote: the account is skipped
  // when its rollup counts its conversations and has their latest time (read from the index,
  // not the history: a day's touches cost ~1 s at 1M accounts to read again). Rows written
  // around the app (raw SQL, another tool) are refolded.
  return {
    // the rollup by its key, one lookup per account (limit 1 keeps the planner from turning the
    // join into a pass over every rollup of the workspace, which it chose for a day's 5,000 touches)
    sql: `select w.account_id
          from (select distinct account_id from conversation where workspace_id = $1 and id > $2) w
          left join lateral (
            select r.touch_count, r.last_touch_at from account_rollup r where r.account_id = w.account_id and r.workspace_id = $1 limit 1
          ) r on true
          cross join lateral (
            select count(*) as n, max(c.occurred_at) as latest from conversation c where c.workspace_id = $1 and c.account_id = w.account_id
          ) k
          where r.touch_count is null or r.touch_count <> k.n or r.last_touch_at is distinct from k.latest`,
    params: [scope.afterConversationId],
  };
}

/**
 * Recomputes the rollups of the accounts in scope from their conversations, exactly.
 * One sort per account's conversations (occurred_at, id) feeds the gaps, the recency rank
 * and the count, and a second over each session's first touch the median gap, so a whole
 * workspace refreshes in one pass.
 */
export async function refreshRollups(db: Queryable, workspaceId: number, scope: RollupScope): Promise<number> {
  const { sql, params } = refreshRollupsSql(scope);
  const res = await db.query(sql, [workspaceId, ...params]);
  return res.rowCount ?? 0;
}

/**
 * refreshRollups' statement: $1 the workspace, then `params`. recordTouch hands the accountIds
 * form ($2 the ids) to the database's tend_record_touch, which runs it after its insert.
 */
export function refreshRollupsSql(scope: RollupScope): { sql: string; params: unknown[] } {
  const { sql, params } = scopeSql(scope);
  return {
    sql: `with scoped as (${sql}),
     conv as (
       select c.account_id, c.id, c.occurred_at, c.kind, c.next_step, c.next_step_due,
              extract(epoch from c.occurred_at - lag(c.occurred_at) over w) / 86400.0 as gap,
              count(*) over (partition by c.account_id) - row_number() over w + 1 as recency
       from conversation c join scoped s on s.account_id = c.account_id
       where c.workspace_id = $1
       window w as (partition by c.account_id order by c.occurred_at, c.id)
     ),
     -- the rule's constants as literals, not parameters: tend_record_touch runs this with $1 and $2 only
     gaps as (${medianGapSql('conv', `${SESSION_GAP_DAYS}::float8`, `${MIN_TOUCHES_FOR_RHYTHM}`)}),
     agg as (
       select account_id, count(*)::int as touch_count, max(occurred_at) as last_touch_at,
              string_agg(left(kind::text, 1), '' order by recency) filter (where recency <= ${RECENT_KINDS}) as recent_kinds
       from conv group by account_id
     ),
     step as (
       select distinct on (account_id) account_id, id, next_step, next_step_due
       from conv where next_step_due is not null
       order by account_id, occurred_at desc, id desc
     )
     insert into account_rollup as r (account_id, workspace_id, touch_count, last_touch_at, median_gap_days, recent_kinds,
                                      next_step_conversation_id, next_step, next_step_due, refreshed_at)
     select s.account_id, $1, coalesce(a.touch_count, 0), a.last_touch_at, g.median_gap, coalesce(a.recent_kinds, ''),
            st.id, st.next_step, st.next_step_due, now()
     from scoped s left join agg a on a.account_id = s.account_id left join gaps g on g.account_id = s.account_id
       left join step st on st.account_id = s.account_id
     on conflict (account_id) do update set
       touch_count = excluded.touch_count, last_touch_at = excluded.last_touch_at,
       median_gap_days = excluded.median_gap_days, recent_kinds = excluded.recent_kinds,
       next_step_conversation_id = excluded.next_step_conversation_id, next_step = excluded.next_step,
       next_step_due = excluded.next_step_due, refreshed_at = excluded.refreshed_at
     where r.workspace_id = excluded.workspace_id`,
    params,
  };
}

/** How long a catch-up waits for the conversation writes in flight when it starts, before it folds without moving its mark. */
export const SETTLE_WAIT_MS = 300;

/**
 * The highest conversation id drawn so far with every row at or below it committed (or never
 * to be); 'busy' when writes in flight at the start did not finish within SETTLE_WAIT_MS. A
 * writer holds ROW EXCLUSIVE on the table from before its insert draws its ids (the sequence,
 * cache 1) until it ends, so a write that drew an id at or below the last value read here
 * already held that lock: it is done, or among the holders read next, whose end is awaited.
 * Nobody is blocked: writers that start meanwhile draw higher ids. Without it, a write that
 * drew its ids before another's and committed after a catch-up had moved past them was never
 * folded. A long writer (an import's transaction) makes it busy: the catch-up folds what it
 * sees and looks again at the next scan.
 */
async function settledTop(pool: pg.Pool): Promise<number | 'busy'> {
  // the last id first, then the writers: the order is what makes the argument above hold
  const last = await pool.query<{ last: string | null }>(
    `select pg_sequence_last_value(pg_get_serial_sequence('conversation', 'id')::regclass) as last`);
  const writing = (vxids: string[] | null) => pool.query<{ vxids: string[] }>(
    `select coalesce(array_agg(distinct virtualtransaction), '{}') as vxids from pg_locks
     where locktype = 'relation' and relation = 'conversation'::regclass and mode = 'RowExclusiveLock' and granted
       and pid <> pg_backend_pid() and ($1::text[] is null or virtualtransaction = any($1::text[]))`,
    [vxids],
  );
  let pending = (await writing(null)).rows[0]!.vxids;
  const deadline = Date.now() + SETTLE_WAIT_MS;
  while (pending.length > 0) {
    if (Date.now() >= deadline) return 'busy';
    await new Promise((r) => setTimeout(r, 10));
    pending = (await writing(pending)).rows[0]!.vxids;
  }
  // null: the sequence has given out nothing yet
  return Number(last.rows[0]?.last ?? 0);
}

/**
 * Folds conversations written since the workspace's watermark into the rollups, then
 * advances it to the settled top (settledTop). recordTouch keeps rollups current as touches are
 * logged (those accounts are skipped: their rollup already counts every conversation and has
 * the latest); this catches rows written any other way (imports, raw inserts). While a write
 * that began before it is still in flight, it folds what it sees and leaves the watermark, so
 * the next catch-up looks again. A first run after the migration (watermark 0) is a full
 * refresh. Edits or deletes of conversations need refreshRollups: a raw delete offset by a raw
 * insert of no later time leaves the count and the latest time as they were, and the catch-up
 * would not see it. An id drawn outside an insert (an explicit nextval, kept for a later
 * insert) is not covered. Returns how many accounts were refolded and the mark it left (upTo).
 */
export async function catchUpRollups(pool: pg.Pool, workspaceId: number): Promise<{ accounts: number; upTo: number }> {
  const settled = await settledTop(pool);
  return inTransaction(pool, async (client) => {
    // a catch-up over a whole workspace can outlast the pool's default statement timeout
    await client.query('set local statement_timeout = 0');
    const ws = await client.query<{ from: number }>(
      'select rollup_conversation_id as "from" from workspace where id = $1 for update',
      [workspaceId],
    );
    if (ws.rowCount === 0) return { accounts: 0, upTo: 0 };
    const from = ws.rows[0]!.from;
    // the fold's snapshot is later than the settled read: it sees every row at or below it
    let accounts = 0;
    if (from > 0) accounts = await refreshRollups(client, workspaceId, { afterConversationId: from });
    else {
      // a first run: every account, once the workspace has a conversation
      const any = await client.query('select 1 from conversation where workspace_id = $1 limit 1', [workspaceId]);
      if (any.rowCount) accounts = await refreshRollups(client, workspaceId, { all: true });
    }
    // every row at or below the settled top was visible to the fold (committed before it began),
    // so the mark may move there even past this workspace's own rows; above it, rows may still
    // be in flight and the next catch-up looks again
    const next = settled === 'busy' ? from : Math.max(from, settled);
    if (next !== from) await client.query('update workspace set rollup_conversation_id = $2 where id = $1', [workspaceId, next]);
    return { accounts, upTo: next };
  });
}

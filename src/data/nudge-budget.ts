// The daily budget, set-based: per assignee (the account's owner; unassigned nudges share
// one team budget), the highest-priority queued nudges move to open until that assignee has
// `budget` released today. The SQL equivalent of domain/budget.ts allocateBudget, plus one
// rule: at most one nudge per account per day, so a rep is not handed three for one customer.
import type pg from 'pg';
import { inTransaction, ts } from './sql.ts';

/**
 * Releases today's nudges; safe to run any number of times (what was released since the
 * local day began counts against the budget). Serialised per workspace by an advisory lock.
 * Returns the ids released by this call.
 */
export async function releaseBudget(
  pool: pg.Pool, workspaceId: number, budget: number, dayStart: Date, now: Date,
): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1, $2)', [0x7e4d, workspaceId]);
    const res = await client.query<{ id: number }>(
      `with today as (
         select coalesce(assignee_id, 0) as who, count(*) as n, array_agg(distinct account_id) as accounts
         from nudge where workspace_id = $1 and released_at >= $3::timestamp group by 1
       ),
       best_per_account as (
         select distinct on (account_id) id, account_id, coalesce(assignee_id, 0) as who, priority
         from nudge where workspace_id = $1 and status = 'queued'
         order by account_id, priority desc, id
       ),
       ranked as (
         select b.id, b.who, row_number() over (partition by b.who order by b.priority desc, b.id) as rn
         from best_per_account b left join today t on t.who = b.who
         where t.accounts is null or not (b.account_id = any(t.accounts))
       )
       update nudge n set status = 'open', released_at = $4::timestamp, updated_at = $4::timestamp
       from ranked r left join today t on t.who = r.who
       where n.id = r.id and n.status = 'queued' and r.rn <= $2 - coalesce(t.n, 0)
       returning n.id`,
      [workspaceId, budget, ts(dayStart), ts(now)],
    );
    return res.rows.map((r) => r.id).sort((a, b) => a - b);
  });
}

/** Open nudges released since dayStart and not yet posted: what the deliver queue must hold. */
export async function pendingDeliveries(pool: pg.Pool, workspaceId: number, dayStart: Date): Promise<number[]> {
  const res = await pool.query<{ id: number }>(
    `select id from nudge where workspace_id = $1 and status = 'open' and released_at >= $2::timestamp
       and delivery_state = 'pending' order by id`,
    [workspaceId, ts(dayStart)],
  );
  return res.rows.map((r) => r.id);
}

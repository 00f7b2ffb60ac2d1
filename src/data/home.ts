// What a member's App Home shows: their accounts by priority, their live nudges and their
// week. Scoped by workspace and member; bounded (a home shows a screenful, not a book).
import type { HomeAccount, HomeData, HomeNudge } from '../domain/read-models.ts';
import { MINE } from './my-nudges.ts';
import type { Queryable } from './sql.ts';

export const HOME_ACCOUNTS = 15;
export const HOME_NUDGES = 10;

export async function loadHome(db: Queryable, workspaceId: number, slackUserId: string, now: Date): Promise<HomeData> {
  const m = await db.query<{ id: number; name: string | null; timezone: string | null }>(
    `select id, name, timezone from member where workspace_id = $1 and slack_user_id = $2`,
    [workspaceId, slackUserId],
  );
  const member = m.rows[0] ?? null;
  if (!member) return { member: null, accounts: [], accountCount: 0, nudges: [], nudgeCount: 0, week: { touches: 0, gives: 0, asks: 0 } };
  const at = now.toISOString();
  const [accounts, count, nudges, week] = await Promise.all([
    // priority: the most valuable live nudge on the account, then the money it brings; nudges the
    // scan found below the rep's line have no row yet, and count from account_scan (issue 14)
    db.query<Omit<HomeAccount, 'mrrCents' | 'lastTouchAt' | 'createdAt'> & { mrr: string; last: string | null; created: string }>(
      `with mine as (
         select a.id, a.name, a.created_at,
                greatest(coalesce((select max(n.priority) from nudge n where n.workspace_id = $1 and n.account_id = a.id and n.status in ('queued', 'open', 'claimed')), 0),
                         coalesce(s.waiting_priority, 0)) as priority,
                (select count(*)::int from nudge n where n.workspace_id = $1 and n.account_id = a.id and n.status in ('queued', 'open', 'claimed'))
                  + coalesce(s.waiting, 0) as "liveNudges",
                (select coalesce(sum(h.mrr_cents), 0) from holding h where h.workspace_id = $1 and h.account_id = a.id and h.started_at <= $3::timestamp and (h.ended_at is null or h.ended_at > $3::timestamp)) as mrr,
                (select count(distinct h.product_id)::int from holding h where h.workspace_id = $1 and h.account_id = a.id and h.started_at <= $3::timestamp and (h.ended_at is null or h.ended_at > $3::timestamp)) as products
         from account a left join account_scan s on s.account_id = a.id and s.workspace_id = $1
         where a.workspace_id = $1 and a.owner_id = $2 and a.status = 'active'
       ), top as (select * from mine order by priority desc, mrr desc, id limit $4)
       select top.id, top.name, top.priority, top."liveNudges", top.mrr::text as mrr, top.products,
              (select (extract(epoch from max(c.occurred_at)) * 1000)::text from conversation c where c.workspace_id = $1 and c.account_id = top.id) as last,
              -- the rhythm the stall rule reads: the rollup's count and median gap
              coalesce(r.touch_count, 0) as "touchCount", r.median_gap_days as "medianGapDays", (extract(epoch from top.created_at) * 1000)::text as created
       from top left join account_rollup r on r.workspace_id = $1 and r.account_id = top.id
       order by top.priority desc, top.mrr desc, top.id`,
      [workspaceId, member.id, at, HOME_ACCOUNTS],
    ),
    db.query<{ n: number }>(`select count(*)::int as n from account where workspace_id = $1 and owner_id = $2 and status = 'active'`, [workspaceId, member.id]),
    db.query<Omit<HomeNudge, 'valueAtStakeCents'> & { value: string; total: number }>(
      // total: all of them, counted before the limit (the header says how many, the list shows the first few)
      `select n.id, n.account_id as "accountId", a.name as "accountName", n.kind, n.status, n.suggestion, n.value_at_stake_cents::text as value,
              coalesce(n.claimed_by_id = $2, false) as "claimedByMe", n.evidence, (count(*) over ())::int as total
       from nudge n join account a on a.id = n.account_id and a.workspace_id = $1
       where ${MINE}
       order by n.priority desc, n.id limit $3`,
      [workspaceId, member.id, HOME_NUDGES],
    ),
    db.query<HomeData['week']>(
      `select count(*)::int as touches, (count(*) filter (where kind = 'give'))::int as gives, (count(*) filter (where kind = 'ask'))::int as asks,
              (count(*) filter (where source <> 'channel'))::int as logged, (count(*) filter (where source = 'channel'))::int as captured,
              coalesce(sum(message_count) filter (where source = 'channel'), 0)::int as "capturedMessages"
       from conversation where workspace_id = $1 and member_id = $2 and occurred_at > $3::timestamp - interval '7 days' and occurred_at <= $3::timestamp`,
      [workspaceId, member.id, at],
    ),
  ]);
  return {
    member,
    accounts: accounts.rows.map(({ mrr, last, created, ...r }) => ({
      ...r, priority: Number(r.priority), mrrCents: Number(mrr), lastTouchAt: last === null ? null : new Date(Number(last)),
      medianGapDays: r.medianGapDays === null ? null : Number(r.medianGapDays), createdAt: new Date(Number(created)),
    })),
    accountCount: count.rows[0]?.n ?? 0,
    nudges: nudges.rows.map(({ value, total: _total, ...r }) => ({ ...r, valueAtStakeCents: Number(value) })),
    nudgeCount: nudges.rows[0]?.total ?? 0,
    week: week.rows[0] ?? { touches: 0, gives: 0, asks: 0 },
  };
}

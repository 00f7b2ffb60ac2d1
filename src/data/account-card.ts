// What the account card shows, read in a handful of small indexed queries, all scoped to
// the workspace. Plain data out; the stall level is the domain's cadence rule.
import type { AccountStatus, Medium, TouchDirection, TouchKind } from '../domain/vocabulary.ts';
import { channelsOfAccount } from './channel-links.ts';
import { fromMs, ts, type Queryable } from './sql.ts';

export type AccountCardRows = {
  id: number;
  name: string;
  aliases: string[];
  ownerSlackUserId: string | null;
  ownerName: string | null;
  segment: string | null;
  status: AccountStatus;
  createdAt: Date;
  holdings: { product: string; mrrCents: number; since: Date }[];
  lastTouches: {
    at: Date;
    medium: Medium;
    kind: TouchKind;
    summary: string;
    bySlackUserId: string | null;
    nextStep: string | null;
    nextStepDue: Date | null;
    /** a captured touch's channel, side and message count (null on a logged touch) */
    channelId: string | null;
    direction: TouchDirection | null;
    messageCount: number | null;
  }[];
  /** the channels linked to the account (issue 16), each with its latest captured touch */
  channels?: { channelId: string; lastTouchAt: Date | null }[];
  gives: number;
  asks: number;
  openNudges: number;
  /**
   * The latest queued, open or claimed cross-sell's next products, as its evidence stored them;
   * without one, the last scan's (account_scan: the draft waits without a row), named from the
   * catalog now and without an evidence sentence. domain/recommend.ts nextProductsOf reads either.
   */
  nextProducts?: unknown;
  rollup: { touchCount: number; medianGapDays: number | null; lastTouchAt: Date | null; nextStepDue: Date | null } | null;
};

/** Gives and asks are counted over this window: the recent balance is what matters. */
export const GIVE_ASK_WINDOW_DAYS = 90;

/** A timestamp column as epoch milliseconds (sql.ts: the result never depends on the process's TZ). */
const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;

export async function readAccountCard(db: Queryable, workspaceId: number, accountId: number, now: Date): Promise<AccountCardRows | null> {
  const since = new Date(now.getTime() - GIVE_ASK_WINDOW_DAYS * 86_400_000);
  // the account, its owner, rollup, aliases and counts in one round trip; its lists in two more
  const { rows } = await db.query<{
    id: number; name: string; segment: string | null; status: AccountStatus; createdMs: number;
    ownerSlackUserId: string | null; ownerName: string | null; aliases: string[]; gives: number; asks: number; openNudges: number;
    nextProducts: unknown; hasRollup: boolean; touchCount: number | null; medianGapDays: number | null; lastTouchMs: number | null; nextStepDueMs: number | null;
  }>(
    `select a.id, a.name, a.segment, a.status, ${ms('a.created_at')} as "createdMs",
            m.slack_user_id as "ownerSlackUserId", m.name as "ownerName",
            array(select x.alias from account_alias x where x.workspace_id = $1 and x.account_id = a.id order by x.id limit 20) as aliases,
            (select count(*)::int from conversation c where c.workspace_id = $1 and c.account_id = a.id and c.kind = 'give' and c.occurred_at >= $3::timestamp) as gives,
            (select count(*)::int from conversation c where c.workspace_id = $1 and c.account_id = a.id and c.kind = 'ask' and c.occurred_at >= $3::timestamp) as asks,
            (select count(*)::int from nudge n where n.workspace_id = $1 and n.account_id = a.id and n.status in ('open', 'claimed')) as "openNudges",
            coalesce(
              (select n.evidence->'alternatives' from nudge n
               where n.workspace_id = $1 and n.account_id = a.id and n.kind = 'cross_sell' and n.status in ('queued', 'open', 'claimed')
               order by n.created_at desc, n.id desc limit 1),
              -- a product gone from the catalog or retired since the scan is not offered, nor anything
              -- to an account no longer active (a full scan settles it without rewriting these)
              (select jsonb_agg(jsonb_build_object('productId', p.id, 'productName', p.name, 'score', x.score) order by x.i)
               from account_scan s
               cross join lateral unnest(s.next_product_ids, s.next_scores) with ordinality as x(product_id, score, i)
               join product p on p.workspace_id = $1 and p.id = x.product_id and p.active
               where s.workspace_id = $1 and s.account_id = a.id and a.status = 'active'
                 -- a product whose cross-sell a rep dismissed or snoozed is not offered here either
                 and not exists (select 1 from nudge d where d.workspace_id = $1 and d.account_id = a.id and d.kind = 'cross_sell'
                                  and d.suggested_product_id = p.id and d.status in ('dismissed', 'snoozed')))) as "nextProducts",
            r.touch_count as "touchCount", r.median_gap_days as "medianGapDays",
            ${ms('r.last_touch_at')} as "lastTouchMs", ${ms('r.next_step_due')} as "nextStepDueMs",
            r.account_id is not null as "hasRollup"
     from account a
     left join member m on m.workspace_id = a.workspace_id and m.id = a.owner_id
     left join account_rollup r on r.workspace_id = a.workspace_id and r.account_id = a.id
     where a.workspace_id = $1 and a.id = $2`,
    [workspaceId, accountId, ts(since)],
  );
  const a = rows[0];
  if (!a) return null;
  const [holdings, touches, channels] = await Promise.all([
    db.query<{ product: string; mrrCents: number; sinceMs: number }>(
      `select p.name as product, h.mrr_cents as "mrrCents", ${ms('h.started_at')} as "sinceMs"
       from holding h join product p on p.workspace_id = h.workspace_id and p.id = h.product_id
       where h.workspace_id = $1 and h.account_id = $2 and h.ended_at is null
       order by h.id`,
      [workspaceId, accountId],
    ),
    db.query<{
      atMs: number; medium: Medium; kind: TouchKind; summary: string; bySlackUserId: string | null; nextStep: string | null; nextStepDueMs: number | null;
      channelId: string | null; direction: TouchDirection | null; messageCount: number | null;
    }>(
      `select ${ms('c.occurred_at')} as "atMs", c.medium, c.kind, c.summary, m.slack_user_id as "bySlackUserId",
              c.next_step as "nextStep", ${ms('c.next_step_due')} as "nextStepDueMs",
              c.channel_id as "channelId", c.direction, c.message_count as "messageCount"
       from conversation c left join member m on m.workspace_id = c.workspace_id and m.id = c.member_id
       where c.workspace_id = $1 and c.account_id = $2
       order by c.occurred_at desc, c.id desc
       limit 5`,
      [workspaceId, accountId],
    ),
    channelsOfAccount(db, workspaceId, accountId),
  ]);
  return {
    id: a.id,
    name: a.name,
    aliases: a.aliases,
    ownerSlackUserId: a.ownerSlackUserId,
    ownerName: a.ownerName,
    segment: a.segment,
    status: a.status,
    createdAt: new Date(a.createdMs),
    holdings: holdings.rows.map((h) => ({ product: h.product, mrrCents: h.mrrCents, since: new Date(h.sinceMs) })),
    lastTouches: touches.rows.map((t) => ({
      at: new Date(t.atMs), medium: t.medium, kind: t.kind, summary: t.summary,
      bySlackUserId: t.bySlackUserId, nextStep: t.nextStep, nextStepDue: fromMs(t.nextStepDueMs),
      channelId: t.channelId, direction: t.direction, messageCount: t.messageCount,
    })),
    channels,
    gives: a.gives,
    asks: a.asks,
    openNudges: a.openNudges,
    nextProducts: a.nextProducts,
    rollup: a.hasRollup
      ? { touchCount: a.touchCount!, medianGapDays: a.medianGapDays, lastTouchAt: fromMs(a.lastTouchMs), nextStepDue: fromMs(a.nextStepDueMs) }
      : null,
  };
}

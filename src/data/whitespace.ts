// The whitespace list's accounts: every active account of a workspace with what it holds now
// and what it cancelled recently or signed to start later, in keyset pages (id > last id) so a
// million accounts stream through in bounded memory. The suggestions themselves come from domain/recommend.ts.
import { ts, type Queryable } from './sql.ts';

/** ended: products not to suggest (cancelled within recentEndDays, or signed but not started yet) */
export type WhitespaceAccount = { id: number; name: string; externalId: string | null; held: number[]; ended: number[] };

export const WHITESPACE_PAGE = 5_000;

export async function* whitespaceAccounts(
  db: Queryable, workspaceId: number, now: Date, recentEndDays: number, page = WHITESPACE_PAGE,
): AsyncGenerator<WhitespaceAccount[]> {
  let after = 0;
  for (;;) {
    // the page's accounts first, then their holdings by account-id range (an index range scan)
    const res = await db.query<{ id: number; name: string; external_id: string | null; held: number[] | null; ended: number[] | null }>(
      `with acc as (
         select id, name, external_id from account
         where workspace_id = $1 and status = 'active' and id > $2 order by id limit $3
       ),
       -- live: started and not ended, as the scan reads it (data/candidates.ts); a holding signed to
       -- start later is not held yet but goes in ended, so the account is not pitched what it has bought
       hold as (
         select h.account_id,
                array_agg(distinct h.product_id) filter (where h.live) as held,
                array_agg(distinct h.product_id) filter (where not h.live) as ended
         from (select account_id, product_id,
                      (started_at <= $4::timestamp and (ended_at is null or ended_at > $4::timestamp)) as live
               from holding
               where workspace_id = $1 and account_id between (select min(id) from acc) and (select max(id) from acc)
                 and (ended_at is null or ended_at > $4::timestamp - make_interval(days => $5))) h
         group by h.account_id
       )
       select a.id, a.name, a.external_id, h.held, h.ended
       from acc a left join hold h on h.account_id = a.id
       order by a.id`,
      [workspaceId, after, page, ts(now), recentEndDays],
    );
    if (res.rows.length === 0) return;
    after = res.rows[res.rows.length - 1]!.id;
    yield res.rows.map((r) => {
      const held = r.held ?? [];
      return { id: r.id, name: r.name, externalId: r.external_id, held, ended: (r.ended ?? []).filter((p) => !held.includes(p)) };
    });
    if (res.rows.length < page) return;
  }
}

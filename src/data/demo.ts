// The demo's rows: the demo workspace (replaced on each run), a generated book written with a
// handful of multi-row statements (arrays through unnest, so hundreds of accounts and
// thousands of conversations load in a blink), and what the demo prints back: the book's
// numbers and its nudges ranked. Every statement is scoped to the demo workspace.
import { nameKey } from '../domain/text.ts';
import type { Queryable } from './sql.ts';

/** A generated book as the database takes it: owners and products by index into reps and products. */
export type DemoBook = {
  reps: string[];
  products: { name: string; listMrrCents: number; offers: { kind: string; title: string }[] }[];
  accounts: {
    name: string; segment: string; owner: number; createdAt: Date; status: string; churnedAt: Date | null;
    holdings: { product: number; mrrCents: number; startedAt: Date; endedAt: Date | null }[];
    touches: { at: Date; kind: string; medium: string; summary: string; nextStep: string | null; nextStepDue: Date | null }[];
  }[];
};

/** Deletes the team's workspace (and, by cascade, everything in it) and creates it afresh. */
export async function replaceDemoWorkspace(db: Queryable, teamId: string): Promise<number> {
  await db.query('delete from workspace where slack_team_id = $1', [teamId]);
  const ws = await db.query<{ id: number }>(
    // every day a working day: the demo shows a morning's release whatever day it is run
    `insert into workspace (slack_team_id, name, timezone, daily_nudge_budget, work_days, updated_at)
     values ($1, 'Tend demo', 'UTC', 5, '{1,2,3,4,5,6,7}', now()) returning id`,
    [teamId],
  );
  return ws.rows[0]!.id;
}

export type BookStats = { active: number; ppc: number; single: number; churned: number };

/** Active and churned accounts, products per customer, and how many hold a single product. */
export async function bookStats(db: Queryable, workspaceId: number): Promise<BookStats> {
  const stats = await db.query<BookStats>(
    `with live as (select account_id, count(distinct product_id) as n from holding
                   where workspace_id = $1 and ended_at is null group by account_id)
     select (select count(*) from account where workspace_id = $1 and status = 'active')::int as active,
            avg(n)::float as ppc, (count(*) filter (where n = 1))::int as single,
            (select count(*) from account where workspace_id = $1 and status = 'churned')::int as churned
     from live`,
    [workspaceId],
  );
  return stats.rows[0]!;
}

export type DemoNudge = {
  account: string; kind: string; status: string; priority: number; value_cents: string; owner: string | null;
  headline: string | null; suggestion: string;
};

/** The workspace's nudges, the ones released today first, then by priority. */
export async function listDemoNudges(db: Queryable, workspaceId: number): Promise<DemoNudge[]> {
  const nudges = await db.query<DemoNudge>(
    `select a.name as account, n.kind, n.status, n.priority, n.value_at_stake_cents::text as value_cents, m.name as owner,
            n.evidence->>'headline' as headline, n.suggestion
     from nudge n join account a on a.id = n.account_id and a.workspace_id = $1
                  left join member m on m.id = n.assignee_id and m.workspace_id = $1
     where n.workspace_id = $1 order by (n.status = 'open') desc, n.priority desc, n.id`,
    [workspaceId],
  );
  return nudges.rows;
}

const CHUNK = 5_000;

export async function loadBook(pool: Queryable, workspaceId: number, book: DemoBook): Promise<{ accounts: number; holdings: number; conversations: number }> {
  const members = await pool.query<{ id: number }>(
    `insert into member (workspace_id, slack_user_id, name)
     select $1, 'U_DEMO_' || i, n from unnest($2::text[]) with ordinality as t(n, i) order by i returning id`,
    [workspaceId, book.reps],
  );
  const memberIds = members.rows.map((r) => r.id);
  const products = await pool.query<{ id: number }>(
    `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
     select $1, n, k, m, (i - 1)::int from unnest($2::text[], $3::text[], $4::int[]) with ordinality as t(n, k, m, i) order by i returning id`,
    [workspaceId, book.products.map((p) => p.name), book.products.map((p) => nameKey(p.name)), book.products.map((p) => p.listMrrCents)],
  );
  const productIds = products.rows.map((r) => r.id);
  const offers = book.products.flatMap((p, i) => p.offers.map((o) => ({ product: productIds[i]!, ...o })));
  await pool.query(
    `insert into offer (workspace_id, product_id, kind, title) select $1, p, k::offer_kind, t from unnest($2::int[], $3::text[], $4::text[]) as x(p, k, t)`,
    [workspaceId, offers.map((o) => o.product), offers.map((o) => o.kind), offers.map((o) => o.title)],
  );
  const accounts = await pool.query<{ id: number }>(
    `insert into account (workspace_id, name, name_key, owner_id, segment, status, created_at, churned_at)
     select $1, n, k, o, s, st::account_status, c::timestamp, ch::timestamp
     from unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[]) with ordinality as t(n, k, o, s, st, c, ch, i)
     order by i returning id`,
    [
      workspaceId, book.accounts.map((a) => a.name), book.accounts.map((a) => nameKey(a.name)), book.accounts.map((a) => memberIds[a.owner]!),
      book.accounts.map((a) => a.segment), book.accounts.map((a) => a.status), book.accounts.map((a) => a.createdAt.toISOString()),
      book.accounts.map((a) => a.churnedAt?.toISOString() ?? null),
    ],
  );
  const accountIds = accounts.rows.map((r) => r.id);

  const holdings = book.accounts.flatMap((a, i) => a.holdings.map((h) => ({ account: accountIds[i]!, ...h })));
  for (let i = 0; i < holdings.length; i += CHUNK) {
    const c = holdings.slice(i, i + CHUNK);
    await pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at, ended_at)
       select $1, a, p, m, s::timestamp, e::timestamp from unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[]) as t(a, p, m, s, e)`,
      [workspaceId, c.map((h) => h.account), c.map((h) => productIds[h.product]!), c.map((h) => h.mrrCents),
        c.map((h) => h.startedAt.toISOString()), c.map((h) => h.endedAt?.toISOString() ?? null)],
    );
  }
  const touches = book.accounts.flatMap((a, i) => a.touches.map((t) => ({ account: accountIds[i]!, member: memberIds[a.owner]!, ...t })));
  for (let i = 0; i < touches.length; i += CHUNK) {
    const c = touches.slice(i, i + CHUNK);
    await pool.query(
      `insert into conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, next_step, next_step_due, source)
       select $1, a, m, o::timestamp, md::medium, s, k::touch_kind, ns, nd::timestamp, 'import'
       from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as t(a, m, o, md, s, k, ns, nd)`,
      [workspaceId, c.map((t) => t.account), c.map((t) => t.member), c.map((t) => t.at.toISOString()), c.map((t) => t.medium),
        c.map((t) => t.summary), c.map((t) => t.kind), c.map((t) => t.nextStep), c.map((t) => t.nextStepDue?.toISOString() ?? null)],
    );
  }
  // the scan and the digest read these at once: on a fresh database autovacuum has not yet given
  // the planner their statistics, and a busy machine may not for minutes
  await pool.query('analyze account, holding, conversation');
  return { accounts: accountIds.length, holdings: holdings.length, conversations: touches.length };
}

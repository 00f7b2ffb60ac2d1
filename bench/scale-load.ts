// Loads a synthetic workspace of the bench's size into a scratch schema with generate_series
// (Postgres generates the rows itself: nothing crosses the wire). Shapes follow the demo:
// skewed product popularity with affinities, ~45% single-product accounts, rhythms from
// weekly to quarterly, a quarter of accounts gone quiet, asks and gives, some churn.
import type pg from 'pg';
import { refreshRollups } from '../src/data/rollups.ts';

const INDEXES = [
  { name: 'holding_workspace_id_account_id_idx', create: 'CREATE INDEX "holding_workspace_id_account_id_idx" ON "holding"("workspace_id", "account_id")' },
  { name: 'holding_workspace_id_product_id_idx', create: 'CREATE INDEX "holding_workspace_id_product_id_idx" ON "holding"("workspace_id", "product_id")' },
  { name: 'conversation_workspace_id_account_id_occurred_at_idx', create: 'CREATE INDEX "conversation_workspace_id_account_id_occurred_at_idx" ON "conversation"("workspace_id", "account_id", "occurred_at")' },
  { name: 'conversation_workspace_id_member_id_occurred_at_idx', create: 'CREATE INDEX "conversation_workspace_id_member_id_occurred_at_idx" ON "conversation"("workspace_id", "member_id", "occurred_at")' },
];

export type ScaleSize = { accounts: number; holdings: number; conversations: number; reps: number };

export async function loadScale(client: pg.Client, size: ScaleSize): Promise<{ workspaceId: number; holdings: number; conversations: number }> {
  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  await q('set statement_timeout = 0');
  await q('set synchronous_commit = off');
  await q('select setseed(0.42)');
  // the generated rows are consistent by construction: skip the per-row foreign-key triggers
  await q("set session_replication_role = 'replica'");
  const ws = await q(`insert into workspace (slack_team_id, name, updated_at) values ('T_BENCH', 'bench', now()) returning id`);
  const w = ws.rows[0].id as number;
  await q(`insert into member (workspace_id, slack_user_id, name) select $1, 'U' || g, 'Rep ' || g from generate_series(1, $2) g`, [w, size.reps]);
  await q(
    `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
     select $1, n, lower(n), 10000 + 5000 * i, i - 1
     from unnest(array['Analytics','Reporting','Alerts','Data Connectors','Forecasting','Team Seats','Premium Support','Training Academy']) with ordinality as t(n, i)`,
    [w],
  );
  await q(`insert into offer (workspace_id, product_id, kind, title) select $1, id, 'usage_review', name || ' review' from product where workspace_id = $1`, [w]);
  // secondary indexes are built once after the load (a sorted build) instead of row by row
  for (const ix of INDEXES) await q(`drop index if exists "${ix.name}"`);
  const members = `(select array_agg(id order by id) from member where workspace_id = ${w})`;
  const products = `(select array_agg(id order by position) from product where workspace_id = ${w})`;

  await q(
    `insert into account (workspace_id, name, name_key, owner_id, status, created_at, churned_at)
     select $1, 'Account ' || g, 'account ' || g, (${members})[1 + (g % $3)],
            case when g % 25 = 0 then 'churned'::account_status else 'active' end,
            now() - make_interval(days => 30 + (random() * 700)::int),
            case when g % 25 = 0 then now() - make_interval(days => (random() * 300)::int) end
     from generate_series(1, $2) g`,
    [w, size.accounts, size.reps],
  );
  // products per account: 1, or 2 to 4 for the share that makes the total match the target
  // holdings (half the accounts single-product at 2 holdings per account on average);
  // the first product is skewed to the top of the catalog, the next ones follow affinities
  // (a fixed odd step through the catalog, so the products of one account are distinct)
  const mean = size.holdings / size.accounts;
  await q(
    `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at, ended_at)
     select a.workspace_id, a.id, (${products})[1 + ((p0 + (j - 1) * step) % 8)], 5000 + (random() * 90000)::int,
            least(now(), a.created_at + make_interval(days => (j - 1) * (random() * 200)::int)),
            case when a.status = 'churned' then a.churned_at end
     from (select id, workspace_id, status, created_at, churned_at,
                  floor(8 * power(random(), 1.8))::int as p0,
                  (array[1, 1, 1, 3, 5])[1 + floor(random() * 5)::int] as step,
                  case when random() < ${(mean - 1) / 2} then 2 + floor(random() * 3)::int else 1 end as k
           from account where workspace_id = $1) a,
          generate_series(1, a.k) j`,
    [w],
  );
  // conversations: each account its own gap (5..90 days) and optional quiet spell, walking
  // back from the last touch; kinds lean on asks for a fifth of accounts
  const perAccount = size.conversations / size.accounts;
  await q(
    `insert into conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, next_step, next_step_due, source)
     select a.workspace_id, a.id, a.owner_id,
            now() - make_interval(days => a.quiet) - make_interval(secs => (j - 1) * a.gap * 86400 * (0.6 + 0.8 * random())),
            'call', 'bench touch',
            case when random() < a.ask then 'ask'::touch_kind when random() < 0.5 then 'give' else 'neutral' end,
            case when j = 1 and random() < 0.3 then 'Send the proposal' end,
            case when j = 1 and random() < 0.3 then now() - make_interval(days => a.quiet - 7) end,
            'import'
     from (select id, workspace_id, owner_id,
                  case when random() < 0.25 then 20 + (random() * 200)::int else (random() * 10)::int end as quiet,
                  exp(ln(5) + random() * ln(18)) as gap,
                  case when random() < 0.2 then 0.75 else 0.3 end as ask,
                  (random() * 2 * ${perAccount})::int as n
           from account where workspace_id = $1) a,
          generate_series(1, a.n) j`,
    [w],
  );
  await q("set session_replication_role = 'origin'");
  for (const ix of INDEXES) await q(ix.create);
  const counts = await q(
    `select (select count(*) from holding where workspace_id = $1)::int as h, (select count(*) from conversation where workspace_id = $1)::int as c`,
    [w],
  );
  return { workspaceId: w, holdings: counts.rows[0].h, conversations: counts.rows[0].c };
}

/**
 * `n` random active accounts change as a day's work would change them: half are touched (a call
 * today), half take a product they do not hold. The touches are written as the app writes them
 * (recordTouch: the rollup refreshed in the same transaction), or with `raw` around the app
 * (another tool's SQL), so the scan's catch-up folds them.
 */
export async function changeAccounts(client: pg.Client, workspaceId: number, n: number, opts: { raw?: boolean } = {}): Promise<void> {
  await client.query('begin');
  try {
    const res = await client.query<{ touched: number[] | null }>(
      `with picked as (
         select id, workspace_id, owner_id, row_number() over () as rn
         from (select id, workspace_id, owner_id from account where workspace_id = $1 and status = 'active' order by random() limit $2) p
       ), touched as (
         insert into conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, source)
         select workspace_id, id, owner_id, now(), 'call', 'bench change', 'give', 'command' from picked where rn % 2 = 0
         returning account_id
       ), held as (
         insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
         select p.workspace_id, p.id, pr.id, 12000, now()
         from picked p
         cross join lateral (select id from product where workspace_id = p.workspace_id and id not in (select product_id from holding where account_id = p.id) order by random() limit 1) pr
         where p.rn % 2 = 1
       )
       select array_agg(account_id) as touched from touched`,
      [workspaceId, n],
    );
    if (!opts.raw) await refreshRollups(client, workspaceId, { accountIds: res.rows[0]?.touched ?? [] });
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

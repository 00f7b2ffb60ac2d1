// Shared by the fault tests: a workspace seeded with a small book (members, products,
// accounts with aliases, holdings, conversations, nudges), and a snapshot of every row a
// workspace owns, to prove another tenant's requests and jobs left them alone.
import type pg from 'pg';
import { nameKey } from '../../src/domain/text.ts';
import { EVERY_DAY } from '../support/working-zone.ts';

export type Tenant = {
  workspaceId: number;
  members: Record<string, number>;
  products: Record<string, number>;
  accounts: Record<string, number>;
  nudges: Record<string, number>;
};

export type TenantSeed = {
  teamId: string;
  nudgeChannel: string;
  digestChannel: string;
  /** text woven into free-text fields, so leaks are visible in what reaches Slack */
  marker: string;
  /** extra accounts only this tenant has */
  extraAccounts?: string[];
  users: { manager: string; rep: string };
  /** seed the nudges as already posted to this channel (ts 1700000000.0000NN) instead of pending */
  postedTo?: string;
  /** the workspace's timezone (UTC unless given): a test expecting a scan's nudges posted puts it past 09:00 */
  timezone?: string;
};

export async function seedTenant(pool: pg.Pool, s: TenantSeed): Promise<Tenant> {
  const ws = await pool.query<{ id: number }>(
    `insert into workspace (slack_team_id, name, nudge_channel_id, digest_channel_id, timezone, work_days, updated_at)
     values ($1, $2, $3, $4, $5, $6::int[], now()) returning id`,
    [s.teamId, `Team ${s.marker}`, s.nudgeChannel, s.digestChannel, s.timezone ?? 'UTC', EVERY_DAY],
  );
  const w = ws.rows[0]!.id;
  const members: Record<string, number> = {};
  for (const [key, user, role] of [['manager', s.users.manager, 'manager'], ['rep', s.users.rep, 'rep']] as const) {
    const r = await pool.query<{ id: number }>(
      `insert into member (workspace_id, slack_user_id, name, role) values ($1, $2, $3, $4::member_role) returning id`,
      [w, user, `${key} ${s.marker}`, role],
    );
    members[key] = r.rows[0]!.id;
  }
  const products: Record<string, number> = {};
  for (const [i, name] of ['Analytics', 'Reporting', 'Forecasting'].entries()) {
    const r = await pool.query<{ id: number }>(
      `insert into product (workspace_id, name, name_key, list_mrr_cents, position) values ($1, $2, $3, 30000, $4) returning id`,
      [w, name, nameKey(name), i],
    );
    products[name] = r.rows[0]!.id;
    await pool.query(`insert into offer (workspace_id, product_id, kind, title) values ($1, $2, 'usage_review', $3)`, [w, products[name], `${name} review ${s.marker}`]);
  }
  const accounts: Record<string, number> = {};
  const names = ['Acme', 'Initech East', 'Initech West', 'Hooli', 'Umbrella', ...(s.extraAccounts ?? [])];
  for (const name of names) {
    const r = await pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, owner_id, segment, created_at) values ($1, $2, $3, $4, $5, now() - interval '400 days') returning id`,
      [w, name, nameKey(name), members.manager, `segment ${s.marker}`],
    );
    accounts[name] = r.rows[0]!.id;
  }
  await pool.query(`insert into account_alias (workspace_id, account_id, alias, alias_key) values ($1, $2, 'ACM', 'acm')`, [w, accounts.Acme]);
  // Acme and Umbrella hold one product each (cross-sell candidates); Initech East holds two
  for (const [acc, prod] of [['Acme', 'Analytics'], ['Umbrella', 'Analytics'], ['Initech East', 'Analytics'], ['Initech East', 'Reporting'], ['Hooli', 'Reporting'], ['Hooli', 'Analytics']]) {
    await pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 50000, now() - interval '300 days')`,
      [w, accounts[acc!], products[prod!]],
    );
  }
  for (const [acc, days] of [['Acme', 3], ['Acme', 10], ['Acme', 17], ['Umbrella', 200], ['Initech East', 5], ['Hooli', 4]] as const) {
    await pool.query(
      `insert into conversation (workspace_id, account_id, member_id, occurred_at, summary, kind, next_step, next_step_due, source)
       values ($1, $2, $3, now() - make_interval(days => $4), $5, 'give', $6, now() + interval '5 days', 'import')`,
      [w, accounts[acc], members.rep, days, `Checked in with ${acc} ${s.marker}`, `Send the deck ${s.marker}`],
    );
  }
  const nudges: Record<string, number> = {};
  for (const [i, key] of ['claim', 'done', 'snooze', 'dismiss', 'react', 'listed'].entries()) {
    const r = await pool.query<{ id: number }>(
      `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, evidence, suggestion, priority, value_at_stake_cents,
                          assignee_id, released_at, delivery_state, channel_id, message_ts, created_at, updated_at)
       values ($1, $2, 'cross_sell', $3, 'open', $4::jsonb, $5, 10, 1200000, $6, now(), $7::delivery_state, $8, $9, now(), now()) returning id`,
      [w, accounts.Acme, `seed:${key}`, JSON.stringify({ headline: `Holds one product ${s.marker}`, heldProductIds: [products.Analytics], mrrCents: 50000 }),
        `Offer a free usage review ${s.marker} (${key})`, members.rep, s.postedTo ? 'posted' : 'pending', s.postedTo ?? null,
        s.postedTo ? `1700000000.0000${String(i + 10)}` : null],
    );
    nudges[key] = r.rows[0]!.id;
  }
  return { workspaceId: w, members, products, accounts, nudges };
}

/** Every row the workspace owns, table by table, as text: equal snapshots mean nothing changed. */
export async function snapshot(pool: pg.Pool, workspaceId: number): Promise<Record<string, string[]>> {
  const tables = await pool.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = current_schema() and column_name = 'workspace_id' order by table_name`,
  );
  const out: Record<string, string[]> = {};
  const ws = await pool.query<{ r: string }>('select row_to_json(t)::text as r from workspace t where id = $1', [workspaceId]);
  out.workspace = ws.rows.map((x) => x.r);
  for (const { table_name } of tables.rows) {
    const { rows } = await pool.query<{ r: string }>(`select row_to_json(t)::text as r from "${table_name}" t where workspace_id = $1 order by 1`, [workspaceId]);
    out[table_name] = rows.map((x) => x.r);
  }
  return out;
}

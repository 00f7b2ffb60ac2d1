// The top of each line (data/account-scan.ts lineTargets), which every scan reads, on a book of
// 30,000 waiting accounts, most of them unowned (an import whose owners match no Slack member):
// it returns exactly what the rule says (each line's best `ahead` by priority, then account; the
// `atStake` of most value), and it reads each line's top off the line index: no sort of a line's
// waiting accounts (a book of unowned accounts was read whole and sorted on every scan). The top
// by value is a top-N sort of the waiting accounts, by choice: an index for it made every state
// write dearer than it saved.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_TARGETS_SQL, lineTargets } from '../../../src/data/account-scan.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';
import { seedWorkspace } from '../../support/nudge-factory.ts';

const ACCOUNTS = 30_000;
const AHEAD = 50;
const AT_STAKE = 5;
let db: TestDb;
let workspaceId: number;
let owners: number[];

beforeAll(async () => {
  db = await createTestDb();
  const ws = await seedWorkspace(db.pool, { teamId: 'T0LINES001' });
  workspaceId = ws.workspaceId;
  const reps = await db.pool.query<{ id: number }>(
    `insert into member (workspace_id, slack_user_id) select $1, 'U0LINE' || g from generate_series(1, 3) g returning id`, [workspaceId]);
  owners = reps.rows.map((r) => r.id);
  // one account in ten is owned by one of three reps; the rest are the team's
  await db.pool.query(
    `insert into account (workspace_id, name, name_key, owner_id)
     select $1, 'Line ' || g, 'line ' || g, case when g % 10 = 0 then ($2::int[])[1 + (g / 10) % 3] end from generate_series(1, $3) g`,
    [workspaceId, owners, ACCOUNTS]);
  // coarse priorities (ties broken by account) and values unrelated to them; one in seven has nothing waiting
  await db.pool.query(
    `update account_scan s set assignee_id = a.owner_id,
            waiting = case when a.id % 7 = 0 then 0 else 1 + a.id % 3 end,
            waiting_priority = case when a.id % 7 = 0 then null else ((a.id::bigint * 7919) % 997)::float8 end,
            waiting_value_cents = case when a.id % 7 = 0 then null else (a.id::bigint * 104729) % 1000003 end
     from account a where a.id = s.account_id and a.workspace_id = $1 and s.workspace_id = $1`,
    [workspaceId]);
  await db.pool.query('analyze account, account_scan, nudge');
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

type ScanRow = { account_id: number; assignee_id: number | null; waiting_priority: number | null; waiting_value_cents: string | null };

/** The rule over the rows, in JS: no queued rows here, so each line's best `ahead` waiting accounts, and the `atStake` of most value. */
function expected(rows: ScanRow[]): number[] {
  const waiting = rows.filter((r) => r.waiting_priority !== null);
  const out = new Set<number>();
  for (const who of [null, ...owners]) {
    waiting.filter((r) => r.assignee_id === who)
      .sort((a, b) => b.waiting_priority! - a.waiting_priority! || a.account_id - b.account_id)
      .slice(0, AHEAD).forEach((r) => out.add(r.account_id));
  }
  waiting.filter((r) => r.waiting_value_cents !== null)
    .sort((a, b) => Number(b.waiting_value_cents) - Number(a.waiting_value_cents) || a.account_id - b.account_id)
    .slice(0, AT_STAKE).forEach((r) => out.add(r.account_id));
  return [...out].sort((a, b) => a - b);
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Sort Key'?: string[]; Plans?: PlanNode[] };
const LINE_INDEX = 'account_scan_workspace_id_assignee_id_waiting_priority_acco_idx';
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

async function plan(pool: pg.Pool): Promise<PlanNode[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${LINE_TARGETS_SQL}`, [workspaceId, AHEAD, AT_STAKE]);
  return nodes(rows[0]!['QUERY PLAN'][0]!.Plan);
}

describe('the top of each line on a book of mostly unowned accounts', () => {
  it("returns each line's best accounts and those of most value at stake, as the rule says", async () => {
    const rows = (await db.pool.query<ScanRow>('select account_id, assignee_id, waiting_priority, waiting_value_cents::text from account_scan where workspace_id = $1', [workspaceId])).rows;
    const got = (await lineTargets(db.pool, workspaceId, AHEAD, AT_STAKE)).sort((a, b) => a - b);
    expect(got).toEqual(expected(rows));
    expect(got.length).toBeGreaterThan(4 * AHEAD);
  });

  it("reads each line's top off the line index: no sort of account_scan's rows by priority", async () => {
    const all = await plan(db.pool);
    const lineReads = all.filter((n) => n['Relation Name'] === 'account_scan' && n['Index Name'] === LINE_INDEX);
    // one read per member's line and one for the team's (unowned) line
    expect(lineReads.length).toBeGreaterThanOrEqual(2);
    // a sort by priority directly over account_scan's rows would be a pass over a whole line
    const byPriority = all.filter((n) => n['Node Type'].endsWith('Sort')
      && (n['Sort Key'] ?? []).some((k) => k.includes('waiting_priority'))
      && (n.Plans ?? []).some((c) => c['Relation Name'] === 'account_scan'));
    expect(byPriority).toEqual([]);
  });
});

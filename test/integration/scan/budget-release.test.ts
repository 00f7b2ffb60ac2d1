// The daily budget release on real Postgres against the rule written out in JS: per assignee
// (unassigned nudges share the team's), each account's best queued nudge, minus accounts
// already released to that assignee today, highest priority first (ties by account, then id), up to the
// budget less what was released today. On random books, and on one built so that the top of a
// queue is crowded by a few accounts (the path that must fall back to reading every nudge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseBudget } from '../../../src/data/nudge-budget.ts';
import { TEAM_KEY, allocateBudget, type BudgetCandidate } from '../../../src/domain/budget.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';
import { seedWorkspace } from '../../support/nudge-factory.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const DAY_START = new Date('2026-11-23T00:00:00Z');
const NOW = new Date('2026-11-23T09:00:00Z');

type Row = { id: number; account: number; who: number | null; priority: number; status: 'queued' | 'open'; releasedToday: boolean };

/** The rule, in JS, over the rows as they were before the release. */
function expected(rows: Row[], budget: number): number[] {
  const key = (w: number | null) => w ?? 0;
  const today = new Map<number, { n: number; accounts: Set<number> }>();
  for (const r of rows) {
    if (!r.releasedToday) continue;
    const t = today.get(key(r.who)) ?? { n: 0, accounts: new Set<number>() };
    t.n++;
    t.accounts.add(r.account);
    today.set(key(r.who), t);
  }
  const order = (a: Row, b: Row) => b.priority - a.priority || a.account - b.account || a.id - b.id;
  const best = new Map<number, Row>();
  for (const r of rows.filter((x) => x.status === 'queued').sort(order)) if (!best.has(r.account)) best.set(r.account, r);
  const perWho = new Map<number, Row[]>();
  for (const r of best.values()) {
    if (today.get(key(r.who))?.accounts.has(r.account)) continue;
    perWho.set(key(r.who), [...(perWho.get(key(r.who)) ?? []), r]);
  }
  const out: number[] = [];
  for (const [who, list] of perWho) out.push(...list.sort(order).slice(0, Math.max(0, budget - (today.get(who)?.n ?? 0))).map((r) => r.id));
  return out.sort((a, b) => a - b);
}

/** Parity: the domain's rule (src/domain/budget.ts) over the same rows, queued nudges in id order. */
function byDomainRule(rows: Row[], budget: number): number[] {
  const key = (w: number | null) => (w === null ? null : String(w));
  const count = new Map<string, number>();
  const accounts = new Map<string, Set<number>>();
  for (const r of rows.filter((x) => x.releasedToday)) {
    const k = key(r.who) ?? TEAM_KEY;
    count.set(k, (count.get(k) ?? 0) + 1);
    accounts.set(k, (accounts.get(k) ?? new Set()).add(r.account));
  }
  const queued: BudgetCandidate<number>[] = rows
    .filter((r) => r.status === 'queued')
    .sort((a, b) => a.id - b.id)
    .map((r) => ({ id: r.id, assigneeKey: key(r.who), priority: r.priority, accountKey: r.account }));
  return allocateBudget(queued, budget, count, budget, accounts).release.sort((a, b) => a - b);
}

let team = 0;
async function book(spec: { reps: number; accounts: number; nudges: (account: number, i: number) => { priority: number; status?: 'queued' | 'open'; releasedToday?: boolean }[] }) {
  const ws = await seedWorkspace(db.pool, { teamId: `T0BUDGET${String(++team).padStart(2, '0')}` });
  const members = [ws.ownerMemberId];
  for (let i = 1; i < spec.reps; i++) {
    members.push((await db.pool.query<{ id: number }>(`insert into member (workspace_id, slack_user_id) values ($1, $2) returning id`, [ws.workspaceId, `U0REP${team}X${i}`])).rows[0]!.id);
  }
  const rows: Row[] = [];
  for (let a = 0; a < spec.accounts; a++) {
    // every seventh account has no owner: its nudges share the team budget
    const owner = a % 7 === 6 ? null : members[a % members.length]!;
    const acc = (await db.pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, owner_id) values ($1, $2, $2, $3) returning id`, [ws.workspaceId, `acc ${team} ${a}`, owner],
    )).rows[0]!.id;
    const drafts = spec.nudges(a, 0);
    for (const [k, d] of drafts.entries()) {
      const status = d.status ?? 'queued';
      const released = status === 'open' ? (d.releasedToday ? NOW : new Date('2026-11-20T09:00:00Z')) : null;
      const r = await db.pool.query<{ id: number }>(
        `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, suggestion, priority, assignee_id, released_at, updated_at)
         values ($1, $2, 'cross_sell', $3, $4::nudge_status, 's', $5, $6, $7::timestamptz, now()) returning id`,
        [ws.workspaceId, acc, `k:${acc}:${k}`, status, d.priority, owner, released?.toISOString() ?? null],
      );
      rows.push({ id: r.rows[0]!.id, account: acc, who: owner, priority: d.priority, status, releasedToday: Boolean(d.releasedToday && status === 'open') });
    }
  }
  return { workspaceId: ws.workspaceId, rows };
}

// a small deterministic generator, so a failure can be replayed
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe('releaseBudget', () => {
  it.each([1, 2, 3, 4, 5])('matches the rule on a random book (seed %i), and a second run releases nothing', async (seed) => {
    const r = rng(seed);
    const budget = 1 + Math.floor(r() * 4);
    const { workspaceId, rows } = await book({
      reps: 2 + Math.floor(r() * 3),
      accounts: 40,
      nudges: () => Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
        // coarse priorities make ties, broken by account, then id
        priority: Math.floor(r() * 5),
        ...(r() < 0.15 ? { status: 'open' as const, releasedToday: r() < 0.7 } : {}),
      })),
    });
    const released = await releaseBudget(db.pool, workspaceId, budget, DAY_START, NOW);
    expect(released).toEqual(expected(rows, budget));
    expect(released).toEqual(byDomainRule(rows, budget));
    expect(released.length).toBeGreaterThan(0);
    expect(await releaseBudget(db.pool, workspaceId, budget, DAY_START, NOW)).toEqual([]);
  });

  it('stays exact when a few accounts crowd the top of a queue (more rows than the fast path reads)', async () => {
    // one rep; two accounts with 80 high-priority nudges each, one of them already released
    // today; below them, ordinary accounts. The budget of 3 leaves 2 to release: the second
    // crowded account and the best ordinary one, which the top 88 rows do not reach.
    const { workspaceId, rows } = await book({
      reps: 1,
      accounts: 6,
      nudges: (a) => (a < 2
        ? [...Array.from({ length: 80 }, (_, i) => ({ priority: 100 + i })), ...(a === 0 ? [{ priority: 1, status: 'open' as const, releasedToday: true }] : [])]
        : [{ priority: 10 + a }]),
    });
    const released = await releaseBudget(db.pool, workspaceId, 3, DAY_START, NOW);
    expect(released).toEqual(expected(rows, 3));
    expect(released).toEqual(byDomainRule(rows, 3));
    expect(released).toHaveLength(2);
  });

  it('stays exact when the whole top of a queue belongs to an account already released today', async () => {
    const { workspaceId, rows } = await book({
      reps: 1,
      accounts: 3,
      nudges: (a) => (a === 0
        ? [...Array.from({ length: 120 }, (_, i) => ({ priority: 100 + i })), { priority: 1, status: 'open' as const, releasedToday: true }]
        : [{ priority: 10 + a }]),
    });
    const released = await releaseBudget(db.pool, workspaceId, 2, DAY_START, NOW);
    expect(released).toEqual(expected(rows, 2));
    expect(released).toEqual(byDomainRule(rows, 2));
    expect(released).toHaveLength(1);
  });
});

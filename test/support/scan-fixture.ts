// A small, hand-built book of business for the scan tests: every account is there for one
// reason, with dates relative to a fixed clock so the expected nudges can be written down.
import type pg from 'pg';
import { EVERY_DAY } from './working-zone.ts';

export const NOW = new Date('2026-06-15T12:00:00.000Z');
export const LOCAL_DATE = '2026-06-15';
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString();

type Touch = { daysAgo: number; kind?: 'give' | 'ask' | 'neutral'; nextStep?: string; dueDaysAgo?: number };
type Holding = { product: string; mrr: number; startDaysAgo: number; endDaysAgo?: number };
type AccountSpec = { name: string; owner: 'ana' | 'ben'; status?: 'active' | 'churned'; createdDaysAgo: number; holdings: Holding[]; touches: Touch[] };

/** Every `every` days back from `last`, `n` touches (oldest first), all neutral unless `kinds` says otherwise (newest first). */
function rhythm(last: number, every: number, n: number, kinds: ('give' | 'ask' | 'neutral')[] = []): Touch[] {
  return Array.from({ length: n }, (_, i) => ({ daysAgo: last + i * every, kind: kinds[i] ?? 'neutral' })).reverse();
}

const pair = (name: string, owner: 'ana' | 'ben'): AccountSpec => ({
  name, owner, createdDaysAgo: 400,
  holdings: [{ product: 'Analytics', mrr: 50_000, startDaysAgo: 380 }, { product: 'Reporting', mrr: 30_000, startDaysAgo: 300 }],
  touches: rhythm(2, 7, 6),
});

export const ACCOUNTS: AccountSpec[] = [
  pair('Pair One', 'ana'), pair('Pair Two', 'ana'), pair('Pair Three', 'ben'), pair('Pair Four', 'ben'),
  { name: 'Trio', owner: 'ben', createdDaysAgo: 400, holdings: [{ product: 'Analytics', mrr: 40_000, startDaysAgo: 390 }, { product: 'Alerts', mrr: 10_000, startDaysAgo: 200 }], touches: rhythm(3, 10, 5) },
  // single product, in touch on its rhythm: a cross-sell and nothing else
  { name: 'Solo', owner: 'ana', createdDaysAgo: 300, holdings: [{ product: 'Analytics', mrr: 80_000, startDaysAgo: 290 }], touches: rhythm(5, 10, 6, ['give']) },
  // two products, weekly rhythm, 40 days quiet: cooling (rhythm 14, max 90)
  { ...pair('Quiet', 'ana'), touches: rhythm(40, 7, 6) },
  // two products, 120 days quiet: stalled
  { ...pair('Gone', 'ben'), touches: rhythm(120, 7, 6) },
  // two products, on rhythm, but the agreed next step is 4 days overdue
  { ...pair('Late', 'ben'), touches: [...rhythm(17, 7, 4), { daysAgo: 10, kind: 'neutral', nextStep: 'Send the renewal quote', dueDaysAgo: 4 }] },
  // churned single-product account: never a candidate
  { name: 'Lost', owner: 'ana', status: 'churned', createdDaysAgo: 500, holdings: [{ product: 'Analytics', mrr: 20_000, startDaysAgo: 480, endDaysAgo: 60 }], touches: rhythm(70, 20, 4) },
  // new single-product account, never touched: a cross-sell only
  { name: 'Fresh', owner: 'ben', createdDaysAgo: 3, holdings: [{ product: 'Analytics', mrr: 5_000, startDaysAgo: 3 }], touches: [] },
  // single product, stalled, and the last touches were asks: every risk at once
  { name: 'Asker', owner: 'ana', createdDaysAgo: 600, holdings: [{ product: 'Reporting', mrr: 60_000, startDaysAgo: 590 }], touches: rhythm(100, 30, 5, ['ask', 'ask']) },
];

export type Fixture = { workspaceId: number; members: Record<'ana' | 'ben', number>; accounts: Record<string, number>; products: Record<string, number> };

export async function buildFixture(pool: pg.Pool, teamId: string, budget = 2): Promise<Fixture> {
  const ws = await pool.query<{ id: number }>(
    `insert into workspace (slack_team_id, name, daily_nudge_budget, work_days, updated_at) values ($1, $1, $2, $3::int[], now()) returning id`,
    [teamId, budget, EVERY_DAY],
  );
  const workspaceId = ws.rows[0]!.id;
  const members = {} as Record<'ana' | 'ben', number>;
  for (const m of ['ana', 'ben'] as const) {
    const r = await pool.query<{ id: number }>(`insert into member (workspace_id, slack_user_id, name) values ($1, $2, $3) returning id`, [workspaceId, `U_${m}`, m]);
    members[m] = r.rows[0]!.id;
  }
  const products: Record<string, number> = {};
  for (const [i, name] of ['Analytics', 'Reporting', 'Alerts'].entries()) {
    const r = await pool.query<{ id: number }>(
      `insert into product (workspace_id, name, name_key, list_mrr_cents, position) values ($1, $2, lower($2), 30000, $3) returning id`,
      [workspaceId, name, i],
    );
    products[name] = r.rows[0]!.id;
  }
  await pool.query(
    `insert into offer (workspace_id, product_id, kind, title) values ($1, $2, 'usage_review', 'Dashboard health check'), ($1, $3, 'workshop', 'Reporting in an hour')`,
    [workspaceId, products.Analytics, products.Reporting],
  );
  const accounts: Record<string, number> = {};
  for (const a of ACCOUNTS) {
    const r = await pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, owner_id, status, created_at, churned_at)
       values ($1, $2, lower($2), $3, $4, $5::timestamp, $6::timestamp) returning id`,
      [workspaceId, a.name, members[a.owner], a.status ?? 'active', daysAgo(a.createdDaysAgo), a.status === 'churned' ? daysAgo(60) : null],
    );
    const id = r.rows[0]!.id;
    accounts[a.name] = id;
    for (const h of a.holdings) {
      await pool.query(
        `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at, ended_at) values ($1, $2, $3, $4, $5::timestamp, $6::timestamp)`,
        [workspaceId, id, products[h.product], h.mrr, daysAgo(h.startDaysAgo), h.endDaysAgo === undefined ? null : daysAgo(h.endDaysAgo)],
      );
    }
    for (const t of a.touches) {
      await pool.query(
        `insert into conversation (workspace_id, account_id, member_id, occurred_at, summary, kind, next_step, next_step_due, source)
         values ($1, $2, $3, $4::timestamp, 'fixture', $5::touch_kind, $6, $7::timestamp, 'import')`,
        [workspaceId, id, members[a.owner], daysAgo(t.daysAgo), t.kind ?? 'neutral', t.nextStep ?? null, t.dueDaysAgo === undefined ? null : daysAgo(t.dueDaysAgo)],
      );
    }
  }
  return { workspaceId, members, accounts, products };
}

export type NudgeRow = { account: string; kind: string; dedupe_key: string; status: string; priority: number; suggestion: string; assignee: string | null; released: boolean; updated_at: Date };

/** The workspace's nudges, joined to names (same workspace only), in a stable order. */
export async function nudgesOf(pool: pg.Pool, workspaceId: number): Promise<NudgeRow[]> {
  const res = await pool.query<NudgeRow>(
    `select a.name as account, n.kind, n.dedupe_key, n.status, n.priority, n.suggestion, m.name as assignee,
            n.released_at is not null as released, n.updated_at
     from nudge n join account a on a.id = n.account_id and a.workspace_id = n.workspace_id
     left join member m on m.id = n.assignee_id and m.workspace_id = n.workspace_id
     where n.workspace_id = $1 order by a.name, n.kind`,
    [workspaceId],
  );
  return res.rows;
}

// The incremental scan (issue 14) on real Postgres: after a full scan, a scan reads only the
// accounts whose inputs changed (marked due by triggers, whoever wrote) or whose threshold
// time has come; nudge rows exist only for the top of each rep's line, the rest are counted;
// a mark made while a page is in flight is never lost; and no workspace's change reaches
// another. Each scan here is a run of its own, as `/tend scan` makes one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanProcessor } from '../../../jobs/scan.ts';
import { countDue, dueAccountIds, waitingWithoutRows } from '../../../src/data/account-scan.ts';
import { fetchCandidatesByIds } from '../../../src/data/candidates.ts';
import { recordTouch } from '../../../src/data/conversations.ts';
import { refreshRollups } from '../../../src/data/rollups.ts';
import { loadTopAtStake } from '../../../src/data/digest.ts';
import { builtDrafts, writeScanPage } from '../../../src/data/nudge-writes.ts';
import { ensureScanRun, findScanRun } from '../../../src/data/scan-runs.ts';
import { DISMISS_QUIETS_DAYS } from '../../../src/domain/attention.ts';
import { LINE_AHEAD_DAYS } from '../../../src/domain/budget.ts';
import { cadence, cadenceSettings } from '../../../src/domain/cadence.ts';
import { loadScanSettings } from '../../../src/data/scan-inputs.ts';
import { createLogger } from '../../../src/log.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { planScan, RECENT_END_DAYS, type ScanContext } from '../../../src/scan/context.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { buildFixture, LOCAL_DATE, NOW, nudgesOf, type Fixture } from '../../support/scan-fixture.ts';

const DAY = 86_400_000;
const log = createLogger('silent');
let app: TestApp;
let rt: Runtime;
let clock = NOW;
let runs = 0;

beforeAll(async () => {
  app = await startTestApp({ roles: 'worker', now: () => clock, processors: (r) => ({ scan: createScanProcessor(r) }) });
  rt = app.running.rt;
});
afterAll(async () => {
  await app?.stop();
});

type Scanned = { mode: string; accounts: number };

/** One scan as a run of its own on the clock's day; what it read and how. */
async function scan(workspaceId: number): Promise<Scanned> {
  const localDate = clock.toISOString().slice(0, 10);
  const run = `t${++runs}`;
  const stats = (await createScanProcessor(rt)({ workspaceId, localDate, run }, { log })) as { accounts?: number };
  const saved = (await findScanRun<ScanContext>(rt.db.pool, workspaceId, `${localDate}+${run}`))!;
  expect(saved.finished).toBe(true);
  return { mode: saved.context.mode ?? 'full', accounts: stats.accounts ?? -1 };
}

const due = (workspaceId: number) => dueAccountIds(rt.db.pool, workspaceId, clock);

describe('incremental scan', () => {
  let fx: Fixture;
  let other: Fixture;

  beforeAll(async () => {
    clock = NOW;
    fx = await buildFixture(rt.db.pool, 'T_INC');
    other = await buildFixture(rt.db.pool, 'T_INC_OTHER');
  });

  it('scans the whole book first, then reads nothing when nothing changed', async () => {
    const first = await scan(fx.workspaceId);
    expect(first.mode).toBe('full');
    const active = (await rt.db.pool.query<{ n: number }>(`select count(*)::int as n from account where workspace_id = $1 and status = 'active'`, [fx.workspaceId])).rows[0]!.n;
    expect(first.accounts).toBe(active);
    const before = await nudgesOf(rt.db.pool, fx.workspaceId);
    expect(before.length).toBeGreaterThan(0);

    expect(await due(fx.workspaceId)).toEqual([]);
    const again = await scan(fx.workspaceId);
    expect(again).toEqual({ mode: 'incremental', accounts: 0 });
    expect(await nudgesOf(rt.db.pool, fx.workspaceId)).toEqual(before);
  });

  it('reads exactly the account a touch changed, and its quiet nudge resolves', async () => {
    await scan(other.workspaceId);
    const quiet = fx.accounts.Quiet!;
    const cooling = (await nudgesOf(rt.db.pool, fx.workspaceId)).find((n) => n.account === 'Quiet' && n.kind === 'cooling');
    expect(cooling?.status).toMatch(/queued|open/);

    await recordTouch(rt.db.pool, { workspaceId: fx.workspaceId, accountId: quiet, memberId: fx.members.ana, occurredAt: clock, summary: 'called', kind: 'give' });
    expect(await due(fx.workspaceId)).toEqual([quiet]);
    // the other workspace's identical book is not touched by this change
    expect(await due(other.workspaceId)).toEqual([]);

    expect(await scan(fx.workspaceId)).toEqual({ mode: 'incremental', accounts: 1 });
    const after = (await nudgesOf(rt.db.pool, fx.workspaceId)).find((n) => n.account === 'Quiet' && n.kind === 'cooling');
    expect(after?.status).toBe('resolved');
    expect(await due(fx.workspaceId)).toEqual([]);
  });

  it('reads an account whose holdings changed, whoever wrote them, and drops the cross-sell it answered', async () => {
    const solo = fx.accounts.Solo!;
    const cross = (await nudgesOf(rt.db.pool, fx.workspaceId)).find((n) => n.account === 'Solo' && n.kind === 'cross_sell');
    expect(cross).toBeDefined();
    const product = cross!.dedupe_key.split(':')[2]!;
    // a raw insert, as an import or another tool would write it
    await rt.db.pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 1000, $4::timestamp)`,
      [fx.workspaceId, solo, Number(product), new Date(clock.getTime() - DAY).toISOString()],
    );
    expect(await due(fx.workspaceId)).toEqual([solo]);
    expect(await scan(fx.workspaceId)).toEqual({ mode: 'incremental', accounts: 1 });
    const rows = (await nudgesOf(rt.db.pool, fx.workspaceId)).filter((n) => n.account === 'Solo' && n.dedupe_key === cross!.dedupe_key);
    expect(rows.map((n) => n.status)).toEqual(['resolved']);
  });

  it('reads an account when its threshold time comes, and not before', async () => {
    // created four weeks ago, never touched, holding nothing: no nudge yet, one once its silence reaches the rhythm
    const created = new Date(clock.getTime() - 28 * DAY);
    const { rows } = await rt.db.pool.query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, owner_id, created_at) values ($1, 'Newcomer', 'newcomer', $2, $3::timestamp) returning id`,
      [fx.workspaceId, fx.members.ben, created.toISOString()],
    );
    const newcomer = rows[0]!.id;
    expect(await due(fx.workspaceId)).toEqual([newcomer]);
    expect(await scan(fx.workspaceId)).toEqual({ mode: 'incremental', accounts: 1 });
    const settings = cadenceSettings((await loadScanSettings(rt.db.pool, fx.workspaceId))!);
    const cooling = () => cadence({ touchCount: 0, medianGapDays: null, lastTouchAt: null, createdAt: created, overdueNextStepDue: null }, settings, clock).level !== 'ok';
    const hasCooling = async () => {
      const rows = (await nudgesOf(rt.db.pool, fx.workspaceId)).filter((n) => n.account === 'Newcomer' && n.kind === 'cooling');
      const { waiting } = (await rt.db.pool.query<{ waiting: number }>('select waiting from account_scan where account_id = $1', [newcomer])).rows[0]!;
      // in line as a row, or counted among the nudges waiting below the line
      return rows.length > 0 || waiting > 0;
    };
    expect(cooling()).toBe(false);
    expect(await hasCooling()).toBe(false);
    // follow the account from one next look to the next: each comes no later than the rule's
    // turn, is not due a minute before, is due a minute after, and the scan then agrees with the rule
    for (let step = 0; step < 5 && !cooling(); step++) {
      const [{ due_ms }] = (await rt.db.pool.query<{ due_ms: string }>(
        `select extract(epoch from due_at) * 1000 as due_ms from account_scan where account_id = $1`, [newcomer],
      )).rows as [{ due_ms: string }];
      const dueAt = new Date(Number(due_ms));
      expect(dueAt.getTime()).toBeGreaterThan(clock.getTime());
      expect(dueAt.getTime() - clock.getTime()).toBeLessThan(7 * DAY);
      clock = new Date(dueAt.getTime() - 60_000);
      expect(cooling()).toBe(false);
      expect(await due(fx.workspaceId)).not.toContain(newcomer);
      clock = new Date(dueAt.getTime() + 60_000);
      expect(await due(fx.workspaceId)).toContain(newcomer);
      expect((await scan(fx.workspaceId)).mode).toBe('incremental');
      expect(await due(fx.workspaceId)).not.toContain(newcomer);
      expect(await hasCooling()).toBe(cooling());
    }
    expect(cooling()).toBe(true);
  });

  it('never loses a mark made while a page was being judged', async () => {
    const ctx = (await findScanRun<ScanContext>(rt.db.pool, fx.workspaceId, `${LOCAL_DATE}+t1`))!.context;
    const trio = fx.accounts.Trio!;
    const read = await fetchCandidatesByIds(rt.db.pool, { workspaceId: fx.workspaceId, now: clock, quietAfterDays: ctx.settings.stallMinDays, recentEndDays: RECENT_END_DAYS }, [trio]);
    const c = read.candidates[0]!;
    // a touch lands between the read and the write
    await recordTouch(rt.db.pool, { workspaceId: fx.workspaceId, accountId: trio, memberId: fx.members.ben, occurredAt: clock, summary: 'mid-scan', kind: 'neutral' });
    await writeScanPage(rt.db.pool, fx.workspaceId, { ids: [trio] }, builtDrafts([]), clock, {
      materialize: false, scanned: [{
        accountId: trio, ownerId: c.ownerId, nextAt: new Date(clock.getTime() + 30 * DAY), scanVersion: c.scanVersion, nextProductIds: [], nextScores: [],
      }],
    });
    expect(await due(fx.workspaceId)).toContain(trio);
    await scan(fx.workspaceId);
    expect(await due(fx.workspaceId)).not.toContain(trio);
  });

  it('scans everything again when the rules change (a setting, the catalog) or the model is a week old', async () => {
    await rt.db.pool.query('update workspace set stall_min_days = stall_min_days + 1 where id = $1', [fx.workspaceId]);
    expect((await scan(fx.workspaceId)).mode).toBe('full');
    expect((await scan(fx.workspaceId)).mode).toBe('incremental');
    clock = new Date(clock.getTime() + 8 * DAY);
    expect((await scan(fx.workspaceId)).mode).toBe('full');
  });
});

describe('rows for the top of each line', () => {
  it('writes rows for LINE_AHEAD_DAYS of each rep\'s budget, counts the rest, and refills the line after a release', async () => {
    clock = NOW;
    const fx = await buildFixture(rt.db.pool, 'T_LINE', 1);
    // 40 more single-product accounts for Ana, each with a cross-sell: far more than her line holds
    await rt.db.pool.query(
      `with a as (
         insert into account (workspace_id, name, name_key, owner_id, created_at)
         select $1, 'Extra ' || g, 'extra ' || g, $2, $3::timestamp - interval '200 days' from generate_series(1, 40) g returning id
       )
       insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
       select $1, a.id, $4, 20000, $3::timestamp - interval '150 days' from a`,
      [fx.workspaceId, fx.members.ana, NOW.toISOString(), fx.products.Reporting],
    );
    await scan(fx.workspaceId);
    const ahead = 1 * LINE_AHEAD_DAYS;
    const lineOf = async () => (await rt.db.pool.query<{ n: number }>(
      `select count(distinct account_id)::int as n from nudge where workspace_id = $1 and assignee_id = $2 and status in ('queued', 'open')`,
      [fx.workspaceId, fx.members.ana],
    )).rows[0]!.n;
    expect(await lineOf()).toBe(ahead);
    const waiting = await waitingWithoutRows(rt.db.pool, fx.workspaceId);
    expect(waiting).toBeGreaterThanOrEqual(40 + 6 - ahead);
    // the digest's figure counts both: the queued rows and the nudges without one
    const queued = (await rt.db.pool.query<{ n: number }>(`select count(*)::int as n from nudge where workspace_id = $1 and status = 'queued'`, [fx.workspaceId])).rows[0]!.n;
    expect((await loadTopAtStake(rt.db.pool, fx.workspaceId)).waitingNudges).toBe(queued + waiting);

    // the rows hold the true top of the line: no waiting account outranks the last account in line
    const topHeld = async () => {
      const { rows } = await rt.db.pool.query<{ queued: number[]; waiting: number | null }>(
        `select (select array_agg(p order by p desc) from (select max(priority) as p from nudge where workspace_id = $1 and assignee_id = $2
                  and status = 'queued' group by account_id) q) as queued,
                (select max(waiting_priority) from account_scan where workspace_id = $1 and assignee_id = $2) as waiting`,
        [fx.workspaceId, fx.members.ana],
      );
      const { queued: q, waiting: w } = rows[0]!;
      expect(q.length).toBeGreaterThanOrEqual(ahead - 1);
      if (w !== null) expect(w).toBeLessThanOrEqual(q[Math.min(q.length, ahead) - 1]!);
    };
    await topHeld();

    // the next day: a morning release takes the next nudge off the line; the scan keeps the top in rows
    clock = new Date(NOW.getTime() + DAY);
    const s = await scan(fx.workspaceId);
    expect(s.mode).toBe('incremental');
    await topHeld();
    const released = (await rt.db.pool.query<{ n: number }>(
      `select count(*)::int as n from nudge where workspace_id = $1 and assignee_id = $2 and released_at is not null`,
      [fx.workspaceId, fx.members.ana],
    )).rows[0]!.n;
    expect(released).toBe(2);
    expect(await lineOf()).toBeGreaterThanOrEqual(ahead);
  });
});

describe('rows for what the digest names', () => {
  it('writes rows for the waiting accounts of most value at stake, though they sit below their rep\'s line', async () => {
    clock = NOW;
    const fx = await buildFixture(rt.db.pool, 'T_WHALE', 1);
    const ins = (name: string, mrr: number, products: number[], touchedDaysAgo: number) => rt.db.pool.query<{ id: number }>(
      `with a as (
         insert into account (workspace_id, name, name_key, owner_id, created_at)
         values ($1, $2, lower($2), $3, $4::timestamp - interval '400 days') returning id
       ), h as (
         insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
         select $1, a.id, p, $5, $4::timestamp - interval '300 days' + (i * interval '30 days') from a, unnest($6::int[]) with ordinality u(p, i)
       ), c as (
         insert into conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, source)
         select $1, a.id, $3, $4::timestamp - make_interval(days => $7 + 7 * g), 'call', 'on rhythm', 'neutral', 'command'
         from a, generate_series(0, 5) g
       )
       select id from a`,
      [fx.workspaceId, name, fx.members.ana, NOW.toISOString(), mrr, products, touchedDaysAgo],
    );
    const { Analytics, Reporting, Alerts } = fx.products as Record<'Analytics' | 'Reporting' | 'Alerts', number>;
    // a book where customers of Analytics and Reporting go on to Alerts
    for (let i = 0; i < 6; i++) await ins(`Full ${i}`, 10_000, [Analytics!, Reporting!, Alerts!], 2);
    // 30 stalled single-product accounts: they fill Ana's line (budget 1: 10 accounts ahead)
    for (let i = 0; i < 30; i++) await ins(`Single ${i}`, 20_000, [Reporting!], 200);
    // on rhythm with two products: its one nudge is the cross-sell, ranked by what it would add,
    // far below the line; but a year of its $50,000 a month is the most value at stake here
    const whale = (await ins('Whale', 5_000_000, [Analytics!, Reporting!], 2)).rows[0]!.id;
    await scan(fx.workspaceId);

    const state = (await rt.db.pool.query<{ waiting: number; waiting_priority: number | null; value: string | null }>(
      'select waiting, waiting_priority, waiting_value_cents::text as value from account_scan where account_id = $1', [whale])).rows[0]!;
    const rows = await rt.db.pool.query<{ kind: string; status: string; value: string }>(
      `select kind, status, value_at_stake_cents::text as value from nudge where account_id = $1`, [whale]);
    // the whale's cross-sell got a row though ten accounts outrank it in Ana's line; nothing waits for it now
    expect(rows.rows).toEqual([{ kind: 'cross_sell', status: 'queued', value: expect.any(String) }]);
    expect(state).toEqual({ waiting: 0, waiting_priority: null, value: null });
    const outranking = (await rt.db.pool.query<{ n: number }>(
      `select count(*)::int as n from (select account_id from nudge where workspace_id = $1 and assignee_id = $2 and status in ('queued', 'open')
         and account_id <> $3 group by account_id having max(priority) > (select max(priority) from nudge where account_id = $3)) t`,
      [fx.workspaceId, fx.members.ana, whale])).rows[0]!.n;
    expect(outranking).toBeGreaterThanOrEqual(LINE_AHEAD_DAYS);
    // and the manager's digest names it first, at the value the rules gave the whale
    const { top } = await loadTopAtStake(rt.db.pool, fx.workspaceId);
    expect(top[0]!.accountId).toBe(whale);
    const single = (await rt.db.pool.query<{ v: string }>(
      `select max(value_at_stake_cents)::text as v from nudge where workspace_id = $1 and account_id <> $2`, [fx.workspaceId, whale])).rows[0]!.v;
    expect(Number(rows.rows[0]!.value)).toBeGreaterThan(Number(single));

    // the next scans find the digest's top held by rows and write none below it
    const count = async () => (await rt.db.pool.query<{ n: number }>('select count(*)::int as n from nudge where workspace_id = $1', [fx.workspaceId])).rows[0]!.n;
    const before = await count();
    await scan(fx.workspaceId);
    await scan(fx.workspaceId);
    expect(await count()).toBe(before);
  });
});

describe('what marks an account due', () => {
  let fx: Fixture;
  const versionOf = async (accountId: number) =>
    (await rt.db.pool.query<{ version: number; due: boolean }>(
      `select version, due_at <= $2::timestamp as due from account_scan where account_id = $1`, [accountId, clock.toISOString()],
    )).rows[0]!;

  beforeAll(async () => {
    clock = NOW;
    fx = await buildFixture(rt.db.pool, 'T_MARKS');
    await scan(fx.workspaceId);
    expect(await due(fx.workspaceId)).toEqual([]);
  });

  it('a rollup caught up in a later transaction marks the account again, after a scan read it stale', async () => {
    const gone = fx.accounts.Gone!;
    // an import's conversations commit first (marked), its rollup catch-up runs later
    await rt.db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, $3::timestamp, 'imported', 'give', 'import')`,
      [fx.workspaceId, gone, new Date(clock.getTime() - DAY).toISOString()],
    );
    expect(await due(fx.workspaceId)).toEqual([gone]);
    // a scan reads it now, with the rollup still as it was, and settles its state
    const ctx = (await findScanRun<ScanContext>(rt.db.pool, fx.workspaceId, `${LOCAL_DATE}+t${runs}`))!.context;
    const { scanAccounts } = await import('../../../src/scan/range.ts');
    await scanAccounts(rt.db.pool, fx.workspaceId, ctx, [gone]);
    expect(await due(fx.workspaceId)).toEqual([]);
    // the catch-up lands: the account is due again, so the touch is not lost until the weekly full scan
    await refreshRollups(rt.db.pool, fx.workspaceId, { accountIds: [gone] });
    expect(await due(fx.workspaceId)).toEqual([gone]);
    await scan(fx.workspaceId);
    const stalled = (await nudgesOf(rt.db.pool, fx.workspaceId)).filter((n) => n.account === 'Gone' && n.kind === 'stalled');
    expect(stalled.every((n) => n.status === 'resolved')).toBe(true);
  });

  it('a captured message folded into its hour\'s row marks nothing; a changed next step marks', async () => {
    const late = fx.accounts.Late!;
    const conv = (await rt.db.pool.query<{ id: number }>(
      'select id from conversation where account_id = $1 order by occurred_at desc limit 1', [late],
    )).rows[0]!.id;
    const before = await versionOf(late);
    await rt.db.pool.query('update conversation set message_count = coalesce(message_count, 1) + 1 where id = $1', [conv]);
    expect(await versionOf(late)).toEqual(before);
    await rt.db.pool.query(`update conversation set next_step_due = next_step_due + interval '7 days' where id = $1`, [conv]);
    const after = await versionOf(late);
    expect(after.version).toBe(before.version + 1);
    expect(after.due).toBe(true);
    await scan(fx.workspaceId);
  });

  it('a person\'s action on a nudge marks its account; the scan\'s own status changes do not', async () => {
    const row = (await rt.db.pool.query<{ id: number; account_id: number; status: string }>(
      `select id, account_id, status from nudge where workspace_id = $1 and status in ('queued', 'open') order by id limit 1`, [fx.workspaceId],
    )).rows[0]!;
    const before = await versionOf(row.account_id);
    await rt.db.pool.query(`update nudge set status = 'resolved' where id = $1`, [row.id]);
    expect(await versionOf(row.account_id)).toEqual(before);
    // snoozed for an hour: sooner than any threshold (days away) or the line's 12-hour refresh
    const wakes = new Date(clock.getTime() + 3_600_000);
    await rt.db.pool.query(`update nudge set status = 'snoozed', snoozed_until = $2::timestamp where id = $1`, [row.id, wakes.toISOString()]);
    expect((await versionOf(row.account_id)).due).toBe(true);
    await scan(fx.workspaceId);
    // the snooze's end is the account's next look
    const { due_ms } = (await rt.db.pool.query<{ due_ms: string }>(
      'select extract(epoch from due_at) * 1000 as due_ms from account_scan where account_id = $1', [row.account_id],
    )).rows[0]!;
    expect(Number(due_ms)).toBe(wakes.getTime());
  });

  it('an owner or status change marks the account; the scan\'s own date fills do not', async () => {
    const pair = fx.accounts['Pair Two']!;
    const v0 = await versionOf(pair);
    await rt.db.pool.query('update account set customer_since = created_at where id = $1', [pair]);
    expect(await versionOf(pair)).toEqual(v0);
    await rt.db.pool.query('update account set owner_id = $2 where id = $1', [pair, fx.members.ben]);
    const v1 = await versionOf(pair);
    expect(v1).toEqual({ version: v0.version + 1, due: true });
    await rt.db.pool.query(`update account set status = 'churned' where id = $1`, [pair]);
    expect((await versionOf(pair)).version).toBe(v1.version + 1);
    await rt.db.pool.query(`update account set status = 'active', owner_id = $2 where id = $1`, [pair, fx.members.ana]);
    await scan(fx.workspaceId);
    expect(await due(fx.workspaceId)).toEqual([]);
  });

  it('a holding that ends on a date, and a dismissal\'s quiet, are next looks', async () => {
    const trio = fx.accounts.Trio!;
    const ends = new Date(clock.getTime() + 2 * 3_600_000);
    await rt.db.pool.query(
      `update holding set ended_at = $3::timestamp where workspace_id = $1 and account_id = $2 and product_id = $4`,
      [fx.workspaceId, trio, ends.toISOString(), fx.products.Alerts],
    );
    await scan(fx.workspaceId);
    const dueMs = async (id: number) => Number((await rt.db.pool.query<{ due_ms: string }>(
      'select extract(epoch from due_at) * 1000 as due_ms from account_scan where account_id = $1', [id],
    )).rows[0]!.due_ms);
    expect(await dueMs(trio)).toBe(ends.getTime());

    // every nudge of Solo dismissed a while ago: its quiet ends DISMISS_QUIETS_DAYS after, unless something comes sooner
    const solo = fx.accounts.Solo!;
    const dismissed = new Date(clock.getTime() - (DISMISS_QUIETS_DAYS * DAY - 3_600_000));
    await rt.db.pool.query(
      `update nudge set status = 'dismissed', dismissed_at = $3::timestamp where workspace_id = $1 and account_id = $2 and status not in ('resolved', 'done')`,
      [fx.workspaceId, solo, dismissed.toISOString()],
    );
    await scan(fx.workspaceId);
    expect(await dueMs(solo)).toBe(dismissed.getTime() + DISMISS_QUIETS_DAYS * DAY);
  });

  it('a full scan leaves a churned account with a holding dated ahead due on that day', async () => {
    const lost = fx.accounts.Lost!;
    const start = new Date(clock.getTime() + 4 * DAY);
    await rt.db.pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 9000, $4::timestamp)`,
      [fx.workspaceId, lost, fx.products.Alerts, start.toISOString()],
    );
    await rt.db.pool.query('update workspace set stall_min_days = stall_min_days + 1 where id = $1', [fx.workspaceId]);
    expect((await scan(fx.workspaceId)).mode).toBe('full');
    const { due_ms } = (await rt.db.pool.query<{ due_ms: string }>(
      'select extract(epoch from due_at) * 1000 as due_ms from account_scan where account_id = $1', [lost],
    )).rows[0]!;
    expect(Number(due_ms)).toBe(start.getTime());
    await rt.db.pool.query(`delete from holding where account_id = $1 and started_at = $2::timestamp`, [lost, start.toISOString()]);
    await scan(fx.workspaceId);
  });

  it('a churned account with a holding that starts next week is looked at on its first day', async () => {
    const lost = fx.accounts.Lost!;
    const start = new Date(clock.getTime() + 5 * DAY);
    await rt.db.pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 9000, $4::timestamp)`,
      [fx.workspaceId, lost, fx.products.Reporting, start.toISOString()],
    );
    await scan(fx.workspaceId);
    const { due_ms } = (await rt.db.pool.query<{ due_ms: string }>(
      'select extract(epoch from due_at) * 1000 as due_ms from account_scan where account_id = $1', [lost],
    )).rows[0]!;
    expect(Number(due_ms)).toBe(start.getTime());
  });
});

describe('scan state rows', () => {
  it('every account has its row however it was written, and the scan writes one an account lacks', async () => {
    clock = NOW;
    const fx = await buildFixture(rt.db.pool, 'T_INC_ROWS');
    const ws = fx.workspaceId;
    // a raw multi-row insert, an insert … select, and the ORM's createMany
    await rt.db.pool.query(
      `insert into account (workspace_id, name, name_key, owner_id) values ($1, 'Raw One', 'raw one', $2), ($1, 'Raw Two', 'raw two', $2)`,
      [ws, fx.members.ana],
    );
    await rt.db.pool.query(`insert into account (workspace_id, name, name_key) select $1, 'Copied ' || g, 'copied ' || g from generate_series(1, 3) g`, [ws]);
    await rt.db.prisma.account.createMany({ data: [{ workspaceId: ws, name: 'Orm One', nameKey: 'orm one', ownerId: fx.members.ben }] });
    const counts = async () => (await rt.db.pool.query<{ accounts: number; rows: number }>(
      `select count(*)::int as accounts, count(s.account_id)::int as rows
       from account a left join account_scan s on s.account_id = a.id and s.workspace_id = a.workspace_id where a.workspace_id = $1`,
      [ws],
    )).rows[0]!;
    const before = await counts();
    expect(before.accounts).toBeGreaterThan(6);
    expect(before.rows).toBe(before.accounts);
    // one loaded with triggers off (a restore, a replica): no row until the scan writes it
    const [restored] = (await rt.db.pool.query<{ id: number }>(`select id from account where workspace_id = $1 and name = 'Raw One'`, [ws])).rows;
    await rt.db.pool.query('delete from account_scan where account_id = $1', [restored!.id]);
    expect((await counts()).rows).toBe(before.accounts - 1);

    const first = await scan(ws);
    expect(first.mode).toBe('full');
    // every account read got its next look written: none is left due, none without a row
    expect(await due(ws)).toEqual([]);
    const looked = await rt.db.pool.query<{ n: number }>(
      `select count(*)::int as n from account_scan where workspace_id = $1 and due_at = '1970-01-01'::timestamp`, [ws],
    );
    expect(looked.rows[0]!.n).toBe(0);
    expect(await counts()).toEqual(before);
  });
});

describe('an incremental scan in parts', () => {
  let a: Fixture;
  let b: Fixture;
  const alike = (rows: Awaited<ReturnType<typeof nudgesOf>>) => rows.map((n) => [n.account, n.kind, n.status, n.priority, n.suggestion, n.assignee, n.released]);

  beforeAll(async () => {
    clock = NOW;
    a = await buildFixture(rt.db.pool, 'T_PARTS_A');
    b = await buildFixture(rt.db.pool, 'T_PARTS_B');
    for (const f of [a, b]) expect((await scan(f.workspaceId)).mode).toBe('full');
  });

  it('splits many due accounts among parts the workers share, with the same result as one part', async () => {
    clock = new Date(NOW.getTime() + DAY);
    // the same day's work on two identical books: every account touched
    for (const f of [a, b]) {
      for (const accountId of Object.values(f.accounts)) {
        await recordTouch(rt.db.pool, { workspaceId: f.workspaceId, accountId, memberId: f.members.ana, occurredAt: clock, summary: 'called', kind: 'give' });
      }
    }
    const dueA = await due(a.workspaceId);
    expect(dueA.length).toBe(Object.keys(a.accounts).length);
    // the plan's count of the book stops at what settles the choice
    const active = (await rt.db.pool.query<{ n: number }>(`select count(*)::int as n from account where workspace_id = $1 and status = 'active'`, [a.workspaceId])).rows[0]!.n;
    expect(await countDue(rt.db.pool, a.workspaceId, clock, dueA.length, () => 1)).toEqual({ due: dueA.length, accounts: null });
    // counted one past what the rule says is enough, then no further
    expect(await countDue(rt.db.pool, a.workspaceId, clock, 0, () => 3)).toEqual({ due: dueA.length, accounts: Math.min(4, active) });
    expect(await countDue(rt.db.pool, a.workspaceId, clock, 0, (n) => n * 100)).toEqual({ due: dueA.length, accounts: active });

    // b in one part, inline
    expect(await scan(b.workspaceId)).toEqual({ mode: 'incremental', accounts: dueA.length });
    // a in parts of two due accounts, run by the queue's workers
    const localDate = clock.toISOString().slice(0, 10);
    const run = `t${++runs}`;
    const parent = await createScanProcessor(rt, { duePartSize: 2 })({ workspaceId: a.workspaceId, localDate, run }, { log });
    expect(parent).toEqual({ parts: Math.ceil(dueA.length / 2) });
    await expect.poll(async () => (await findScanRun<ScanContext>(rt.db.pool, a.workspaceId, `${localDate}+${run}`))?.finished).toBe(true);
    const saved = (await findScanRun<ScanContext>(rt.db.pool, a.workspaceId, `${localDate}+${run}`))!;
    expect(saved.context.mode).toBe('incremental');
    expect([...saved.partsDone].sort()).toEqual([...saved.context.bounds].sort());
    // each due account was read by exactly one part
    const read = await Promise.all(saved.context.bounds.map(async (fromId) =>
      ((await rt.queues.scan.getJob(`scan:${a.workspaceId}:${localDate}+${run}.${fromId}`))?.returnvalue as { accounts: number }).accounts));
    expect(read.every((n) => n > 0 && n <= 2)).toBe(true);
    expect(read.reduce((x, y) => x + y, 0)).toBe(dueA.length);

    expect(await due(a.workspaceId)).toEqual([]);
    expect(alike(await nudgesOf(rt.db.pool, a.workspaceId))).toEqual(alike(await nudgesOf(rt.db.pool, b.workspaceId)));
    const waiting = await Promise.all([a, b].map((f) => waitingWithoutRows(rt.db.pool, f.workspaceId)));
    expect(waiting[0]).toBe(waiting[1]);
  });

  it('derives the dates of an account marked after the plan, in the part that reads it', async () => {
    clock = new Date(NOW.getTime() + 2 * DAY);
    const localDate = clock.toISOString().slice(0, 10);
    const key = `${localDate}+t${++runs}`;
    await ensureScanRun<ScanContext>(rt.db.pool, a.workspaceId, key, async () => {
      const context = (await planScan(rt.db.pool, a.workspaceId, localDate, clock, 100, 2))!;
      return { parts: context.bounds.length, context };
    });
    // after the plan, Solo's only holding is ended as of yesterday, around the app
    const solo = a.accounts.Solo!;
    const ended = new Date(clock.getTime() - DAY);
    await rt.db.pool.query(`update holding set ended_at = $3::timestamp where workspace_id = $1 and account_id = $2`, [a.workspaceId, solo, ended.toISOString()]);
    expect(await due(a.workspaceId)).toContain(solo);
    const saved = (await findScanRun<ScanContext>(rt.db.pool, a.workspaceId, key))!;
    expect(saved.context.mode).toBe('incremental');
    for (const fromId of saved.context.bounds) await createScanProcessor(rt)({ workspaceId: a.workspaceId, localDate, run: key.split('+')[1], fromId }, { log });
    const account = (await rt.db.pool.query<{ status: string; churned_at: Date | null }>('select status, churned_at from account where id = $1', [solo])).rows[0]!;
    expect(account.status).toBe('churned');
    expect(account.churned_at?.toISOString()).toBe(ended.toISOString());
    // its cross-sell went with it
    expect((await nudgesOf(rt.db.pool, a.workspaceId)).filter((n) => n.account === 'Solo' && n.kind === 'cross_sell').map((n) => n.status)).toEqual(['resolved']);
    expect(await due(a.workspaceId)).toEqual([]);
  });
});

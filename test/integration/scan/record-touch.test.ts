// recordTouch writes the conversation and keeps the account's rollup in step; the scan's
// catch-up folds in conversations written any other way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTouch } from '../../../src/data/conversations.ts';
import { catchUpRollups, SETTLE_WAIT_MS } from '../../../src/data/rollups.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';
import { buildFixture, type Fixture } from '../../support/scan-fixture.ts';

let db: TestDb;
let fx: Fixture;
const rollup = async (accountId: number) =>
  (await db.pool.query('select touch_count, recent_kinds, median_gap_days, next_step from account_rollup where account_id = $1', [accountId])).rows[0];

beforeAll(async () => {
  db = await createTestDb();
  fx = await buildFixture(db.pool, 'T_TOUCH');
});
afterAll(async () => {
  await db.drop();
});

describe('rollups', () => {
  it('are built for the whole workspace by the first catch-up, then only for new conversations', async () => {
    const first = await catchUpRollups(db.pool, fx.workspaceId);
    expect(first.accounts).toBe(Object.keys(fx.accounts).length);
    expect(await rollup(fx.accounts.Solo!)).toMatchObject({ touch_count: 6, recent_kinds: 'gnnnn', median_gap_days: 10 });
    expect(await catchUpRollups(db.pool, fx.workspaceId)).toEqual({ accounts: 0, upTo: first.upTo });
    await db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, '2026-06-16', 'imported', 'ask', 'import')`,
      [fx.workspaceId, fx.accounts.Fresh],
    );
    expect((await catchUpRollups(db.pool, fx.workspaceId)).accounts).toBe(1);
    expect(await rollup(fx.accounts.Fresh!)).toMatchObject({ touch_count: 1, recent_kinds: 'a', median_gap_days: null });
  });

  it('stay in step when a touch is recorded, and a repeated sourceKey writes nothing', async () => {
    const touch = { workspaceId: fx.workspaceId, accountId: fx.accounts.Fresh!, occurredAt: new Date('2026-06-18T00:00:00Z'), summary: 'sent a benchmark', kind: 'give' as const, nextStep: 'Call back', nextStepDue: new Date('2026-06-25T00:00:00Z'), sourceKey: 'cmd-1' };
    const a = await recordTouch(db.pool, touch);
    const b = await recordTouch(db.pool, touch);
    expect(a.created).toBe(true);
    expect(b).toEqual({ conversationId: a.conversationId, created: false });
    expect(await rollup(fx.accounts.Fresh!)).toMatchObject({ touch_count: 2, recent_kinds: 'ga', median_gap_days: null, next_step: 'Call back' });
    // two sessions are one gap, not yet a rhythm (MIN_TOUCHES_FOR_RHYTHM)
  });

  it('refuse a touch on another workspace’s account', async () => {
    const other = await buildFixture(db.pool, 'T_TOUCH_OTHER');
    await expect(recordTouch(db.pool, { workspaceId: other.workspaceId, accountId: fx.accounts.Solo!, occurredAt: new Date(), summary: 'x' })).rejects.toThrow(/not in workspace/);
    // even with a sourceKey that workspace has used: a redelivery never lets a foreign account through
    await recordTouch(db.pool, { workspaceId: other.workspaceId, accountId: other.accounts.Solo!, occurredAt: new Date(), summary: 'own', sourceKey: 'cmd-other' });
    await expect(recordTouch(db.pool, { workspaceId: other.workspaceId, accountId: fx.accounts.Solo!, occurredAt: new Date(), summary: 'x', sourceKey: 'cmd-other' })).rejects.toThrow(/not in workspace/);
    const foreign = await db.pool.query('select count(*)::int as n from conversation where workspace_id = $1 and account_id = $2', [other.workspaceId, fx.accounts.Solo]);
    expect(foreign.rows[0].n).toBe(0);
  });

  it('lock the account for the length of the touch, so a second touch on it waits and its rollup counts both', async () => {
    const base = { workspaceId: fx.workspaceId, accountId: fx.accounts.Solo!, occurredAt: new Date('2026-06-20T00:00:00Z'), summary: 'concurrent' };
    const before = (await rollup(fx.accounts.Solo!)).touch_count as number;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => recordTouch(db.pool, { ...base, sourceKey: `cmd-c${i}` })));
    expect(results.every((r) => r.created)).toBe(true);
    expect((await rollup(fx.accounts.Solo!)).touch_count).toBe(before + 8);
  });

  it('refold after waiting for the account: a touch committed while one waited is counted by it', async () => {
    const account = fx.accounts.Quiet!;
    await catchUpRollups(db.pool, fx.workspaceId);
    const before = (await rollup(account)).touch_count as number;
    // another writer holds the account (as a touch does) and writes a conversation
    const other = await db.pool.connect();
    try {
      await other.query('begin');
      await other.query('select id from account where id = $1 for update', [account]);
      await other.query(
        `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, '2026-06-19', 'held', 'give', 'import')`,
        [fx.workspaceId, account],
      );
      const holder = (await other.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const waiting = recordTouch(db.pool, { workspaceId: fx.workspaceId, accountId: account, occurredAt: new Date('2026-06-19T12:00:00Z'), summary: 'waited', sourceKey: 'cmd-wait' });
      waiting.catch(() => {}); // awaited below; a failure meanwhile must not go unhandled
      // the touch's statement started (and took its first snapshot) and waits for this holder
      const deadline = Date.now() + 10_000;
      for (;;) {
        const w = await db.pool.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where $1::int = any(pg_blocking_pids(pid))', [holder]);
        if (w.rows[0]!.n > 0) break;
        if (Date.now() > deadline) throw new Error('the touch never waited for the account');
        await new Promise((r) => setTimeout(r, 10));
      }
      await other.query('commit');
      expect((await waiting).created).toBe(true);
    } finally {
      other.release(true); // not back to the pool: a failure above could leave its transaction open
    }
    expect(await rollup(account)).toMatchObject({ touch_count: before + 2, recent_kinds: expect.stringMatching(/^ng/) });
  });

  it('write nothing when the refold fails: the insert and the refold are one transaction', async () => {
    const count = async () => (await db.pool.query('select count(*)::int as n from conversation where source_key = $1', ['cmd-broken'])).rows[0].n;
    await expect(db.pool.query(
      `select * from tend_record_touch($1, $2, null, now()::timestamp, 'call', 'x', 'give', null, null, null, 'command', 'cmd-broken', 'select 1/0')`,
      [fx.workspaceId, fx.accounts.Solo],
    )).rejects.toThrow(/division by zero/);
    expect(await count()).toBe(0);
  });

  it('fold a conversation whose insert drew a lower id and committed after a catch-up had run', async () => {
    const [slow, fast] = [fx.accounts.Solo!, fx.accounts.Fresh!];
    await catchUpRollups(db.pool, fx.workspaceId);
    const before = (await rollup(slow)).touch_count as number;
    // a writer around the app inserting several rows in one statement: they draw their ids, then
    // the statement takes its time (its foreign-key checks, which would make a catch-up wait for
    // it, come at the statement's end)
    const writer = await db.pool.connect();
    let catching: Promise<unknown> | undefined;
    try {
      const pid = (await writer.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const sleeping = async () =>
        (await db.pool.query<{ e: string | null }>('select wait_event as e from pg_stat_activity where pid = $1', [pid])).rows[0]!.e === 'PgSleep';
      await writer.query('begin');
      const running = writer.query<{ id: number }>(
        `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source)
         select $1, $2, '2026-06-24', 'raw ' || n, 'give', 'import' from generate_series(1, 3) n
         where n <= 2 or pg_sleep(5) is null -- two rows drawn, then a pause (the third is never inserted)
         returning id`,
        [fx.workspaceId, slow],
      );
      running.catch(() => {}); // awaited below
      const deadline = Date.now() + 10_000;
      while (!(await sleeping())) {
        if (Date.now() > deadline) throw new Error('the writer never reached its pause');
        await new Promise((r) => setTimeout(r, 10));
      }
      // meanwhile a higher id commits, and a scan's catch-up runs: the writer's rows are not visible to it
      const early = (await db.pool.query<{ id: number }>(
        `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, '2026-06-24', 'raw', 'ask', 'import') returning id`,
        [fx.workspaceId, fast])).rows[0]!.id;
      const t0 = Date.now();
      catching = catchUpRollups(db.pool, fx.workspaceId);
      catching.catch(() => {}); // awaited below
      let caughtUp = false;
      void catching.then(() => (caughtUp = true), () => {});
      // a write that starts while the catch-up waits is not held up by it (no table lock)
      await db.pool.query(
        `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, '2026-06-25', 'meanwhile', 'ask', 'import')`,
        [fx.workspaceId, fast]);
      expect(caughtUp).toBe(false);
      // on a box too slow to finish within the pause, the catch-up would wait for the writer's
      // commit (its foreign-key checks): the test fails instead of hanging
      let timer: NodeJS.Timeout | undefined;
      const during = await Promise.race([catching, new Promise<null>((r) => { timer = setTimeout(() => r(null), 4_000); })]);
      clearTimeout(timer);
      const stillPaused = await sleeping();
      const waitedMs = Date.now() - t0;
      const late = (await running).rows.map((r) => r.id);
      await writer.query('commit');
      expect(during, 'the catch-up ran within the writer\'s pause').not.toBeNull();
      expect(stillPaused).toBe(true);
      // it waited for the writer (not blocking anyone), then folded what it saw without moving its watermark
      expect(waitedMs).toBeGreaterThanOrEqual(SETTLE_WAIT_MS);
      expect(Math.min(...late)).toBeLessThan(early);
      expect((during as { upTo: number }).upTo).toBeLessThan(Math.min(...late));
    } finally {
      writer.release(true);
      await catching?.catch(() => {});
    }
    // the next catch-up sees the writer's rows (a scan runs one every day)
    const after = await catchUpRollups(db.pool, fx.workspaceId);
    expect(await rollup(slow)).toMatchObject({ touch_count: before + 2, recent_kinds: expect.stringMatching(/^gg/) });
    // nothing in flight now: the watermark moves to the last id drawn
    const drawn = (await db.pool.query<{ last: string }>(
      `select pg_sequence_last_value(pg_get_serial_sequence('conversation', 'id')::regclass) as last`)).rows[0]!.last;
    expect(after.upTo).toBe(Number(drawn));
  });

  it('are folded by the catch-up only where a conversation was written around the app', async () => {
    await catchUpRollups(db.pool, fx.workspaceId);
    const solo = (await rollup(fx.accounts.Solo!)).touch_count as number;
    const quiet = (await rollup(fx.accounts.Quiet!)).touch_count as number;
    // the app's touch refreshed its rollup already; the raw row did not
    await recordTouch(db.pool, { workspaceId: fx.workspaceId, accountId: fx.accounts.Solo!, occurredAt: new Date('2026-06-21T00:00:00Z'), summary: 'logged', sourceKey: 'cmd-app' });
    await db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, '2026-06-21', 'raw', 'give', 'import')`,
      [fx.workspaceId, fx.accounts.Quiet],
    );
    expect((await rollup(fx.accounts.Quiet!)).touch_count).toBe(quiet);
    const caught = await catchUpRollups(db.pool, fx.workspaceId);
    expect(caught.accounts).toBe(1);
    expect((await rollup(fx.accounts.Solo!)).touch_count).toBe(solo + 1);
    expect(await rollup(fx.accounts.Quiet!)).toMatchObject({ touch_count: quiet + 1, recent_kinds: expect.stringMatching(/^g/) });
    // a window holding only the app's touches refolds nothing
    await recordTouch(db.pool, { workspaceId: fx.workspaceId, accountId: fx.accounts.Quiet!, occurredAt: new Date('2026-06-22T00:00:00Z'), summary: 'logged', sourceKey: 'cmd-app-2' });
    expect((await catchUpRollups(db.pool, fx.workspaceId)).accounts).toBe(0);
    // a raw delete offset by a raw insert keeps the count; the latest time moved, so it is refolded
    await db.pool.query(`delete from conversation where id = (select min(id) from conversation where account_id = $1)`, [fx.accounts.Quiet]);
    await db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, kind, source) values ($1, $2, '2026-06-23', 'raw', 'ask', 'import')`,
      [fx.workspaceId, fx.accounts.Quiet],
    );
    expect((await catchUpRollups(db.pool, fx.workspaceId)).accounts).toBe(1);
    expect(await rollup(fx.accounts.Quiet!)).toMatchObject({ touch_count: quiet + 2, recent_kinds: expect.stringMatching(/^an/) });
  });
});

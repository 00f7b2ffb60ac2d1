// The scan job end to end on real Postgres and Redis: fan-out into parts, idempotent
// reruns, two workers racing, snoozes and dismissals respected, resolved situations
// closed, the daily budget released with deliver jobs, and no reach across workspaces.
import { Queue } from 'bullmq';
import { readAccountCard } from '../../../src/data/account-card.ts';
import { nextProductsOf } from '../../../src/domain/recommend.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanProcessor } from '../../../jobs/scan.ts';
import { boot, type Running } from '../../../src/boot.ts';
import { loadConfig } from '../../../src/config.ts';
import { recordTouch } from '../../../src/data/conversations.ts';
import { findScanRun } from '../../../src/data/scan-runs.ts';
import { createLogger } from '../../../src/log.ts';
import { QUEUES } from '../../../src/queue/definitions.ts';
import type { Runtime } from '../../../src/runtime.ts';
import type { ScanContext } from '../../../src/scan/context.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { TEST_REDIS_URL } from '../../support/env.ts';
import { buildFixture, LOCAL_DATE, NOW, nudgesOf, type Fixture } from '../../support/scan-fixture.ts';

const SMALL = { partSize: 4, pageSize: 3 }; // 12 active accounts → 3 parts of pages of 3
const log = createLogger('silent');
let app: TestApp;
let second: Running;
let rt: Runtime;

async function waitFinished(workspaceId: number, localDate = LOCAL_DATE): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const run = await findScanRun<ScanContext>(rt.db.pool, workspaceId, localDate);
    if (run?.finished) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`scan of workspace ${workspaceId} did not finish`);
}

/** Runs every part of the day's scan directly (not through the queue), as a retry would. */
async function rerunParts(runtime: Runtime, workspaceId: number, localDate = LOCAL_DATE) {
  const scan = createScanProcessor(runtime, SMALL);
  const run = (await findScanRun<ScanContext>(runtime.db.pool, workspaceId, localDate))!;
  for (const fromId of run.context.bounds) await scan({ workspaceId, localDate, fromId }, { log });
}

/** A whole day's scan through the parent job; its parts run on the workers. */
async function scanDay(runtime: Runtime, workspaceId: number, localDate: string) {
  await createScanProcessor(runtime, SMALL)({ workspaceId, localDate }, { log });
  await waitFinished(workspaceId, localDate);
}

const summary = (rows: Awaited<ReturnType<typeof nudgesOf>>) => rows.map(({ updated_at: _u, ...r }) => r);

beforeAll(async () => {
  app = await startTestApp({ roles: 'worker', now: () => NOW, processors: (r) => ({ scan: createScanProcessor(r, SMALL) }) });
  rt = app.running.rt;
  // a second Tend on the same database and queues: two workers share (and race on) scans
  second = await boot(loadConfig({ DATABASE_URL: app.db.url, REDIS_URL: TEST_REDIS_URL, TEND_QUEUE_PREFIX: app.prefix, TEND_ROLES: 'worker', TEND_DATA_DIR: `/tmp/${app.prefix}`, LOG_LEVEL: 'silent' }), {
    log, now: () => NOW, processors: (r) => ({ scan: createScanProcessor(r, SMALL) }),
  });
});
afterAll(async () => {
  await second?.stop();
  await app?.stop();
});

describe('scan job', () => {
  let fx: Fixture;
  let first: Awaited<ReturnType<typeof nudgesOf>>;

  it('fans out into parts and writes the expected nudges, releasing the top ones per rep', async () => {
    fx = await buildFixture(rt.db.pool, 'T_MAIN');
    await rt.queues.add('scan', { workspaceId: fx.workspaceId, localDate: LOCAL_DATE });
    await waitFinished(fx.workspaceId);
    const run = (await findScanRun<ScanContext>(rt.db.pool, fx.workspaceId, LOCAL_DATE))!;
    expect(run.parts).toBe(3);
    expect([...run.partsDone].sort()).toEqual([...run.context.bounds].sort());

    first = await nudgesOf(rt.db.pool, fx.workspaceId);
    expect(first.map((n) => [n.account, n.kind, n.status, n.assignee])).toEqual([
      ['Asker', 'cross_sell', 'open', 'ana'],
      ['Asker', 'stalled', 'queued', 'ana'], // one per account per day
      // Fresh's next product adds what it is likely worth to its rank: ahead of Late's follow-up
      ['Fresh', 'cross_sell', 'open', 'ben'],
      ['Gone', 'stalled', 'open', 'ben'],
      ['Late', 'follow_up_due', 'queued', 'ben'],
      ['Quiet', 'cooling', 'queued', 'ana'],
      ['Solo', 'cross_sell', 'open', 'ana'],
    ]);
    // the account card reads the latest cross-sell's next products
    const solo = await readAccountCard(rt.db.pool, fx.workspaceId, fx.accounts.Solo!, new Date());
    expect(nextProductsOf(solo!.nextProducts).map((x) => x.productName)).toEqual(['Reporting', 'Alerts']);
    expect(first.find((n) => n.account === 'Solo')!.suggestion).toMatch(/^Solo has only Analytics since .*; Reporting is the most common next product here: 7 of 10 customers who hold Analytics also hold it\./);
  });

  it('enqueues one deliver job per released nudge, with deterministic ids', async () => {
    const released = await rt.db.pool.query<{ id: number }>(
      `select id from nudge where workspace_id = $1 and status = 'open' order by id`, [fx.workspaceId],
    );
    const q = new Queue(QUEUES.deliver.name, { connection: { url: TEST_REDIS_URL } as never, prefix: app.prefix });
    const jobs = await q.getJobs(['waiting', 'delayed', 'prioritized']);
    await q.close();
    expect(jobs.map((j) => j.id).sort()).toEqual(released.rows.map((r) => `deliver:${r.id}:0`).sort());
    expect(jobs.every((j) => j.data.workspaceId === fx.workspaceId)).toBe(true);
  });

  it('leaves identical nudges when run again', async () => {
    const before = await nudgesOf(rt.db.pool, fx.workspaceId);
    await rerunParts(rt, fx.workspaceId);
    const parent = createScanProcessor(rt, SMALL);
    await parent({ workspaceId: fx.workspaceId, localDate: LOCAL_DATE }, { log });
    expect(await nudgesOf(rt.db.pool, fx.workspaceId)).toEqual(before); // not even updated_at moved
  });

  it('gives the same nudges, once each, when two workers race on one workspace', async () => {
    const twin = await buildFixture(rt.db.pool, 'T_TWIN');
    const a = createScanProcessor(rt, SMALL);
    const b = createScanProcessor(second.rt, SMALL);
    // both parents at once, then every part twice at once, while the queued children run too
    await Promise.all([
      a({ workspaceId: twin.workspaceId, localDate: LOCAL_DATE }, { log }),
      b({ workspaceId: twin.workspaceId, localDate: LOCAL_DATE }, { log }),
    ]);
    const run = (await findScanRun<ScanContext>(rt.db.pool, twin.workspaceId, LOCAL_DATE))!;
    await Promise.all(run.context.bounds.flatMap((fromId) => [
      a({ workspaceId: twin.workspaceId, localDate: LOCAL_DATE, fromId }, { log }),
      b({ workspaceId: twin.workspaceId, localDate: LOCAL_DATE, fromId }, { log }),
    ]));
    await waitFinished(twin.workspaceId);
    const got = await nudgesOf(rt.db.pool, twin.workspaceId);
    expect(new Set(got.map((n) => n.dedupe_key)).size).toBe(got.length);
    const key = (n: { dedupe_key: string }) => n.dedupe_key.split(':')[0];
    expect(summary(got).map((n) => ({ ...n, dedupe_key: key(n) }))).toEqual(summary(first).map((n) => ({ ...n, dedupe_key: key(n) })));
  });

  it('does not recreate dismissed or snoozed nudges before their time', async () => {
    const pool = rt.db.pool;
    await pool.query(`update nudge set status = 'dismissed', dismissed_reason = 'not now' where workspace_id = $1 and dedupe_key like 'cross_sell:' || $2 || ':%'`, [fx.workspaceId, fx.accounts.Solo]);
    await pool.query(`update nudge set status = 'snoozed', snoozed_until = $3::timestamp where workspace_id = $1 and dedupe_key like 'stalled:' || $2 || ':%'`, [fx.workspaceId, fx.accounts.Gone, '2026-06-22T12:00:00Z']);
    await rerunParts(rt, fx.workspaceId);
    const after = await nudgesOf(pool, fx.workspaceId);
    expect(after.filter((n) => n.account === 'Solo').map((n) => n.status)).toEqual(['dismissed']);
    expect(after.filter((n) => n.account === 'Gone').map((n) => n.status)).toEqual(['snoozed']);

    // eight days later the snooze is over: the stall is back in line; the dismissal holds
    const later = { ...rt, now: () => new Date('2026-06-23T12:00:00Z') };
    await scanDay(later, fx.workspaceId, '2026-06-23');
    const woke = await nudgesOf(pool, fx.workspaceId);
    expect(woke.filter((n) => n.account === 'Solo').map((n) => n.status)).toEqual(['dismissed']);
    expect(woke.find((n) => n.account === 'Gone')!.status).toMatch(/^(queued|open)$/);
  });

  it('closes open and queued nudges whose situation went away', async () => {
    const pool = rt.db.pool;
    // Fresh buys a second product; Quiet and Asker get a touch through recordTouch
    await pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 20000, '2026-06-20')`,
      [fx.workspaceId, fx.accounts.Fresh, fx.products.Alerts],
    );
    const touched = new Date('2026-06-24T09:00:00Z');
    for (const name of ['Quiet', 'Asker'] as const) {
      await recordTouch(pool, { workspaceId: fx.workspaceId, accountId: fx.accounts[name]!, occurredAt: touched, summary: 'caught up', kind: 'give' });
    }
    const later = { ...rt, now: () => new Date('2026-06-25T12:00:00Z') };
    await scanDay(later, fx.workspaceId, '2026-06-25');
    const rows = await nudgesOf(pool, fx.workspaceId);
    const status = (account: string, kind: string) => rows.filter((n) => n.account === account && n.kind === kind).map((n) => n.status);
    expect(status('Fresh', 'cross_sell')).toEqual(['resolved']);
    expect(status('Quiet', 'cooling')).toEqual(['resolved']);
    expect(status('Asker', 'stalled')).toEqual(['resolved']);
    // Asker still holds one product: its cross-sell stays, and nothing new was created for it
    expect(rows.filter((n) => n.account === 'Asker').map((n) => n.kind).sort()).toEqual(['cross_sell', 'stalled']);
    expect(status('Solo', 'cross_sell')).toEqual(['dismissed']);
  });

  it('runs a manual scan ("/tend scan") as a run of its own after the day\'s scan finished', async () => {
    const pool = rt.db.pool;
    const later = { ...rt, now: () => new Date('2026-06-25T13:00:00Z') };
    // Asker buys a second product after today's daily scan
    await pool.query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 20000, '2026-06-25')`,
      [fx.workspaceId, fx.accounts.Asker, fx.products.Alerts],
    );
    await createScanProcessor(later, SMALL)({ workspaceId: fx.workspaceId, localDate: '2026-06-25', run: 'm1300' }, { log });
    await waitFinished(fx.workspaceId, '2026-06-25+m1300');
    const rows = await nudgesOf(pool, fx.workspaceId);
    expect(rows.filter((n) => n.account === 'Asker' && n.kind === 'cross_sell').map((n) => n.status)).toEqual(['resolved']);
    const runs = await pool.query('select local_date from scan_run where workspace_id = $1 order by local_date', [fx.workspaceId]);
    expect(runs.rows.map((r) => r.local_date)).toContain('2026-06-25+m1300');
  });

  it('never touches another workspace, even with same-named accounts', async () => {
    const pool = rt.db.pool;
    const before = await nudgesOf(pool, fx.workspaceId);
    const other = await buildFixture(pool, 'T_OTHER');
    await scanDay(rt, other.workspaceId, LOCAL_DATE);
    expect(await nudgesOf(pool, fx.workspaceId)).toEqual(before);
    const cross = await pool.query(
      `select count(*)::int as n from nudge n join account a on a.id = n.account_id where n.workspace_id <> a.workspace_id
          or (n.assignee_id is not null and not exists (select 1 from member m where m.id = n.assignee_id and m.workspace_id = n.workspace_id))`,
    );
    expect(cross.rows[0].n).toBe(0);
    expect((await nudgesOf(pool, other.workspaceId)).length).toBe(7);
  });
});

// Two scheduler replicas: two real `TEND_ROLES=scheduler` processes on one Postgres schema and
// one Redis prefix, ticking every second, plus one worker, with three active workspaces whose
// daily scan and digest are due. Both replicas enqueue the same scan and digest on every tick;
// the deterministic job ids (and the scan_run / digest_run rows behind them) must fold that
// into one scan and one digest per workspace and local day. Redis's event stream shows the
// repeated enqueues really happened (`duplicated`), so the test cannot pass by one replica idling.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../src/demo/generate.ts';
import { loadBook } from '../../src/data/demo.ts';
import { localTime } from '../../src/domain/clock.ts';
import { QUEUES } from '../../src/queue/definitions.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { until } from '../support/nudge-factory.ts';
import { startProcess, tendEnv, type Proc } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';

const WORKSPACES = 3;
const digestChannel = (i: number) => `C0SCHDIG0${i}`;
const nudgeChannel = (i: number) => `C0SCHNUD0${i}`;
let db: TestDb;
let fake: FakeSlack;
const prefix = testPrefix();
const procs: Proc[] = [];

/** A fixed-offset zone where it is about noon now: past the 06:00 scan, hours from local midnight. */
function noonZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // -11 … +12
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`; // Etc/GMT-3 is UTC+3
}

/** How many times each job id of a queue was enqueued again while it was still in Redis. */
async function duplicates(queue: string): Promise<Map<string, number>> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const entries = await redis.xrange(`${prefix}:${queue}:events`, '-', '+');
    const counts = new Map<string, number>();
    for (const [, fields] of entries) {
      const f = Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 ? [[v, fields[i + 1]]] : [])));
      if (f.event === 'duplicated') counts.set(f.jobId!, (counts.get(f.jobId!) ?? 0) + 1);
    }
    return counts;
  } finally {
    redis.disconnect();
  }
}

beforeAll(async () => {
  const channels = Array.from({ length: WORKSPACES }, (_, i) => [digestChannel(i), nudgeChannel(i)]).flat();
  [db, fake] = await Promise.all([createTestDb(), startFakeSlack({ channels })]);
}, 60_000);
afterAll(async () => {
  await Promise.all(
    procs.map(async (p) => {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
      await p.exited;
    }),
  );
  await fake?.close();
  await db?.drop();
  await dropPrefix(prefix);
});

describe('two scheduler replicas', () => {
  it('run one scan and send one digest per workspace and day, however often both tick', async () => {
    const timezone = noonZone();
    const ids: number[] = [];
    for (let i = 0; i < WORKSPACES; i++) {
      const ws = await db.prisma.workspace.create({
        data: { slackTeamId: `T0SCHED0${i}`, timezone, digestTime: '00:00', digestChannelId: digestChannel(i), nudgeChannelId: nudgeChannel(i), dailyNudgeBudget: 3 },
      });
      await loadBook(db.pool, ws.id, generateBook({ seed: 20 + i, accounts: 60, reps: 3, now: new Date() }));
      ids.push(ws.id);
    }
    const localDate = localTime(new Date(), timezone).date;

    const env = (roles: string) => ({ ...tendEnv({ databaseUrl: db.url, prefix, roles, slackApiUrl: fake.apiUrl }), TEND_SCHEDULER_CRON: '* * * * * *' });
    const worker = startProcess(env('worker'));
    const schedulers = [startProcess(env('scheduler')), startProcess(env('scheduler'))];
    procs.push(worker, ...schedulers);
    await Promise.all(procs.map((p) => p.waitForLog((l) => String(l.msg).startsWith('Tend is up'), 60_000)));

    // every workspace scanned and its digest sent
    await until(async () => {
      const scans = await db.pool.query('select workspace_id from scan_run where finished_at is not null');
      const digests = await db.pool.query('select workspace_id from digest_run where sent_at is not null');
      return scans.rowCount === WORKSPACES && digests.rowCount === WORKSPACES ? true : null;
    }, 120_000, 'every scan finished and every digest sent');

    // both replicas keep ticking (each second) after the work is done: wait until each scan and
    // digest job id has been enqueued again many times over, then look at what ran
    const scanIds = ids.map((workspaceId) => QUEUES.scan.jobId({ workspaceId, localDate }));
    const digestIds = ids.map((workspaceId) => QUEUES.digest.jobId({ workspaceId, localDate }));
    await until(async () => {
      const [s, d] = await Promise.all([duplicates('scan'), duplicates('digest')]);
      return scanIds.every((id) => (s.get(id) ?? 0) >= 6) && digestIds.every((id) => (d.get(id) ?? 0) >= 6) ? true : null;
    }, 60_000, 'both schedulers ticking on');
    for (const p of schedulers) p.child.kill('SIGTERM');
    await Promise.all(schedulers.map((p) => p.exited));

    const runs = await db.pool.query<{ workspace_id: number; local_date: string; n: number }>(
      'select workspace_id, local_date, count(*)::int as n from scan_run group by 1, 2 order by 1');
    expect(runs.rows).toEqual(ids.map((id) => ({ workspace_id: id, local_date: localDate, n: 1 })));
    const digestRuns = await db.pool.query<{ workspace_id: number; local_date: string; n: number }>(
      'select workspace_id, local_date, count(*)::int as n from digest_run group by 1, 2 order by 1');
    expect(digestRuns.rows).toEqual(ids.map((id) => ({ workspace_id: id, local_date: localDate, n: 1 })));

    // the worker ran each daily scan once (one part each: small books)
    const lines = worker.logs();
    const scanned = lines.filter((l) => l.msg === 'scan part done').map((l) => l.jobId).sort();
    expect(scanned).toEqual([...scanIds].sort());

    // one digest message per workspace, and no nudge posted twice: the noon zone is past the
    // reps' 09:00, so the scans released nudges; every one is posted before the posts are counted
    for (let i = 0; i < WORKSPACES; i++) {
      const posts = fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === digestChannel(i));
      expect(posts, `digest posts to workspace ${i}`).toHaveLength(1);
    }
    const released = await db.pool.query<{ n: number }>('select count(*)::int as n from nudge where released_at is not null');
    expect(released.rows[0]!.n).toBeGreaterThan(0);
    await until(async () => (await db.pool.query<{ n: number }>(
      "select count(*)::int as n from nudge where released_at is not null and delivery_state <> 'posted'")).rows[0]!.n === 0 || null, 60_000, 'released nudges posted');
    const nudgePosts = fake.callsTo('chat.postMessage').filter((c) => c.ok && String(c.args.channel).startsWith('C0SCHNUD'));
    const keys = nudgePosts.map((c) => JSON.stringify((c.args.metadata as { event_payload?: unknown } | undefined)?.event_payload));
    expect(keys).toHaveLength(released.rows[0]!.n);
    expect(new Set(keys).size).toBe(keys.length);
  }, 240_000);
});

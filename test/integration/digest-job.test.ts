// The manager digest goes out once per workspace per local day: with two scheduler replicas
// ticking at once, a restart at the due minute, Redis forgetting the job, concurrent runners,
// a retry after a partial failure, a missed tick, and daylight-saving days. Real Postgres,
// Redis and BullMQ; Slack is the fake.
import { EVERY_DAY } from '../support/working-zone.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDigest, createDigestProcessor } from '../../jobs/digest.ts';
import { tick } from '../../jobs/scheduler.ts';
import { boot, type Running } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { QUEUES } from '../../src/queue/definitions.ts';
import type { Runtime } from '../../src/runtime.ts';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { seedActivity, seedBook } from '../support/book-fixture.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';

const MANAGERS = ['U0MGR0001', 'U0MGR0002'];
const log = createLogger('silent');

let fake: FakeSlack;
let clock = new Date('2026-04-15T13:00:00Z'); // 09:00 in New York (EDT)
const now = () => clock;
let app: TestApp;
const siblings: Running[] = [];

/** Another Tend process on the same database and Redis prefix (a replica, or a restart). */
async function startSibling(roles: string): Promise<Running> {
  const config = loadConfig({
    DATABASE_URL: app.db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    TEND_QUEUE_PREFIX: app.prefix,
    TEND_ROLES: roles,
    TEND_DATA_DIR: `/tmp/${app.prefix}`,
    LOG_LEVEL: 'silent',
    SLACK_API_URL: fake.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
  });
  const running = await boot(config, { log, now, processors: (rt) => ({ digest: createDigestProcessor(rt) }) });
  siblings.push(running);
  return running;
}

const progress = () => ({ done: [] as string[], save: async () => {}, log });

async function digestRuns(workspaceId: number): Promise<{ local_date: string; sent: boolean; sent_at: Date | null }[]> {
  const res = await app.db.pool.query(
    `select local_date, sent_at is not null as sent, sent_at from digest_run where workspace_id = $1 order by local_date`,
    [workspaceId],
  );
  return res.rows;
}

/**
 * Waits until the digest queue has nothing waiting, delayed or running. The bound is for a hung
 * queue, not a speed claim: on a loaded 2-core CI box the queue once took longer to drain than
 * the 5 s this allowed.
 */
async function digestQueueIdle(rt: Runtime): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const c = await rt.queues.digest.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(c).every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('digest queue did not drain');
}

/** The job once it has completed or failed for good. */
async function settled(rt: Runtime, jobId: string) {
  for (let i = 0; i < 1000; i++) {
    const job = await rt.queues.digest.getJob(jobId);
    const state = await job?.getState();
    // fetched again: `job` may be a snapshot from before it finished, without its return value
    if (job && (state === 'completed' || state === 'failed')) return rt.queues.digest.getJob(jobId);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${jobId} did not settle`);
}

const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.ok);
const postsTo = (channel: string) => posts().filter((c) => c.args.channel === channel);

beforeAll(async () => {
  fake = await startFakeSlack();
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'worker', now, processors: (rt) => ({ digest: createDigestProcessor(rt) }) });
});
afterEach(() => {
  fake.reset();
});
afterAll(async () => {
  for (const s of siblings) await s.stop().catch(() => {});
  await app?.stop();
  await fake?.close();
});

describe('exactly once per workspace per day', () => {
  it('sends once with two schedulers ticking at once, a restart, and a job Redis forgot', async () => {
    clock = new Date('2026-04-15T13:00:00Z');
    const book = await seedBook(app.running.rt.db.prisma, 'T0ONCE0001', { digestUserIds: MANAGERS, timezone: 'America/New_York', digestTime: '09:00' });
    await seedActivity(app.running.rt.db.prisma, book);

    // two replicas with scheduler and worker roles: each ticks at start, then both tick again together
    const a = await startSibling('worker,scheduler');
    const b = await startSibling('worker,scheduler');
    await Promise.all([tick(a.rt, clock), tick(b.rt, clock), tick(app.running.rt, clock)]);
    await fake.waitFor(() => posts().length >= 2 && fake.files().filter((f) => f.completed).length >= 2, 15_000);
    await digestQueueIdle(a.rt);

    // b restarts at the due minute (its start tick enqueues again), a minute later ticks again
    await b.stop();
    const b2 = await startSibling('worker,scheduler');
    clock = new Date('2026-04-15T13:01:00Z');
    await tick(b2.rt, clock);
    // Redis loses the finished job (evicted, flushed): the id no longer dedupes; the database must
    const jobId = QUEUES.digest.jobId({ workspaceId: book.workspaceId, localDate: '2026-04-15' });
    await (await b2.rt.queues.digest.getJob(jobId))?.remove();
    expect(await b2.rt.queues.digest.getJob(jobId)).toBeUndefined();
    await tick(b2.rt, clock);
    const again = await settled(b2.rt, jobId);
    expect([await again?.getState(), again?.returnvalue, again?.failedReason]).toEqual(['completed', { status: 'already-sent' }, undefined]);

    for (const user of MANAGERS) {
      const dm = fake.dmChannelFor(user);
      expect(postsTo(dm)).toHaveLength(1);
      expect(fake.files().filter((f) => f.channel === dm && f.completed)).toHaveLength(1);
    }
    expect(posts()).toHaveLength(2);
    const runs = await digestRuns(book.workspaceId);
    expect(runs.map((r) => [r.local_date, r.sent])).toEqual([['2026-04-15', true]]);
    // the digest itself: headline numbers and who is at stake
    const text = JSON.stringify(postsTo(fake.dmChannelFor(MANAGERS[0]!))[0]!.args.blocks);
    expect(text).toContain('Products per customer');
    expect(text).toContain('Account D');
  }, 60_000);

  it('lets one of two concurrent runners send, however they interleave', async () => {
    clock = new Date('2026-04-16T13:00:00Z');
    const book = await seedBook(app.running.rt.db.prisma, 'T0RACE0001', { digestUserIds: ['U0MGR0009'], timezone: 'UTC' });
    const p = { workspaceId: book.workspaceId, localDate: '2026-04-16' };
    const rt = app.running.rt;
    const results = await Promise.allSettled([runDigest(rt, p, progress()), runDigest(rt, p, progress()), runDigest(rt, p, progress())]);
    const sent = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'sent');
    expect(sent).toHaveLength(1);
    // the others either saw it sent or found it in progress (and would retry, then see it sent)
    for (const r of results) if (r !== sent[0]) expect(r.status === 'rejected' ? String(r.reason) : r.value.status).toMatch(/already-sent|being sent/);
    expect(await runDigest(rt, p, progress())).toEqual({ status: 'already-sent' });
    expect(postsTo(fake.dmChannelFor('U0MGR0009'))).toHaveLength(1);
  });

  it('retries a partial failure without sending twice to whoever already has it', async () => {
    clock = new Date('2026-04-17T13:00:00Z');
    const book = await seedBook(app.running.rt.db.prisma, 'T0RETRY001', { digestUserIds: ['U0MGR0011', 'U0MGR0012'], timezone: 'UTC' });
    const p = { workspaceId: book.workspaceId, localDate: '2026-04-17' };
    const saved: string[][] = [];
    const first = { done: [] as string[], save: async (d: string[]) => void saved.push(d), log };
    // the first manager gets the message, then the chart upload fails (a Slack hiccup)
    fake.failNext('files.completeUploadExternal', { error: 'internal_error' });
    await expect(runDigest(app.running.rt, p, first)).rejects.toThrow(/internal_error/);
    expect((await digestRuns(book.workspaceId))).toEqual([]); // the claim was given back for the retry
    const retry = { done: saved.at(-1)!, save: async () => {}, log };
    expect(retry.done).toEqual(['dm:U0MGR0011']);
    expect(await runDigest(app.running.rt, p, retry)).toEqual({ status: 'sent', recipients: 2 });
    for (const u of ['U0MGR0011', 'U0MGR0012']) {
      expect(postsTo(fake.dmChannelFor(u))).toHaveLength(1);
      expect(fake.files().filter((f) => f.channel === fake.dmChannelFor(u) && f.completed)).toHaveLength(1);
    }
  });
});

describe('a digest channel Slack refuses', () => {
  // the app's own scheduler sends other books' digests when the clock reaches their hour (the
  // 'exactly once' book's 09:00 New York is 13:00 UTC too): only the book under test counts
  const postsOfBook = (dm: string, team: string) =>
    postsTo(dm).filter((c) => !new RegExp(`Book (?!${team})`).test(JSON.stringify(c.args.blocks)));
  const setChannel = (workspaceId: number, channel: string) =>
    app.db.pool.query('update workspace set digest_channel_id = $2 where id = $1', [workspaceId, channel]);
  const blocks = (workspaceId: number) =>
    app.db.pool.query<{ target: string; error: string; notified: boolean; cleared: boolean }>(
      'select target, error, notified_at is not null as notified, cleared_at is not null as cleared from delivery_block where workspace_id = $1', [workspaceId],
    ).then((r) => r.rows);

  it('an archived channel: the managers are told once, the digest comes to them by DM every day meanwhile, and it returns to the channel once Slack takes it', async () => {
    clock = new Date('2026-04-20T13:00:00Z');
    const book = await seedBook(app.running.rt.db.prisma, 'T0ARCH0001', { timezone: 'UTC' });
    await setChannel(book.workspaceId, 'C0DIGARCH1');
    const rt = app.running.rt;
    const manager = fake.dmChannelFor('U0MGR0001');
    const mine = (dm: string) => postsOfBook(dm, 'T0ARCH0001');
    fake.addChannel('C0DIGARCH1', { is_archived: true });
    expect(await runDigest(rt, { workspaceId: book.workspaceId, localDate: '2026-04-20' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    expect(await blocks(book.workspaceId)).toEqual([{ target: 'C0DIGARCH1', error: 'is_archived', notified: true, cleared: false }]);
    const dms = mine(manager).map((c) => JSON.stringify(c.args.blocks));
    expect(dms).toHaveLength(2);
    expect(dms[0]).toContain('can no longer post the digest to <#C0DIGARCH1>');
    expect(dms[0]).toContain('choose another digest channel');
    expect(dms[1]).toContain('Products per customer');
    expect((await digestRuns(book.workspaceId)).map((r) => r.sent)).toEqual([true]);

    // the next day: no second notice, the digest by DM again
    fake.reset();
    fake.addChannel('C0DIGARCH1', { is_archived: true });
    clock = new Date('2026-04-21T13:00:00Z');
    expect(await runDigest(rt, { workspaceId: book.workspaceId, localDate: '2026-04-21' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    expect(mine(manager).map((c) => JSON.stringify(c.args.blocks))).toEqual([expect.stringContaining('Products per customer')]);

    // unarchived: the channel has it, the block lifts, and no DM
    fake.reset();
    clock = new Date('2026-04-22T13:00:00Z');
    expect(await runDigest(rt, { workspaceId: book.workspaceId, localDate: '2026-04-22' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    expect(postsTo('C0DIGARCH1')).toHaveLength(1);
    expect(mine(manager)).toHaveLength(0);
    expect(await blocks(book.workspaceId)).toEqual([{ target: 'C0DIGARCH1', error: 'is_archived', notified: true, cleared: true }]);
  });

  it('a digest channel Tend holds (shared with another organisation) is not posted to: the digest goes to the DMs meanwhile', async () => {
    clock = new Date('2026-04-24T13:00:00Z');
    const book = await seedBook(app.running.rt.db.prisma, 'T0HELD0001', { timezone: 'UTC' });
    await setChannel(book.workspaceId, 'C0DIGHELD1');
    await app.db.pool.query(`insert into delivery_block (workspace_id, target, error, notified_at) values ($1, 'C0DIGHELD1', 'shared_out', now())`, [book.workspaceId]);
    expect(await runDigest(app.running.rt, { workspaceId: book.workspaceId, localDate: '2026-04-24' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIGHELD1')).toHaveLength(0);
    expect(postsOfBook(fake.dmChannelFor('U0MGR0001'), 'T0HELD0001').map((c) => JSON.stringify(c.args.blocks))).toEqual([expect.stringContaining('Products per customer')]);
    expect(await blocks(book.workspaceId)).toEqual([{ target: 'C0DIGHELD1', error: 'shared_out', notified: true, cleared: false }]);
  });

  it('a read-only channel is refused for good, not retried; a retried job sends the stand-in DMs once and tells the managers once', async () => {
    clock = new Date('2026-04-23T13:00:00Z');
    const book = await seedBook(app.running.rt.db.prisma, 'T0READ0001', { timezone: 'UTC' });
    await setChannel(book.workspaceId, 'C0DIGREAD1');
    const rt = app.running.rt;
    const manager = fake.dmChannelFor('U0MGR0001');
    const p = { workspaceId: book.workspaceId, localDate: '2026-04-23' };
    const saved: string[][] = [];
    await seedActivity(app.running.rt.db.prisma, book);
    fake.failFor('chat.postMessage', 60_000, { error: 'restricted_action_read_only_channel' });
    // only the channel refuses (the fake's faults are per method: lifted once its refusal is saved);
    // then the chart upload fails once after the stand-in DM went out, and the job is retried
    const first = {
      done: [] as string[],
      save: async (d: string[]) => {
        if (saved.length === 0) {
          fake.clearFaults();
          fake.failNext('files.completeUploadExternal', { error: 'internal_error' });
        }
        saved.push(d);
      },
      log,
    };
    await expect(runDigest(rt, p, first)).rejects.toThrow(/internal_error/);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIGREAD1')).toHaveLength(1);
    const retry = { done: saved.at(-1)!, save: async () => {}, log };
    expect(retry.done).toEqual(expect.arrayContaining(['channel:C0DIGREAD1:refused', 'dm:U0MGR0001']));
    expect(await runDigest(rt, p, retry)).toEqual({ status: 'sent', recipients: 1 });
    // the retry neither asked the channel again nor sent the DM or the notice twice
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIGREAD1')).toHaveLength(1);
    const dms = postsOfBook(manager, 'T0READ0001').map((c) => JSON.stringify(c.args.blocks));
    expect(dms.filter((t) => t.includes('can no longer post the digest'))).toHaveLength(1);
    expect(dms.filter((t) => t.includes('Products per customer'))).toHaveLength(1);
    expect(dms[0]).toContain('save `/tend settings` again');
  });
});

describe('the churn curve chart', () => {
  it('goes out beside the trend, with its counts, once the book has customers a year back', async () => {
    clock = new Date('2026-04-18T13:00:00Z');
    const rt = app.running.rt;
    const book = await seedBook(rt.db.prisma, 'T0CURVE001', { digestUserIds: ['U0MGR0021'], timezone: 'UTC' });
    // the same book, its holdings a year and a half old: a year ago it had customers to count
    await rt.db.pool.query(`update holding set started_at = started_at - interval '300 days' where workspace_id = $1`, [book.workspaceId]);
    expect(await runDigest(rt, { workspaceId: book.workspaceId, localDate: '2026-04-18' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    const dm = fake.dmChannelFor('U0MGR0021');
    const files = fake.files().filter((f) => f.channel === dm && f.completed);
    expect(files.map((f) => f.filename)).toEqual(['tend-products-per-customer-2026-04-18.png', 'tend-churn-by-products-2026-04-18.png']);
    expect(files[1]!.title).toBe('Churn by products held, last 12 months');
    // the message names the same counts the chart draws
    const text = JSON.stringify(postsTo(dm)[0]!.args.blocks);
    // a year before T: A, E (E left d10) hold one product; B, F (F left d60), I two; C, D three or more
    expect(text).toContain('1 product: 50% (1 of 2 left) · 2 products: 33.3% (1 of 3 left) · 3+ products: 0% (0 of 2 left)');
  });
});

describe('the right local day', () => {
  it('catches up a missed tick later the same day, and never sends yesterday’s digest tomorrow', async () => {
    const ws = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0LATE0001', timezone: 'Europe/Berlin', digestTime: '08:00', digestChannelId: 'C0DIGEST01' },
    });
    // the scheduler was down at 08:00; at 15:30 Berlin (13:30Z) it ticks again
    clock = new Date('2026-04-20T13:30:00Z');
    await tick(app.running.rt, clock);
    await digestQueueIdle(app.running.rt);
    expect(postsTo('C0DIGEST01')).toHaveLength(1);

    // a digest job for the 21st still queued when the 22nd began in Berlin (backlog, outage)
    clock = new Date('2026-04-21T22:30:00Z'); // 00:30 on the 22nd in Berlin
    await app.running.rt.queues.add('digest', { workspaceId: ws.id, localDate: '2026-04-21' });
    const job = await settled(app.running.rt, QUEUES.digest.jobId({ workspaceId: ws.id, localDate: '2026-04-21' }));
    expect(job?.returnvalue).toEqual({ status: 'stale' });
    await tick(app.running.rt, clock); // 00:30 local: today's 08:00 digest is not due yet
    await digestQueueIdle(app.running.rt);
    expect(postsTo('C0DIGEST01')).toHaveLength(1);
    expect((await digestRuns(ws.id)).map((r) => r.local_date)).toEqual(['2026-04-20']);
  });

  it('a timezone moved west after the day\'s digest does not send a second one for a date the managers already lived through; the next date goes out', async () => {
    const ws = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0WEST0001', timezone: 'Asia/Tokyo', digestTime: '09:00', digestChannelId: 'C0DIGWEST1', workDays: EVERY_DAY },
    });
    clock = new Date('2026-04-16T00:00:00Z'); // 09:00 on the 16th in Tokyo
    await tick(app.running.rt, clock);
    await digestQueueIdle(app.running.rt);
    expect(postsTo('C0DIGWEST1')).toHaveLength(1);
    // a manager moves the team to Los Angeles: 17:05 on the 15th there, past its 09:00
    await app.running.rt.db.prisma.workspace.update({ where: { id: ws.id }, data: { timezone: 'America/Los_Angeles' } });
    clock = new Date('2026-04-16T00:05:00Z');
    await tick(app.running.rt, clock);
    await digestQueueIdle(app.running.rt);
    expect(postsTo('C0DIGWEST1')).toHaveLength(1);
    // the 16th in Los Angeles began after that digest (sent for Tokyo's 16th): its 09:00 sends
    // (run directly: the queue still holds the finished job of that id for a day)
    clock = new Date('2026-04-16T16:00:00Z');
    expect(await runDigest(app.running.rt, { workspaceId: ws.id, localDate: '2026-04-16' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    expect(postsTo('C0DIGWEST1')).toHaveLength(2);
    expect(await runDigest(app.running.rt, { workspaceId: ws.id, localDate: '2026-04-16' }, progress())).toEqual({ status: 'already-sent' });
    expect((await digestRuns(ws.id)).map((r) => r.local_date)).toEqual(['2026-04-15', '2026-04-16']);
  });

  it('a digest claimed before midnight and sent just after it counts for its own day: the next day\'s still goes out', async () => {
    const ws = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0LATE0002', timezone: 'UTC', digestTime: '23:58', digestChannelId: 'C0DIGLATE2', workDays: EVERY_DAY },
    });
    clock = new Date('2026-04-27T23:58:00Z');
    // the post lands at 00:01 (a slow Slack, a 429's wait)
    const slow = { done: [] as string[], save: async () => { clock = new Date('2026-04-28T00:01:00Z'); }, log };
    expect(await runDigest(app.running.rt, { workspaceId: ws.id, localDate: '2026-04-27' }, slow)).toEqual({ status: 'sent', recipients: 1 });
    clock = new Date('2026-04-28T23:58:00Z');
    expect(await runDigest(app.running.rt, { workspaceId: ws.id, localDate: '2026-04-28' }, progress())).toEqual({ status: 'sent', recipients: 1 });
    expect(postsTo('C0DIGLATE2')).toHaveLength(2);
  });

  it("skips the team's days off: no digest on Saturday or Sunday for a Monday-to-Friday team, Monday's goes out; a Sunday-to-Thursday team gets Sunday's and not Friday's", async () => {
    const weekdays = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0WEEK0001', timezone: 'Europe/Berlin', digestTime: '08:00', digestChannelId: 'C0WEEKDAY1' },
    });
    const sunThu = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0WEEK0002', timezone: 'Asia/Jerusalem', digestTime: '08:00', digestChannelId: 'C0SUNTHU01', workDays: [7, 1, 2, 3, 4] },
    });
    expect(weekdays.workDays).toEqual([1, 2, 3, 4, 5]); // the column's default
    // Friday 4 Dec 2026 to Monday 7 Dec, each day at 10:00 UTC (11:00 Berlin, 12:00 Jerusalem)
    for (const day of ['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']) {
      clock = new Date(`${day}T10:00:00Z`);
      await tick(app.running.rt, clock);
      await digestQueueIdle(app.running.rt);
    }
    expect((await digestRuns(weekdays.id)).map((r) => r.local_date)).toEqual(['2026-12-04', '2026-12-07']);
    expect((await digestRuns(sunThu.id)).map((r) => r.local_date)).toEqual(['2026-12-06', '2026-12-07']);
    expect(postsTo('C0WEEKDAY1')).toHaveLength(2);
    expect(postsTo('C0SUNTHU01')).toHaveLength(2);
  }, 60_000);

  /** Ticks every 10 minutes from `from` to `to`, letting each tick's digest job finish at that instant. */
  async function tickThrough(fromIso: string, toIso: string): Promise<void> {
    for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += 10 * 60_000) {
      clock = new Date(t);
      await tick(app.running.rt, clock);
      await digestQueueIdle(app.running.rt);
    }
  }

  it('on the spring-forward day, a 02:30 digest (a time that does not exist) goes out once, at 03:00 EDT', async () => {
    const ws = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0SPRING01', workDays: EVERY_DAY, timezone: 'America/New_York', digestTime: '02:30', digestChannelId: 'C0SPRING01' },
    });
    // 2026-03-08 00:00 EST (05:00Z) to 04:00 EDT on the 9th (08:00Z)
    await tickThrough('2026-03-08T05:00:00Z', '2026-03-09T08:00:00Z');
    const runs = await digestRuns(ws.id);
    expect(runs.map((r) => [r.local_date, r.sent_at?.toISOString()])).toEqual([
      ['2026-03-08', '2026-03-08T07:00:00.000Z'], // clocks jump 01:59 EST → 03:00 EDT; first due tick
      ['2026-03-09', '2026-03-09T06:30:00.000Z'], // 02:30 EDT the next day
    ]);
    expect(postsTo('C0SPRING01')).toHaveLength(2);
  }, 90_000);

  it('on the fall-back day, a 01:30 digest (a time that happens twice) goes out once, at the first 01:30', async () => {
    const ws = await app.running.rt.db.prisma.workspace.create({
      data: { slackTeamId: 'T0FALL0001', workDays: EVERY_DAY, timezone: 'America/New_York', digestTime: '01:30', digestChannelId: 'C0FALL0001' },
    });
    // 2026-11-01 00:00 EDT (04:00Z) to 03:00 EST on the 2nd (08:00Z); 01:30 is 05:30Z (EDT) and again 06:30Z (EST)
    await tickThrough('2026-11-01T04:00:00Z', '2026-11-02T08:00:00Z');
    const runs = await digestRuns(ws.id);
    expect(runs.map((r) => [r.local_date, r.sent_at?.toISOString()])).toEqual([
      ['2026-11-01', '2026-11-01T05:30:00.000Z'],
      ['2026-11-02', '2026-11-02T06:30:00.000Z'], // 01:30 EST
    ]);
    expect(postsTo('C0FALL0001')).toHaveLength(2);
  }, 90_000);
});

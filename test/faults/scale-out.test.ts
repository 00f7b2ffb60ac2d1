// Scale-out: two web processes and two worker processes on one Postgres and one Redis share
// the work — commands through either web, scan and deliveries across both workers — with no
// duplicate row and no duplicate Slack message.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from '../../src/demo/generate.ts';
import { loadBook } from '../../src/data/demo.ts';
import { QUEUES } from '../../src/queue/definitions.ts';
import { SIGNING_SECRET } from '../support/app.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { startProcess, tendEnv, type Proc } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';
import { EVERY_DAY, zoneInWorkingHours } from '../support/working-zone.ts';
import { postSigned, slashCommandBody } from '../support/slack-sign.ts';

let db: TestDb;
let fake: FakeSlack;
const prefix = testPrefix();
const procs: Proc[] = [];
let webUrls: string[] = [];
let workspaceId: number;
const working = zoneInWorkingHours();

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDb(), startFakeSlack({ team: { id: 'T0SCALE' } })]);
  // its reps' 09:00 has come whatever hour the suite runs: the scan's nudges go out when it finishes
  const ws = await db.prisma.workspace.create({ data: { slackTeamId: 'T0SCALE', deliveryMode: 'owner_dm', dailyNudgeBudget: 3, timezone: working.zone, workDays: EVERY_DAY } });
  workspaceId = ws.id;
  await loadBook(db.pool, ws.id, generateBook({ seed: 11, accounts: 240, reps: 6, now: new Date() }));
  const env = (roles: string) => tendEnv({ databaseUrl: db.url, prefix, roles, slackApiUrl: fake.apiUrl });
  procs.push(startProcess(env('web')), startProcess(env('web')), startProcess(env('worker')), startProcess(env('worker')));
  const ups = await Promise.all(procs.map((p) => p.waitForLog((l) => String(l.msg).startsWith('Tend is up'), 60_000)));
  webUrls = ups.slice(0, 2).map((l) => `http://127.0.0.1:${l.port}/slack/events`);
}, 120_000);

afterAll(async () => {
  await Promise.all(
    procs.map(async (p) => {
      p.child.kill('SIGTERM');
      await p.exited;
    }),
  );
  await fake.close();
  await db.drop();
  await dropPrefix(prefix);
});

describe('two web and two worker processes', () => {
  it('share commands, the scan and deliveries with nothing done twice', async () => {
    const accounts = await db.prisma.account.findMany({ where: { workspaceId }, select: { name: true }, take: 20, orderBy: { id: 'asc' } });
    // 40 commands, alternating web processes, all at once; then each sent again to the other web
    const send = (i: number, web: number) =>
      postSigned(webUrls[web]!, {
        secret: SIGNING_SECRET,
        body: slashCommandBody({
          command: '/log', text: `${accounts[i % accounts.length]!.name}: scale-out call ${i}`, team_id: 'T0SCALE', user_id: 'U_DEMO_1',
          channel_id: 'C0SCALE', response_url: fake.responseUrl(`s${i}`), trigger_id: `${i}.777.scale`,
        }),
      });
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i, i % 2)));
    expect(first.every((r) => r.status === 200)).toBe(true);
    const again = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i, (i + 1) % 2)));
    expect(again.every((r) => r.status === 200)).toBe(true);
    await expect.poll(async () => db.prisma.conversation.count({ where: { workspaceId, summary: { contains: 'scale-out call' } } }), { timeout: 20_000 }).toBe(40);

    // the daily scan, enqueued twice as two schedulers would
    const scan = new Queue(QUEUES.scan.name, { connection: { url: TEST_REDIS_URL } as never, prefix });
    const localDate = working.localDate;
    for (let k = 0; k < 2; k++) await scan.add('scan', { workspaceId, localDate }, { jobId: QUEUES.scan.jobId({ workspaceId, localDate }) });
    await expect.poll(async () => (await db.pool.query('select finished_at from scan_run where workspace_id = $1', [workspaceId])).rows[0]?.finished_at ?? null, { timeout: 60_000 }).not.toBeNull();

    const released = await db.pool.query<{ id: number }>("select id from nudge where workspace_id = $1 and released_at is not null", [workspaceId]);
    expect(released.rowCount).toBeGreaterThan(6);
    await expect.poll(async () => (await db.pool.query("select count(*)::int as n from nudge where workspace_id = $1 and delivery_state = 'posted'", [workspaceId])).rows[0].n, { timeout: 60_000 }).toBe(released.rowCount);

    // exactly one Slack message per released nudge
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.ok);
    const keys = posts.map((c) => JSON.stringify((c.args.metadata as { event_payload?: unknown } | undefined)?.event_payload ?? c.args.text));
    expect(posts).toHaveLength(released.rowCount!);
    expect(new Set(keys).size).toBe(keys.length);
    const { rows: dup } = await db.pool.query('select dedupe_key from nudge where workspace_id = $1 group by dedupe_key having count(*) > 1', [workspaceId]);
    expect(dup).toEqual([]);

    // and the deliveries really were shared by both worker processes
    const deliver = new Queue(QUEUES.deliver.name, { connection: { url: TEST_REDIS_URL } as never, prefix });
    const done = await deliver.getJobs(['completed'], 0, 1000);
    const by = new Set(done.map((j) => j.processedBy));
    expect(by.size).toBe(2);
    await deliver.close();
    await scan.close();
  }, 150_000);
});

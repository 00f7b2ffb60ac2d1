// A worker process killed (SIGKILL) while its chat.postMessage is in flight: Slack posts the
// message, the database still says `posting`. After a restart the job comes back (its lock
// lapses). With TEND_RECONCILE_WITH_HISTORY=true it finds the earlier post by its metadata key
// and records it; by default (no history scopes) it gives the post up as `unconfirmed`.
// Either way: one message, not two.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/queue/definitions.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until } from '../support/nudge-factory.ts';
import { startProcess, tendEnv, type Proc } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';

const CHANNEL = 'C0NUDGES01';
let fake: FakeSlack;
let db: TestDb;
const prefix = testPrefix();
const procs: Proc[] = [];

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL] });
  db = await createTestDb();
});
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await fake.close();
  await db.drop();
  await dropPrefix(prefix);
});

const env = (reconcile: boolean) => ({
  ...tendEnv({ databaseUrl: db.url, prefix, roles: 'worker', slackApiUrl: fake.apiUrl }),
  TEND_RECONCILE_WITH_HISTORY: String(reconcile),
});

describe.each([true, false])('a worker killed mid-delivery, TEND_RECONCILE_WITH_HISTORY=%s', (reconcile) => {
  it('leaves exactly one message after restart', async () => {
    fake.reset();
    const ws = await seedWorkspace(db.pool, { teamId: reconcile ? 'T0CRASH001' : 'T0CRASH002' });
    const { nudgeId } = await seedNudge(db.pool, ws.workspaceId);
    // Slack holds every post for 3 s, then posts it anyway: long enough to kill the worker mid-call.
    fake.failFor('chat.postMessage', 60_000, { delayMs: 3_000 });

    const first = startProcess(env(reconcile));
    procs.push(first);
    const queue = new Queue(QUEUES.deliver.name, { connection: { url: TEST_REDIS_URL } as never, prefix });
    const payload = { workspaceId: ws.workspaceId, nudgeId, generation: 0 };
    await queue.add(QUEUES.deliver.name, payload, { ...QUEUES.deliver.options, jobId: QUEUES.deliver.jobId(payload) });

    await until(async () => (await nudgeRow(db.pool, ws.workspaceId, nudgeId)).delivery_state === 'posting', 30_000, 'posting');
    await new Promise((r) => setTimeout(r, 500)); // the post is now in flight
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // Slack finished the post after the worker died; the database never heard of it.
    await fake.waitFor((_c, f) => f.messages(CHANNEL).length === 1, 10_000);
    expect((await nudgeRow(db.pool, ws.workspaceId, nudgeId)).delivery_state).toBe('posting');
    fake.clearFaults();

    const second = startProcess(env(reconcile));
    procs.push(second);
    const row = await until(async () => {
      const r = await nudgeRow(db.pool, ws.workspaceId, nudgeId);
      return r.delivery_state === 'posted' || r.delivery_state === 'failed' ? r : null;
    }, 90_000, 'settled after restart');

    const messages = fake.messages(CHANNEL);
    expect(messages).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    if (reconcile) {
      expect(row).toMatchObject({ delivery_state: 'posted', message_ts: messages[0]!.ts });
      expect(fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
      // the worker logs right after it records the post: the line may still be on its way through the pipe
      await second.waitForLog((l) => l.msg === 'found the earlier post; not posting again', 10_000);
    } else {
      // the message exists but Tend cannot know it without reading history: given up, still open
      expect(row).toMatchObject({ delivery_state: 'failed', delivery_error: 'unconfirmed', status: 'open', message_ts: null });
      expect(fake.callsTo('conversations.history')).toHaveLength(0);
    }

    await queue.close();
    second.child.kill('SIGKILL');
    await second.exited;
  }, 150_000);
});

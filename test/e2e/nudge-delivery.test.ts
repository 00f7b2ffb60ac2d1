// Delivery against the fake Slack: each released nudge is posted once however often its job
// runs, a 429 is honoured to the Retry-After (a fallback wait when it cannot be read), a lost
// response is reconciled, a refused channel stops retries and tells the managers once (and
// takes nudges again once the bot is invited), and a refused message is given up alone.
import { settingsValues } from '../support/settings-form.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackDelivery } from '../../src/delivery/slack.ts';
import { createLogger } from '../../src/log.ts';
import { TransientDeliveryError, type DeliveryPort } from '../../src/delivery/port.ts';
import { startTestApp, BOT_TOKEN, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { eventBody, interactionBody, nowSec, postSigned, viewSubmissionPayload } from '../support/slack-sign.ts';
import { CALLBACKS } from '../../src/views/ids.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until } from '../support/nudge-factory.ts';

let fake: FakeSlack;
let app: TestApp | undefined;
const posts = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

beforeAll(async () => {
  fake = await startFakeSlack({ perChannelPerSecond: 1, channels: ['C0NUDGES01'] });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

describe('deliver', () => {
  it('posts each released nudge once, with its metadata key, even when its job is enqueued again', async () => {
    app = await startTestApp({ slackApiUrl: fake.apiUrl });
    const { pool } = app.db;
    const ws = await seedWorkspace(pool, { managers: ['U0MANAGER1'] });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await seedNudge(pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId })).nudgeId);
    for (const nudgeId of ids) await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
    await until(async () => (await Promise.all(ids.map((id) => nudgeRow(pool, ws.workspaceId, id)))).every((r) => r.delivery_state === 'posted'));
    // the same jobs once more, under new ids (as after Redis forgot the old ones): nothing new is posted
    for (const nudgeId of ids) await app.running.rt.queues.deliver.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 }, { jobId: `again-${nudgeId}` });
    await until(async () => (await app!.running.rt.queues.deliver.getJobCounts('completed')).completed === 6);
    const messages = fake.messages('C0NUDGES01');
    expect(messages).toHaveLength(3);
    expect(fake.stats.rateLimited).toBe(0);
    for (const id of ids) {
      const row = await nudgeRow(pool, ws.workspaceId, id);
      const m = messages.find((x) => x.ts === row.message_ts)!;
      expect(m.metadata).toEqual({ event_type: 'tend_nudge', event_payload: { key: `tend:${ws.workspaceId}:${id}:0` } });
      expect(row.channel_id).toBe('C0NUDGES01');
    }
  });

  it('honours ratelimited with Retry-After 2: no new post to the channel before 2 s, and the message arrives once', async () => {
    app = await startTestApp({ slackApiUrl: fake.apiUrl });
    const { pool } = app.db;
    const ws = await seedWorkspace(pool);
    const { nudgeId } = await seedNudge(pool, ws.workspaceId);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, nudgeId)).delivery_state === 'posted', 15_000);
    const calls = posts('C0NUDGES01');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2_000);
    expect(fake.messages('C0NUDGES01')).toHaveLength(1);
  });

  it('a 429 whose Retry-After cannot be read is still a rate limit: the post waits (30 s) instead of being given up', async () => {
    app = await startTestApp({ slackApiUrl: fake.apiUrl });
    const { pool } = app.db;
    const ws = await seedWorkspace(pool);
    const { nudgeId } = await seedNudge(pool, ws.workspaceId);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 'soon' });
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
    const job = await until(async () => (await app!.running.rt.queues.deliver.getDelayed())[0] ?? null, 10_000, 'job delayed');
    expect(job.delay).toBeGreaterThanOrEqual(25_000);
    // nothing was posted, so the row is released for a plain retry (not left `posting`, not failed)
    const row = await nudgeRow(pool, ws.workspaceId, nudgeId);
    expect(row.delivery_state).toBe('pending');
    expect(row.delivery_error).toBeNull();
    expect(posts('C0NUDGES01').map((c) => c.status)).toEqual([429]);
  });

  it.each(['invalid_blocks', 'msg_too_long', 'msg_blocks_too_long'])(
    '%s: the message itself is refused, so it is not retried and the channel is not blocked',
    async (code) => {
      app = await startTestApp({ slackApiUrl: fake.apiUrl });
      const { pool } = app.db;
      const ws = await seedWorkspace(pool, { managers: ['U0MANAGER1'] });
      const a = await seedNudge(pool, ws.workspaceId);
      const b = await seedNudge(pool, ws.workspaceId);
      fake.failNext('chat.postMessage', { error: code });
      await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: a.nudgeId, generation: 0 });
      await until(async () => (await nudgeRow(pool, ws.workspaceId, a.nudgeId)).delivery_state === 'failed');
      expect((await nudgeRow(pool, ws.workspaceId, a.nudgeId)).delivery_error).toBe(code);
      const failed = await until(async () => {
        const f = await app!.running.rt.queues.deliver.getFailed();
        return f.length ? f : null;
      }, 5_000, 'job filed as failed');
      expect(failed.map((j) => j.attemptsMade)).toEqual([1]);
      // the channel still takes the next nudge, and no manager was told of a channel problem
      await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: b.nudgeId, generation: 0 });
      await until(async () => (await nudgeRow(pool, ws.workspaceId, b.nudgeId)).delivery_state === 'posted');
      expect((await pool.query('select 1 from delivery_block where workspace_id = $1', [ws.workspaceId])).rowCount).toBe(0);
      expect(fake.messages(fake.dmChannelFor('U0MANAGER1'))).toHaveLength(0);
      expect(posts('C0NUDGES01')).toHaveLength(2);
    },
  );

  it('reconciles a post whose response was lost instead of posting again (TEND_RECONCILE_WITH_HISTORY=true)', async () => {
    // Slack posts the message but the answer never reaches us (a timeout): the retry must find it.
    let lose = true;
    const real = createSlackDelivery(async () => BOT_TOKEN, fake.apiUrl, createLogger('silent'));
    const lossy: DeliveryPort = {
      ...real,
      kind: 'slack',
      post: async (ws, msg) => {
        const posted = await real.post(ws, msg);
        if (lose) {
          lose = false;
          throw new TransientDeliveryError('ETIMEDOUT');
        }
        return posted;
      },
    };
    app = await startTestApp({ slackApiUrl: fake.apiUrl, delivery: lossy, env: { TEND_RECONCILE_WITH_HISTORY: 'true' } });
    const { pool } = app.db;
    const ws = await seedWorkspace(pool);
    const { nudgeId } = await seedNudge(pool, ws.workspaceId);
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
    const row = await until(async () => {
      const r = await nudgeRow(pool, ws.workspaceId, nudgeId);
      return r.delivery_state === 'posted' ? r : null;
    }, 15_000);
    expect(posts('C0NUDGES01')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(fake.messages('C0NUDGES01').map((m) => m.ts)).toEqual([row.message_ts]);
  });

  it('channel_not_found: stops retrying, marks the nudges, tells each manager once, and calls Slack no more for that channel', async () => {
    app = await startTestApp({ slackApiUrl: fake.apiUrl });
    const { pool } = app.db;
    const ws = await seedWorkspace(pool, { channel: 'C0GONE0001', managers: ['U0MANAGER1', 'U0MANAGER2'] });
    const a = await seedNudge(pool, ws.workspaceId);
    const b = await seedNudge(pool, ws.workspaceId);
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: a.nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, a.nudgeId)).delivery_state === 'failed');
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: b.nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, b.nudgeId)).delivery_state === 'failed');
    expect((await nudgeRow(pool, ws.workspaceId, a.nudgeId)).delivery_error).toBe('channel_not_found');
    expect((await nudgeRow(pool, ws.workspaceId, b.nudgeId)).delivery_error).toBe('blocked:channel_not_found');
    expect(posts('C0GONE0001')).toHaveLength(1);
    // the row is marked failed inside the job; BullMQ files the job as failed just after
    const failed = await until(async () => {
      const f = await app!.running.rt.queues.deliver.getFailed();
      return f.length ? f : null;
    }, 5_000, 'job filed as failed');
    expect(failed.map((j) => j.attemptsMade)).toEqual([1]);
    const block = await pool.query('select target, error, notified_at from delivery_block where workspace_id = $1', [ws.workspaceId]);
    expect(block.rows).toEqual([{ target: 'C0GONE0001', error: 'channel_not_found', notified_at: expect.any(Date) }]);
    for (const m of ['U0MANAGER1', 'U0MANAGER2']) {
      const dm = fake.messages(fake.dmChannelFor(m));
      expect(dm).toHaveLength(1);
      expect(dm[0]!.text).toContain('channel_not_found');
    }
  });

  it("a read-only channel is refused at once (no retries), the managers are told to let Tend post and save the settings again, and that save lifts the block", async () => {
    app = await startTestApp({ slackApiUrl: fake.apiUrl });
    const { pool } = app.db;
    fake.addChannel('C0ANNOUNC1', { name: 'announcements' });
    const ws = await seedWorkspace(pool, { channel: 'C0ANNOUNC1', managers: ['U0MANAGER1'] });
    const a = await seedNudge(pool, ws.workspaceId);
    fake.failNext('chat.postMessage', { error: 'restricted_action_read_only_channel' });
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: a.nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, a.nudgeId)).delivery_state === 'failed', 10_000, 'refused');
    expect(posts('C0ANNOUNC1')).toHaveLength(1);
    // the managers are told just after the row is marked
    const notice = await until(async () => { const m = fake.messages(fake.dmChannelFor('U0MANAGER1')); return m.length ? m : null; }, 10_000, 'notice');
    expect(notice).toHaveLength(1);
    expect(JSON.stringify(notice[0]!.blocks)).toContain('Let it post there and save `/tend settings` again');
    // the manager opens the channel to Tend, then saves the settings with it
    const values = settingsValues({ nudgeChannel: 'C0ANNOUNC1', grouping: 'single' });
    const saved = await postSigned(`${app.url}/slack/events`, {
      body: interactionBody(viewSubmissionPayload({ userId: 'U0MANAGER1', teamId: 'T0TEND0001', callbackId: CALLBACKS.settings, values })),
      secret: SIGNING_SECRET,
    });
    expect(saved.status).toBe(200);
    expect((await pool.query('select cleared_at from delivery_block where workspace_id = $1', [ws.workspaceId])).rows[0]?.cleared_at).toBeInstanceOf(Date);
    const b = await seedNudge(pool, ws.workspaceId);
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: b.nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, b.nudgeId)).delivery_state === 'posted', 10_000, 'next nudge posted');
  });

  it('the bot invited into a refused channel lifts its block: the next nudge is posted there', async () => {
    app = await startTestApp({ slackApiUrl: fake.apiUrl });
    const { pool } = app.db;
    fake.addChannel('C0LATE0001', { name: 'late-nudges' });
    const ws = await seedWorkspace(pool, { channel: 'C0LATE0001', managers: ['U0MANAGER1'] });
    const a = await seedNudge(pool, ws.workspaceId);
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: a.nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, a.nudgeId)).delivery_state === 'failed', 10_000, 'first post refused');
    // a manager does as the notice says: /invite @Tend, and Slack tells the app
    const joined = eventBody({ team_id: 'T0TEND0001', event: { type: 'member_joined_channel', user: 'U0TENDBOT1', channel: 'C0LATE0001', channel_type: 'C', team: 'T0TEND0001', inviter: 'U0MANAGER1', event_ts: `${nowSec()}.000100` } });
    expect((await postSigned(`${app.url}/slack/events`, { body: joined, secret: SIGNING_SECRET })).status).toBe(200);
    await until(async () => (await pool.query('select cleared_at from delivery_block where workspace_id = $1', [ws.workspaceId])).rows[0]?.cleared_at instanceof Date, 10_000, 'block lifted');
    const b = await seedNudge(pool, ws.workspaceId);
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: b.nudgeId, generation: 0 });
    await until(async () => (await nudgeRow(pool, ws.workspaceId, b.nudgeId)).delivery_state === 'posted', 10_000, 'next nudge posted');
    expect(posts('C0LATE0001').map((c) => c.status)).toEqual([200, 200]);
  });
});

// Slack down while nudges are being delivered: chat.postMessage answers `ratelimited`
// (HTTP 429, Retry-After 3) for 12 s, then HTTP 500 for 12 s. The issue asks for a minute;
// 24 s keeps CI within its budget and still spans several Retry-Afters and several rounds
// of the deliver queue's exponential backoff (2 s, 4 s, 8 s, ...).
// Asserted: no post to a channel before its Retry-After has elapsed; while ratelimited at
// most one try per Retry-After per channel, while failing no more than the channel's pace
// (1/s) — not a storm; afterwards every nudge has exactly one message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { seedNudge, seedWorkspace, until } from '../support/nudge-factory.ts';

const CHANNELS = ['C0OUTAGE01', 'C0OUTAGE02', 'C0OUTAGE03'];
const PER_CHANNEL = 4;
const RETRY_AFTER_S = 3;
const PHASE_MS = 12_000;

let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: CHANNELS, perChannelPerSecond: 1 });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'worker' });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe('Slack outage during delivery', () => {
  it('honours Retry-After, does not storm, and posts every nudge exactly once afterwards', async () => {
    const { pool } = app.db;
    const nudges: { workspaceId: number; nudgeId: number; channel: string }[] = [];
    for (const [i, channel] of CHANNELS.entries()) {
      const ws = await seedWorkspace(pool, { teamId: `T0OUTAGE${i}`, channel, owner: `U0OWNER00${i}` });
      for (let n = 0; n < PER_CHANNEL; n++) nudges.push({ workspaceId: ws.workspaceId, nudgeId: (await seedNudge(pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId })).nudgeId, channel });
    }

    const start = Date.now();
    fake.failFor('chat.postMessage', PHASE_MS, { status: 429, retryAfter: RETRY_AFTER_S });
    const phase2 = setTimeout(() => fake.failFor('chat.postMessage', PHASE_MS, { status: 500, body: 'upstream error' }), PHASE_MS);
    for (const n of nudges) await app.running.rt.queues.add('deliver', { workspaceId: n.workspaceId, nudgeId: n.nudgeId, generation: 0 });

    const end = start + 2 * PHASE_MS;
    await until(async () => {
      const { rows } = await pool.query(`select count(*)::int as n from nudge where delivery_state = 'posted'`);
      return rows[0].n === nudges.length;
    }, 2 * PHASE_MS + 90_000, 'every nudge posted');
    clearTimeout(phase2);
    const drainedAfter = Date.now() - end;

    const posts = fake.callsTo('chat.postMessage');
    const figures: Record<string, unknown> = { drainedAfterWindowMs: drainedAfter };
    for (const channel of CHANNELS) {
      const calls = posts.filter((c) => c.args.channel === channel);
      // backoff honoured: after a 429, nothing to that channel until Retry-After has passed
      for (const [i, c] of calls.entries()) {
        if (c.status !== 429) continue;
        const next = calls[i + 1];
        if (next) expect(next.at - c.at, `${channel}: call ${i + 1} came ${next.at - c.at} ms after a 429`).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5);
      }
      const during = calls.filter((c) => c.at < end);
      const in429 = calls.filter((c) => c.at < start + PHASE_MS).length;
      const in500 = calls.filter((c) => c.at >= start + PHASE_MS && c.at < end).length;
      figures[channel] = { in429Phase: in429, in500Phase: in500, total: calls.length, nudges: PER_CHANNEL };
      // no storm: while ratelimited, one try per Retry-After (12 s / 3 s, +1 for the first);
      // while failing with 500s, the channel's pacing (Slack's 1 message/s per channel) and
      // the queue's exponential backoff bound the retries, whatever the number of nudges
      expect(in429, `${channel} calls while ratelimited`).toBeLessThanOrEqual(PHASE_MS / (RETRY_AFTER_S * 1000) + 1);
      expect(in500, `${channel} calls while failing`).toBeLessThanOrEqual(PHASE_MS / 1000 + 2);
      expect(during.length).toBeGreaterThan(0);
      // exactly one message per nudge, each with its own key
      const messages = fake.messages(channel);
      expect(messages).toHaveLength(PER_CHANNEL);
      const keys = messages.map((m) => (m.metadata as { event_payload: { key: string } }).event_payload.key);
      expect(new Set(keys).size).toBe(PER_CHANNEL);
    }
    for (const n of nudges) {
      const { rows } = await pool.query('select channel_id, message_ts from nudge where workspace_id = $1 and id = $2', [n.workspaceId, n.nudgeId]);
      expect(fake.message(n.channel, rows[0].message_ts)).toBeDefined();
    }
    expect(posts.filter((c) => c.at < start + PHASE_MS).every((c) => c.status === 429)).toBe(true);
    expect(posts.filter((c) => c.at >= start + PHASE_MS + 50 && c.at < end - 50).every((c) => c.status === 500)).toBe(true);
    console.log(`slack-outage: ${JSON.stringify(figures)}`);
  }, 150_000);
});

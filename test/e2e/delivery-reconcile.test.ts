// A nudge post whose outcome Tend never heard, in both modes, against the fake Slack:
// by default (no history scopes) it is given up as `unconfirmed` and never posted twice;
// with TEND_RECONCILE_WITH_HISTORY=true the retry finds it by its metadata key. Answers that
// prove nothing was posted (an HTTP error status) are retried in both modes without looking.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listMyNudges } from '../../src/data/my-nudges.ts';
import { classifySlackError, TransientDeliveryError, type DeliveryPort } from '../../src/delivery/port.ts';
import { createSlackDelivery } from '../../src/delivery/slack.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp, BOT_TOKEN, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until } from '../support/nudge-factory.ts';

const CHANNEL = 'C0NUDGES01';
let fake: FakeSlack;
let app: TestApp | undefined;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL] });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

/** The real Slack adapter, except that its first post reaches Slack and then fails with `err`. */
function firstPostAnswers(err: Error): DeliveryPort {
  let first = true;
  const real = createSlackDelivery(async () => BOT_TOKEN, fake.apiUrl, createLogger('silent'));
  return {
    ...real,
    post: async (ws, msg) => {
      const posted = await real.post(ws, msg);
      if (first) {
        first = false;
        throw err;
      }
      return posted;
    },
  };
}

async function deliverOne(reconcile: boolean, delivery?: DeliveryPort) {
  app = await startTestApp({ slackApiUrl: fake.apiUrl, env: { TEND_RECONCILE_WITH_HISTORY: String(reconcile) }, ...(delivery ? { delivery } : {}) });
  const { pool } = app.db;
  const ws = await seedWorkspace(pool);
  const { nudgeId } = await seedNudge(pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId });
  await pool.query('update nudge set assignee_id = $3 where workspace_id = $1 and id = $2', [ws.workspaceId, nudgeId, ws.ownerMemberId]);
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
  const row = await until(async () => {
    const r = await nudgeRow(pool, ws.workspaceId, nudgeId);
    return r.delivery_state === 'posted' || r.delivery_state === 'failed' ? r : null;
  }, 30_000, 'delivery settled');
  return { row, ws, nudgeId };
}

describe.each([
  ['a timeout after the request went out', () => new TransientDeliveryError('ETIMEDOUT')],
  ["Slack's internal_error (its docs: the operation may have partly succeeded)", () => classifySlackError('internal_error')],
])('a post that reached Slack, answered by %s', (_name, error) => {
  it('by default: not posted again, marked unconfirmed, still on /nudges, no history read', async () => {
    const { row, ws, nudgeId } = await deliverOne(false, firstPostAnswers(error()));
    expect(row).toMatchObject({ delivery_state: 'failed', delivery_error: 'unconfirmed', status: 'open' });
    expect(fake.messages(CHANNEL)).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
    const mine = await listMyNudges(app!.db.pool, ws.workspaceId, ws.ownerMemberId);
    expect(mine.nudges.map((n) => n.id)).toEqual([nudgeId]);
  });

  it('with TEND_RECONCILE_WITH_HISTORY=true: found by its metadata key and recorded, one message', async () => {
    const { row } = await deliverOne(true, firstPostAnswers(error()));
    expect(row.delivery_state).toBe('posted');
    const messages = fake.messages(CHANNEL);
    expect(messages).toHaveLength(1);
    expect(row.message_ts).toBe(messages[0]!.ts);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
  });
});

describe.each([false, true])('TEND_RECONCILE_WITH_HISTORY=%s', (reconcile) => {
  it('an HTTP 500 posted nothing: the retry posts without reading history, one message', async () => {
    fake.failNext('chat.postMessage', { status: 500, body: 'upstream error' });
    const { row } = await deliverOne(reconcile);
    expect(row.delivery_state).toBe('posted');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.messages(CHANNEL).map((m) => m.ts)).toEqual([row.message_ts]);
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
  });
});

it('reconciling without the history scopes (missing_scope): unconfirmed, nothing blocked, one message', async () => {
  fake.failNext('conversations.history', { error: 'missing_scope' });
  const { row, ws } = await deliverOne(true, firstPostAnswers(new TransientDeliveryError('ETIMEDOUT')));
  expect(row).toMatchObject({ delivery_state: 'failed', delivery_error: 'unconfirmed:missing_scope' });
  expect(fake.messages(CHANNEL)).toHaveLength(1);
  const blocks = await app!.db.pool.query('select target from delivery_block where workspace_id = $1', [ws.workspaceId]);
  expect(blocks.rows).toEqual([]);
});

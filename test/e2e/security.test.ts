// The edge of /slack/events: only genuine, fresh, well-formed Slack requests get in, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { eventBody, interactionBody, nowSec, postSigned, signSlackRequest, slashCommandBody } from '../support/slack-sign.ts';

let fake: FakeSlack;
let app: TestApp;
let events: string;

const counts = async () => {
  const { rows } = await app.db.pool.query(
    'select (select count(*) from workspace)::int as workspaces, (select count(*) from slack_event)::int as events, (select count(*) from conversation)::int as conversations',
  );
  return rows[0] as { workspaces: number; events: number; conversations: number };
};

beforeAll(async () => {
  // the single-token app serves only its token's team (auth.test): every request here is from it
  fake = await startFakeSlack({ team: { id: 'T0SEC' } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web' });
  events = `${app.url}/slack/events`;
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

const command = (text: string) =>
  slashCommandBody({ command: '/log', text, team_id: 'T0SEC', user_id: 'U0SEC', channel_id: 'C0SEC', response_url: 'http://127.0.0.1:9/response/sec', trigger_id: '1.2.3' });

describe('request verification on /slack/events', () => {
  it.each([
    ['a forged signature', { 'x-slack-signature': `v0=${'0'.repeat(64)}` }, 401],
    ['a signature made with another secret', signSlackRequest('not-our-secret', command('Acme: call')), 401],
    ['a stale timestamp', signSlackRequest(SIGNING_SECRET, command('Acme: call'), nowSec() - 400), 401],
    ['a timestamp from the future', signSlackRequest(SIGNING_SECRET, command('Acme: call'), nowSec() + 400), 401],
    ['no signature headers', { 'x-slack-signature': '', 'x-slack-request-timestamp': '' }, 401],
  ])('rejects %s and writes nothing', async (_name, headers, status) => {
    const before = await counts();
    const res = await postSigned(events, { body: command('Acme: call'), secret: SIGNING_SECRET, headers: headers as Record<string, string> });
    expect(res.status).toBe(status);
    expect(await counts()).toEqual(before);
  });

  it('rejects a body over 1 MB before reading it all', async () => {
    const before = await counts();
    const res = await postSigned(events, { body: command('x'.repeat(1_100_000)), secret: SIGNING_SECRET });
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['interactivity whose payload is not JSON', 'payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
    ['interactivity whose payload has no type', interactionBody({ user: { id: 'U1' } }), 'application/x-www-form-urlencoded'],
    ['an event body that is a JSON array', '[1,2,3]', 'application/json'],
    ['an event body without a type', JSON.stringify({ team_id: 'T0SEC', event: {} }), 'application/json'],
    ['a form that is neither command nor interaction', 'team_id=T0SEC&hello=world', 'application/x-www-form-urlencoded'],
    ['an unexpected content type', JSON.stringify({ type: 'event_callback' }), 'text/plain'],
  ])('answers 400 to %s, signed or not, and writes nothing', async (_name, body, contentType) => {
    const before = await counts();
    const res = await postSigned(events, { body, contentType, secret: SIGNING_SECRET });
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('handles a replayed request once: the copy gets an empty 200 and changes nothing', async () => {
    const body = eventBody({ team_id: 'T0SEC', event: { type: 'app_home_opened', user: 'U0R', channel: 'D0R', tab: 'messages' } } as never);
    const headers = signSlackRequest(SIGNING_SECRET, body);
    const before = await counts();
    const first = await postSigned(events, { body, secret: SIGNING_SECRET, headers: { ...headers } });
    expect(first.status).toBe(200);
    // events are acknowledged first and handled after; wait until this one was recorded
    await expect.poll(async () => (await counts()).events).toBe(before.events + 1);
    await new Promise((r) => setTimeout(r, 300));
    const after = await counts();
    const again = await postSigned(events, { body, secret: SIGNING_SECRET, headers: { ...headers } });
    expect(again.status).toBe(200);
    expect(again.headers.get('x-slack-no-retry')).toBe('1');
    await new Promise((r) => setTimeout(r, 300));
    expect(await counts()).toEqual(after);
  });

  it('handles an event redelivered by Slack (x-slack-retry-num 1..3) once', async () => {
    const body = eventBody({ team_id: 'T0SEC', event_id: 'Ev0RETRY01', event: { type: 'app_home_opened', user: 'U0R', channel: 'D0R', tab: 'messages' } } as never);
    for (const n of [0, 1, 2, 3]) {
      // each retry is signed afresh, as Slack does
      const res = await postSigned(events, {
        body,
        secret: SIGNING_SECRET,
        timestamp: nowSec() + n,
        headers: n ? { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' } : {},
      });
      expect(res.status).toBe(200);
    }
    const { rows } = await app.db.pool.query("select count(*)::int as n from slack_event where event_id = 'Ev0RETRY01'");
    expect(rows[0].n).toBe(1);
  });
});

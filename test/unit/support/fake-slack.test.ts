import { ErrorCode, WebClient, type Logger, type WebAPIHTTPError, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.ts';

// WebClient logs Slack's response_metadata messages; the tests assert on them instead
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} };

function client(fake: FakeSlack, token = 'xoxb-test'): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: quiet,
  });
}

async function failure<T = unknown>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (err) {
    return err as T;
  }
  throw new Error('expected the call to fail');
}

describe('fake Slack Web API driven by a real WebClient', () => {
  let fake: FakeSlack;
  let web: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({
      channels: { C0DEALS001: { name: 'deals' }, C0OTHER001: {}, C0PRIV0001: { is_private: true, is_member: false }, C0PUB00001: { is_member: false } },
      users: { U0ALICE001: { name: 'alice', real_name: 'Alice Doe', tz: 'Europe/Berlin' }, U0BOB00001: { name: 'bob', tz: 'America/New_York' } },
      oauth: { clientId: '123.456', clientSecret: 'shh', codes: ['good-code'] },
    });
    web = client(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('serves on 127.0.0.1 with an /api/ base url', () => {
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(fake.responseUrl('cmd 1')).toBe(`${fake.url}/response/cmd%201`);
  });

  it('auth.test answers for the bot token', async () => {
    const res = await web.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T0TEND0001', user_id: 'U0TENDBOT1', bot_id: 'B0TENDBOT1', url: 'https://tend-test.slack.com/' });
  });

  it('postMessage then update shows the current state in messages()', async () => {
    const blocks = [{ type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '*Acme* renews in 30 days' } }];
    const posted = await web.chat.postMessage({ channel: 'C0DEALS001', text: 'Acme renews', blocks });
    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe('C0DEALS001');
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({ type: 'message', text: 'Acme renews', bot_id: 'B0TENDBOT1', user: 'U0TENDBOT1', blocks });

    const second = await web.chat.postMessage({ channel: 'C0DEALS001', text: 'second' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    // the form-encoded blocks arrived as JSON-stringified text and were parsed back
    const call = fake.callsTo('chat.postMessage')[0]!;
    expect(call.contentType).toContain('application/x-www-form-urlencoded');
    expect(call.args.blocks).toEqual(blocks);
    expect(call.token).toBe('xoxb-test');
    expect(call.status).toBe(200);
    expect(call.at).toBeLessThanOrEqual(Date.now());

    const newBlocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Done :white_check_mark:' } }];
    const updated = await web.chat.update({ channel: 'C0DEALS001', ts: posted.ts!, text: 'Acme handled', blocks: newBlocks });
    expect(updated).toMatchObject({ ok: true, channel: 'C0DEALS001', ts: posted.ts, text: 'Acme handled' });
    expect(updated.message?.edited?.user).toBe('B0TENDBOT1');

    const msgs = fake.messages('C0DEALS001');
    expect(msgs.map((m) => m.text)).toEqual(['Acme handled', 'second']);
    expect(msgs[0]!.blocks).toEqual(newBlocks);
    expect(msgs[0]!.updates).toBe(1);
    expect(msgs[0]!.ts).toBe(posted.ts);
    expect(fake.messages('C0OTHER001')).toEqual([]);
    expect(fake.stats.posted).toBe(2);
  });

  it('accepts application/json bodies with the token in the Authorization header', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ channel: 'C0DEALS001', text: 'json', blocks: [{ type: 'divider' }], unfurl_links: false }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; ts: string };
    expect(body.ok).toBe(true);
    expect(fake.message('C0DEALS001', body.ts)).toMatchObject({ text: 'json', blocks: [{ type: 'divider' }] });
    expect(fake.callsTo('chat.postMessage')[0]!.args.unfurl_links).toBe(false);
  });

  it('rejects a bad token with invalid_auth and a missing one with not_authed', async () => {
    const err = await failure<WebAPIPlatformError>(client(fake, 'xoxb-wrong').chat.postMessage({ channel: 'C0DEALS001', text: 'x' }));
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe('invalid_auth');

    const res = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });

    fake.revokeToken('xoxb-test');
    expect((await failure<WebAPIPlatformError>(web.auth.test())).data.error).toBe('token_revoked');
    expect(fake.messages('C0DEALS001')).toEqual([]);
    expect(fake.calls.map((c) => c.error)).toEqual(['invalid_auth', 'not_authed', 'token_revoked']);
  });

  it("answers Slack's error codes for bad arguments", async () => {
    const err = async (p: Promise<unknown>) => (await failure<WebAPIPlatformError>(p)).data;
    expect((await err(web.chat.postMessage({ channel: 'C0NOPE0001', text: 'x' }))).error).toBe('channel_not_found');
    expect((await err(web.chat.postMessage({ channel: 'C0DEALS001' } as never))).error).toBe('no_text');
    expect((await err(web.chat.postMessage({ channel: 'C0PRIV0001', text: 'x' }))).error).toBe('channel_not_found');
    expect((await err(web.chat.postMessage({ channel: 'C0PUB00001', text: 'x' }))).error).toBe('not_in_channel');
    expect((await err(web.chat.update({ channel: 'C0DEALS001', ts: '1763900000.000100', text: 'x' }))).error).toBe('message_not_found');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const blocks = await err(web.chat.postMessage({ channel: 'C0DEALS001', text: 'x', blocks: tooMany }));
    expect(blocks.error).toBe('invalid_blocks');
    expect(blocks.response_metadata?.messages).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
    const missing = await err(web.views.publish({ user_id: 'U0ALICE001' } as never));
    expect(missing.error).toBe('invalid_arguments');
    expect(missing.response_metadata?.messages).toEqual(['[ERROR] missing required field: view']);
    expect((await err(web.users.info({ user: 'U0NOBODY01' }))).error).toBe('user_not_found');
    expect((await err(web.apiCall('chat.fly', {}))).error).toBe('unknown_method');
    expect(fake.stats.posted).toBe(0);
  });

  it('failNext 429 with retryAfter 2 makes WebClient throw a rate-limited error carrying retryAfter 2, once', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const err = await failure<WebAPIRateLimitedError>(web.chat.postMessage({ channel: 'C0DEALS001', text: 'x' }));
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(2);
    expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ status: 429, ok: false, error: 'ratelimited' });
    expect(fake.stats.rateLimited).toBe(1);
    expect(fake.messages('C0DEALS001')).toEqual([]);

    await web.chat.postMessage({ channel: 'C0DEALS001', text: 'after' });
    expect(fake.messages('C0DEALS001').map((m) => m.text)).toEqual(['after']);
  });

  it('a fault scoped to one token fails only that workspace’s calls', async () => {
    fake.addToken('xoxb-other');
    fake.failFor('chat.postMessage', 60_000, { status: 429, retryAfter: 5 }, { token: 'xoxb-other' });
    const other = client(fake, 'xoxb-other');
    expect((await failure<WebAPIRateLimitedError>(other.chat.postMessage({ channel: 'C0DEALS001', text: 'x' }))).retryAfter).toBe(5);
    await web.chat.postMessage({ channel: 'C0DEALS001', text: 'mine' });
    expect(fake.messages('C0DEALS001').map((m) => m.text)).toEqual(['mine']);
  });

  it('the 429 carries the Retry-After header and Slack body on the wire', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer xoxb-test' },
      body: 'channel=C0DEALS001&text=x',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('a 500 becomes an HTTP error; an injected Slack error a platform error; other methods are unaffected', async () => {
    fake.failNext('chat.update', { status: 500 });
    fake.failNext('conversations.open', { error: 'account_inactive' }, 2);
    const http = await failure<WebAPIHTTPError>(web.chat.update({ channel: 'C0DEALS001', ts: '1.2', text: 'x' }));
    expect(http.code).toBe(ErrorCode.HTTPError);
    expect(http.statusCode).toBe(500);
    for (let i = 0; i < 2; i++) {
      expect((await failure<WebAPIPlatformError>(web.conversations.open({ users: 'U0ALICE001' }))).data.error).toBe('account_inactive');
    }
    await expect(web.auth.test()).resolves.toMatchObject({ ok: true });
    await expect(web.conversations.open({ users: 'U0ALICE001' })).resolves.toMatchObject({ ok: true });
  });

  it('failFor fails every call in the window and then recovers', async () => {
    const start = Date.now();
    fake.failFor('users.info', 800, { status: 503 });
    for (let i = 0; i < 3; i++) expect((await failure<WebAPIHTTPError>(web.users.info({ user: 'U0ALICE001' }))).statusCode).toBe(503);
    await new Promise((r) => setTimeout(r, Math.max(0, start + 850 - Date.now())));
    await expect(web.users.info({ user: 'U0ALICE001' })).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo('users.info').map((c) => c.status)).toEqual([503, 503, 503, 200]);
  });

  it('conversations.open gives a stable D channel, users.info the configured name and tz', async () => {
    const a = await web.conversations.open({ users: 'U0ALICE001' });
    const b = await web.conversations.open({ users: 'U0ALICE001' });
    expect(a.channel?.id).toMatch(/^D/);
    expect(b.channel?.id).toBe(a.channel?.id);
    expect(a.already_open).toBe(false);
    expect(b.already_open).toBe(true);
    expect(fake.dmChannelFor('U0ALICE001')).toBe(a.channel?.id);
    await web.chat.postMessage({ channel: a.channel!.id!, text: 'your digest' });
    expect(fake.messages(a.channel!.id!).map((m) => m.text)).toEqual(['your digest']);
    const info = await web.conversations.info({ channel: a.channel!.id! });
    expect(info.channel).toMatchObject({ id: a.channel?.id, is_im: true, user: 'U0ALICE001' });
    expect((await web.conversations.info({ channel: 'C0DEALS001' })).channel).toMatchObject({ name: 'deals', is_channel: true, is_member: true });

    const u = await web.users.info({ user: 'U0ALICE001' });
    expect(u.user).toMatchObject({ id: 'U0ALICE001', name: 'alice', real_name: 'Alice Doe', tz: 'Europe/Berlin', is_bot: false });
    expect([3600, 7200]).toContain(u.user?.tz_offset);
    expect((await web.users.info({ user: 'U0BOB00001' })).user?.tz_offset).toBeLessThan(0);
  });

  it('per-channel limit: a burst to one channel gets 429s, the same burst across channels does not', async () => {
    const limited = await startFakeSlack({ perChannelPerSecond: 1, perChannelBurst: 2 });
    try {
      const c = client(limited);
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => c.chat.postMessage({ channel: 'C0BUSY0001', text: `m${i}` })));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(rejected).toHaveLength(4);
      for (const r of rejected) {
        expect((r.reason as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
        expect((r.reason as WebAPIRateLimitedError).retryAfter).toBeGreaterThanOrEqual(1);
      }
      expect(limited.stats.rateLimited).toBe(4);
      expect(limited.stats.rateLimitedPerChannel).toEqual({ C0BUSY0001: 4 });
      expect(limited.messages('C0BUSY0001')).toHaveLength(2);

      const spread = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => c.chat.postMessage({ channel: `C0SPREAD0${i}`, text: 'hi' })));
      expect(spread.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(limited.stats.posted).toBe(8);
      expect(Object.keys(limited.stats.perChannel)).toHaveLength(7);

      // after Retry-After the channel accepts again
      await new Promise((r) => setTimeout(r, 1050));
      await expect(c.chat.postMessage({ channel: 'C0BUSY0001', text: 'later' })).resolves.toMatchObject({ ok: true });
    } finally {
      await limited.close();
    }
  });

  it('views: open, update with hash check, push, publish a Home tab; invalid views are refused', async () => {
    const modal = { type: 'modal' as const, callback_id: 'offer', title: { type: 'plain_text' as const, text: 'Offer' }, blocks: [{ type: 'divider' }] };
    const opened = await web.views.open({ trigger_id: '1.2.abc', view: modal });
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'offer', team_id: 'T0TEND0001', app_id: 'A0TENDAPP1', state: { values: {} } });
    const id = opened.view!.id!;
    expect(id).toMatch(/^V[A-Z0-9]{10}$/);
    expect(fake.callsTo('views.open')[0]!.args.view).toEqual(modal);

    const updated = await web.views.update({ view_id: id, hash: opened.view!.hash!, view: { ...modal, private_metadata: '{"n":1}' } });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(fake.view(id)?.private_metadata).toBe('{"n":1}');
    expect((await failure<WebAPIPlatformError>(web.views.update({ view_id: id, hash: opened.view!.hash!, view: modal }))).data.error).toBe('hash_conflict');
    expect((await failure<WebAPIPlatformError>(web.views.update({ view_id: 'V0NOPE0000', view: modal }))).data.error).toBe('not_found');

    const pushed = await web.views.push({ trigger_id: '1.2.def', view: modal });
    expect(pushed.view?.previous_view_id).toBe(id);

    const withInput = { ...modal, blocks: [{ type: 'input', label: { type: 'plain_text' as const, text: 'Note' }, element: { type: 'plain_text_input', action_id: 'n' } }] };
    const bad = await failure<WebAPIPlatformError>(web.views.open({ trigger_id: '1.2.x', view: { ...withInput, title: { type: 'plain_text', text: 'A title that is far too long' } } as never }));
    expect(bad.data.error).toBe('invalid_arguments');
    expect(bad.data.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
      '[ERROR] must provide submit when the view contains input blocks [json-pointer:/view/submit]',
    ]);

    const home = { type: 'home' as const, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi Alice' } }] };
    const published = await web.views.publish({ user_id: 'U0ALICE001', view: home });
    expect(published.view).toMatchObject({ type: 'home', close: null, submit: null });
    const again = await web.views.publish({ user_id: 'U0ALICE001', view: { ...home, blocks: [{ type: 'divider' }] } });
    expect(again.view?.id).toBe(published.view?.id);
    expect(fake.homeView('U0ALICE001')?.blocks).toEqual([{ type: 'divider' }]);
    expect((await failure<WebAPIPlatformError>(web.views.publish({ user_id: 'U0ALICE001', view: modal as never }))).data.error).toBe('invalid_arguments');
  });

  it('postEphemeral, getPermalink and reactions.add', async () => {
    const eph = await web.chat.postEphemeral({ channel: 'C0DEALS001', user: 'U0ALICE001', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.ephemerals('C0DEALS001')).toEqual([expect.objectContaining({ user: 'U0ALICE001', text: 'only you', message_ts: eph.message_ts })]);
    expect(fake.messages('C0DEALS001')).toEqual([]);

    const { ts } = await web.chat.postMessage({ channel: 'C0DEALS001', text: 'x' });
    const link = await web.chat.getPermalink({ channel: 'C0DEALS001', message_ts: ts! });
    expect(link.permalink).toBe(`https://tend-test.slack.com/archives/C0DEALS001/p${ts!.replace('.', '')}`);

    await web.reactions.add({ channel: 'C0DEALS001', timestamp: ts!, name: 'eyes' });
    expect(fake.message('C0DEALS001', ts!)?.reactions).toEqual([{ name: 'eyes', users: ['U0TENDBOT1'], count: 1 }]);
    expect((await failure<WebAPIPlatformError>(web.reactions.add({ channel: 'C0DEALS001', timestamp: ts!, name: 'eyes' }))).data.error).toBe('already_reacted');
  });

  it('oauth.v2.access checks client and code, and the issued token then works', async () => {
    const anon = new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect((await failure<WebAPIPlatformError>(anon.oauth.v2.access({ client_id: '123.456', client_secret: 'nope', code: 'good-code' }))).data.error).toBe(
      'bad_client_secret',
    );
    expect((await failure<WebAPIPlatformError>(anon.oauth.v2.access({ client_id: '9', client_secret: 'shh', code: 'good-code' }))).data.error).toBe('invalid_client_id');
    expect((await failure<WebAPIPlatformError>(anon.oauth.v2.access({ client_id: '123.456', client_secret: 'shh', code: 'other' }))).data.error).toBe('invalid_code');
    const ok = await anon.oauth.v2.access({ client_id: '123.456', client_secret: 'shh', code: 'good-code' });
    expect(ok).toMatchObject({ ok: true, token_type: 'bot', bot_user_id: 'U0TENDBOT1', team: { id: 'T0TEND0001' }, is_enterprise_install: false });
    expect(ok.access_token).toMatch(/^xoxb-/);
    expect((await failure<WebAPIPlatformError>(anon.oauth.v2.access({ client_id: '123.456', client_secret: 'shh', code: 'good-code' }))).data.error).toBe('invalid_code');
    const installed = await client(fake, ok.access_token!).auth.test();
    expect(installed).toMatchObject({ ok: true, team_id: 'T0TEND0001', user_id: 'U0TENDBOT1' });
    expect(installed.bot_id).toMatch(/^B/);
  });

  it('files.uploadV2 goes through getUploadURLExternal, the upload URL and completeUploadExternal', async () => {
    const res = await web.files.uploadV2({ channel_id: 'C0DEALS001', filename: 'digest.csv', title: 'Digest', content: 'account,arr\nAcme,1200\n', initial_comment: 'weekly' });
    expect(res.ok).toBe(true);
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const [file] = fake.files();
    expect(file).toMatchObject({ filename: 'digest.csv', title: 'Digest', completed: true, channel: 'C0DEALS001', initial_comment: 'weekly' });
    expect(file!.content!.toString('utf8')).toBe('account,arr\nAcme,1200\n');
    expect(fake.messages('C0DEALS001')).toEqual([expect.objectContaining({ text: 'weekly', files: [expect.objectContaining({ id: file!.id, name: 'digest.csv' })] })]);
  });

  it('records response_url posts, refuses the sixth, and waitFor sees async work', async () => {
    const url = fake.responseUrl('cmd-1');
    setTimeout(() => void fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', text: 'Working…' }) }), 30);
    const posts = await fake.waitFor((_calls, f) => f.responses('cmd-1').length > 0 && f.responses('cmd-1'), 2000);
    expect(posts[0]!.body).toEqual({ response_type: 'ephemeral', text: 'Working…' });
    for (let i = 0; i < 4; i++) expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"n"}' })).status).toBe(200);
    const sixth = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"n"}' });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(fake.responses('cmd-1')).toHaveLength(6);
    expect(fake.responses('other')).toEqual([]);
    expect(fake.allResponses()).toHaveLength(6);

    setTimeout(() => void web.chat.postMessage({ channel: 'C0OTHER001', text: 'queued' }), 30);
    const call = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.ok), 2000);
    expect(call.args.text).toBe('queued');
    await expect(fake.waitFor((calls) => calls.some((c) => c.method === 'views.open'), 50)).rejects.toThrow(/not met within 50 ms.*chat\.postMessage:200/);
  });

  it('checks every message against Block Kit as Slack does: invalid_blocks, msg_blocks_too_long, on response_url too', async () => {
    const err = async (p: Promise<unknown>) => (await failure<WebAPIPlatformError>(p)).data;
    const section = (n: number) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x'.repeat(n) } });
    const select = { type: 'static_select' as const, action_id: 's', placeholder: { type: 'plain_text' as const, text: 'p'.repeat(151) }, options: [{ text: { type: 'plain_text' as const, text: 'o'.repeat(76) }, value: 'v' }] };
    const bad = await err(web.chat.postMessage({ channel: 'C0DEALS001', text: 'x', blocks: [{ type: 'actions', elements: [select] }] }));
    expect(bad.error).toBe('invalid_blocks');
    expect(bad.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/elements/0/placeholder/text]',
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]',
    ]);
    // each section within its 3,000, five of them past the ~12,000 a message's blocks may hold
    const long = Array.from({ length: 5 }, () => section(2500));
    expect((await err(web.chat.postMessage({ channel: 'C0DEALS001', text: 'x', blocks: long }))).error).toBe('msg_blocks_too_long');
    expect((await err(web.chat.postEphemeral({ channel: 'C0DEALS001', user: 'U0ALICE001', text: 'x', blocks: long }))).error).toBe('msg_blocks_too_long');
    expect(fake.messages('C0DEALS001')).toEqual([]);
    await web.chat.postMessage({ channel: 'C0DEALS001', text: 'x', blocks: long.slice(0, 4) });

    const post = (body: unknown) => fetch(fake.responseUrl('cmd-2'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await post({ text: 'x', blocks: long });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('msg_blocks_too_long');
    expect((await post({ text: 'x', blocks: [section(3001)] })).status).toBe(400);
    expect((await post({ text: 'x', blocks: [section(3000)] })).status).toBe(200);
  });

  it('reset forgets calls, messages, faults and stats', async () => {
    await web.chat.postMessage({ channel: 'C0DEALS001', text: 'x' });
    fake.failNext('auth.test', { error: 'invalid_auth' });
    const callsRef = fake.calls;
    fake.reset();
    expect(callsRef).toHaveLength(0);
    expect(fake.messages('C0DEALS001')).toEqual([]);
    expect(fake.stats.posted).toBe(0);
    await expect(web.auth.test()).resolves.toMatchObject({ ok: true });
  });
});

// The guard in front of /slack/events on a real HTTP server and a real Redis: what it refuses
// from the headers alone (the body is never read), how much of an oversized chunked upload it
// takes before it hangs up, and the replay guard's lifecycle (in flight → done, or released
// when the first attempt failed; fail closed without Redis).
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import express, { type RequestHandler } from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DONE_TTL_SEC, IN_FLIGHT_TTL_SEC, redisReplayGuard, type ReplayGuard } from '../../src/web/replay-guard.ts';
import { MAX_BODY_BYTES, slackRequestGuard } from '../../src/web/verify-slack.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';
import { nowSec, postSigned, signSlackRequest, slashCommandBody } from '../support/slack-sign.ts';

const SECRET = 'guard-test-secret';
const prefix = testPrefix();
let redis: Redis;

/** An HTTP server with the guard in front of `handler`; counts what reached the handler. */
async function serve(handler: RequestHandler, replay?: ReplayGuard) {
  const app = express();
  const reached: string[] = [];
  app.use('/slack/events', slackRequestGuard(SECRET, { replay }), (req, res, next) => {
    reached.push(String((req as unknown as { rawBody: Buffer }).rawBody.length));
    handler(req, res, next);
  });
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/slack/events`,
    reached,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const ok: RequestHandler = (_req, res) => void res.status(200).send('');

type Upload = { accepted: number; closed: boolean; response: string };

/**
 * Streams a chunked body of up to `totalBytes` over a raw socket, as fast as the server takes
 * it, and reports how many body bytes the connection accepted before the server closed it.
 * `closed: false` means the server neither finished nor hung up within `idleMs` of no progress.
 */
async function chunkedUpload(port: number, headers: Record<string, string>, totalBytes: number, idleMs = 5_000): Promise<Upload> {
  const sock = net.connect(port, '127.0.0.1');
  await once(sock, 'connect');
  let response = '';
  let closed = false;
  sock.on('data', (d) => (response += d.toString('latin1')));
  sock.on('error', () => {});
  const gone = new Promise<void>((r) => sock.once('close', () => { closed = true; r(); }));
  const head = Object.entries({ Host: 'localhost', 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  sock.write(`POST /slack/events HTTP/1.1\r\n${head}\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  let accepted = 0;
  while (!closed && accepted < totalBytes) {
    const flushed = sock.write(frame);
    accepted += chunk.length;
    if (!flushed) {
      const progress = await Promise.race([
        once(sock, 'drain').then(() => true, () => false),
        gone.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(false), idleMs)),
      ]);
      if (!progress) break;
    }
  }
  if (!closed) await Promise.race([gone, new Promise((r) => setTimeout(r, idleMs))]);
  sock.destroy();
  return { accepted, closed, response };
}

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await dropPrefix(prefix);
});

describe('body limits, enforced while streaming', () => {
  it('hangs up on a 64 MB chunked upload soon after the 1 MB limit, and the handler never runs', async () => {
    const s = await serve(ok);
    try {
      const sig = signSlackRequest(SECRET, 'whatever');
      const up = await chunkedUpload(s.port, sig, 64 * 1024 * 1024);
      expect(up.closed).toBe(true);
      // what the connection took is the limit plus what the two kernels' socket buffers hold
      // on loopback (~4 MB measured; Linux may let them grow further, hence the headroom):
      // the old guard read all 64 MB
      expect(up.accepted).toBeGreaterThan(MAX_BODY_BYTES);
      expect(up.accepted).toBeLessThan(32 * 1024 * 1024);
      if (up.response) expect(up.response).toMatch(/^HTTP\/1\.1 413/);
      expect(s.reached).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it.each([
    ['a stale timestamp', () => signSlackRequest(SECRET, 'x', nowSec() - 400), 401],
    ['a timestamp from the future', () => signSlackRequest(SECRET, 'x', nowSec() + 400), 401],
    ['no signature', () => ({ 'x-slack-request-timestamp': String(nowSec()) }), 401],
    ['no timestamp', () => ({ 'x-slack-signature': `v0=${'a'.repeat(64)}` }), 401],
    ['a malformed signature', () => ({ 'x-slack-request-timestamp': String(nowSec()), 'x-slack-signature': 'v1=abc' }), 401],
    ['a content type Slack never sends', () => ({ ...signSlackRequest(SECRET, 'x'), 'Content-Type': 'text/plain' }), 400],
    ['a declared length over the limit', () => ({ ...signSlackRequest(SECRET, 'x'), 'Content-Length': String(MAX_BODY_BYTES + 1), 'Transfer-Encoding': '' }), 413],
  ])('answers %s from the headers, without waiting for the body', async (_name, headers, status) => {
    const s = await serve(ok);
    try {
      // one 64 KB chunk, then the client goes quiet and never ends the body: the answer can
      // only come from the headers (the old guard waited for the end of the body forever)
      const h = Object.fromEntries(Object.entries(headers()).filter(([, v]) => v !== ''));
      const sock = net.connect(s.port, '127.0.0.1');
      await once(sock, 'connect');
      let response = '';
      sock.on('data', (d) => (response += d.toString('latin1')));
      sock.on('error', () => {});
      const chunked = !('Content-Length' in h);
      const head = Object.entries({ Host: 'localhost', 'Content-Type': 'application/x-www-form-urlencoded', ...(chunked ? { 'Transfer-Encoding': 'chunked' } : {}), ...h })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      sock.write(`POST /slack/events HTTP/1.1\r\n${head}\r\n`);
      sock.write(chunked ? `10000\r\n${'a'.repeat(0x10000)}\r\n` : 'a'.repeat(0x10000));
      await once(sock, 'close');
      expect(response).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(response).toMatch(/\r\nConnection: close\r\n/i);
      expect(s.reached).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('replay guard', () => {
  const body = () => slashCommandBody({ command: '/log', text: `Acme ${Math.random()}`, team_id: 'T0G', user_id: 'U0G', channel_id: 'C0G', response_url: 'http://127.0.0.1:9/r', trigger_id: '1.2.3' });

  it('keeps a handled request for twice the window plus skew, and an in-flight one briefly', async () => {
    expect(DONE_TTL_SEC).toBeGreaterThanOrEqual(2 * 300 + 60);
    const guard = redisReplayGuard(redis, prefix);
    const claim = await guard.claim('v0=ttl');
    expect(claim.state).toBe('new');
    const inFlight = await redis.ttl(`${prefix}:seen:v0=ttl`);
    expect(inFlight).toBeGreaterThan(0);
    expect(inFlight).toBeLessThanOrEqual(IN_FLIGHT_TTL_SEC);
    await guard.settle('v0=ttl', (claim as { token: string }).token, true);
    expect(await redis.ttl(`${prefix}:seen:v0=ttl`)).toBeGreaterThan(2 * 300 + 59);
    expect((await guard.claim('v0=ttl')).state).toBe('done');
  });

  it('answers the copy of a handled request with an empty 200 and does not handle it again', async () => {
    const s = await serve(ok, redisReplayGuard(redis, prefix));
    try {
      const b = body();
      const headers = signSlackRequest(SECRET, b);
      expect((await postSigned(s.url, { body: b, secret: SECRET, headers })).status).toBe(200);
      const again = await postSigned(s.url, { body: b, secret: SECRET, headers });
      expect(again.status).toBe(200);
      expect(again.headers.get('x-slack-no-retry')).toBe('1');
      expect(s.reached).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('records a handled request as done even when Redis drops the first write of it', async () => {
    const real = redisReplayGuard(redis, prefix);
    let dropped = 0;
    // the first "done" write fails, as on a Redis blip; the guard tries it once more
    const flaky: ReplayGuard = {
      claim: (sig) => real.claim(sig),
      settle: async (sig, token, handled) => {
        if (handled && dropped++ === 0) throw new Error('connection reset');
        return real.settle(sig, token, handled);
      },
    };
    const s = await serve(ok, flaky);
    try {
      const b = body();
      const headers = signSlackRequest(SECRET, b);
      expect((await postSigned(s.url, { body: b, secret: SECRET, headers })).status).toBe(200);
      await expect.poll(async () => (await real.claim(headers['x-slack-signature']!)).state).toBe('done');
      expect(dropped).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('lets the identical retry of a failed first attempt (5xx) be handled', async () => {
    let calls = 0;
    const s = await serve((_req, res) => void res.status(++calls === 1 ? 500 : 200).send(''), redisReplayGuard(redis, prefix));
    try {
      const b = body();
      const headers = signSlackRequest(SECRET, b);
      expect((await postSigned(s.url, { body: b, secret: SECRET, headers })).status).toBe(500);
      // the release is sent when the answer is; give it its round trip to Redis
      await expect.poll(async () => redis.exists(`${prefix}:seen:${headers['x-slack-signature']}`)).toBe(0);
      const retry = await postSigned(s.url, { body: b, secret: SECRET, headers });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('x-slack-no-retry')).toBeNull();
      expect(s.reached).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  it('handles concurrent identical requests once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = await serve(async (_req, res) => {
      await gate;
      res.status(200).send('');
    }, redisReplayGuard(redis, prefix));
    try {
      const b = body();
      const headers = signSlackRequest(SECRET, b);
      const first = postSigned(s.url, { body: b, secret: SECRET, headers });
      await expect.poll(() => s.reached.length).toBe(1);
      const copies = await Promise.all([1, 2, 3].map(() => postSigned(s.url, { body: b, secret: SECRET, headers })));
      // while the first is in flight a copy is not handled, and not reported done either
      expect(copies.map((r) => r.status)).toEqual([503, 503, 503]);
      release();
      expect((await first).status).toBe(200);
      await expect.poll(async () => redis.get(`${prefix}:seen:${headers['x-slack-signature']}`)).toBe('done');
      expect((await postSigned(s.url, { body: b, secret: SECRET, headers })).headers.get('x-slack-no-retry')).toBe('1');
      expect(s.reached).toHaveLength(1);
    } finally {
      release();
      await s.close();
    }
  });

  it('fails closed: 503 (Slack retries) when Redis cannot answer', async () => {
    // nothing listens on port 1: every command fails at once
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => {});
    const s = await serve(ok, redisReplayGuard(dead, prefix));
    try {
      const b = body();
      const res = await postSigned(s.url, { body: b, secret: SECRET });
      expect(res.status).toBe(503);
      expect(s.reached).toEqual([]);
    } finally {
      dead.disconnect();
      await s.close();
    }
  });
});

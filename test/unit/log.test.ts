// Logs carry no secrets: pino output is captured into a stream and read back as JSON lines.
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, safeUrl, scrubSecrets, slackLogger } from '../../src/log.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';

function captured(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger(level, 'tend', stream);
  // pino writes synchronously to a plain stream: each call's line is there when it returns
  return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), text: () => lines.join('\n') };
}

const BOT = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';
const USER = 'xoxp-1234567890-1234567890-1234567890-abcdef0123456789';
const APP = 'xapp-1-A0123456789-1234567890-abcdef0123456789abcdef';
const ROTATING = 'xoxe.xoxb-1-MS0yLTEyMzQ1Njc4OTAtMDk4NzY1NDMyMQ';

describe('log redaction', () => {
  it('redacts secret-named fields by path, nested and in request headers', () => {
    const c = captured();
    c.log.info(
      {
        token: 'opaque-1',
        installation: { botToken: 'opaque-2', bot: { token: 'opaque-3' } },
        config: { password: 'opaque-4', clientSecret: 'opaque-5', signingSecret: 'opaque-6' },
        req: { headers: { authorization: 'Bearer opaque-7', 'x-slack-signature': 'v0=opaque-8', 'content-type': 'application/json' } },
        headers: { 'x-slack-signature': 'v0=opaque-9', cookie: 'sid=opaque-10' },
      },
      'a request',
    );
    expect(c.text()).not.toMatch(/opaque-/);
    const [r] = c.records();
    expect(r!.token).toBe('[Redacted]');
    expect((r!.req as { headers: Record<string, string> }).headers).toEqual({
      authorization: '[Redacted]',
      'x-slack-signature': '[Redacted]',
      'content-type': 'application/json',
    });
    expect((r!.installation as { bot: { token: string } }).bot.token).toBe('[Redacted]');
  });

  it('censors Slack tokens inside messages, format arguments, nested strings and errors', () => {
    const c = captured();
    c.log.warn(`posting with ${BOT} failed`);
    c.log.warn('user token %s, app token %s', USER, APP);
    c.log.error({ err: new Error(`invalid_auth: ${ROTATING}`), detail: { says: [`the token ${BOT}`] } }, 'Slack said no');
    expect(c.lines).toHaveLength(3);
    for (const t of [BOT, USER, APP, ROTATING]) expect(c.text()).not.toContain(t.slice(5));
    const [a, b, e] = c.records();
    expect(a!.msg).toBe('posting with xoxb-[redacted] failed');
    expect(b!.msg).toBe('user token xoxp-[redacted], app token xapp-[redacted]');
    expect((e!.err as { message: string; type: string }).message).toBe('invalid_auth: xoxe.[redacted]');
    expect((e!.err as { type: string }).type).toBe('Error');
    expect(e!.detail).toEqual({ says: ['the token xoxb-[redacted]'] });
  });

  it('never shows a Redis or Postgres password, whether logged as a URL field or inside text', () => {
    const c = captured();
    c.log.warn({ redis: 'redis://:hunter2@cache.internal:6379/0' }, 'Redis is not answering yet');
    c.log.error('could not reach postgresql://tend:s3cr3t-pw@db.internal:5432/tend');
    c.log.info({ redis: safeUrl('rediss://default:hunter2@cache.internal:6380') }, 'connected');
    expect(c.text()).not.toMatch(/hunter2|s3cr3t/);
    const [a, b, d] = c.records();
    expect(a!.redis).toBe('redis://:[redacted]@cache.internal:6379/0');
    expect(b!.msg).toBe('could not reach postgresql://tend:[redacted]@db.internal:5432/tend');
    expect(d!.redis).toBe('rediss://default:[redacted]@cache.internal:6380');
    expect(safeUrl('redis://:p@ss@cache.internal:6379')).toBe('redis://:[redacted]@cache.internal:6379');
  });

  it('censors a whole password with an unescaped "@" in text, and secrets in an error\'s own fields', () => {
    const c = captured();
    c.log.error('could not reach redis://:p@ss@cache.internal:6379');
    const err = Object.assign(new Error('an_error'), { data: { token: 'x', said: `bad ${BOT}` }, url: 'postgresql://tend:pw@db:5432/tend' });
    c.log.warn({ err }, 'Slack call failed');
    expect(c.text()).not.toMatch(/p@ss|ss@cache|:pw@/);
    for (const t of [BOT]) expect(c.text()).not.toContain(t.slice(5));
    const [a, b] = c.records();
    expect(a!.msg).toBe('could not reach redis://:[redacted]@cache.internal:6379');
    expect((b!.err as { url: string }).url).toBe('postgresql://tend:[redacted]@db:5432/tend');
  });

  it('leaves ordinary text, ids and password-less URLs alone', () => {
    expect(scrubSecrets('team T024BE7LD, channel C0NUDGES01, redis://127.0.0.1:6379')).toBe('team T024BE7LD, channel C0NUDGES01, redis://127.0.0.1:6379');
    expect(safeUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(safeUrl('postgresql://postgres@127.0.0.1:5432/test?schema=t1')).toBe('postgresql://postgres@127.0.0.1:5432/test?schema=t1');
    expect(safeUrl('not a url :pw@')).toBe('not a url :pw@');
  });
});

describe("Slack's Logger interface over pino", () => {
  it('writes JSON lines with the component, formats arguments, and censors them', () => {
    const c = captured('debug');
    const logger = slackLogger(c.log, 'bolt');
    logger.warn('http request failed', { status: 500 }, `token=${BOT}`);
    logger.debug('debugging');
    const [w, d] = c.records();
    expect(w).toMatchObject({ level: 40, component: 'bolt', msg: 'http request failed { status: 500 } token=xoxb-[redacted]' });
    expect(d).toMatchObject({ level: 20, component: 'bolt', msg: 'debugging' });
  });

  it('reports the operator\'s level, and lets a library lower its volume but never raise it', () => {
    const c = captured('info');
    const logger = slackLogger(c.log, 'bolt');
    expect(logger.getLevel()).toBe('info');
    logger.setLevel('debug' as never);
    logger.debug('hidden');
    expect(logger.getLevel()).toBe('info');
    logger.setLevel('error' as never);
    logger.warn('hidden too');
    expect(c.lines).toHaveLength(0);
    expect(slackLogger(captured('silent').log, 'x').getLevel()).toBe('error');
    expect(slackLogger(captured('trace').log, 'x').getLevel()).toBe('debug');
  });

  describe('a real WebClient given the adapter', () => {
    let fake: FakeSlack;
    beforeAll(async () => {
      fake = await startFakeSlack({ tokens: [BOT] });
    });
    afterAll(async () => {
      await fake.close();
    });

    it('logs through pino (no console), and no line carries its token', async () => {
      const c = captured('debug');
      const client = new WebClient(BOT, { slackApiUrl: fake.apiUrl, logger: slackLogger(c.log, 'slack-web-api'), retryConfig: { retries: 0 } });
      await client.auth.test();
      const bad = new WebClient(`${BOT}x`, { slackApiUrl: fake.apiUrl, logger: slackLogger(c.log, 'slack-web-api'), retryConfig: { retries: 0 } });
      await expect(bad.auth.test()).rejects.toThrow(/invalid_auth/);
      const mine = c.records().filter((r) => r.component === 'slack-web-api');
      expect(mine.length).toBeGreaterThan(0);
      expect(c.text()).not.toContain(BOT.slice(5));
    });
  });
});

// Which failed Slack calls may still have posted (the deliver job must not post again without
// looking) and which surely did not (it retries as usual): Slack's own error codes, and the
// Web API adapter's network and HTTP failures against a local server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classifySlackError, PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../../src/delivery/port.ts';
import { createSlackDelivery } from '../../../src/delivery/slack.ts';
import { createLogger } from '../../../src/log.ts';

describe('classifySlackError', () => {
  it.each([
    ['internal_error', true],
    ['fatal_error', true],
    ['service_unavailable', false],
    ['request_timeout', false],
    ['an_error_not_in_the_table', false],
  ])('%s: maybeDelivered %s', (code, maybe) => {
    const err = classifySlackError(code);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).maybeDelivered).toBe(maybe);
  });

  it('refusals and 429s are not transient at all', () => {
    expect(classifySlackError('channel_not_found')).toBeInstanceOf(PermanentDeliveryError);
    // the message itself refused: permanent for that message alone
    expect(classifySlackError('msg_too_long')).toMatchObject({ constructor: PermanentDeliveryError, scope: 'message' });
    expect(classifySlackError('ratelimited', 3)).toBeInstanceOf(RateLimitedError);
  });
});

describe('the Slack adapter on a failed post', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  };
  const post = (url: string) =>
    createSlackDelivery(async () => 'xoxb-test', url, createLogger('silent')).post(1, { channel: 'C1', text: 'hi' }).then(
      () => null,
      (err: unknown) => err,
    );

  it('an HTTP 500 from Slack: nothing posted', async () => {
    const url = await listen((_req, res) => {
      res.statusCode = 500;
      res.end('upstream error');
    });
    const err = await post(url);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).maybeDelivered).toBe(false);
  });

  it('a connection dropped after the request went out: maybe posted', async () => {
    const url = await listen((req) => req.on('data', () => {}).on('end', () => req.socket.destroy()));
    const err = await post(url);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).maybeDelivered).toBe(true);
  });

  it('a connection refused: the request never reached Slack', async () => {
    const url = await listen(() => {});
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const err = await post(url);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).maybeDelivered).toBe(false);
  });
});

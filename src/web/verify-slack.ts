// Every request on /slack/events is checked before Bolt sees it. Before a byte of the body is
// read: declared size, content type, signature headers present and well formed, a timestamp
// within five minutes either way. Then the body, read only up to the limit (the connection is
// closed the moment it is passed), Slack's v0 HMAC-SHA256 signature in constant time, the
// shape of the body, and the replay guard (fails closed: 503 when Redis cannot answer).
import { createHmac, timingSafeEqual } from 'node:crypto';
import querystring from 'node:querystring';
import type { NextFunction, Request, Response } from 'express';
import { WINDOW_SEC, type ReplayGuard } from './replay-guard.ts';

export const MAX_BODY_BYTES = 1_000_000;

export type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 413; reason: string };

export type HeadersToCheck = { timestamp?: string; signature?: string; contentType?: string; contentLength?: string };

const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

/** Everything that can be refused from the headers alone, so a refused request is never read. */
export function checkHeaders(h: HeadersToCheck, nowSec: number): Verdict {
  if (h.contentLength !== undefined && Number(h.contentLength) > MAX_BODY_BYTES) return { ok: false, status: 413, reason: 'body too large' };
  const type = (h.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!CONTENT_TYPES.includes(type)) return { ok: false, status: 400, reason: `unsupported content type ${type || '(none)'}` };
  const fresh = checkTimestamp(h, nowSec);
  if (!fresh.ok) return fresh;
  // a v0 signature is 64 lowercase hex digits; anything else cannot match, so the body is not needed
  if (!/^v0=[0-9a-f]{64}$/.test(h.signature!)) return { ok: false, status: 401, reason: 'malformed signature' };
  return { ok: true };
}

function checkTimestamp({ timestamp, signature }: HeadersToCheck, nowSec: number): Verdict {
  if (!timestamp || !signature) return { ok: false, status: 401, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: 'invalid timestamp' };
  if (Math.abs(nowSec - Number(timestamp)) > WINDOW_SEC) return { ok: false, status: 401, reason: 'stale timestamp' };
  return { ok: true };
}

export function verifySlackSignature(
  secret: string,
  rawBody: string,
  headers: { timestamp?: string; signature?: string },
  nowSec: number,
): Verdict {
  const fresh = checkTimestamp(headers, nowSec);
  if (!fresh.ok) return fresh;
  const { timestamp, signature } = headers as { timestamp: string; signature: string };
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, status: 401, reason: 'signature mismatch' };
  return { ok: true };
}

/** A Slack request body as Bolt parses it: the form's fields, the interaction payload, or the event JSON. */
export type SlackBody = Record<string, unknown>;

export type ParsedBody = { ok: true; body: SlackBody; label: { kind: string; name: string } } | { ok: false; status: 400; reason: string };

const isObject = (v: unknown): v is SlackBody => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJsonObject(text: string): SlackBody | null {
  try {
    const v = JSON.parse(text) as unknown;
    return isObject(v) && typeof v.type === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * The body, parsed once at the edge exactly as Bolt will parse it (querystring, then the
 * `payload` field's JSON), and refused unless it is a shape Slack sends: a form with `command`
 * (slash command) or `payload` holding a JSON object with a `type` (interactivity), or a JSON
 * object with a `type` (Events API). A field given twice is refused too: Slack never repeats
 * one, and Bolt would hand a listener an array where it expects text. The label is a
 * low-cardinality name for metrics: the command, interaction type or event type.
 */
export function parseSlackBody(rawBody: string, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const bad = (reason: string): ParsedBody => ({ ok: false, status: 400, reason });
  const name = (v: unknown) => String(v ?? 'unknown').slice(0, 40);
  if (type === 'application/x-www-form-urlencoded') {
    const form = querystring.parse(rawBody);
    if (Object.values(form).some(Array.isArray)) return bad('form body repeats a field');
    const fields = form as Record<string, string | undefined>;
    if (fields.payload !== undefined) {
      const payload = parseJsonObject(fields.payload);
      return payload ? { ok: true, body: payload, label: { kind: 'interaction', name: name(payload.type) } } : bad('payload is not a JSON object with a type');
    }
    if (fields.command?.startsWith('/') && fields.team_id) return { ok: true, body: fields, label: { kind: 'command', name: name(fields.command) } };
    if (fields.ssl_check) return { ok: true, body: fields, label: { kind: 'ssl_check', name: 'ssl_check' } };
    return bad('form body is neither a command nor an interaction');
  }
  if (type === 'application/json') {
    const body = parseJsonObject(rawBody);
    if (!body) return bad('JSON body is not an object with a type');
    const event = isObject(body.event) ? body.event : undefined;
    return { ok: true, body, label: { kind: 'event', name: name(event?.type ?? body.type) } };
  }
  return bad(`unsupported content type ${type || '(none)'}`);
}

type Read = { body: Buffer } | { failed: 'too large' | 'aborted' };

/** Reads the body up to `limit` bytes; past it, stops reading at once and keeps nothing. */
function readBodyWithin(req: Request, limit: number): Promise<Read> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (r: Read) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      req.pause();
      finish({ failed: 'too large' });
    };
    const onEnd = () => finish({ body: Buffer.concat(chunks, size) });
    const onError = () => finish({ failed: 'aborted' });
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}

export function slackRequestGuard(
  secret: string,
  opts: { nowSec?: () => number; onReject?: (reason: string) => void; replay?: ReplayGuard; onReplayError?: (err: Error) => void } = {},
) {
  const nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  return async (req: Request, res: Response, next: NextFunction) => {
    const refuse = (status: number, reason: string) => {
      opts.onReject?.(reason);
      res.status(status).send(reason);
    };
    // Refused with the body unread (or read only partly): answer, then drop the connection
    // rather than let Node drain whatever the client is still sending.
    const refuseUnread = (status: number, reason: string) => {
      res.set('Connection', 'close');
      res.on('finish', () => req.socket.destroy());
      refuse(status, reason);
    };
    const first = checkHeaders(
      {
        timestamp: req.header('x-slack-request-timestamp'),
        signature: req.header('x-slack-signature'),
        contentType: req.header('content-type'),
        contentLength: req.header('content-length'),
      },
      nowSec(),
    );
    if (!first.ok) return refuseUnread(first.status, first.reason);

    const read = await readBodyWithin(req, MAX_BODY_BYTES);
    if ('failed' in read) {
      if (read.failed === 'aborted') return void req.socket.destroy();
      return refuseUnread(413, 'request body too large');
    }
    const text = read.body.toString('utf8');
    const signature = req.header('x-slack-signature')!;
    const verdict = verifySlackSignature(secret, text, { timestamp: req.header('x-slack-request-timestamp'), signature }, nowSec());
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    const parsed = parseSlackBody(text, req.header('content-type'));
    if (!parsed.ok) return refuse(parsed.status, parsed.reason);

    if (opts.replay) {
      const replay = opts.replay;
      const claim = await replay.claim(signature).catch((err: Error) => {
        opts.onReplayError?.(err);
        return null;
      });
      // Fail closed: without Redis a replay cannot be told from a first delivery; Slack retries a 503.
      if (claim === null) return void res.status(503).set('Retry-After', '1').send('temporarily unavailable');
      // A byte-identical request (same signature) was already handled: answer 200 so a genuine
      // Slack retry stops, and do nothing, so a replay changes nothing.
      if (claim.state === 'done') {
        opts.onReject?.('replayed request');
        return void res.status(200).set('X-Slack-No-Retry', '1').send('');
      }
      // The same bytes are being handled right now: not this copy, but not "done" either, in case
      // that attempt fails.
      if (claim.state === 'busy') {
        opts.onReject?.('duplicate request in flight');
        return void res.status(503).set('Retry-After', '1').send('the same request is being handled');
      }
      let settled = false;
      const settle = (handled: boolean) => {
        if (settled) return;
        settled = true;
        // tried twice: a "done" that never reaches Redis would let the same bytes run again
        // once the in-flight marker expires, within the timestamp window
        replay.settle(signature, claim.token, handled)
          .catch(() => replay.settle(signature, claim.token, handled))
          .catch((err: Error) => opts.onReplayError?.(err));
      };
      // Done once it was answered with a success (the ack); a 5xx, Bolt's 404 for a request no
      // listener acknowledged, or a connection lost before the answer leaves a retry free to run.
      res.on('finish', () => settle(res.statusCode < 400));
      res.on('close', () => settle(false));
    }
    res.locals.slackKind = parsed.label;
    // parsed once here; the edge's own answers (unknown shapes, text over its cap) read it
    res.locals.slackBody = parsed.body;
    // Bolt's receiver reads the body from here instead of the (consumed) stream.
    (req as Request & { rawBody?: Buffer }).rawBody = read.body;
    next();
  };
}

// Every request on /slack/events is checked before Bolt sees it: size, headers, a timestamp
// within five minutes either way, and Slack's v0 HMAC-SHA256 signature in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const MAX_BODY_BYTES = 1_000_000;
const WINDOW_SEC = 5 * 60;

export type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 413; reason: string };

export function verifySlackSignature(
  secret: string,
  rawBody: string,
  headers: { timestamp?: string; signature?: string },
  nowSec: number,
): Verdict {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, status: 401, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: 'invalid timestamp' };
  if (Math.abs(nowSec - Number(timestamp)) > WINDOW_SEC) return { ok: false, status: 401, reason: 'stale timestamp' };
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, status: 401, reason: 'signature mismatch' };
  return { ok: true };
}

/**
 * A signed body must also be one of the shapes Slack sends: a form with `command` (slash
 * command) or `payload` holding a JSON object with a `type` (interactivity), or a JSON
 * object with a `type` (Events API). Anything else is a 400 before Bolt sees it.
 */
export function checkShape(rawBody: string, contentType: string | undefined): Verdict {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const bad = (reason: string): Verdict => ({ ok: false, status: 400, reason });
  const isTypedObject = (text: string) => {
    try {
      const v = JSON.parse(text) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string';
    } catch {
      return false;
    }
  };
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload !== null) return isTypedObject(payload) ? { ok: true } : bad('payload is not a JSON object with a type');
    if (form.get('command')?.startsWith('/') && form.get('team_id')) return { ok: true };
    if (form.get('ssl_check')) return { ok: true };
    return bad('form body is neither a command nor an interaction');
  }
  if (type === 'application/json') return isTypedObject(rawBody) ? { ok: true } : bad('JSON body is not an object with a type');
  return bad(`unsupported content type ${type || '(none)'}`);
}

/** A low-cardinality label for metrics: the command, interaction type or event type. */
export function describeRequest(rawBody: string, contentType: string | undefined): { kind: string; name: string } {
  try {
    if ((contentType ?? '').startsWith('application/json')) {
      const b = JSON.parse(rawBody) as { type?: string; event?: { type?: string } };
      return { kind: 'event', name: String(b.event?.type ?? b.type ?? 'unknown').slice(0, 40) };
    }
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload) return { kind: 'interaction', name: String((JSON.parse(payload) as { type?: string }).type ?? 'unknown').slice(0, 40) };
    return { kind: 'command', name: (form.get('command') ?? 'unknown').slice(0, 40) };
  } catch {
    return { kind: 'unknown', name: 'unknown' };
  }
}

/** Remembers signatures seen in the last five minutes; true when this one is new. */
export type ReplayGuard = (signature: string) => Promise<boolean>;

function readBody(req: Request, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function slackRequestGuard(
  secret: string,
  opts: { nowSec?: () => number; onReject?: (reason: string) => void; firstSeen?: ReplayGuard } = {},
) {
  const nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  return async (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      opts.onReject?.('body too large');
      res.status(413).send('request body too large');
      return;
    }
    const body = await readBody(req, MAX_BODY_BYTES).catch(() => null);
    if (body === null) {
      opts.onReject?.('body too large or unreadable');
      res.status(413).send('request body too large');
      return;
    }
    const verdict = verifySlackSignature(secret, body.toString('utf8'), {
      timestamp: req.header('x-slack-request-timestamp'),
      signature: req.header('x-slack-signature'),
    }, nowSec());
    if (!verdict.ok) {
      opts.onReject?.(verdict.reason);
      res.status(verdict.status).send(verdict.reason);
      return;
    }
    const shape = checkShape(body.toString('utf8'), req.header('content-type'));
    if (!shape.ok) {
      opts.onReject?.(shape.reason);
      res.status(shape.status).send(shape.reason);
      return;
    }
    // A byte-identical request (same signature) was already handled: answer 200 so a genuine
    // Slack retry stops, and do nothing, so a replay changes nothing.
    const signature = req.header('x-slack-signature')!;
    if (opts.firstSeen && !(await opts.firstSeen(signature).catch(() => true))) {
      opts.onReject?.('replayed request');
      res.status(200).set('X-Slack-No-Retry', '1').send('');
      return;
    }
    res.locals.slackKind = describeRequest(body.toString('utf8'), req.header('content-type'));
    // Bolt's receiver reads the body from here instead of the (consumed) stream.
    (req as Request & { rawBody?: Buffer }).rawBody = body;
    next();
  };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import querystring from 'node:querystring';
import { parseSlackBody, verifySlackSignature } from '../../../src/web/verify-slack.ts';

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/slack/signing/test-vectors.json', import.meta.url), 'utf8'));
const v = vectors.vectors[0];
const headers = { timestamp: v.headers['X-Slack-Request-Timestamp'], signature: v.expected_signature };

describe('verifySlackSignature', () => {
  it("accepts Slack's published vector at its own time", () => {
    expect(verifySlackSignature(v.signing_secret, v.raw_body, headers, Number(headers.timestamp) + 10)).toEqual({ ok: true });
  });

  it.each([
    ['the real clock (stale)', v.signing_secret, v.raw_body, headers, Math.floor(Date.now() / 1000), 'stale timestamp'],
    ['a timestamp from the future', v.signing_secret, v.raw_body, headers, Number(headers.timestamp) - 301, 'stale timestamp'],
    ['a wrong secret', 'nope', v.raw_body, headers, Number(headers.timestamp), 'signature mismatch'],
    ['a changed body', v.signing_secret, `${v.raw_body}&x=1`, headers, Number(headers.timestamp), 'signature mismatch'],
    ['no signature', v.signing_secret, v.raw_body, { timestamp: headers.timestamp }, Number(headers.timestamp), 'missing signature headers'],
    ['no timestamp', v.signing_secret, v.raw_body, { signature: headers.signature }, Number(headers.timestamp), 'missing signature headers'],
    ['a non-numeric timestamp', v.signing_secret, v.raw_body, { ...headers, timestamp: '12ab' }, Number(headers.timestamp), 'invalid timestamp'],
    ['a truncated signature', v.signing_secret, v.raw_body, { ...headers, signature: headers.signature.slice(0, 20) }, Number(headers.timestamp), 'signature mismatch'],
  ])('rejects %s', (_name, secret, body, h, now, reason) => {
    expect(verifySlackSignature(secret, body, h, now)).toEqual({ ok: false, status: 401, reason });
  });
});

/** Bolt's ExpressReceiver parseRequestBody, restated: querystring, then the payload's JSON; or JSON. */
function boltParse(raw: string, type: string): unknown {
  if (type !== 'application/x-www-form-urlencoded') return JSON.parse(raw);
  const form = querystring.parse(raw);
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : { ...form };
}

describe('parseSlackBody', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const commandForm = 'command=%2Flog&text=Acme%3A+call+%3C%40U123%3E&team_id=T1&user_id=U1';
  const payloadForm = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'nudge_claim' }] }))}`;
  const event = JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened' } });

  // Bolt parses the body again after the edge (ExpressReceiver's parseRequestBody); both must see the same object
  it.each([
    ['a slash command', commandForm, FORM, { kind: 'command', name: '/log' }],
    ['an interaction payload', payloadForm, FORM, { kind: 'interaction', name: 'block_actions' }],
    ['an Events API callback', event, 'application/json', { kind: 'event', name: 'app_home_opened' }],
    ['an ssl_check', 'ssl_check=1&token=x', FORM, { kind: 'ssl_check', name: 'ssl_check' }],
  ])('parses %s as Bolt does, with its label', (_name, raw, type, label) => {
    const parsed = parseSlackBody(raw, type);
    expect(parsed).toEqual({ ok: true, body: boltParse(raw, type), label });
  });

  it.each([
    ['a repeated field (Bolt would hand a listener an array)', 'command=%2Flog&text=a&text=b&team_id=T1', FORM, 'form body repeats a field'],
    ['a form that is neither command nor interaction', 'hello=world', FORM, 'form body is neither a command nor an interaction'],
    ['a command without a team', 'command=%2Flog&text=a', FORM, 'form body is neither a command nor an interaction'],
    ['a payload that is not JSON', 'payload=%7Bnope', FORM, 'payload is not a JSON object with a type'],
    ['a payload array', `payload=${encodeURIComponent('[1]')}`, FORM, 'payload is not a JSON object with a type'],
    ['JSON without a type', '{"event":{}}', 'application/json', 'JSON body is not an object with a type'],
    ['another content type', 'x', 'text/plain', 'unsupported content type text/plain'],
  ])('refuses %s', (_name, raw, type, reason) => {
    expect(parseSlackBody(raw, type)).toEqual({ ok: false, status: 400, reason });
  });
});

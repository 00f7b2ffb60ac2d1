import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../../src/web/verify-slack.ts';

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

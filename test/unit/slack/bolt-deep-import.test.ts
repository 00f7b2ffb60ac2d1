// src/slack/app.ts imports two helpers from Bolt's dist path (not its public API):
// @slack/bolt/dist/receivers/ExpressReceiver.js. A Bolt upgrade may move them or close the path
// with an "exports" map; this fails loudly then, naming what app.ts relies on, instead of the
// edge silently no longer answering Slack's ssl_check and url_verification.
import { describe, expect, it } from 'vitest';

const DEEP = '@slack/bolt/dist/receivers/ExpressReceiver.js';

type Res = { sent: unknown[]; json: (v: unknown) => void; send: (v?: unknown) => void };
const res = (): Res => {
  const r: Res = { sent: [], json: (v) => void r.sent.push({ json: v }), send: (v) => void r.sent.push({ send: v ?? null }) };
  return r;
};

describe(`Bolt's ${DEEP} (used by src/slack/app.ts)`, () => {
  it('still exports respondToSslCheck and respondToUrlVerification', async () => {
    const mod = (await import(DEEP).catch((err: Error) => {
      throw new Error(`src/slack/app.ts deep-imports ${DEEP}, which no longer loads after a Bolt upgrade: ${err.message}`);
    })) as Record<string, unknown>;
    expect(typeof mod.respondToSslCheck, 'respondToSslCheck moved: update src/slack/app.ts').toBe('function');
    expect(typeof mod.respondToUrlVerification, 'respondToUrlVerification moved: update src/slack/app.ts').toBe('function');
  });

  it('answers ssl_check and url_verification as app.ts expects, and passes anything else on', async () => {
    const { respondToSslCheck, respondToUrlVerification } = (await import(DEEP)) as Record<string, (req: unknown, res: unknown, next: () => void) => void>;
    const cases: [string, Record<string, unknown>, (r: Res, nexted: boolean) => void][] = [
      ['ssl_check', { ssl_check: '1', token: 'x' }, (r, nexted) => { expect(nexted).toBe(false); expect(r.sent).toEqual([{ send: null }]); }],
      ['url_verification', { type: 'url_verification', challenge: 'c-123' }, (r, nexted) => { expect(nexted).toBe(false); expect(r.sent).toEqual([{ json: { challenge: 'c-123' } }]); }],
      ['an event', { type: 'event_callback', event: { type: 'message' } }, (r, nexted) => { expect(nexted).toBe(true); expect(r.sent).toEqual([]); }],
    ];
    for (const [, body, check] of cases) {
      const r = res();
      let nexted = false;
      // the order app.ts chains them in
      respondToSslCheck!({ body }, r, () => respondToUrlVerification!({ body }, r, () => { nexted = true; }));
      check(r, nexted);
    }
  });
});

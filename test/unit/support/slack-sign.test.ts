import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  blockSuggestionPayload,
  eventBody,
  interactionBody,
  postSigned,
  reactionAddedEvent,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionPayload,
  type SlashCommandFields,
} from '../../support/slack-sign.ts';

const ref = (p: string) => new URL(`../../fixtures/slack/${p}`, import.meta.url);
const readRef = (p: string) => readFileSync(ref(p), 'utf8');
const jsonRef = (p: string) => JSON.parse(readRef(p)) as Record<string, unknown>;

const vectors = jsonRef('signing/test-vectors.json') as { vectors: Array<Record<string, string> & { headers: Record<string, string> }> };
const v = vectors.vectors[0]!;

describe('signSlackRequest', () => {
  it("reproduces Slack's published known-answer vector exactly", () => {
    const h = signSlackRequest(v.signing_secret!, v.raw_body!, Number(v.headers['X-Slack-Request-Timestamp']));
    expect(h).toEqual({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
    expect(h['x-slack-signature']).toBe(v.expected_signature);
  });

  it('signs over the exact bytes: any change to body, timestamp or secret changes the signature', () => {
    const base = signSlackRequest('s3cret', 'a=1', 1700000000)['x-slack-signature'];
    expect(base).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(signSlackRequest('s3cret', 'a=2', 1700000000)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('s3cret', 'a=1', 1700000001)['x-slack-signature']).not.toBe(base);
    expect(signSlackRequest('s3creT', 'a=1', 1700000000)['x-slack-signature']).not.toBe(base);
  });

  it("is accepted by Bolt's own verifier with the current time by default", () => {
    const body = '{"type":"event_callback","x":"ü"}';
    const h = signSlackRequest('bolt-secret', body);
    expect(Math.abs(Number(h['x-slack-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    const headers = { 'x-slack-signature': h['x-slack-signature'], 'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']) };
    expect(isValidSlackRequest({ signingSecret: 'bolt-secret', body, headers })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: 'other', body, headers })).toBe(false);
  });
});

describe('slashCommandBody', () => {
  it("reproduces Slack's signing example form body byte for byte", () => {
    const body = slashCommandBody({
      token: 'xyzz0WbapA4vBCDEFasx0q6G',
      team_id: 'T1DC2JH3J',
      team_domain: 'testteamnow',
      channel_id: 'G8PSS9T3V',
      channel_name: 'foobar',
      user_id: 'U2CERLKJA',
      user_name: 'roadrunner',
      command: '/webhook-collect',
      text: '',
      response_url: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
      api_app_id: null,
      is_enterprise_install: null,
    });
    expect(body).toBe(readRef('payloads/slash_command.slack-docs-signing-example.form.txt'));
    expect(signSlackRequest(v.signing_secret!, body, 1531420618)['x-slack-signature']).toBe(v.expected_signature);
  });

  it('reproduces the Enterprise Grid example (enterprise fields, + for spaces)', () => {
    const parsed = jsonRef('payloads/slash_command.bolt-python-test.parsed.json') as Record<string, string>;
    const body = slashCommandBody({ ...(parsed as unknown as SlashCommandFields), api_app_id: null, is_enterprise_install: null });
    expect(body).toBe(readRef('payloads/slash_command.bolt-python-test.form.txt'));
  });

  it('fills in every field Slack sends by default', () => {
    const body = slashCommandBody({
      command: '/tend',
      text: 'nudge acme & co',
      team_id: 'T1',
      user_id: 'U1',
      channel_id: 'C1',
      response_url: 'http://127.0.0.1:1/response/x',
      trigger_id: '1.2.abc',
    });
    const form = Object.fromEntries(new URLSearchParams(body));
    expect(Object.keys(form)).toEqual(
      Object.keys(jsonRef('payloads/shapes/java-slack-sdk.SlashCommandPayload.json')).filter((k) => !k.startsWith('enterprise_')).sort((a, b) => order(a) - order(b)),
    );
    expect(form.text).toBe('nudge acme & co');
    expect(body).toContain('text=nudge+acme+%26+co');
    expect(form.is_enterprise_install).toBe('false');
  });
});

const ORDER = ['token', 'team_id', 'team_domain', 'channel_id', 'channel_name', 'user_id', 'user_name', 'command', 'text', 'api_app_id', 'is_enterprise_install', 'response_url', 'trigger_id'];
const order = (k: string) => ORDER.indexOf(k);

describe('interaction payloads', () => {
  it('interactionBody is payload=<urlencoded JSON>', () => {
    const p = blockActionsPayload({ actionId: 'snooze', value: 'n_42', userId: 'U9', channelId: 'C9' });
    const form = new URLSearchParams(interactionBody(p));
    expect([...form.keys()]).toEqual(['payload']);
    expect(JSON.parse(form.get('payload')!)).toEqual(p);
  });

  it('blockActionsPayload has the fields of a real block_actions from a message', () => {
    const real = jsonRef('payloads/block_actions.bolt-python-test.json');
    const p = blockActionsPayload({ actionId: 'a', blockId: 'b', value: 'click_me_123', channelId: 'C111', responseUrl: 'http://x/r' });
    for (const k of Object.keys(real)) expect(p).toHaveProperty(k);
    expect(p.container).toMatchObject({ type: 'message', channel_id: 'C111' });
    expect(p.container.message_ts).toBe((p.message as { ts: string }).ts);
    expect(p.actions).toEqual([
      expect.objectContaining({ action_id: 'a', block_id: 'b', value: 'click_me_123', type: 'button', action_ts: expect.stringMatching(/^\d{10}\.\d{6}$/) }),
    ]);
    expect(p.response_url).toBe('http://x/r');
  });

  it('blockActionsPayload from a modal carries the view and its state', () => {
    const p = blockActionsPayload({
      container: 'view',
      actionId: 'pick',
      actionType: 'static_select',
      action: { selected_option: { text: { type: 'plain_text', text: 'Gold' }, value: 'gold' } },
      view: { callbackId: 'offer_modal', values: { b: { pick: { type: 'static_select', selected_option: null } } } },
    });
    expect(p.container).toEqual({ type: 'view', view_id: p.view!.id });
    expect(p.view!.callback_id).toBe('offer_modal');
    expect(p.actions[0]!.selected_option!.value).toBe('gold');
    expect(p.actions[0]).not.toHaveProperty('text');
    expect(p).not.toHaveProperty('response_url');
  });

  it('viewSubmissionPayload matches the real shape', () => {
    const real = jsonRef('payloads/view_submission.bolt-python-test.json') as { view: Record<string, unknown> };
    const p = viewSubmissionPayload({ callbackId: 'view-id', privateMetadata: 'This is for you!', values: { hspI: { maBWU: { type: 'plain_text_input', value: 'test' } } } });
    for (const k of Object.keys(real)) expect(p).toHaveProperty(k);
    for (const k of Object.keys(real.view)) expect(p.view).toHaveProperty(k);
    expect(p.view.state).toEqual((real.view as { state: unknown }).state);
    expect(p.view.root_view_id).toBe(p.view.id);
  });

  it('blockSuggestionPayload carries the typed value and the view', () => {
    const p = blockSuggestionPayload({ actionId: 'account', value: 'acm', view: { callbackId: 'c' } });
    expect(p).toMatchObject({ type: 'block_suggestion', action_id: 'account', value: 'acm', container: { type: 'view' } });
    expect(p.container.view_id).toBe(p.view!.id);
    const m = blockSuggestionPayload({ actionId: 'a', value: '', container: 'message', channelId: 'C5' });
    expect(m.channel).toEqual({ id: 'C5', name: 'general' });
    expect(m).not.toHaveProperty('view');
  });
});

describe('events', () => {
  it('eventBody fills the envelope like Slack', () => {
    const real = jsonRef('payloads/event_callback.reaction_added.slack-docs-example.json');
    const body = JSON.parse(
      eventBody({ team_id: 'T123ABC456', event: reactionAddedEvent({ user: 'U1', reaction: 'thumbsup', channel: 'C1', ts: '1360782400.498405', itemUser: 'U2' }) }),
    );
    for (const k of Object.keys(real)) expect(body).toHaveProperty(k);
    expect(body.type).toBe('event_callback');
    expect(body.event_id).toMatch(/^Ev[A-Z0-9]{10}$/);
    expect(Math.abs(body.event_time - Date.now() / 1000)).toBeLessThan(5);
    expect(body.authorizations).toEqual([{ enterprise_id: null, team_id: 'T123ABC456', user_id: 'U0TENDBOT1', is_bot: true, is_enterprise_install: false }]);
    expect(Object.keys(body.event).sort()).toEqual(Object.keys((real as { event: object }).event).sort());
    expect(body.event.item).toEqual({ type: 'message', channel: 'C1', ts: '1360782400.498405' });
  });

  it('two envelopes get different event ids unless one is given', () => {
    const ev = appHomeOpenedEvent({ user: 'U043H11ES4V' });
    expect(JSON.parse(eventBody({ event: ev })).event_id).not.toBe(JSON.parse(eventBody({ event: ev })).event_id);
    expect(JSON.parse(eventBody({ event: ev, event_id: 'Ev1' })).event_id).toBe('Ev1');
  });

  it('appHomeOpenedEvent matches the captured one', () => {
    const real = (jsonRef('payloads/event_callback.app_home_opened.home-tab.captured.json') as { event: Record<string, unknown> }).event;
    const ev = appHomeOpenedEvent({ user: 'U043H11ES4V', channel: 'D0442US94JD', eventTs: '1740431544.556817' });
    expect(ev).toEqual(real);
    expect(appHomeOpenedEvent({ user: 'U1', view: { callbackId: 'home' } }).view).toMatchObject({ type: 'home', callback_id: 'home', title: null });
  });
});

describe('postSigned', () => {
  it('sends the body with the content type and a signature the receiver can verify', async () => {
    const seen: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      const form = slashCommandBody({ command: '/tend', text: 'hi', team_id: 'T1', user_id: 'U1', channel_id: 'C1', response_url: 'http://r', trigger_id: 't' });
      const res = await postSigned(url, { body: form, secret: 'sec' });
      expect(res.status).toBe(200);
      const json = eventBody({ event: appHomeOpenedEvent({ user: 'U1' }) });
      await postSigned(url, { body: json, secret: 'sec', timestamp: 1531420618, headers: { 'x-slack-retry-num': '1' } });
      expect(seen[0]!.body).toBe(form);
      expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(seen[1]!.headers['content-type']).toBe('application/json');
      expect(seen[1]!.headers['x-slack-request-timestamp']).toBe('1531420618');
      expect(seen[1]!.headers['x-slack-retry-num']).toBe('1');
      for (const s of seen) {
        const headers = { 'x-slack-signature': String(s.headers['x-slack-signature']), 'x-slack-request-timestamp': Number(s.headers['x-slack-request-timestamp']) };
        expect(isValidSlackRequest({ signingSecret: 'sec', body: s.body, headers, nowMilliseconds: headers['x-slack-request-timestamp'] * 1000 })).toBe(true);
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

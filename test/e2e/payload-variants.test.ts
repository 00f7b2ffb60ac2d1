// Every kind of request Slack sends an app with Tend's manifest, in the variants Slack really
// sends (each shape cited from Slack's documentation beside it), signed as Slack signs them,
// against a running Tend and the fake Slack. For each: the HTTP answer Slack needs (a 200
// within its 3 s; url_verification's challenge; a command's ephemeral or empty ack), no error
// in the app's log, and the right effect — or nothing at all where nothing should happen (our
// own bot's message, an edit, a reaction on a file, a team Tend does not serve, a view_closed…).
// One table, one row per variant: a row added here is a regression test for its handler.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { createInstallationStore } from '../../src/data/installations.ts';
import { oauthEnv, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, until } from '../support/nudge-factory.ts';
import {
  blockActionsPayload, blockSuggestionPayload, eventEnvelope, interactionBody, nowSec, postSigned, slackTs, slashCommandBody, triggerId,
  viewSubmissionPayload, type EventEnvelopeInput,
} from '../support/slack-sign.ts';

const TEAM = 'T0TEND0001';
const ORG = 'E0GRID0001';
const FOREIGN = 'T0FOREIGN1'; // a workspace this Tend does not serve
const CUSTOMER = 'T0CUSTOMR1'; // the customer's org in a Slack Connect channel
const ALICE = 'U0ALICE001';
const CAROL = 'U0CAROL001'; // the customer's person
const BOT_USER = 'U0TENDBOT1';
const BOT_ID = 'B0TENDBOT1';
const NUDGES = 'C0NUDGES01';
const LINKED = 'C0ACMELNK1'; // a public channel linked to Acme
const PRIVATE = 'G0ACMEPRV1'; // a private channel linked to Acme (message.groups)
const GENERAL = 'C0GENERAL1';

// ---------------------------------------------------------------- the app, its log, its data

/** Every log line at warn (40) or above, parsed. */
const problems: { level: number; msg: string; [k: string]: unknown }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      const rec = JSON.parse(line) as { level: number; msg: string };
      if (rec.level >= 40) problems.push(rec);
    }
    done();
  },
});

let fake: FakeSlack;
let app: TestApp;
let ws: number;
let acme: number;
let privateAcme: number;

beforeAll(async () => {
  fake = await startFakeSlack({
    users: {
      [ALICE]: { name: 'alice', real_name: 'Alice Rep', tz: 'America/New_York' },
      [CAROL]: { name: 'carol', real_name: 'Carol Customer', tz: 'UTC' },
    },
    channels: {
      [NUDGES]: { name: 'nudges' },
      [LINKED]: { name: 'acme', team_ids: [TEAM, CUSTOMER] },
      [PRIVATE]: { name: 'acme-private', is_private: true, members: [ALICE, BOT_USER] },
      [GENERAL]: { name: 'general' },
    },
  });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web,worker', log: createLogger('info', 'tend', sink) });
  // first contact makes the workspace; then its nudge channel, an account and its linked channels
  expect((await command('/tend', 'help')).status).toBe(200);
  ws = (await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: TEAM } })).id;
  await app.db.pool.query('update workspace set nudge_channel_id = $2 where id = $1', [ws, NUDGES]);
  app.running.rt.workspaces.forget(ws);
  expect((await command('/account', 'add Acme Corp')).status).toBe(200);
  acme = (await app.db.prisma.account.findFirstOrThrow({ where: { workspaceId: ws, name: 'Acme Corp' } })).id;
  expect((await command('/account', 'add Private Co')).status).toBe(200);
  privateAcme = (await app.db.prisma.account.findFirstOrThrow({ where: { workspaceId: ws, name: 'Private Co' } })).id;
  expect(JSON.stringify((await command('/tend', `link <#${LINKED}|acme> Acme Corp`)).body)).toContain('now count as touches');
  expect(JSON.stringify((await command('/tend', `link <#${PRIVATE}|acme-private> Private Co`)).body)).toContain('now count as touches');
  problems.length = 0;
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

type Answer = { status: number; raw: string; body: Record<string, any> | null; ms: number };

async function post(body: string): Promise<Answer> {
  const t0 = Date.now();
  const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() });
  const raw = await res.text();
  let parsed: Record<string, any> | null = null;
  try {
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, raw, body: parsed, ms: Date.now() - t0 };
}

function command(cmd: string, text: string, o: Record<string, string> = {}): Promise<Answer> {
  return post(slashCommandBody({
    command: cmd, text, team_id: TEAM, user_id: ALICE, channel_id: GENERAL, response_url: fake.responseUrl(randomBytes(6).toString('hex')), trigger_id: triggerId(), ...o,
  }));
}

const interaction = (payload: unknown) => post(interactionBody(payload));
const event = (input: EventEnvelopeInput) => post(JSON.stringify(eventEnvelope(input)));

/** Messages captured as touches of an account (each row folds an hour's messages). */
async function touches(accountId: number): Promise<{ n: number; customer: number; snippets: number }> {
  const { rows } = await app.db.pool.query(
    `select coalesce(sum(message_count), 0)::int as n, coalesce(sum(message_count) filter (where direction = 'customer'), 0)::int as customer,
            count(summary)::int as snippets
     from conversation where workspace_id = $1 and account_id = $2 and source = 'channel'`,
    [ws, accountId],
  );
  return rows[0];
}

const conversations = async () => (await app.db.pool.query('select count(*)::int as n from conversation')).rows[0].n as number;
const workspaces = async () => (await app.db.pool.query('select count(*)::int as n from workspace')).rows[0].n as number;

/** A posted nudge in the nudge channel (delivered by the worker, so its message exists in Slack). */
async function postedNudge(): Promise<{ nudgeId: number; ts: string }> {
  const n = await seedNudge(app.db.pool, ws, {});
  await app.running.rt.queues.add('deliver', { workspaceId: ws, nudgeId: n.nudgeId, generation: 0 });
  const r = await until(async () => {
    const x = await nudgeRow(app.db.pool, ws, n.nudgeId);
    return x.delivery_state === 'posted' ? x : null;
  }, 10_000, 'nudge posted');
  return { nudgeId: n.nudgeId, ts: String(r.message_ts) };
}

const status = async (nudgeId: number) => (await nudgeRow(app.db.pool, ws, nudgeId)).status as string;

/** Lets the listener finish what it does after the ack (events are acknowledged first). */
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- payload builders

/** A message event in the shape of test/fixtures/slack/payloads/event_callback.message.captured.json. */
function message(o: { channel?: string; user?: string; text?: string; ts?: string; channelType?: string; extra?: Record<string, unknown> } = {}) {
  const ts = o.ts ?? slackTs();
  return {
    client_msg_id: `${randomBytes(4).toString('hex')}-b28-4959-b2dc-c0ba4ecbfc7c`,
    type: 'message',
    text: o.text ?? 'Sent them the benchmark',
    user: o.user ?? ALICE,
    ts,
    team: TEAM,
    blocks: [{ type: 'rich_text', block_id: 'u6n', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: o.text ?? 'Sent them the benchmark' }] }] }],
    channel: o.channel ?? LINKED,
    event_ts: ts,
    channel_type: o.channelType ?? 'channel',
    ...o.extra,
  };
}

/** The log form's state.values (views/log-modal.ts). */
function logValues(accountId: number, summary: string) {
  const opt = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  return {
    [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: opt(String(accountId)) } },
    [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: opt('call') } },
    [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: opt('give') } },
    [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: summary } },
    [BLOCKS.logNextStep]: { [ACTIONS.logNextStep]: { type: 'plain_text_input', value: null } },
    [BLOCKS.logDueDate]: { [ACTIONS.logDueDate]: { type: 'datepicker', selected_date: null } },
  };
}

/**
 * A message shortcut ("Log to Tend"), as in Slack's shortcuts payload reference
 * (docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload): type
 * message_action, callback_id, trigger_id, message_ts, response_url, the whole message, channel,
 * team (null for an org-wide install), user, action_ts.
 */
function messageAction(o: { message: Record<string, unknown>; channel?: { id: string; name: string }; team?: Record<string, unknown> | null; enterprise?: { id: string; name: string } | null; isEnterpriseInstall?: boolean }) {
  return {
    type: 'message_action',
    token: 'verification_token',
    action_ts: slackTs(),
    team: o.team === undefined ? { id: TEAM, domain: 'tend-test' } : o.team,
    user: { id: ALICE, username: 'alice', name: 'alice', team_id: TEAM },
    channel: o.channel ?? { id: GENERAL, name: 'general' },
    is_enterprise_install: o.isEnterpriseInstall ?? false,
    enterprise: o.enterprise ?? null,
    callback_id: CALLBACKS.logToTend,
    trigger_id: triggerId(),
    message_ts: o.message.ts,
    message: o.message,
    response_url: `https://hooks.slack.com/app/${TEAM}/${Date.now()}/${randomBytes(12).toString('hex')}`,
  };
}

/** The views.open the shortcut made with this trigger, or null. */
async function openedWith(trigger: string): Promise<Record<string, any> | null> {
  return fake.waitFor((_c, f) => f.callsTo('views.open').find((c) => c.args.trigger_id === trigger) ?? null, 3_000).then((c) => c.args.view as Record<string, any>, () => null);
}

const summaryOf = (view: Record<string, any> | null): string | null => {
  const block = (view?.blocks as any[] | undefined)?.find((b) => b.block_id === BLOCKS.logSummary);
  return block?.element?.initial_value ?? null;
};

// ---------------------------------------------------------------- the table

type Check = (a: Answer) => Promise<void>;
type Variant = {
  name: string;
  /** the documentation page the payload's shape is from */
  doc: string;
  run: () => Promise<{ a: Answer; check: Check }>;
  /** log lines (by message) this variant may write on purpose */
  expectedProblems?: RegExp[];
};

const ack: Check = async (a) => {
  expect(a.raw).toBe('');
};

/** Runs `send` and checks nothing was written anywhere once the listener is done. */
async function nothingWritten(send: () => Promise<Answer>, more?: Check): Promise<{ a: Answer; check: Check }> {
  const [c0, t0, w0] = [await conversations(), await touches(acme), await workspaces()];
  const a = await send();
  return {
    a,
    check: async () => {
      await settle();
      expect(await conversations()).toBe(c0);
      expect(await touches(acme)).toEqual(t0);
      expect(await workspaces()).toBe(w0);
      if (more) await more(a);
    },
  };
}

/** Runs `send` and expects `n` more captured messages on `accountId` (`customer` of them the customer's). */
async function captures(send: () => Promise<Answer>, accountId: number, n: number, customer = 0): Promise<{ a: Answer; check: Check }> {
  const before = await touches(accountId);
  const a = await send();
  return {
    a,
    check: async () => {
      await until(async () => (await touches(accountId)).n === before.n + n || null, 3_000, `${n} captured`).catch(() => undefined);
      const after = await touches(accountId);
      expect(after.n - before.n).toBe(n);
      expect(after.customer - before.customer).toBe(customer);
    },
  };
}

/** A click on a posted nudge's button, built by `payload`; expects the nudge to end `want`. */
async function onNudge(payload: (n: { nudgeId: number; ts: string }) => unknown, want: string, more?: (n: { nudgeId: number; ts: string }) => Promise<void>) {
  const n = await postedNudge();
  const a = await interaction(payload(n));
  return {
    a,
    check: async (x: Answer) => {
      await ack(x);
      await until(async () => (await status(n.nudgeId)) === want || null, 3_000, `nudge ${want}`).catch(() => undefined);
      expect(await status(n.nudgeId)).toBe(want);
      if (more) await more(n);
    },
  };
}

const VARIANTS: Variant[] = [
  // ------------------------------------------------------------ the handshake
  {
    name: 'url_verification: the challenge is echoed',
    doc: 'https://docs.slack.dev/reference/events/url_verification',
    run: async () => {
      const a = await post(JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }));
      return { a, check: async (x) => expect(x.body).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' }) };
    },
  },
  {
    name: 'ssl_check on a slash command URL: a plain 200',
    doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands (ssl_check=1 and token)',
    run: () => nothingWritten(() => post('ssl_check=1&token=verification_token')),
  },
  {
    name: 'app_rate_limited: a plain 200',
    doc: 'https://docs.slack.dev/reference/events/app_rate_limited',
    // the operator should know Slack is holding events back
    expectedProblems: [/app_rate_limited/],
    run: () => nothingWritten(() => post(JSON.stringify({ token: 'verification_token', type: 'app_rate_limited', team_id: TEAM, minute_rate_limited: 1518467820, api_app_id: 'A0TENDAPP1' }))),
  },
  // ------------------------------------------------------------ slash commands
  {
    name: '/log one line: logged, answered ephemerally',
    doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands (payload fields)',
    run: async () => {
      const c0 = await conversations();
      const a = await command('/log', 'Acme Corp: call, gave a usage review #give');
      return {
        a,
        check: async (x) => {
          expect(x.body?.response_type ?? 'ephemeral').toBe('ephemeral');
          expect(await conversations()).toBe(c0 + 1);
        },
      };
    },
  },
  {
    name: '/log alone: the form opens, with a one-line hint',
    doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands',
    run: async () => {
      const trigger = triggerId();
      const a = await command('/log', '', { trigger_id: trigger });
      return { a, check: async (x) => { expect(x.body?.response_type).toBe('ephemeral'); expect(await openedWith(trigger)).not.toBeNull(); } };
    },
  },
  {
    name: '/log in a DM (channel_name directmessage)',
    doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands',
    run: async () => {
      const c0 = await conversations();
      const a = await command('/log', 'Acme Corp: email, sent pricing #ask', { channel_id: 'D0ALICEDM1', channel_name: 'directmessage' });
      return { a, check: async () => expect(await conversations()).toBe(c0 + 1) };
    },
  },
  {
    name: '/account from an Enterprise Grid workspace (enterprise_id, enterprise_name, is_enterprise_install=false)',
    doc: 'https://docs.slack.dev/enterprise (org workspaces send enterprise_id with team_id)',
    run: async () => {
      const a = await command('/account', 'Acme Corp', { enterprise_id: ORG, enterprise_name: 'Grid Org' });
      return { a, check: async () => expect(JSON.stringify(a.body ?? (await fake.waitFor((_c, f) => f.allResponses().at(-1))))).toContain('Acme Corp') };
    },
  },
  {
    name: '/nudges: ephemeral list',
    doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands',
    run: async () => {
      const a = await command('/nudges', '');
      return { a, check: async (x) => expect(x.body === null || x.body.response_type === 'ephemeral').toBe(true) };
    },
  },
  {
    name: '/tend from a workspace Tend does not serve: told so, nothing written',
    doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands',
    expectedProblems: [/team this token does not serve/],
    run: () => nothingWritten(() => command('/tend', 'help', { team_id: FOREIGN, team_domain: 'foreign' }), async (x) => expect(x.body?.text).toMatch(/isn't this one/)),
  },
  // ------------------------------------------------------------ block_actions
  {
    name: 'block_actions Claim on the channel message',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload',
    run: () => onNudge((n) => blockActionsPayload({ actionId: ACTIONS.nudgeClaim, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: NUDGES, messageTs: n.ts, responseUrl: fake.responseUrl('claim1') }), 'claimed'),
  },
  {
    name: 'block_actions Claim from the ephemeral /nudges list (container.is_ephemeral, no `message`)',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload (message: "not included for ephemeral messages")',
    run: () => onNudge((n) => {
      const p = blockActionsPayload({ actionId: ACTIONS.nudgeClaim, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: GENERAL, messageTs: slackTs(), isEphemeral: true, responseUrl: fake.responseUrl('eph1') });
      delete (p as { message?: unknown }).message;
      return p;
    }, 'claimed'),
  },
  {
    name: 'block_actions Claim from App Home (container type view, no channel, message or response_url)',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload (container: view)',
    run: () => onNudge((n) => blockActionsPayload({ actionId: ACTIONS.nudgeClaim, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, container: 'view', view: { viewType: 'home' } }), 'claimed', async () => {
      await fake.waitFor((_c, f) => f.homeView(ALICE) ?? null, 3_000);
    }),
  },
  {
    name: 'block_actions Refresh on App Home: the tab is published',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload',
    run: async () => {
      const before = fake.callsTo('views.publish').length;
      const a = await interaction(blockActionsPayload({ actionId: ACTIONS.homeRefresh, blockId: 'home', container: 'view', view: { viewType: 'home' } }));
      return { a, check: async (x) => { await ack(x); await fake.waitFor((_c, f) => f.callsTo('views.publish').length > before || null, 3_000); } };
    },
  },
  {
    name: 'block_actions Snooze (static_select selected_option) on the channel message',
    doc: 'https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element (selected_option in block_actions)',
    run: () => onNudge((n) => blockActionsPayload({
      actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: BLOCKS.nudgeActions, selected_option: { text: { type: 'plain_text', text: '1 week', emoji: true }, value: `week:${n.nudgeId}` } }],
      channelId: NUDGES, messageTs: n.ts, responseUrl: fake.responseUrl('snooze1'),
    }), 'snoozed'),
  },
  {
    name: 'block_actions from an org-wide install (team null, enterprise set, is_enterprise_install)',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload; bolt-js App.ts: "When the app is installed using org-wide deployment, team property will be null"',
    run: () => onNudge((n) => ({
      ...blockActionsPayload({ actionId: ACTIONS.nudgeClaim, value: String(n.nudgeId), blockId: BLOCKS.nudgeActions, channelId: NUDGES, messageTs: n.ts, enterpriseId: ORG, responseUrl: fake.responseUrl('org1') }),
      team: null,
      is_enterprise_install: true,
    }), 'claimed'),
  },
  {
    name: 'block_actions on a nudge id this workspace does not have: told privately',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload',
    run: async () => {
      const a = await interaction(blockActionsPayload({ actionId: ACTIONS.nudgeClaim, value: '999999', blockId: BLOCKS.nudgeActions, channelId: NUDGES, responseUrl: fake.responseUrl('gone1') }));
      return { a, check: async (x) => { await ack(x); expect(JSON.stringify((await fake.waitFor((_c, f) => f.responses('gone1')[0] ?? null, 3_000)).body)).toContain("isn't in this workspace"); } };
    },
  },
  {
    name: 'block_actions of a button Tend does not know (an old message): an empty 200',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload',
    run: () => nothingWritten(() => interaction(blockActionsPayload({ actionId: 'legacy_button', blockId: 'legacy', value: 'x' })), ack),
  },
  // ------------------------------------------------------------ views
  {
    name: 'view_submission of the log form: written, the form closes',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission',
    run: async () => {
      const c0 = await conversations();
      const a = await interaction(viewSubmissionPayload({ callbackId: CALLBACKS.logModal, privateMetadata: JSON.stringify({ origin: 'command', channelId: GENERAL }), values: logValues(acme, 'reviewed their usage') }));
      return { a, check: async (x) => { await ack(x); expect(await conversations()).toBe(c0 + 1); } };
    },
  },
  {
    name: 'view_submission from an org-wide install (team null, view.app_installed_team_id)',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload; bolt-js App.ts buildSource (team null on org-wide installs)',
    run: async () => {
      const c0 = await conversations();
      const p = viewSubmissionPayload({ callbackId: CALLBACKS.logModal, enterpriseId: ORG, privateMetadata: JSON.stringify({ origin: 'command', channelId: GENERAL }), values: logValues(acme, 'org-wide save') });
      const a = await interaction({ ...p, team: null, is_enterprise_install: true });
      return { a, check: async (x) => { await ack(x); expect(await conversations()).toBe(c0 + 1); } };
    },
  },
  {
    name: 'view_closed of the log form: an empty 200, nothing written',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_closed',
    run: () => nothingWritten(() => {
      const { response_urls: _r, trigger_id: _t, ...p } = viewSubmissionPayload({ callbackId: CALLBACKS.logModal, values: logValues(acme, 'never saved') });
      return interaction({ ...p, type: 'view_closed', is_cleared: false });
    }, ack),
  },
  {
    name: 'block_suggestion for the log form account picker',
    doc: 'https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select',
    run: async () => {
      const a = await interaction(blockSuggestionPayload({ actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: 'acm' }));
      return { a, check: async (x) => expect((x.body?.options ?? []).map((o: any) => o.text.text)).toContain('Acme Corp') };
    },
  },
  // ------------------------------------------------------------ the message shortcut
  {
    name: 'message_action on a plain message: the form opens with its text',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload',
    run: async () => {
      const p = messageAction({ message: { type: 'message', user: CAROL, ts: slackTs(), text: 'Can you send the SSO pricing?', client_msg_id: 'x', team: TEAM } });
      const a = await interaction(p);
      return { a, check: async (x) => { await ack(x); expect(summaryOf(await openedWith(p.trigger_id))).toBe('Can you send the SSO pricing?'); } };
    },
  },
  {
    name: 'message_action on a file-only message (text "", files, upload): the form opens with an empty summary',
    doc: 'https://docs.slack.dev/reference/objects/file-object; https://docs.slack.dev/reference/events/message/file_share',
    run: async () => {
      const p = messageAction({ message: { type: 'message', text: '', files: [{ id: 'F0FILE0001', name: 'contract.pdf', title: 'contract.pdf', mimetype: 'application/pdf', filetype: 'pdf' }], upload: true, user: ALICE, display_as_bot: false, ts: slackTs() } });
      const a = await interaction(p);
      return { a, check: async (x) => { await ack(x); const v = await openedWith(p.trigger_id); expect(v).not.toBeNull(); expect(summaryOf(v)).toBeNull(); } };
    },
  },
  {
    name: 'message_action on an app\'s Block Kit message (text is Slack\'s "This content can\'t be displayed."): the form opens with the blocks\' words',
    // the placeholder text: Slack's own block_actions example (test/fixtures/slack/payloads/block_actions.slack-docs-example.json);
    // the shortcut carries "the full structure of the message", blocks included
    doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload; https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload; https://docs.slack.dev/reference/block-kit/blocks/section-block',
    run: async () => {
      const p = messageAction({ message: {
        bot_id: 'B0HUBSPOT1', type: 'message', text: 'This content can\'t be displayed.', user: 'U0HUBSPOT1', ts: slackTs(), app_id: 'A0HUBSPOT1', team: TEAM,
        blocks: [
          { type: 'header', block_id: 'h1', text: { type: 'plain_text', text: 'Deal stage changed', emoji: true } },
          { type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '*Acme Corp* moved to _Negotiation_', verbatim: false }, fields: [{ type: 'mrkdwn', text: '*Amount*\n$12,000' }] },
        ],
      } });
      const a = await interaction(p);
      return { a, check: async (x) => { await ack(x); expect(summaryOf(await openedWith(p.trigger_id))).toBe('Deal stage changed\n*Acme Corp* moved to _Negotiation_\n*Amount*\n$12,000'); } };
    },
  },
  {
    name: 'message_action on a rich_text message whose text is empty: the form opens with the rich text\'s words',
    doc: 'https://docs.slack.dev/reference/block-kit/blocks/rich-text-block',
    run: async () => {
      const p = messageAction({ message: {
        type: 'message', user: CAROL, ts: slackTs(), text: '', team: TEAM,
        blocks: [{ type: 'rich_text', block_id: 'Bz1', elements: [
          { type: 'rich_text_section', elements: [{ type: 'text', text: 'Renewal is due ' }, { type: 'text', text: 'next month', style: { bold: true } }, { type: 'text', text: ', ask ' }, { type: 'user', user_id: ALICE }] },
          { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'SSO' }] }, { type: 'rich_text_section', elements: [{ type: 'link', url: 'https://acme.example/sso', text: 'pricing' }] }] },
        ] }],
      } });
      const a = await interaction(p);
      return { a, check: async (x) => { await ack(x); expect(summaryOf(await openedWith(p.trigger_id))).toBe('Renewal is due next month, ask @someone\nSSO\npricing'); } };
    },
  },
  {
    name: 'message_action on an integration\'s message (subtype bot_message, attachments only): the form opens with the attachment\'s words',
    doc: 'https://docs.slack.dev/reference/events/message/bot_message; https://docs.slack.dev/reference/messaging/attachments (title, text, fallback)',
    run: async () => {
      const p = messageAction({ message: { type: 'message', subtype: 'bot_message', text: '', ts: slackTs(), username: 'Zendesk', bot_id: 'B0ZENDESK1', attachments: [{ id: 1, fallback: 'Ticket #42: Acme cannot log in', title: 'Ticket #42', text: 'Acme cannot log in' }] } });
      const a = await interaction(p);
      return { a, check: async (x) => { await ack(x); expect(summaryOf(await openedWith(p.trigger_id))).toBe('Ticket #42\nAcme cannot log in'); } };
    },
  },
  {
    name: 'message_action in a DM (channel D…, name directmessage)',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload',
    run: async () => {
      const p = messageAction({ channel: { id: 'D0ALICEDM1', name: 'directmessage' }, message: { type: 'message', user: CAROL, ts: slackTs(), text: 'ping' } });
      const a = await interaction(p);
      return { a, check: async (x) => { await ack(x); expect(summaryOf(await openedWith(p.trigger_id))).toBe('ping'); } };
    },
  },
  {
    name: 'message_action in a linked channel from an org-wide install (team null): the account is pre-filled',
    doc: 'https://docs.slack.dev/tools/bolt-js/reference/interfaces/MessageShortcut (team: … | null; is_enterprise_install, enterprise)',
    run: async () => {
      const p = messageAction({ team: null, enterprise: { id: ORG, name: 'Grid Org' }, isEnterpriseInstall: true, channel: { id: LINKED, name: 'acme' }, message: { type: 'message', user: CAROL, ts: slackTs(), text: 'thanks!' } });
      const a = await interaction(p);
      return {
        a,
        check: async (x) => {
          await ack(x);
          const v = await openedWith(p.trigger_id);
          const account = (v?.blocks as any[]).find((b) => b.block_id === BLOCKS.logAccount);
          expect(account?.element?.initial_option?.value).toBe(String(acme));
        },
      };
    },
  },
  // ------------------------------------------------------------ App Home
  {
    name: 'app_home_opened, Home tab, first visit (no `view`): the tab is published',
    doc: 'https://docs.slack.dev/reference/events/app_home_opened',
    run: async () => {
      const before = fake.callsTo('views.publish').length;
      const a = await event({ event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICEDM1', tab: 'home', event_ts: slackTs() } });
      return { a, check: async () => { await fake.waitFor((_c, f) => f.callsTo('views.publish').length > before || null, 3_000); } };
    },
  },
  {
    name: 'app_home_opened, Messages tab: nothing published',
    doc: 'https://docs.slack.dev/reference/events/app_home_opened',
    run: async () => {
      const before = fake.callsTo('views.publish').length;
      const a = await event({ event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICEDM1', tab: 'messages', event_ts: slackTs() } });
      return { a, check: async () => { await settle(); expect(fake.callsTo('views.publish').length).toBe(before); } };
    },
  },
  {
    name: 'app_home_opened, Home tab, a returning visitor (the published `view` included): published again',
    doc: 'https://docs.slack.dev/reference/events/app_home_opened (view: present once a Home tab was published)',
    run: async () => {
      const before = fake.callsTo('views.publish').length;
      const a = await event({ event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICEDM1', tab: 'home', event_ts: slackTs(), view: fake.homeView(ALICE) ?? {} } });
      return { a, check: async () => { await fake.waitFor((_c, f) => f.callsTo('views.publish').length > before || null, 3_000); } };
    },
  },
  {
    name: 'app_home_opened to an org-wide install (authorizations team_id null, context_team_id names the workspace)',
    doc: 'https://docs.slack.dev/enterprise/developing-for-enterprise-orgs (authorizations, is_enterprise_install); bolt-js EnvelopedEvent (context_team_id, context_enterprise_id)',
    run: async () => {
      const before = fake.callsTo('views.publish').length;
      const a = await event({
        team_id: TEAM, enterprise_id: ORG, context_team_id: TEAM, context_enterprise_id: ORG,
        event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICEDM1', tab: 'home', event_ts: slackTs() },
        authorizations: [{ enterprise_id: ORG, team_id: null, user_id: BOT_USER, is_bot: true, is_enterprise_install: true }],
      });
      return { a, check: async () => { await fake.waitFor((_c, f) => f.callsTo('views.publish').length > before || null, 3_000); } };
    },
  },
  // ------------------------------------------------------------ reactions
  {
    name: 'reaction_added :eyes: on a nudge message: claimed',
    doc: 'https://docs.slack.dev/reference/events/reaction_added',
    run: () => onNudge((n) => JSON.parse(JSON.stringify(eventEnvelope({ event: { type: 'reaction_added', user: ALICE, reaction: 'eyes', item_user: BOT_USER, item: { type: 'message', channel: NUDGES, ts: n.ts }, event_ts: slackTs() } }))), 'claimed').then(async (r) => r),
  },
  {
    name: 'reaction_added on a file (item type file): nothing',
    doc: 'https://docs.slack.dev/reference/events/reaction_added (item: message | file | file_comment)',
    run: () => nothingWritten(() => event({ event: { type: 'reaction_added', user: ALICE, reaction: 'gift', item_user: ALICE, item: { type: 'file', file: 'F0FILE0001' }, event_ts: slackTs() } })),
  },
  {
    name: 'reaction_added on a file comment (item type file_comment): nothing',
    doc: 'https://docs.slack.dev/reference/events/reaction_added',
    run: () => nothingWritten(() => event({ event: { type: 'reaction_added', user: ALICE, reaction: 'white_check_mark', item_user: ALICE, item: { type: 'file_comment', file_comment: 'Fc0COMMENT1', file: 'F0FILE0001' }, event_ts: slackTs() } })),
  },
  {
    name: 'reaction_added :gift: by a teammate on the team\'s message in a linked channel: that touch is a give',
    doc: 'https://docs.slack.dev/reference/events/reaction_added (item_user: who wrote the message)',
    run: async () => {
      const ts = slackTs(Date.now() - 3_600_000 * 3);
      expect((await event({ event: message({ ts }) })).status).toBe(200);
      const hour = new Date(Math.floor(Number(ts) / 3600) * 3600 * 1000);
      const kind = async () => (await app.db.pool.query(`select kind from conversation where workspace_id = $1 and account_id = $2 and source = 'channel' and direction = 'team' and occurred_at >= $3 and occurred_at < $3::timestamptz + interval '1 hour'`, [ws, acme, hour])).rows[0]?.kind as string | undefined;
      await until(kind, 3_000, 'captured');
      const a = await event({ event: { type: 'reaction_added', user: ALICE, reaction: 'gift', item_user: ALICE, item: { type: 'message', channel: LINKED, ts }, event_ts: slackTs() } });
      return { a, check: async () => { await until(async () => (await kind()) === 'give' || null, 3_000, 'give').catch(() => undefined); expect(await kind()).toBe('give'); } };
    },
  },
  {
    name: 'reaction_added by Tend\'s own bot on a nudge: nothing changes',
    doc: 'https://docs.slack.dev/reference/events/reaction_added',
    run: async () => {
      const n = await postedNudge();
      const a = await event({ event: { type: 'reaction_added', user: BOT_USER, reaction: 'eyes', item_user: BOT_USER, item: { type: 'message', channel: NUDGES, ts: n.ts }, event_ts: slackTs() } });
      return { a, check: async () => { await settle(); expect(await status(n.nudgeId)).toBe('open'); } };
    },
  },
  // ------------------------------------------------------------ messages in channels
  {
    name: 'message in a linked public channel: one touch',
    doc: 'https://docs.slack.dev/reference/events/message.channels',
    run: () => captures(() => event({ event: message() }), acme, 1),
  },
  {
    name: 'message.groups in a linked private channel: one touch, no snippet',
    doc: 'https://docs.slack.dev/reference/events/message.groups',
    run: () => captures(() => event({ event: message({ channel: PRIVATE, channelType: 'group' }) }), privateAcme, 1),
  },
  {
    name: 'thread reply in a linked channel (thread_ts, parent_user_id): one touch',
    doc: 'https://docs.slack.dev/messaging/retrieving-messages#threads (replies carry thread_ts and parent_user_id)',
    run: () => captures(() => event({ event: message({ extra: { thread_ts: slackTs(Date.now() - 60_000), parent_user_id: CAROL } }) }), acme, 1),
  },
  {
    name: 'thread_broadcast in a linked channel: one touch',
    doc: 'https://docs.slack.dev/reference/events/message/thread_broadcast',
    run: () => captures(() => event({ event: message({ extra: { subtype: 'thread_broadcast', thread_ts: slackTs(Date.now() - 60_000), root: { type: 'message', user: CAROL, text: 'q', ts: slackTs(Date.now() - 60_000) } } }) }), acme, 1),
  },
  {
    name: 'file_share with no text in a linked channel: one touch',
    doc: 'https://docs.slack.dev/reference/events/message/file_share',
    run: () => captures(() => event({ event: message({ text: '', extra: { subtype: 'file_share', upload: false, display_as_bot: false, files: [{ id: 'F0FILE0002', name: 'deck.pdf' }], blocks: undefined } }) }), acme, 1),
  },
  {
    name: 'Slack Connect: the customer\'s message in a shared linked channel (user_team, source_team, is_ext_shared_channel)',
    doc: 'https://docs.slack.dev/apis/slack-connect/ (events in shared channels: user_team, source_team)',
    run: () => captures(() => event({ is_ext_shared_channel: true, event: message({ user: CAROL, extra: { team: CUSTOMER, user_team: CUSTOMER, source_team: CUSTOMER } }) }), acme, 1, 1),
  },
  {
    name: 'message to an org-wide install (authorizations team_id null, context_team_id): one touch',
    doc: 'https://docs.slack.dev/enterprise/developing-for-enterprise-orgs; bolt-js EnvelopedEvent',
    run: () => captures(() => event({
      team_id: TEAM, enterprise_id: ORG, context_team_id: TEAM, context_enterprise_id: ORG, event: message(),
      authorizations: [{ enterprise_id: ORG, team_id: null, user_id: BOT_USER, is_bot: true, is_enterprise_install: true }],
    }), acme, 1),
  },
  {
    name: 'message_changed (an edit) in a linked channel: counts no touch (a kept snippet follows the edit: channel-capture.test.ts)',
    doc: 'https://docs.slack.dev/reference/events/message/message_changed',
    run: () => nothingWritten(() => {
      const ts = slackTs(Date.now() - 30_000);
      return event({ event: {
        type: 'message', subtype: 'message_changed', hidden: true, channel: LINKED, channel_type: 'channel', ts: slackTs(), event_ts: slackTs(),
        message: { type: 'message', user: ALICE, text: 'edited', ts, edited: { user: ALICE, ts: slackTs() } },
        previous_message: { type: 'message', user: ALICE, text: 'original', ts },
      } });
    }),
  },
  {
    name: 'message_deleted in a linked channel: uncounts no touch (a kept snippet is blanked: channel-capture.test.ts)',
    doc: 'https://docs.slack.dev/reference/events/message/message_deleted',
    run: () => nothingWritten(() => {
      const ts = slackTs(Date.now() - 30_000);
      return event({ event: { type: 'message', subtype: 'message_deleted', hidden: true, channel: LINKED, channel_type: 'channel', ts: slackTs(), event_ts: slackTs(), deleted_ts: ts, previous_message: { type: 'message', user: ALICE, text: 'gone', ts } } });
    }),
  },
  {
    name: 'bot_message (another integration) in a linked channel: nothing',
    doc: 'https://docs.slack.dev/reference/events/message/bot_message',
    run: () => nothingWritten(() => event({ event: { type: 'message', subtype: 'bot_message', text: 'Deploy finished', bot_id: 'B0DEPLOY01', username: 'deploybot', channel: LINKED, channel_type: 'channel', ts: slackTs(), event_ts: slackTs() } })),
  },
  {
    name: 'Tend\'s own bot message (no subtype, bot_id and app_id) in a linked channel: nothing',
    doc: 'https://docs.slack.dev/reference/events/message (messages posted by apps carry bot_id / app_id)',
    run: () => nothingWritten(() => event({ event: message({ user: BOT_USER, extra: { bot_id: BOT_ID, app_id: 'A0TENDAPP1', bot_profile: { id: BOT_ID, app_id: 'A0TENDAPP1', name: 'Tend', team_id: TEAM } } }) })),
  },
  {
    name: 'channel_join in a linked channel: nothing',
    doc: 'https://docs.slack.dev/reference/events/message/channel_join',
    run: () => nothingWritten(() => event({ event: message({ text: `<@${CAROL}> has joined the channel`, user: CAROL, extra: { subtype: 'channel_join', inviter: ALICE } }) })),
  },
  {
    name: 'message from a workspace Tend does not serve: nothing',
    doc: 'https://docs.slack.dev/apis/events-api/ (team_id, authorizations)',
    run: () => nothingWritten(() => event({ team_id: FOREIGN, event: message({ extra: { team: FOREIGN } }) })),
  },
  // ------------------------------------------------------------ channels
  {
    name: 'member_joined_channel: someone else joined: nothing',
    doc: 'https://docs.slack.dev/reference/events/member_joined_channel',
    run: () => nothingWritten(() => event({ event: { type: 'member_joined_channel', user: CAROL, channel: LINKED, channel_type: 'C', team: TEAM, inviter: ALICE, event_ts: slackTs() } })),
  },
  {
    name: 'member_joined_channel: Tend\'s bot invited to a channel',
    doc: 'https://docs.slack.dev/reference/events/member_joined_channel',
    run: () => nothingWritten(() => event({ event: { type: 'member_joined_channel', user: BOT_USER, channel: GENERAL, channel_type: 'C', team: TEAM, inviter: ALICE, event_ts: slackTs() } })),
  },
  {
    name: 'channel_shared / channel_unshared on the linked channel',
    doc: 'https://docs.slack.dev/reference/events/channel_shared; https://docs.slack.dev/reference/events/channel_unshared',
    run: async () => {
      const a = await event({ event: { type: 'channel_shared', connected_team_id: CUSTOMER, channel: LINKED, event_ts: slackTs() } });
      expect(a.status).toBe(200);
      return nothingWritten(() => event({ event: { type: 'channel_unshared', previously_connected_team_id: CUSTOMER, channel: LINKED, is_ext_shared: false, event_ts: slackTs() } }));
    },
  },
  {
    name: 'tokens_revoked for user tokens only: the workspace stays active',
    doc: 'https://docs.slack.dev/reference/events/tokens_revoked',
    run: () => nothingWritten(() => event({ event: { type: 'tokens_revoked', tokens: { oauth: [ALICE] } } }), async () => {
      expect((await app.db.prisma.workspace.findUniqueOrThrow({ where: { id: ws } })).status).toBe('active');
    }),
  },
  {
    name: 'team_access_granted with team_id null (the documented org-level envelope) to a one-workspace token: ignored',
    doc: 'https://docs.slack.dev/reference/events/team_access_granted',
    expectedProblems: [/team this token does not serve/],
    run: () => nothingWritten(() => post(JSON.stringify({
      token: 'verification_token', team_id: null, enterprise_id: ORG, api_app_id: 'A0TENDAPP1',
      event: { type: 'team_access_granted', team_ids: [TEAM, 'T0OTHER002'], event_ts: slackTs() },
      type: 'event_callback', event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`, event_time: nowSec(),
      authorizations: [{ enterprise_id: ORG, team_id: null, user_id: BOT_USER, is_bot: true, is_enterprise_install: true }],
    }))),
  },
  {
    name: 'message_action from a workspace Tend does not serve: an empty 200, no form',
    doc: 'https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload',
    expectedProblems: [/team this token does not serve/],
    run: async () => {
      const p = { ...messageAction({ team: { id: FOREIGN, domain: 'foreign' }, message: { type: 'message', user: CAROL, ts: slackTs(), text: 'hi' } }), user: { id: CAROL, username: 'carol', name: 'carol', team_id: FOREIGN } };
      return nothingWritten(() => interaction(p), async (x) => { await ack(x); expect(await openedWith(p.trigger_id)).toBeNull(); });
    },
  },
  // the last rows take the workspace out and bring it back
  {
    name: 'tokens_revoked for the bot token: the workspace goes inactive; a command brings it back',
    doc: 'https://docs.slack.dev/reference/events/tokens_revoked',
    run: async () => {
      const a = await event({ event: { type: 'tokens_revoked', tokens: { bot: [BOT_USER] } } });
      const wsStatus = async () => (await app.db.prisma.workspace.findUniqueOrThrow({ where: { id: ws } })).status;
      return {
        a,
        check: async () => {
          await until(async () => (await wsStatus()) === 'inactive' || null, 3_000, 'inactive');
          expect((await command('/tend', 'help')).status).toBe(200);
          expect(await wsStatus()).toBe('active');
        },
      };
    },
  },
  {
    name: 'app_uninstalled: the workspace goes inactive, its data stays',
    doc: 'https://docs.slack.dev/reference/events/app_uninstalled',
    run: async () => {
      const c0 = await conversations();
      const a = await event({ event: { type: 'app_uninstalled' } });
      return {
        a,
        check: async () => {
          await until(async () => (await app.db.prisma.workspace.findUniqueOrThrow({ where: { id: ws } })).status === 'inactive' || null, 3_000, 'inactive');
          expect(await conversations()).toBe(c0);
        },
      };
    },
  },
];

describe('every payload Slack sends Tend', () => {
  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const from = problems.length;
    const { a, check } = await v.run();
    expect(a.status).toBe(200);
    // Slack gives up after 3 s; a quarter of that leaves room for a loaded box
    expect(a.ms).toBeLessThan(3_000);
    await check(a);
    await settle(150);
    const logged = problems.slice(from).filter((p) => !(v.expectedProblems ?? []).some((re) => re.test(p.msg)));
    expect(logged.map((p) => `${p.level} ${p.msg} ${JSON.stringify(p.err ?? '')}`)).toEqual([]);
  });
});

// ---------------------------------------------------------------- an org-wide (Enterprise Grid) install

/**
 * Tend distributed over OAuth and installed org-wide on an Enterprise Grid org: one token speaks
 * for every workspace of the org, and Slack names the workspace in different places per kind of
 * request (an event's envelope team_id, a command's team_id, an interaction's team — null on
 * org-wide installs — or user.team_id; a modal's view.app_installed_team_id is the org's id).
 */
describe('every payload Slack sends an org-wide install', () => {
  const GRID_A = 'T0GRIDA001';
  const GRID_USER = 'W0GRIDUSR1'; // Grid users have org-wide W… ids
  const ORG_BOT = 'U0ORGBOT01';
  let grid: { app: TestApp; fake: FakeSlack; ws: number; acme: number };
  const gridProblems: typeof problems = [];
  const gridSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const rec = JSON.parse(line) as { level: number; msg: string };
        if (rec.level >= 40) gridProblems.push(rec);
      }
      done();
    },
  });

  beforeAll(async () => {
    const key = randomBytes(32).toString('hex');
    const gfake = await startFakeSlack({
      tokens: [{ token: 'xoxb-org', teamId: GRID_A, enterpriseId: ORG, userId: ORG_BOT }],
      team: { id: GRID_A, enterpriseId: ORG },
      users: { [GRID_USER]: { name: 'gina', real_name: 'Gina Grid', tz: 'Europe/Paris' } },
    });
    const gapp = await startTestApp({ roles: 'web', env: oauthEnv(gfake.apiUrl, key), log: createLogger('info', 'tend', gridSink) });
    // the org-wide installation as Bolt's OAuth flow stores it: an enterprise, no team
    await createInstallationStore(gapp.db, Buffer.from(key, 'hex')).storeInstallation({
      team: undefined,
      enterprise: { id: ORG, name: 'Grid Org' },
      user: { id: GRID_USER, token: undefined, scopes: undefined },
      bot: { token: 'xoxb-org', scopes: ['chat:write'], id: 'B0ORGBOT01', userId: ORG_BOT },
      isEnterpriseInstall: true,
      authVersion: 'v2',
    } as never);
    const w = await gapp.db.prisma.workspace.create({ data: { slackTeamId: GRID_A, slackEnterpriseId: ORG } });
    const { nameKey } = await import('../../src/domain/text.ts');
    const a = await gapp.db.prisma.account.create({ data: { workspaceId: w.id, name: 'Grid Acme', nameKey: nameKey('Grid Acme') } });
    grid = { app: gapp, fake: gfake, ws: w.id, acme: a.id };
  });
  afterAll(async () => {
    await grid?.app.stop();
    await grid?.fake.close();
  });

  const gpost = async (body: string): Promise<Answer> => {
    const t0 = Date.now();
    const res = await postSigned(`${grid.app.url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() });
    const raw = await res.text();
    return { status: res.status, raw, body: raw.startsWith('{') ? JSON.parse(raw) : null, ms: Date.now() - t0 };
  };
  const logged = async () => grid.app.db.prisma.conversation.count({ where: { workspaceId: grid.ws, accountId: grid.acme } });
  const workspacesNow = async () => grid.app.db.prisma.workspace.count();

  /** A view_submission of the log form in the org's workspace A, as an org-wide app receives it. */
  function orgSubmission(summary: string, o: { team?: Record<string, unknown> | null; isEnterpriseInstall?: boolean } = {}) {
    const p = viewSubmissionPayload({ callbackId: CALLBACKS.logModal, userId: GRID_USER, teamId: GRID_A, enterpriseId: ORG, enterpriseName: 'Grid Org', botId: 'B0ORGBOT01', privateMetadata: JSON.stringify({ origin: 'shortcut' }), values: logValues(grid.acme, summary) });
    return {
      ...p,
      team: o.team === undefined ? { id: GRID_A, domain: 'grid-a', enterprise_id: ORG, enterprise_name: 'Grid Org' } : o.team,
      // an org-level app's modal belongs to the org: view.team_id and app_installed_team_id are its E… id
      view: { ...p.view, team_id: ORG, app_installed_team_id: ORG },
      is_enterprise_install: o.isEnterpriseInstall ?? false,
    };
  }

  const GRID_VARIANTS: Variant[] = [
    {
      name: '/log in a workspace of the org (team_id, enterprise_id, is_enterprise_install=true)',
      doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands; https://docs.slack.dev/enterprise/developing-for-enterprise-orgs',
      run: async () => {
        const n0 = await logged();
        const a = await gpost(slashCommandBody({
          command: '/log', text: 'Grid Acme: call, walked them through the roadmap #give', team_id: GRID_A, team_domain: 'grid-a', user_id: GRID_USER, channel_id: 'C0GRIDCHN1',
          enterprise_id: ORG, enterprise_name: 'Grid Org', is_enterprise_install: 'true', response_url: grid.fake.responseUrl('g1'), trigger_id: triggerId(),
        }));
        return { a, check: async () => expect(await logged()).toBe(n0 + 1) };
      },
    },
    {
      name: 'view_submission of the log form: team names the workspace, view.app_installed_team_id is the org (Slack\'s Work Objects example)',
      doc: 'https://docs.slack.dev/messaging/work-objects-implementation (view_submission: team.id T…, view.team_id and view.app_installed_team_id E…)',
      run: async () => {
        const [n0, w0] = [await logged(), await workspacesNow()];
        const a = await gpost(interactionBody(orgSubmission('org modal save')));
        return { a, check: async (x) => { await ack(x); expect(await logged()).toBe(n0 + 1); expect(await workspacesNow()).toBe(w0); } };
      },
    },
    {
      name: 'view_submission of the log form on an org-wide install with team null: user.team_id names the workspace',
      doc: 'https://docs.slack.dev/tools/bolt-js/reference/interfaces/ViewClosedAction (team: … | null); bolt-js App.ts ("When the app is installed using org-wide deployment, team property will be null")',
      run: async () => {
        const [n0, w0] = [await logged(), await workspacesNow()];
        const a = await gpost(interactionBody(orgSubmission('org modal save, team null', { team: null, isEnterpriseInstall: true })));
        return { a, check: async (x) => { await ack(x); expect(await logged()).toBe(n0 + 1); expect(await workspacesNow()).toBe(w0); } };
      },
    },
    {
      name: 'view_closed of an org-level modal: an empty 200, nothing written',
      doc: 'https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_closed',
      run: async () => {
        const [n0, w0] = [await logged(), await workspacesNow()];
        const { response_urls: _r, trigger_id: _t, ...p } = orgSubmission('closed');
        const a = await gpost(interactionBody({ ...p, type: 'view_closed', is_cleared: false }));
        return { a, check: async (x) => { await ack(x); await settle(); expect(await logged()).toBe(n0); expect(await workspacesNow()).toBe(w0); } };
      },
    },
    {
      name: 'message_action with team null (org-wide install): the form opens',
      doc: 'https://docs.slack.dev/tools/bolt-js/reference/interfaces/MessageShortcut (team: … | null; is_enterprise_install, enterprise)',
      run: async () => {
        const p = { ...messageAction({ team: null, enterprise: { id: ORG, name: 'Grid Org' }, isEnterpriseInstall: true, channel: { id: 'C0GRIDCHN1', name: 'grid' }, message: { type: 'message', user: GRID_USER, ts: slackTs(), text: 'note this' } }), user: { id: GRID_USER, username: 'gina', name: 'gina', team_id: GRID_A } };
        const a = await gpost(interactionBody(p));
        return { a, check: async (x) => { await ack(x); await grid.fake.waitFor((_c, f) => f.callsTo('views.open').find((c) => c.args.trigger_id === p.trigger_id) ?? null, 3_000); } };
      },
    },
    {
      name: 'app_home_opened (authorizations team_id null, is_enterprise_install, context_team_id): the tab is published with the org\'s token',
      doc: 'https://docs.slack.dev/enterprise/developing-for-enterprise-orgs; https://docs.slack.dev/reference/events/app_home_opened',
      run: async () => {
        const before = grid.fake.callsTo('views.publish').length;
        const a = await gpost(JSON.stringify(eventEnvelope({
          team_id: GRID_A, enterprise_id: ORG, context_team_id: GRID_A, context_enterprise_id: ORG, is_enterprise_install: true,
          event: { type: 'app_home_opened', user: GRID_USER, channel: 'D0GRIDUSR1', tab: 'home', event_ts: slackTs() },
          authorizations: [{ enterprise_id: ORG, team_id: null, user_id: ORG_BOT, is_bot: true, is_enterprise_install: true }],
        })));
        return { a, check: async () => { await grid.fake.waitFor((_c, f) => f.callsTo('views.publish').length > before || null, 3_000); } };
      },
    },
    {
      name: 'team_access_granted with team_id null at the top level: the workspace is served again',
      doc: 'https://docs.slack.dev/reference/events/team_access_granted',
      run: async () => {
        await grid.app.db.prisma.workspace.update({ where: { id: grid.ws }, data: { status: 'inactive' } });
        const a = await gpost(JSON.stringify({
          token: 'verification_token', team_id: null, enterprise_id: ORG, api_app_id: 'A0TENDAPP1',
          event: { type: 'team_access_granted', team_ids: [GRID_A], event_ts: slackTs() },
          type: 'event_callback', event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`, event_time: nowSec(),
          authorizations: [{ enterprise_id: ORG, team_id: null, user_id: ORG_BOT, is_bot: true, is_enterprise_install: true }],
        }));
        return { a, check: async () => { await until(async () => (await grid.app.db.prisma.workspace.findUniqueOrThrow({ where: { id: grid.ws } })).status === 'active' || null, 3_000, 'active'); } };
      },
    },
    {
      name: 'an event from a workspace with no installation here (its install gone): a 200, nothing written',
      doc: 'https://docs.slack.dev/apis/events-api/ (answer 200 within 3 s; failed deliveries are retried and can disable the subscription)',
      expectedProblems: [/^Authorization of incoming event did not succeed/],
      run: async () => {
        const w0 = await workspacesNow();
        const a = await gpost(JSON.stringify(eventEnvelope({ team_id: 'T0NOINST01', event: { type: 'app_home_opened', user: 'U0NOINST01', channel: 'D0NOINST01', tab: 'home', event_ts: slackTs() } })));
        return { a, check: async () => { await settle(); expect(await workspacesNow()).toBe(w0); } };
      },
    },
    {
      name: '/tend from a workspace with no installation here: told to install Tend, nothing written',
      doc: 'https://docs.slack.dev/interactivity/implementing-slash-commands',
      expectedProblems: [/^Authorization of incoming event did not succeed/],
      run: async () => {
        const w0 = await workspacesNow();
        const a = await gpost(slashCommandBody({ command: '/tend', text: 'help', team_id: 'T0NOINST01', user_id: 'U0NOINST01', channel_id: 'C0NOINST01', response_url: grid.fake.responseUrl('ni1'), trigger_id: triggerId() }));
        return { a, check: async (x) => { expect(x.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/isn't installed/) }); expect(await workspacesNow()).toBe(w0); } };
      },
    },
    {
      name: 'a click by someone of a workspace with no installation here (a Slack Connect guest on a shared message): an empty 200',
      doc: 'https://docs.slack.dev/reference/interaction-payloads/block_actions-payload (team and user are the clicker\'s)',
      expectedProblems: [/^Authorization of incoming event did not succeed/],
      run: async () => {
        const w0 = await workspacesNow();
        const a = await gpost(interactionBody(blockActionsPayload({ userId: 'U0NOINST01', teamId: 'T0NOINST01', actionId: ACTIONS.nudgeClaim, value: '1', blockId: BLOCKS.nudgeActions, channelId: 'C0GRIDCHN1', responseUrl: grid.fake.responseUrl('ni2') })));
        return { a, check: async (x) => { await ack(x); expect(await workspacesNow()).toBe(w0); } };
      },
    },
  ];

  it.each(GRID_VARIANTS.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    const from = gridProblems.length;
    const { a, check } = await v.run();
    expect(a.status).toBe(200);
    expect(a.ms).toBeLessThan(3_000);
    await check(a);
    await settle(150);
    const seen = gridProblems.slice(from).filter((p) => !(v.expectedProblems ?? []).some((re) => re.test(p.msg)));
    expect(seen.map((p) => `${p.level} ${p.msg} ${JSON.stringify(p.err ?? '')}`)).toEqual([]);
  });
});

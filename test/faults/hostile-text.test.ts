// Hostile text in every free-text field, through the real flows (signed commands, modals,
// buttons, a scan and its delivery to the fake Slack): mentions, links, markdown, 10,000
// characters, NUL bytes, RTL scripts and emoji (ZWJ sequences, flags).
// - Stored verbatim, except what cleanInput (src/domain/text.ts) documents: NUL and other
//   control characters removed, CR/CRLF → LF, NFC, trimmed; one-line commands also fold
//   runs of whitespace (cleanInput(x).replace(/\s+/g, ' ')), the dismiss note likewise.
// - Everything the app sends to Slack that Slack renders as mrkdwn (message text, mrkdwn
//   text objects) carries the escaped forms only (`&lt;!channel&gt;`), so nothing pings or
//   links; and every message, modal and Home view passes checkBlockKit.
//   (plain_text objects, input initial values and button values are not parsed for
//   mentions by Slack, so user text there is shown as typed.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanInput, nameKey } from '../../src/domain/text.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { checkBlockKit } from '../support/block-kit-limits.ts';
import { NUDGE_VIEWS } from '../../src/views/ids.ts';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { until } from '../support/nudge-factory.ts';
import { EVERY_DAY, zoneInWorkingHours } from '../support/working-zone.ts';
import { appHomeOpenedEvent, eventBody, postSigned } from '../support/slack-sign.ts';
import { answerOf, click, slash, submit, suggest, type Answer, type Env } from '../e2e/support.ts';

const TEAM = 'T0HOSTILE';
const ALICE = 'U0ALICE001';
const NUDGES = 'C0HOSTNUDG';
const GENERAL = 'C0HOSTGENL';
// where the working day has begun, so a scan's nudges reach Alice whatever hour the suite runs
const ZONE = zoneInWorkingHours().zone;

const MENTIONS = '<!channel> <!here> <@U0ABC> <#C0ABC>';
const LINK = '<https://evil.example|click>';
const MARKDOWN = '*bold* _x_ ~y~ `code`';
const RTL = 'مرحبا بالعالم שלום עולם';
const EMOJI = '👩‍👩‍👧‍👦 🏳️‍🌈 🇩🇪 ✨';
/** every kind at once, one line, single spaces, with a NUL byte inside */
const HOSTILE = `${MENTIONS} ${LINK} ${MARKDOWN} ${RTL} ${EMOJI} nul\u0000byte`;
const LONG = `${HOSTILE} ${'x'.repeat(10_000)}`;
const ACCOUNT_NAME = `Evil <!channel> <@U0ABC> <https://evil.example|click> *bold* مرحبا 👩‍👩‍👧‍👦`;
const ALIAS = '<!here> שלום ✨';
const SEGMENT = '<#C0ABC> _x_ ~y~ `code`';
const RAW = ['<!channel>', '<!here>', '<@U0ABC>', '<#C0ABC>', '<https://evil'];

let fake: FakeSlack;
let app: TestApp;
let env: Env;
let workspaceId: number;
const answers: Answer[] = [];
const pool = () => app.db.pool;

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: TEAM }, users: { [ALICE]: { name: 'alice', tz: ZONE } } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web,worker' });
  env = { app, fake };
  const ws = await pool().query<{ id: number }>(
    `insert into workspace (slack_team_id, nudge_channel_id, digest_channel_id, timezone, work_days, updated_at) values ($1, $2, $2, $3, $4::int[], now()) returning id`, [TEAM, NUDGES, ZONE, EVERY_DAY]);
  workspaceId = ws.rows[0]!.id;
  await pool().query(`insert into member (workspace_id, slack_user_id, role) values ($1, $2, 'manager')`, [workspaceId, ALICE]);
  for (const [i, name] of ['Analytics', 'Reporting'].entries()) {
    await pool().query(`insert into product (workspace_id, name, name_key, list_mrr_cents, position) values ($1, $2, $3, 30000, $4)`, [workspaceId, name, nameKey(name), i]);
  }
  await pool().query(`insert into account (workspace_id, name, name_key, created_at) values ($1, 'Acme', 'acme', now() - interval '300 days')`, [workspaceId]);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

// ------------------------------------------------------------------ what left the app

type Rendered = { where: string; text: string };

/** Strings Slack renders as mrkdwn (and so would ping or link): message text, mrkdwn objects, markdown blocks. */
function mrkdwnStrings(node: unknown, where: string, out: Rendered[], topLevel = true): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => mrkdwnStrings(n, `${where}/${i}`, out, false));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  if (o.type === 'plain_text') return;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') {
      const rendered = (k === 'text' && (topLevel || o.type === 'mrkdwn' || o.type === 'markdown')) || k === 'alt_text';
      if (rendered) out.push({ where: `${where}/${k}`, text: v });
    } else if (k !== 'private_metadata' && k !== 'metadata') {
      mrkdwnStrings(v, `${where}/${k}`, out, false);
    }
  }
}

type Surface = { surface: 'message' | 'modal' | 'home'; where: string; payload: Record<string, unknown> };

function outbound(): Surface[] {
  const out: Surface[] = [];
  for (const c of fake.calls) {
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method)) out.push({ surface: 'message', where: c.method, payload: c.args });
    if (c.method === 'views.open' || c.method === 'views.update' || c.method === 'views.push') out.push({ surface: 'modal', where: c.method, payload: c.args.view as Record<string, unknown> });
    if (c.method === 'views.publish') out.push({ surface: 'home', where: c.method, payload: c.args.view as Record<string, unknown> });
  }
  for (const r of fake.allResponses()) out.push({ surface: 'message', where: `response_url ${r.id}`, payload: r.body });
  for (const a of answers) if (a.body && (a.body.text !== undefined || a.body.blocks !== undefined)) out.push({ surface: 'message', where: 'http answer', payload: a.body });
  return out;
}

/** Nothing rendered pings or links, everything fits Block Kit; returns how many surfaces were checked. */
function expectSafe(): number {
  const surfaces = outbound();
  for (const s of surfaces) {
    const strings: Rendered[] = [];
    mrkdwnStrings(s.payload, s.where, strings);
    for (const { where, text } of strings) for (const raw of RAW) expect(text.includes(raw), `${where} contains ${raw}: ${text.slice(0, 300)}`).toBe(false);
    expect(checkBlockKit(s.surface, s.payload), s.where).toEqual([]);
  }
  return surfaces.length;
}

const rendered = () => JSON.stringify(outbound().map((s) => s.payload));

async function say(command: string, text: string): Promise<string> {
  const a = await slash(env, command, text, { team: TEAM, user: ALICE, channel: GENERAL });
  answers.push(a);
  expect(a.status).toBe(200);
  return JSON.stringify(await answerOf(env, a));
}

const oneLine = (s: string) => cleanInput(s).replace(/\s+/g, ' ');

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool().query(sql, [workspaceId, ...params])).rows as T[];
}

function modalValues(accountId: number, summary: string, nextStep: string | null) {
  return {
    [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: String(accountId) } } },
    [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'call' } } },
    [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'give' } } },
    [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: summary } },
    [BLOCKS.logNextStep]: { [ACTIONS.logNextStep]: { type: 'plain_text_input', value: nextStep } },
    [BLOCKS.logDueDate]: { [ACTIONS.logDueDate]: { type: 'datepicker', selected_date: null } },
  };
}

describe('hostile text', () => {
  it('/log one line: summary and next step stored verbatim (NUL removed), shown escaped; 10,000 chars refused unread, 5,000 by the summary limit', async () => {
    const answer = await say('/log', `Acme: ${HOSTILE} next: ${HOSTILE}`);
    expect(answer).toContain('&lt;!channel&gt;');
    const stored = await rows<{ summary: string; next_step: string }>(`select summary, next_step from conversation where workspace_id = $1 and source = 'command'`);
    expect(stored).toEqual([{ summary: oneLine(HOSTILE), next_step: oneLine(HOSTILE) }]);
    expect(stored[0]!.summary).toContain(MENTIONS);
    expect(stored[0]!.summary).toContain(`${RTL} ${EMOJI}`);
    expect(stored[0]!.summary).not.toContain('\u0000');

    // over /log's cap: refused before it is read; under it, the summary's own limit
    const long = await say('/log', `Acme: ${LONG}`);
    expect(long).toMatch(/That's 10,\d{3} characters; \/log takes up to 8,000/);
    expect(await say('/log', `Acme: ${HOSTILE} ${'x'.repeat(5_000)}`)).toMatch(/limit is 3,000/);
    expect(await rows(`select 1 from conversation where workspace_id = $1`)).toHaveLength(1);
    expectSafe();
  });

  it('/account add: name, alias and segment stored verbatim; card, rename and an unknown product shown escaped; 10,000 chars refused unread, a 3,000-char name by the name limit', async () => {
    const added = await say('/account', `add "${ACCOUNT_NAME}" aka ${ALIAS} segment ${SEGMENT}`);
    expect(added).toContain('Added');
    const [acc] = await rows<{ id: number; name: string; segment: string }>(`select id, name, segment from account where workspace_id = $1 and name like 'Evil%'`);
    expect(acc).toMatchObject({ name: ACCOUNT_NAME, segment: SEGMENT });
    expect((await rows<{ alias: string }>(`select alias from account_alias where workspace_id = $1 and account_id = $2`, [acc!.id])).map((r) => r.alias)).toEqual([ALIAS]);

    // the card, from the "show account" button
    answers.push(await click(env, { teamId: TEAM, userId: ALICE, actionId: ACTIONS.showAccount, value: String(acc!.id), responseId: 'card' }));
    const card = await fake.waitFor((_c, f) => f.responses('card')[0]);
    expect(JSON.stringify(card.body)).toContain('&lt;!channel&gt;');

    const product = await say('/account', `Acme +${MENTIONS} ${RTL} 10/mo`);
    expect(product).toContain('&lt;!channel&gt;');
    expect(await rows(`select 1 from holding where workspace_id = $1`)).toHaveLength(0);

    const renamedTo = `Acme ${MENTIONS} ${EMOJI}`;
    expect(await say('/account', `rename Acme to ${renamedTo}`)).toContain('Renamed');
    expect(await rows(`select name from account where workspace_id = $1 and name_key = $2`, [nameKey(renamedTo)])).toEqual([{ name: renamedTo }]);

    expect(await say('/account', `add ${'y'.repeat(10_000)}`)).toMatch(/10,004 characters; \/account takes up to 4,000/);
    expect(await say('/account', `add ${'y'.repeat(3_000)}`)).toMatch(/3,000 characters; keep it under 150/);
    expect(await rows(`select 1 from account where workspace_id = $1 and length(name) > 200`)).toHaveLength(0);
    expectSafe();
  });

  it('the log form: multi-line hostile summary and next step stored (controls removed); 10,000 chars is a field error; the picker offers hostile names', async () => {
    const [acc] = await rows<{ id: number }>(`select id from account where workspace_id = $1 and name like 'Evil%'`);
    const summary = `${HOSTILE}\r\nline two ${EMOJI}\u0007`;
    const meta = JSON.stringify({ origin: 'command', channelId: GENERAL });
    const ok = await submit(env, { teamId: TEAM, userId: ALICE, callbackId: CALLBACKS.logModal, privateMetadata: meta, viewId: 'V0HOSTILE1', values: modalValues(acc!.id, summary, HOSTILE) });
    answers.push(ok);
    expect(ok.status).toBe(200);
    expect(await rows(`select summary, next_step from conversation where workspace_id = $1 and source_key = 'modal:V0HOSTILE1'`))
      .toEqual([{ summary: cleanInput(summary), next_step: cleanInput(HOSTILE) }]);
    expect(cleanInput(summary)).toBe(`${HOSTILE.replace('\u0000', '')}\nline two ${EMOJI}`);
    await fake.waitFor((c) => c.find((x) => x.method === 'chat.postEphemeral'));

    const long = await submit(env, { teamId: TEAM, userId: ALICE, callbackId: CALLBACKS.logModal, privateMetadata: meta, viewId: 'V0HOSTILE2', values: modalValues(acc!.id, LONG, null) });
    expect(long.body).toMatchObject({ response_action: 'errors' });
    expect(await rows(`select 1 from conversation where workspace_id = $1 and source_key = 'modal:V0HOSTILE2'`)).toHaveLength(0);

    const picked = await suggest(env, { teamId: TEAM, userId: ALICE, actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: 'evil' });
    // option text is plain_text, cut at Block Kit's 75 characters between graphemes
    const offered = picked.body!.options.map((o: { text: { text: string } }) => o.text.text) as string[];
    expect(offered).toHaveLength(1);
    expect(offered[0]!.length).toBeLessThanOrEqual(75);
    expect(ACCOUNT_NAME.startsWith(offered[0]!.replace(/…$/, ''))).toBe(true);
    expectSafe();
  });

  it('a scan nudges the hostile-named account; the posted nudge, done modal, dismiss note, Home and digest stay escaped and valid', async () => {
    const [acc] = await rows<{ id: number }>(`select id from account where workspace_id = $1 and name like 'Evil%'`);
    await pool().query(
      `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
       select $1, a.id, p.id, 90000, now() - interval '200 days' from account a join product p on p.workspace_id = a.workspace_id and p.name = 'Analytics'
       where a.workspace_id = $1`, [workspaceId]);
    expect(await say('/tend', 'scan')).toContain('Scanning');
    const [nudge] = await until(async () => {
      const r = await rows<{ id: number; channel_id: string; message_ts: string }>(
        `select id, channel_id, message_ts from nudge where workspace_id = $1 and account_id = $2 and delivery_state = 'posted'`, [acc!.id]);
      return r.length ? r : null;
    }, 30_000, 'hostile nudge posted');
    const posted = fake.message(nudge!.channel_id, nudge!.message_ts)!;
    expect(JSON.stringify(posted.blocks)).toContain('&lt;!channel&gt;');

    // done: the modal names the account; the give is logged with hostile text
    answers.push(await click(env, { teamId: TEAM, userId: ALICE, actionId: ACTIONS.nudgeDone, value: String(nudge!.id), channelId: nudge!.channel_id, messageTs: nudge!.message_ts, responseId: 'done' }));
    const doneView = await fake.waitFor((c) => c.find((x) => x.method === 'views.open' && (x.args.view as { callback_id?: string }).callback_id === NUDGE_VIEWS.doneModal));
    await submit(env, { teamId: TEAM, userId: ALICE, callbackId: NUDGE_VIEWS.doneModal, privateMetadata: (doneView.args.view as { private_metadata: string }).private_metadata, viewId: 'V0HOSTDONE', values: modalValues(acc!.id, HOSTILE, null) });
    await until(async () => (await rows<{ status: string }>(`select status from nudge where workspace_id = $1 and id = $2`, [nudge!.id]))[0]!.status === 'done', 5_000, 'done');
    expect(await rows(`select summary from conversation where workspace_id = $1 and source_key = 'nudge-done:V0HOSTDONE'`)).toEqual([{ summary: cleanInput(HOSTILE) }]);
    await until(async () => fake.message(nudge!.channel_id, nudge!.message_ts)!.updates >= 1, 5_000, 'message updated');

    // dismiss another nudge with a hostile note
    const [other] = await until(async () => {
      const r = await rows<{ id: number; channel_id: string; message_ts: string }>(
        `select id, channel_id, message_ts from nudge where workspace_id = $1 and id <> $2 and status = 'open' and delivery_state = 'posted'`, [nudge!.id]);
      return r.length ? r : null;
    }, 30_000, 'another nudge posted');
    answers.push(await click(env, { teamId: TEAM, userId: ALICE, actionId: ACTIONS.nudgeDismiss, value: String(other!.id), channelId: other!.channel_id, messageTs: other!.message_ts, responseId: 'dismiss' }));
    const dismissView = await fake.waitFor((c) => c.find((x) => x.method === 'views.open' && (x.args.view as { callback_id?: string }).callback_id === NUDGE_VIEWS.dismissModal));
    const note = `${HOSTILE}\n${RTL}`;
    await submit(env, {
      teamId: TEAM, userId: ALICE, callbackId: NUDGE_VIEWS.dismissModal, privateMetadata: (dismissView.args.view as { private_metadata: string }).private_metadata,
      values: {
        [NUDGE_VIEWS.dismissReasonBlock]: { [NUDGE_VIEWS.dismissReason]: { type: 'radio_buttons', selected_option: { value: 'other' } } },
        [NUDGE_VIEWS.dismissNoteBlock]: { [NUDGE_VIEWS.dismissNote]: { type: 'plain_text_input', value: note } },
      },
    });
    const dismissed = await until(async () => {
      const r = await rows<{ status: string; dismissed_reason: string }>(`select status, dismissed_reason from nudge where workspace_id = $1 and id = $2`, [other!.id]);
      return r[0]!.status === 'dismissed' ? r[0] : null;
    }, 5_000, 'dismissed');
    expect(dismissed.dismissed_reason).toBe(`Other: ${oneLine(note)}`);

    // App Home and the digest list the hostile account
    await postSigned(`${app.url}/slack/events`, { body: eventBody({ team_id: TEAM, event: appHomeOpenedEvent({ user: ALICE }) }), secret: SIGNING_SECRET });
    await fake.waitFor(() => fake.homeView(ALICE));
    const digest = await slash(env, '/tend', 'digest', { team: TEAM, user: ALICE, channel: GENERAL });
    answers.push(digest);
    await fake.waitFor((_c, f) => f.responses(digest.responseId)[0]);

    expect(rendered()).toContain('&lt;@U0ABC&gt;');
    expect(expectSafe()).toBeGreaterThan(10);
  }, 60_000);

  it('settings: a hostile timezone is a field error and nothing is saved', async () => {
    const before = await rows(`select timezone from workspace where id = $1`);
    const res = await submit(env, {
      teamId: TEAM, userId: ALICE, callbackId: CALLBACKS.settings, values: {
        [BLOCKS.settingsNudgeChannel]: { [ACTIONS.settingsNudgeChannel]: { type: 'conversations_select', selected_conversation: NUDGES } },
        [BLOCKS.settingsDeliveryMode]: { [ACTIONS.settingsDeliveryMode]: { type: 'static_select', selected_option: { value: 'channel' } } },
        [BLOCKS.settingsDigestUsers]: { [ACTIONS.settingsDigestUsers]: { type: 'multi_users_select', selected_users: [ALICE] } },
        [BLOCKS.settingsDigestChannel]: { [ACTIONS.settingsDigestChannel]: { type: 'conversations_select', selected_conversation: null } },
        [BLOCKS.settingsDigestTime]: { [ACTIONS.settingsDigestTime]: { type: 'timepicker', selected_time: '08:30' } },
        [BLOCKS.settingsTimezone]: { [ACTIONS.settingsTimezone]: { type: 'plain_text_input', value: HOSTILE } },
        [BLOCKS.settingsStallFactor]: { [ACTIONS.settingsStallFactor]: { type: 'number_input', value: '2' } },
        [BLOCKS.settingsStallMinDays]: { [ACTIONS.settingsStallMinDays]: { type: 'number_input', value: '14' } },
        [BLOCKS.settingsStallMaxDays]: { [ACTIONS.settingsStallMaxDays]: { type: 'number_input', value: '90' } },
        [BLOCKS.settingsDefaultRhythm]: { [ACTIONS.settingsDefaultRhythm]: { type: 'number_input', value: '30' } },
        [BLOCKS.settingsBudget]: { [ACTIONS.settingsBudget]: { type: 'number_input', value: '5' } },
      },
    });
    expect(res.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(res.body!.errors)).toContain(BLOCKS.settingsTimezone);
    expect(await rows(`select timezone from workspace where id = $1`)).toEqual(before);
  });
});

// Capture with several installations (issue 16): Tend distributed over OAuth, installed by two
// organisations that share one Slack Connect channel, each linking it to its own account, and by
// a third that linked the same channel id without being in the channel. As Slack does since
// 2021, a message event reaches the app ONCE, with `authorizations` naming one installation
// that sees it; the others are listed by apps.event.authorizations.list (app-level token), or,
// without that token, known from the channel's teams recorded at link time. Each workspace that
// sees the message records its own touch, with the side seen from it; nothing else is written.
// Run once with the app-level token and once without. A channel not shared outside is only ever
// the authorized workspace's; an organisation leaving (channel_unshared) stops counting there and
// one joining (channel_shared) counts. And the Slack Connect offer: the bot
// invited into a shared channel whose organisation matches an account offers a one-click link,
// never links silently.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationStore } from '../../src/data/installations.ts';
import { forgetChannelAudience } from '../../src/slack/flows/event-audience.ts';
import { ACTIONS } from '../../src/views/ids.ts';
import { oauthEnv, startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeAuthorization, type FakeSlack } from '../support/fake-slack.ts';
import { until } from '../support/nudge-factory.ts';
import { blockActionsPayload, eventBody, eventEnvelope, interactionBody, nowSec, postSigned } from '../support/slack-sign.ts';
import { answerOf, makeAccount, slash, textOf, type Env } from './support.ts';

const KEY = randomBytes(32).toString('hex');
const [A, B, C] = ['T0VENDOR01', 'T0CUSTMR01', 'T0OUTSIDE1'];
const BOTS: Record<string, { token: string; userId: string; botId: string }> = {
  [A]: { token: 'xoxb-vendor', userId: 'U0BOTVEND1', botId: 'B0BOTVEND1' },
  [B]: { token: 'xoxb-customer', userId: 'U0BOTCUST1', botId: 'B0BOTCUST1' },
  [C]: { token: 'xoxb-outsider', userId: 'U0BOTOUTS1', botId: 'B0BOTOUTS1' },
};
const APP_TOKEN = 'xapp-1-A0TENDAPP1-1-test';
const ANA = 'U0ANAVEND1'; // the vendor's rep (team A)
const CAROL = 'U0CAROLCU1'; // the customer's person (team B), who also uses Tend with her own vendors
const DAN = 'U0DANOUTS1'; // someone at a third organisation (team C), not in the shared channel
const SHARED = 'C0SHARED01';
const ONLY_B = 'C0ONLYB001';

const auth = (team: string): FakeAuthorization => ({ enterprise_id: null, team_id: team, user_id: BOTS[team]!.userId, is_bot: true, is_enterprise_install: false });

type Setup = { fake: FakeSlack; app: TestApp; env: Env; ws: Record<string, number> };

async function setUp(withAppToken: boolean): Promise<Setup> {
  const fake = await startFakeSlack({
    tokens: [
      ...[A, B, C].map((t) => ({ token: BOTS[t]!.token, teamId: t, teamName: t, userId: BOTS[t]!.userId, botId: BOTS[t]!.botId })),
      ...(withAppToken ? [{ token: APP_TOKEN, teamId: A, scopes: ['authorizations:read'] }] : []),
    ],
    teams: { [B]: { name: 'Globex Corporation', email_domain: 'globex.com' }, [A]: { name: 'Vendor Inc', email_domain: 'vendor.io' } },
    users: { [ANA]: { name: 'ana', team_id: A }, [CAROL]: { name: 'carol', team_id: B }, [DAN]: { name: 'dan', team_id: C } },
  });
  // one channel, the same id in both organisations; the third is not in it
  fake.addChannel(SHARED, { name: 'globex-vendor', team_ids: [A, B] });
  fake.addChannel(ONLY_B, { name: 'vendor-support', team_ids: [A, B] });
  const app = await startTestApp({ roles: 'web', env: { ...oauthEnv(fake.apiUrl, KEY), ...(withAppToken ? { SLACK_APP_TOKEN: APP_TOKEN } : {}) } });
  const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
  const installer: Record<string, string> = { [A]: ANA, [B]: CAROL, [C]: DAN };
  for (const team of [A, B, C]) {
    await store.storeInstallation({
      team: { id: team, name: team },
      enterprise: undefined,
      user: { id: installer[team], token: undefined, scopes: undefined },
      bot: { token: BOTS[team]!.token, scopes: ['chat:write'], id: BOTS[team]!.botId, userId: BOTS[team]!.userId },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    } as never);
  }
  const env = { app, fake };
  const accounts: [string, string, string][] = [[A, ANA, 'Globex'], [B, CAROL, 'Vendor Inc'], [C, DAN, 'Someone Else']];
  const ids: Record<string, number> = {};
  for (const [team, , name] of accounts) ids[team] = await makeAccount(env, name, { team });
  for (const [team, user, name] of accounts.slice(0, 2)) {
    const a = await slash(env, '/tend', `link <#${SHARED}|shared> ${name}`, { team, user });
    expect(textOf(await answerOf(env, a))).toContain(`now count as touches of *${name}*`);
  }
  // the outsider's bot cannot see the channel, so `/tend link` refuses it…
  const refused = textOf(await answerOf(env, await slash(env, '/tend', `link <#${SHARED}|shared> Someone Else`, { team: C, user: DAN })));
  expect(refused).toContain("I can't see");
  // …but a link with that id may still exist (made before that rule, or the bot since removed):
  // it must never be a way into the others' messages
  await app.db.pool.query(
    `insert into channel_link (workspace_id, channel_id, account_id, linked_by, linked_at) select id, $2, $3, $4, now() at time zone 'utc' from workspace where slack_team_id = $1`,
    [C, SHARED, ids[C], DAN],
  );
  // a channel only the customer linked, to another account (touches fold per account, side and hour)
  await makeAccount(env, 'Vendor Labs', { team: B });
  expect(textOf(await answerOf(env, await slash(env, '/tend', `link <#${ONLY_B}|b-only> Vendor Labs`, { team: B, user: CAROL })))).toContain('now count as touches');
  const ws: Record<string, number> = {};
  for (const team of [A, B, C]) ws[team] = (await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: team } })).id;
  return { fake, app, env, ws };
}

let seq = 0;

/**
 * One message event as Slack delivers it: once, authorized for `authorizedFor`; `visibleTo` is
 * what apps.event.authorizations.list answers for it. Returns the envelope, to send again.
 */
function messageEnvelope(s: Setup, m: { user: string; userTeam: string; authorizedFor: string; visibleTo: string[]; channel?: string; ts?: string; shared?: boolean; text?: string }) {
  const ts = m.ts ?? `${nowSec() - 60}.${String(++seq).padStart(6, '0')}`;
  const event = { type: 'message', text: m.text ?? 'hi', user: m.user, ts, event_ts: ts, team: m.userTeam, user_team: m.userTeam, source_team: m.userTeam, channel: m.channel ?? SHARED, channel_type: 'channel' };
  return envelopeOf(s, event, m);
}

/** Any event in the channel as Slack delivers it: once, authorized for `authorizedFor`, listed for `visibleTo`. */
function envelopeOf(s: Setup, event: Record<string, unknown> & { type: string }, m: { authorizedFor: string; visibleTo: string[]; shared?: boolean }) {
  const envelope = eventEnvelope({ team_id: m.authorizedFor, event, event_id: `Ev0T${String(++seq).padStart(8, '0')}`, is_ext_shared_channel: m.shared ?? true, authorizations: [auth(m.authorizedFor)] });
  s.fake.setEventAuthorizations(envelope.event_context, m.visibleTo.map(auth));
  return envelope;
}

/** The person's message sent at `ts` in the shared channel, edited to `next` (message_changed) or, without it, deleted (message_deleted). */
function changeEvent(ts: string, prev: { user: string; team: string; text: string }, next?: string): Record<string, unknown> & { type: string } {
  const now = `${nowSec()}.${String(++seq).padStart(6, '0')}`;
  const was = { type: 'message', ts, user: prev.user, team: prev.team, user_team: prev.team, text: prev.text };
  const base = { type: 'message', hidden: true, channel: SHARED, channel_type: 'channel', ts: now, event_ts: now, previous_message: was };
  return next === undefined
    ? { ...base, subtype: 'message_deleted', deleted_ts: ts }
    : { ...base, subtype: 'message_changed', message: { ...was, text: next, edited: { user: prev.user, ts: now } } };
}

/** The kept snippets of one hour's fold rows, by `team/side` (any channel: the fold key is the account's, not the channel's). */
async function snippetsOf(s: Setup, hourSec: number): Promise<Record<string, string>> {
  const { rows } = await s.app.db.pool.query(
    `select w.slack_team_id as team, c.direction, c.summary from conversation c join workspace w on w.id = c.workspace_id
     where c.source = 'channel' and c.source_key like '%:' || $1`,
    [new Date(hourSec * 1000).toISOString()],
  );
  return Object.fromEntries(rows.map((r) => [`${r.team}/${r.direction}`, r.summary]));
}

/** channel_shared / channel_unshared for the shared channel, as the vendor's installation hears it. */
function channelEventIn(s: Setup, event: Record<string, unknown> & { type: string }) {
  return postSigned(`${s.app.url}/slack/events`, { body: eventBody({ team_id: A, event: { ...event, channel: SHARED, event_ts: `${nowSec()}.000400` }, authorizations: [auth(A)] }), secret: SIGNING_SECRET });
}

function send(s: Setup, envelope: Record<string, unknown>, retry = 0) {
  return postSigned(`${s.app.url}/slack/events`, {
    body: JSON.stringify(envelope),
    secret: SIGNING_SECRET,
    timestamp: nowSec() + retry,
    headers: retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {},
  });
}

/** Each workspace's captured touches in a channel: account, side and message count. */
async function captured(s: Setup, channel = SHARED) {
  const { rows } = await s.app.db.pool.query(
    `select c.workspace_id, a.name as account, c.direction, sum(c.message_count)::int as n
     from conversation c join account a on a.workspace_id = c.workspace_id and a.id = c.account_id
     where c.source = 'channel' and c.channel_id = $1 group by 1, 2, 3 order by 1, 3`,
    [channel],
  );
  return rows as { workspace_id: number; account: string; direction: string; n: number }[];
}

/** Waits until the event's handling is over: its last write or, for the ones seen, the dedupe rows. */
async function settle(s: Setup, eventId: string, workspaces: number) {
  await until(async () => (await s.app.db.pool.query('select count(*)::int as n from slack_event where event_id = $1', [eventId])).rows[0].n >= workspaces, 10_000, `event ${eventId} claimed`);
  await new Promise((r) => setTimeout(r, 250));
}

describe.each([
  { title: 'with the app-level token (apps.event.authorizations.list)', withAppToken: true },
  { title: 'without it (the teams recorded at link time)', withAppToken: false },
])('one Slack Connect event, several installations: $title', ({ withAppToken }) => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(withAppToken);
  });
  afterAll(async () => {
    await s?.app.stop();
    await s?.fake.close();
  });

  it("records the link's teams as each organisation's bot reads them; the outsider's bot cannot read the channel", async () => {
    const { rows } = await s.app.db.pool.query(`select workspace_id, connected_team_ids from channel_link where channel_id = $1 order by workspace_id`, [SHARED]);
    expect(rows).toEqual([
      { workspace_id: s.ws[A], connected_team_ids: [A, B] },
      { workspace_id: s.ws[B], connected_team_ids: [B, A] },
      { workspace_id: s.ws[C], connected_team_ids: null },
    ]);
  });

  it('one event, authorized for the vendor, is a touch in the vendor\'s and the customer\'s workspace, each from its own side; the outsider records nothing', async () => {
    const calls = s.fake.callsTo('apps.event.authorizations.list').length;
    const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B] });
    expect((await send(s, envelope)).status).toBe(200);
    await until(async () => (await captured(s)).length === 2, 10_000, 'both captured');
    await settle(s, envelope.event_id, 2);
    expect(await captured(s)).toEqual([
      { workspace_id: s.ws[A], account: 'Globex', direction: 'team', n: 1 },
      { workspace_id: s.ws[B], account: 'Vendor Inc', direction: 'customer', n: 1 },
    ]);
    const asked = s.fake.callsTo('apps.event.authorizations.list').slice(calls);
    if (withAppToken) {
      expect(asked.map((c) => [c.token, c.args.event_context, c.ok])).toEqual([[APP_TOKEN, envelope.event_context, true]]);
    } else {
      expect(asked).toEqual([]);
    }
    // each workspace's event dedupe row, and none for the outsider
    const { rows } = await s.app.db.pool.query('select workspace_id from slack_event where event_id = $1 order by 1', [envelope.event_id]);
    expect(rows.map((r) => r.workspace_id)).toEqual([s.ws[A], s.ws[B]]);
  });

  it("the customer's message, authorized for the customer's installation, is the vendor's customer touch and the customer's team touch", async () => {
    const before = await captured(s);
    const envelope = messageEnvelope(s, { user: CAROL, userTeam: B, authorizedFor: B, visibleTo: [B, A] });
    expect((await send(s, envelope)).status).toBe(200);
    await until(async () => (await captured(s)).length === before.length + 2, 10_000, 'both captured');
    await settle(s, envelope.event_id, 2);
    expect(await captured(s)).toEqual([
      { workspace_id: s.ws[A], account: 'Globex', direction: 'customer', n: 1 },
      { workspace_id: s.ws[A], account: 'Globex', direction: 'team', n: 1 },
      { workspace_id: s.ws[B], account: 'Vendor Inc', direction: 'customer', n: 1 },
      { workspace_id: s.ws[B], account: 'Vendor Inc', direction: 'team', n: 1 },
    ]);
  });

  it('a redelivery records once in each workspace: the same envelope retried, or retried for the other installation', async () => {
    const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B] });
    const total = async () => (await captured(s)).reduce((sum, r) => sum + r.n, 0);
    const start = await total();
    expect((await send(s, envelope)).status).toBe(200);
    await until(async () => (await total()) === start + 2, 10_000, 'first delivery');
    await settle(s, envelope.event_id, 2);
    expect((await send(s, envelope, 1)).status).toBe(200);
    // Slack may name another installation on a retry: the same event_id, authorized for B
    const other = { ...envelope, team_id: B, authorizations: [auth(B)] };
    expect((await send(s, other, 2)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await total()).toBe(start + 2);
    const rows = await captured(s);
    expect(rows.find((r) => r.workspace_id === s.ws[A] && r.direction === 'team')!.n).toBe(2);
    expect(rows.find((r) => r.workspace_id === s.ws[B] && r.direction === 'customer')!.n).toBe(2);
  });

  it('a channel only the customer linked: an event authorized for the vendor (which did not link it) is the customer\'s touch alone', async () => {
    const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B], channel: ONLY_B });
    expect((await send(s, envelope)).status).toBe(200);
    await until(async () => (await captured(s, ONLY_B)).length === 1, 10_000, "B's touch");
    await settle(s, envelope.event_id, 2);
    expect(await captured(s, ONLY_B)).toEqual([{ workspace_id: s.ws[B], account: 'Vendor Labs', direction: 'customer', n: 1 }]);
  });

  if (withAppToken) {
    it('the list is asked once per channel for a minute, not per message', async () => {
      forgetChannelAudience(s.app.running.rt, SHARED);
      const calls = s.fake.callsTo('apps.event.authorizations.list').length;
      for (let i = 0; i < 3; i++) {
        const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B] });
        expect((await send(s, envelope)).status).toBe(200);
        await settle(s, envelope.event_id, 2);
      }
      expect(s.fake.callsTo('apps.event.authorizations.list').length).toBe(calls + 1);
    });

    it("Slack's list decides: a workspace it does not name records nothing, though its link saw the channel shared", async () => {
      // a minute later (the cached answer gone)
      forgetChannelAudience(s.app.running.rt, SHARED);
      const before = await captured(s);
      // the customer's bot has left the channel since it was linked: Slack lists the vendor only
      const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A] });
      expect((await send(s, envelope)).status).toBe(200);
      await settle(s, envelope.event_id, 1);
      const after = await captured(s);
      expect(after.find((r) => r.workspace_id === s.ws[A] && r.direction === 'team')!.n).toBe(before.find((r) => r.workspace_id === s.ws[A] && r.direction === 'team')!.n + 1);
      expect(after.filter((r) => r.workspace_id !== s.ws[A])).toEqual(before.filter((r) => r.workspace_id !== s.ws[A]));
    });

    it('when Slack cannot list them, the teams recorded at link time decide (the outsider still records nothing)', async () => {
      forgetChannelAudience(s.app.running.rt, SHARED);
      const before = await captured(s);
      s.fake.failNext('apps.event.authorizations.list', { error: 'internal_error' });
      const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B] });
      expect((await send(s, envelope)).status).toBe(200);
      await settle(s, envelope.event_id, 2);
      const n = (rows: typeof before, team: string, dir: string) => rows.find((r) => r.workspace_id === s.ws[team] && r.direction === dir)?.n ?? 0;
      const after = await captured(s);
      expect(n(after, A, 'team')).toBe(n(before, A, 'team') + 1);
      expect(n(after, B, 'customer')).toBe(n(before, B, 'customer') + 1);
      expect(after.some((r) => r.workspace_id === s.ws[C])).toBe(false);
    });

    it('a token Slack refuses for the list (no authorizations:read) is not asked again: the recorded teams decide from then on', async () => {
      forgetChannelAudience(s.app.running.rt, SHARED);
      s.fake.failNext('apps.event.authorizations.list', { error: 'missing_scope' });
      const calls = s.fake.callsTo('apps.event.authorizations.list').length;
      const n = async (team: string, dir: string) => (await captured(s)).find((r) => r.workspace_id === s.ws[team] && r.direction === dir)?.n ?? 0;
      const start = await n(B, 'customer');
      for (const visibleTo of [[A, B], [A]]) {
        const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo });
        expect((await send(s, envelope)).status).toBe(200);
        await settle(s, envelope.event_id, 2);
      }
      // the second event's list would have left B out: it was not asked
      expect(s.fake.callsTo('apps.event.authorizations.list').length).toBe(calls + 1);
      expect(await n(B, 'customer')).toBe(start + 2);
    });
  }

  if (!withAppToken) {
    it("a link made before the channel's teams were recorded counts only its own installation's events, until the first of those records them", async () => {
      await s.app.db.pool.query('update channel_link set connected_team_ids = null where workspace_id = $1 and channel_id = $2', [s.ws[B], SHARED]);
      const n = async (team: string, dir: string) => (await captured(s)).find((r) => r.workspace_id === s.ws[team] && r.direction === dir)?.n ?? 0;
      const start = await n(B, 'customer');
      const sendAndSettle = async (authorizedFor: string, seenBy: number) => {
        const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor, visibleTo: [A, B] });
        expect((await send(s, envelope)).status).toBe(200);
        await settle(s, envelope.event_id, seenBy);
      };
      // authorized for the vendor: the customer's link knows nothing of the channel's teams
      await sendAndSettle(A, 1);
      expect(await n(B, 'customer')).toBe(start);
      // authorized for the customer's own installation: its touch, and its link reads the channel
      await sendAndSettle(B, 2);
      expect(await n(B, 'customer')).toBe(start + 1);
      const teams = async () => (await s.app.db.pool.query('select connected_team_ids from channel_link where workspace_id = $1 and channel_id = $2', [s.ws[B], SHARED])).rows[0].connected_team_ids;
      await until(async () => (await teams()) !== null, 5_000, 'teams recorded');
      expect(await teams()).toEqual([B, A]);
      // from then on the vendor's events count there too
      await sendAndSettle(A, 2);
      expect(await n(B, 'customer')).toBe(start + 2);
    });
  }

  it('a message in a channel not shared outside (is_ext_shared_channel false) is the authorized workspace\'s alone, whatever the other links recorded', async () => {
    forgetChannelAudience(s.app.running.rt, SHARED);
    const before = await captured(s);
    const envelope = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B], shared: false });
    expect((await send(s, envelope)).status).toBe(200);
    await settle(s, envelope.event_id, 1);
    const after = await captured(s);
    const n = (rows: typeof before, team: string, dir: string) => rows.find((r) => r.workspace_id === s.ws[team] && r.direction === dir)?.n ?? 0;
    expect(n(after, A, 'team')).toBe(n(before, A, 'team') + 1);
    expect(after.filter((r) => r.workspace_id !== s.ws[A])).toEqual(before.filter((r) => r.workspace_id !== s.ws[A]));
  });

  it("a deletion or an edit reaches only the workspaces that captured the message: never one whose link did not record the channel shared with the authorized team, nor one that left it (channel_unshared)", async () => {
    forgetChannelAudience(s.app.running.rt, SHARED);
    for (const [team, user] of [[A, ANA], [B, CAROL], [C, DAN]] as const) {
      expect(textOf(await answerOf(s.env, await slash(s.env, '/tend', 'capture snippets on', { team, user })))).toContain('Snippets: on');
    }
    // the outsider's account has a channel of its own, where someone it works with says "thanks!" in the same hour
    const OWN_C = 'C0OUTSOWN1';
    s.fake.addChannel(OWN_C, { name: 'someone-else', team_ids: [C] });
    expect(textOf(await answerOf(s.env, await slash(s.env, '/tend', `link <#${OWN_C}|own> Someone Else`, { team: C, user: DAN })))).toContain('now count as touches');
    const h = Math.floor(nowSec() / 3600) * 3600 - 3 * 3600;
    const theirs = messageEnvelope(s, { user: 'U0EVEOTHR1', userTeam: 'T0OTHERS01', authorizedFor: C, visibleTo: [C], channel: OWN_C, shared: false, ts: `${h + 2}.000001`, text: 'thanks!' });
    expect((await send(s, theirs)).status).toBe(200);
    const said = { user: ANA, team: A, text: 'thanks!' };
    const ours = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B], ts: `${h + 1}.000001`, text: said.text });
    expect((await send(s, ours)).status).toBe(200);
    await until(async () => Object.keys(await snippetsOf(s, h)).length === 3, 10_000, 'captured in the three workspaces');
    expect(await snippetsOf(s, h)).toEqual({ [`${A}/team`]: 'thanks!', [`${B}/customer`]: 'thanks!', [`${C}/customer`]: 'thanks!' });

    // the vendor's rep edits her message, the event authorized for the vendor: the two that captured it follow; the outsider's row is its own
    const secret = 'thanks! our floor is 40k, keep it between us';
    expect((await send(s, envelopeOf(s, changeEvent(`${h + 1}.000001`, said, secret), { authorizedFor: A, visibleTo: [A, B] }))).status).toBe(200);
    await until(async () => (await snippetsOf(s, h))[`${A}/team`] === secret, 10_000, 'the edit');
    expect(await snippetsOf(s, h)).toEqual({ [`${A}/team`]: secret, [`${B}/customer`]: secret, [`${C}/customer`]: 'thanks!' });
    // …and deletes it: blanked where it was captured, and only there
    expect((await send(s, envelopeOf(s, changeEvent(`${h + 1}.000001`, { ...said, text: secret }), { authorizedFor: A, visibleTo: [A, B] }))).status).toBe(200);
    await until(async () => (await snippetsOf(s, h))[`${A}/team`] === '', 10_000, 'the deletion');
    expect(await snippetsOf(s, h)).toEqual({ [`${A}/team`]: '', [`${B}/customer`]: '', [`${C}/customer`]: 'thanks!' });

    // the customer leaves the channel: a deletion there afterwards (the envelope still shared) is the vendor's alone
    const h2 = h + 3600;
    const later = { user: ANA, team: A, text: 'see you Monday' };
    const before = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B], ts: `${h2 + 1}.000001`, text: later.text });
    expect((await send(s, before)).status).toBe(200);
    await until(async () => Object.keys(await snippetsOf(s, h2)).length === 2, 10_000, 'captured in both');
    expect((await channelEventIn(s, { type: 'channel_unshared', previously_connected_team_id: B, is_ext_shared: false })).status).toBe(200);
    const teamsOf = async (team: string) => (await s.app.db.pool.query('select connected_team_ids from channel_link where workspace_id = $1 and channel_id = $2', [s.ws[team], SHARED])).rows[0].connected_team_ids;
    await until(async () => JSON.stringify(await teamsOf(B)) === JSON.stringify([B]), 5_000, 'the customer left');
    expect((await send(s, envelopeOf(s, changeEvent(`${h2 + 1}.000001`, later), { authorizedFor: A, visibleTo: [A] }))).status).toBe(200);
    await until(async () => (await snippetsOf(s, h2))[`${A}/team`] === '', 10_000, 'the deletion');
    expect(await snippetsOf(s, h2)).toEqual({ [`${A}/team`]: '', [`${B}/customer`]: 'see you Monday' });
    // the customer joins again (as the next test expects the links)
    expect((await channelEventIn(s, { type: 'channel_shared', connected_team_id: B })).status).toBe(200);
    await until(async () => JSON.stringify(await teamsOf(B)) === JSON.stringify([B, A]), 5_000, 'the customer is back');
  });

  it('an organisation leaving the channel (channel_unshared) stops counting there; joining again (channel_shared) counts again', async () => {
    const teams = async () => (await s.app.db.pool.query('select workspace_id, connected_team_ids from channel_link where channel_id = $1 order by workspace_id', [SHARED])).rows;
    const channelEvent = (event: Record<string, unknown> & { type: string }) => channelEventIn(s, event);
    const n = async (team: string, dir: string) => (await captured(s)).find((r) => r.workspace_id === s.ws[team] && r.direction === dir)?.n ?? 0;

    expect((await channelEvent({ type: 'channel_unshared', previously_connected_team_id: B, is_ext_shared: false })).status).toBe(200);
    await until(async () => JSON.stringify(await teams()) === JSON.stringify([
      { workspace_id: s.ws[A], connected_team_ids: [A] },
      { workspace_id: s.ws[B], connected_team_ids: [B] },
      { workspace_id: s.ws[C], connected_team_ids: null },
    ]), 5_000, 'the links forget the organisation that left');
    const start = await n(B, 'customer');
    // the envelope still says shared (a third organisation may stay): B's link no longer names A, so nothing there
    const gone = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B] });
    expect((await send(s, gone)).status).toBe(200);
    await settle(s, gone.event_id, 1);
    expect(await n(B, 'customer')).toBe(start);

    expect((await channelEvent({ type: 'channel_shared', connected_team_id: B })).status).toBe(200);
    await until(async () => JSON.stringify((await teams()).slice(0, 2)) === JSON.stringify([
      { workspace_id: s.ws[A], connected_team_ids: [A, B] },
      { workspace_id: s.ws[B], connected_team_ids: [B, A] },
    ]), 5_000, 'the links record the organisation that joined');
    const back = messageEnvelope(s, { user: ANA, userTeam: A, authorizedFor: A, visibleTo: [A, B] });
    expect((await send(s, back)).status).toBe(200);
    await settle(s, back.event_id, 2);
    expect(await n(B, 'customer')).toBe(start + 1);
  });

  it("nothing anywhere crossed workspaces, and the outsider's workspace holds no touch captured in the shared channel", async () => {
    const { rows } = await s.app.db.pool.query(`select count(*)::int as n from conversation c join account a on a.id = c.account_id where a.workspace_id <> c.workspace_id`);
    expect(rows[0].n).toBe(0);
    const outsider = await s.app.db.pool.query(`select count(*)::int as n from conversation where workspace_id = $1 and source = 'channel' and channel_id = $2`, [s.ws[C], SHARED]);
    expect(outsider.rows[0].n).toBe(0);
  });
});

describe('Slack Connect: an offer to link, one click, never silent', () => {
  let fake: FakeSlack;
  let app: TestApp;
  let env: Env;
  let wa: number;
  beforeAll(async () => {
    ({ fake, app, env } = await setUp(false));
    wa = (await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: A } })).id;
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  const VENDOR_BOT = BOTS[A]!;

  it("the bot invited into a channel shared with a matching organisation offers the inviter a link; the click links it", async () => {
    const globex = 'C0GLOBEX01';
    fake.addChannel(globex, { name: 'globex-support', connected_team_ids: [B] });
    const acct = await makeAccount(env, 'Globex Corporation', { team: A, aliases: ['GLX'] });
    const body = eventBody({
      team_id: A,
      event: { type: 'member_joined_channel', user: VENDOR_BOT.userId, channel: globex, channel_type: 'C', team: A, inviter: ANA, event_ts: `${nowSec()}.000100` },
      authorizations: [auth(A)],
    });
    expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    const offer = await fake.waitFor((_c, f) => f.ephemerals(globex).find((e) => e.user === ANA), 10_000);
    expect(offer.text).toContain('Globex Corporation');
    // never linked silently
    const linked = async () => (await app.db.pool.query('select account_id from channel_link where workspace_id = $1 and channel_id = $2', [wa, globex])).rows;
    expect(await linked()).toEqual([]);
    expect(fake.callsTo('team.info').some((c) => c.args.team === B)).toBe(true);

    const button = (offer.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === ACTIONS.linkChannel);
    expect(button.value).toBe(`${globex}:${acct}`);
    const click = blockActionsPayload({ userId: ANA, teamId: A, actionId: ACTIONS.linkChannel, value: button.value, channelId: globex, isEphemeral: true, responseUrl: fake.responseUrl('offer1') });
    expect((await postSigned(`${app.url}/slack/events`, { body: interactionBody(click), secret: SIGNING_SECRET })).status).toBe(200);
    await until(async () => (await linked()).length === 1, 10_000, 'linked');
    expect((await linked())[0].account_id).toBe(acct);
    const done = await fake.waitFor((_c, f) => f.responses('offer1')[0], 5_000);
    expect(textOf(done.body)).toContain('now count as touches of *Globex Corporation*');
    // the one-click link records the channel's teams too
    const { rows } = await app.db.pool.query('select connected_team_ids from channel_link where workspace_id = $1 and channel_id = $2', [wa, globex]);
    expect(rows[0].connected_team_ids).toEqual([A, B]);
  });

  it("a channel the bot is in becoming shared (channel_shared) is offered to the workspace's managers by DM", async () => {
    const later = 'C0LATERSHR';
    fake.addChannel(later, { name: 'globex-later', connected_team_ids: [B] });
    await app.db.pool.query(`insert into member (workspace_id, slack_user_id, name, role) values ($1, $2, 'ana', 'manager') on conflict (workspace_id, slack_user_id) do update set role = 'manager'`, [wa, ANA]);
    const body = eventBody({
      team_id: A,
      event: { type: 'channel_shared', connected_team_id: B, channel: later, event_ts: `${nowSec()}.000300` },
      authorizations: [auth(A)],
    });
    expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    const dm = await fake.waitFor((_c, f) => f.messages(f.dmChannelFor(ANA)).find((m) => JSON.stringify(m.blocks ?? []).includes(`${later}:`)), 10_000);
    expect(dm.text).toContain('Globex Corporation');
    // offered, not linked; and nothing posted in the shared channel, where the customer would see it
    expect((await app.db.pool.query('select count(*)::int as n from channel_link where channel_id = $1', [later])).rows[0].n).toBe(0);
    expect(fake.messages(later)).toEqual([]);
  });

  it('the nudge channel becoming shared with another organisation: Tend holds its posts there and tells the managers once; a rep cannot lift it, a manager can, and the other organisation leaving lifts it too', async () => {
    const nudges = 'C0NUDGESHR';
    const REP = 'U0REPVEND1';
    fake.addChannel(nudges, { name: 'tend-nudges', connected_team_ids: ['T0STRANGER'] });
    fake.addUser(REP, { name: 'rep', team_id: A });
    await app.db.pool.query(`insert into member (workspace_id, slack_user_id, name, role) values ($1, $2, 'ana', 'manager') on conflict (workspace_id, slack_user_id) do update set role = 'manager'`, [wa, ANA]);
    await app.db.pool.query(`insert into member (workspace_id, slack_user_id, name, role) values ($1, $2, 'rep', 'rep') on conflict (workspace_id, slack_user_id) do nothing`, [wa, REP]);
    await app.db.pool.query(`update workspace set delivery_mode = 'channel', nudge_channel_id = $2 where id = $1`, [wa, nudges]);
    app.running.rt.workspaces.forget(wa);
    const shared = (team: string, ts: string) => postSigned(`${app.url}/slack/events`, {
      body: eventBody({ team_id: A, event: { type: 'channel_shared', connected_team_id: team, channel: nudges, event_ts: `${nowSec()}.${ts}` }, authorizations: [auth(A)] }),
      secret: SIGNING_SECRET,
    });
    expect((await shared('T0STRANGER', '000500')).status).toBe(200);
    const notices = () => fake.messages(fake.dmChannelFor(ANA)).filter((m) => JSON.stringify(m.blocks ?? []).includes('is now shared with another organisation'));
    const dm = await fake.waitFor(() => notices()[0], 10_000);
    expect(JSON.stringify(dm.blocks)).toContain(`<#${nudges}>, where Tend posts nudges`);
    expect(JSON.stringify(dm.blocks)).toContain('Tend has stopped posting there');
    expect(JSON.stringify(dm.blocks)).toContain('/tend settings');
    const held = () => app.db.pool.query<{ error: string; cleared: boolean }>(
      'select error, cleared_at is not null as cleared from delivery_block where workspace_id = $1 and target = $2', [wa, nudges]).then((r) => r.rows);
    expect(await held()).toEqual([{ error: 'shared_out', cleared: false }]);
    // nothing said in the channel itself, where the other organisation would read it
    expect(fake.messages(nudges)).toEqual([]);
    // a second organisation joining while held: no second notice
    expect((await shared('T0STRANGR2', '000600')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(notices()).toHaveLength(1);

    // the notice's button: a rep may not keep the channel; a manager may
    const button = (dm.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === ACTIONS.keepSharedChannel);
    expect(button.value).toBe(nudges);
    const keep = (user: string, id: string) => postSigned(`${app.url}/slack/events`, {
      body: interactionBody(blockActionsPayload({ userId: user, teamId: A, actionId: ACTIONS.keepSharedChannel, value: button.value, channelId: fake.dmChannelFor(user), responseUrl: fake.responseUrl(id) })),
      secret: SIGNING_SECRET,
    });
    expect((await keep(REP, 'keep-rep')).status).toBe(200);
    const refused = await fake.waitFor((_c, f) => f.responses('keep-rep')[0], 5_000);
    expect(JSON.stringify(refused)).toMatch(/manager/i);
    expect(await held()).toEqual([{ error: 'shared_out', cleared: false }]);
    expect((await keep(ANA, 'keep-ana')).status).toBe(200);
    const kept = await fake.waitFor((_c, f) => f.responses('keep-ana')[0], 5_000);
    expect(kept.body.replace_original).toBe(true);
    expect(JSON.stringify(kept)).toContain(`<@${ANA}> kept <#${nudges}>`);
    expect(await held()).toEqual([{ error: 'shared_out', cleared: true }]);

    // shared again later, then every other organisation leaves: the hold lifts by itself
    expect((await shared('T0STRANGR3', '000700')).status).toBe(200);
    await until(async () => (await held())[0]?.cleared === false, 5_000, 'held again');
    const unshared = eventBody({ team_id: A, event: { type: 'channel_unshared', previously_connected_team_id: 'T0STRANGR3', channel: nudges, is_ext_shared: false, event_ts: `${nowSec()}.000800` }, authorizations: [auth(A)] });
    expect((await postSigned(`${app.url}/slack/events`, { body: unshared, secret: SIGNING_SECRET })).status).toBe(200);
    await until(async () => (await held())[0]?.cleared === true, 5_000, 'lifted when unshared');
  });

  it('offers nothing for a channel shared with an organisation no account matches, or an internal channel', async () => {
    const other = 'C0NOMATCH1';
    fake.addChannel(other, { name: 'partner', connected_team_ids: ['T0STRANGER'] });
    fake.addChannel('C0INTERNAL', { name: 'internal' });
    for (const channel of [other, 'C0INTERNAL']) {
      const body = eventBody({
        team_id: A,
        event: { type: 'member_joined_channel', user: VENDOR_BOT.userId, channel, channel_type: 'C', team: A, inviter: ANA, event_ts: `${nowSec()}.000200` },
        authorizations: [auth(A)],
      });
      expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    }
    await fake.waitFor((c) => c.filter((x) => x.method === 'conversations.info' && [other, 'C0INTERNAL'].includes(String(x.args.channel))).length === 2, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.ephemerals(other)).toEqual([]);
    expect(fake.ephemerals('C0INTERNAL')).toEqual([]);
  });
});

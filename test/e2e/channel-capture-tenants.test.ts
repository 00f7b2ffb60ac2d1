// Capture with two installations (issue 16): Tend distributed over OAuth, installed by two
// organisations that share one Slack Connect channel, each linking it to its own account.
// Slack delivers the channel's messages to each installation in its own envelope (team_id and
// authorizations of that installation): each records only its own workspace's touch, with the
// side seen from that workspace. And the Slack Connect offer: the bot invited into a shared
// channel whose organisation matches an account offers a one-click link, never links silently.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationStore } from '../../src/data/installations.ts';
import { ACTIONS } from '../../src/views/ids.ts';
import { oauthEnv, startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { until } from '../support/nudge-factory.ts';
import { blockActionsPayload, eventBody, interactionBody, nowSec, postSigned } from '../support/slack-sign.ts';
import { answerOf, makeAccount, slash, textOf, type Env } from './support.ts';

const KEY = randomBytes(32).toString('hex');
const [A, B] = ['T0VENDOR01', 'T0CUSTMR01'];
const VENDOR_BOT = { token: 'xoxb-vendor', userId: 'U0BOTVEND1', botId: 'B0BOTVEND1' };
const CUSTOMER_BOT = { token: 'xoxb-customer', userId: 'U0BOTCUST1', botId: 'B0BOTCUST1' };
const botOf = (team: string) => (team === A ? VENDOR_BOT : CUSTOMER_BOT);
const ANA = 'U0ANAVEND1'; // the vendor's rep (team A)
const CAROL = 'U0CAROLCU1'; // the customer's person (team B), who also uses Tend with her own vendors
const SHARED = 'C0SHARED01';

let fake: FakeSlack;
let app: TestApp;
let env: Env;

beforeAll(async () => {
  fake = await startFakeSlack({
    tokens: [
      { token: VENDOR_BOT.token, teamId: A, teamName: 'Vendor Inc', userId: VENDOR_BOT.userId, botId: VENDOR_BOT.botId },
      { token: CUSTOMER_BOT.token, teamId: B, teamName: 'Globex', userId: CUSTOMER_BOT.userId, botId: CUSTOMER_BOT.botId },
    ],
    teams: { [B]: { name: 'Globex Corporation', email_domain: 'globex.com' }, [A]: { name: 'Vendor Inc', email_domain: 'vendor.io' } },
    users: { [ANA]: { name: 'ana', team_id: A }, [CAROL]: { name: 'carol', team_id: B } },
  });
  fake.addChannel(SHARED, { name: 'globex-vendor', connected_team_ids: [B] });
  app = await startTestApp({ roles: 'web', env: oauthEnv(fake.apiUrl, KEY) });
  env = { app, fake };
  const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
  for (const team of [A, B]) {
    await store.storeInstallation({
      team: { id: team, name: team },
      enterprise: undefined,
      user: { id: team === A ? ANA : CAROL, token: undefined, scopes: undefined },
      bot: { token: botOf(team).token, scopes: ['chat:write'], id: botOf(team).botId, userId: botOf(team).userId },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    } as never);
  }
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const ws = async (team: string) => (await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: team } })).id;

/** The message event as delivered to `to`'s installation. */
function deliver(to: string, m: { user: string; userTeam: string; ts: string; eventId: string; text?: string; channel?: string }) {
  const event = { type: 'message', text: m.text ?? 'hi', user: m.user, ts: m.ts, event_ts: m.ts, team: m.userTeam, user_team: m.userTeam, source_team: m.userTeam, channel: m.channel ?? SHARED, channel_type: 'channel' };
  const body = eventBody({
    team_id: to, event, event_id: m.eventId, is_ext_shared_channel: true,
    authorizations: [{ enterprise_id: null, team_id: to, user_id: botOf(to).userId, is_bot: true, is_enterprise_install: false }],
  });
  return postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
}

async function captured(workspaceId: number) {
  const { rows } = await app.db.pool.query(
    `select workspace_id, account_id, direction, message_count::int as n from conversation where workspace_id = $1 and source = 'channel' order by direction`,
    [workspaceId],
  );
  return rows;
}

describe('two installations sharing one channel', () => {
  let vendorAcct: number;
  let customerAcct: number;
  beforeAll(async () => {
    vendorAcct = await makeAccount(env, 'Globex', { team: A });
    customerAcct = await makeAccount(env, 'Vendor Inc', { team: B });
    for (const [team, user, name] of [[A, ANA, 'Globex'], [B, CAROL, 'Vendor Inc']] as const) {
      const a = await slash(env, '/tend', `link <#${SHARED}|shared> ${name}`, { team, user });
      expect(textOf(await answerOf(env, a))).toContain(`now count as touches of *${name}*`);
    }
  });

  it('each workspace records only its own touch, each seeing the other side as the customer', async () => {
    const ts = `${nowSec() - 60}.000100`;
    // Ana (vendor) writes; both installations hear it
    expect((await deliver(A, { user: ANA, userTeam: A, ts, eventId: 'Ev0SHARE0A1' })).status).toBe(200);
    expect((await deliver(B, { user: ANA, userTeam: A, ts, eventId: 'Ev0SHARE0B1' })).status).toBe(200);
    const [wa, wb] = [await ws(A), await ws(B)];
    await until(async () => (await captured(wa)).length === 1 && (await captured(wb)).length === 1, 10_000, 'both captured');
    expect(await captured(wa)).toEqual([{ workspace_id: wa, account_id: vendorAcct, direction: 'team', n: 1 }]);
    expect(await captured(wb)).toEqual([{ workspace_id: wb, account_id: customerAcct, direction: 'customer', n: 1 }]);
  });

  it("a delivery to one installation writes nothing in the other's workspace", async () => {
    const [wa, wb] = [await ws(A), await ws(B)];
    const before = await captured(wb);
    expect((await deliver(A, { user: CAROL, userTeam: B, ts: `${nowSec() - 30}.000200`, eventId: 'Ev0SHARE0A2' })).status).toBe(200);
    await until(async () => (await captured(wa)).some((r) => r.direction === 'customer'), 10_000, 'A captured');
    await new Promise((r) => setTimeout(r, 200));
    expect(await captured(wb)).toEqual(before);
    const { rows } = await app.db.pool.query(`select count(*)::int as n from conversation c join account a on a.id = c.account_id where a.workspace_id <> c.workspace_id`);
    expect(rows[0].n).toBe(0);
  });
});

describe('a channel linked in one workspace only', () => {
  it('an event for it delivered to the other installation touches nothing anywhere', async () => {
    const onlyB = 'C0ONLYB001';
    await slash(env, '/tend', `link <#${onlyB}|b-only> Vendor Inc`, { team: B, user: CAROL });
    const count = async () => (await app.db.pool.query(`select count(*)::int as n from conversation where channel_id = $1`, [onlyB])).rows[0].n;
    expect((await deliver(A, { user: ANA, userTeam: A, ts: `${nowSec() - 10}.000300`, eventId: 'Ev0ONLYB0A1', channel: onlyB })).status).toBe(200);
    // the same message delivered to B is B's touch: so the one to A has had its chance to run
    expect((await deliver(B, { user: ANA, userTeam: A, ts: `${nowSec() - 10}.000300`, eventId: 'Ev0ONLYB0B1', channel: onlyB })).status).toBe(200);
    await until(async () => (await count()) === 1, 10_000, "B's touch");
    await new Promise((r) => setTimeout(r, 200));
    const { rows } = await app.db.pool.query(`select workspace_id from conversation where channel_id = $1`, [onlyB]);
    expect(rows).toEqual([{ workspace_id: await ws(B) }]);
  });
});

describe('Slack Connect: an offer to link, one click, never silent', () => {
  it("the bot invited into a channel shared with a matching organisation offers the inviter a link; the click links it", async () => {
    const globex = 'C0GLOBEX01';
    fake.addChannel(globex, { name: 'globex-support', connected_team_ids: [B] });
    const wa = await ws(A);
    const acct = await makeAccount(env, 'Globex Corporation', { team: A, aliases: ['GLX'] });
    const body = eventBody({
      team_id: A,
      event: { type: 'member_joined_channel', user: VENDOR_BOT.userId, channel: globex, channel_type: 'C', team: A, inviter: ANA, event_ts: `${nowSec()}.000100` },
      authorizations: [{ enterprise_id: null, team_id: A, user_id: VENDOR_BOT.userId, is_bot: true, is_enterprise_install: false }],
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
  });

  it("a channel the bot is in becoming shared (channel_shared) is offered to the workspace's managers by DM", async () => {
    const later = 'C0LATERSHR';
    fake.addChannel(later, { name: 'globex-later', connected_team_ids: [B] });
    const wa = await ws(A);
    await app.db.pool.query(`insert into member (workspace_id, slack_user_id, name, role) values ($1, $2, 'ana', 'manager') on conflict (workspace_id, slack_user_id) do update set role = 'manager'`, [wa, ANA]);
    const body = eventBody({
      team_id: A,
      event: { type: 'channel_shared', connected_team_id: B, channel: later, event_ts: `${nowSec()}.000300` },
      authorizations: [{ enterprise_id: null, team_id: A, user_id: VENDOR_BOT.userId, is_bot: true, is_enterprise_install: false }],
    });
    expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    const dm = await fake.waitFor((_c, f) => f.messages(f.dmChannelFor(ANA)).find((m) => JSON.stringify(m.blocks ?? []).includes(`${later}:`)), 10_000);
    expect(dm.text).toContain('Globex Corporation');
    // offered, not linked; and nothing posted in the shared channel, where the customer would see it
    expect((await app.db.pool.query('select count(*)::int as n from channel_link where channel_id = $1', [later])).rows[0].n).toBe(0);
    expect(fake.messages(later)).toEqual([]);
  });

  it('offers nothing for a channel shared with an organisation no account matches, or an internal channel', async () => {
    const other = 'C0NOMATCH1';
    fake.addChannel(other, { name: 'partner', connected_team_ids: ['T0STRANGER'] });
    fake.addChannel('C0INTERNAL', { name: 'internal' });
    for (const channel of [other, 'C0INTERNAL']) {
      const body = eventBody({
        team_id: A,
        event: { type: 'member_joined_channel', user: VENDOR_BOT.userId, channel, channel_type: 'C', team: A, inviter: ANA, event_ts: `${nowSec()}.000200` },
        authorizations: [{ enterprise_id: null, team_id: A, user_id: VENDOR_BOT.userId, is_bot: true, is_enterprise_install: false }],
      });
      expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    }
    await fake.waitFor((c) => c.filter((x) => x.method === 'conversations.info' && [other, 'C0INTERNAL'].includes(String(x.args.channel))).length === 2, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.ephemerals(other)).toEqual([]);
    expect(fake.ephemerals('C0INTERNAL')).toEqual([]);
  });
});

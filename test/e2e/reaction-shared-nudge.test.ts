// A reaction on a nudge in a Slack Connect channel (issue 16): Tend installed by two organisations
// that share a channel, the vendor's nudge posted there by the vendor's bot. Slack sends the
// reaction ONCE, with `authorizations` naming either installation; one naming the customer's must
// still act on the vendor's nudge, as the vendor's workspace: the reactor must be on the vendor's
// team, and the message is redrawn with the vendor's own bot token. Isolation: a third workspace
// that does not see the channel keeps its nudge as it was even if its row names that message,
// the customer's people never act on the vendor's nudges, and in a channel not shared outside
// only the authorized workspace's nudges count. Run with the app-level token
// (apps.event.authorizations.list) and without it (the channel's teams as the authorized bot reads them).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationStore } from '../../src/data/installations.ts';
import { forgetChannelAudience } from '../../src/slack/flows/event-audience.ts';
import { oauthEnv, startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeAuthorization, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, until } from '../support/nudge-factory.ts';
import { eventEnvelope, nowSec, postSigned, reactionAddedEvent } from '../support/slack-sign.ts';

const KEY = randomBytes(32).toString('hex');
const [A, B, C] = ['T0VENDOR01', 'T0CUSTMR01', 'T0OUTSIDE1'];
const BOTS: Record<string, { token: string; userId: string; botId: string }> = {
  [A]: { token: 'xoxb-vendor', userId: 'U0BOTVEND1', botId: 'B0BOTVEND1' },
  [B]: { token: 'xoxb-customer', userId: 'U0BOTCUST1', botId: 'B0BOTCUST1' },
  [C]: { token: 'xoxb-outsider', userId: 'U0BOTOUTS1', botId: 'B0BOTOUTS1' },
};
const APP_TOKEN = 'xapp-1-A0TENDAPP1-1-test';
const ANA = 'U0ANAVEND1'; // the vendor's rep (team A)
const CAROL = 'U0CAROLCU1'; // the customer's person (team B)
const DAN = 'U0DANOUTS1'; // a third organisation's person (team C), not in the channel
const SHARED = 'C0SHARED01';

const auth = (team: string): FakeAuthorization => ({ enterprise_id: null, team_id: team, user_id: BOTS[team]!.userId, is_bot: true, is_enterprise_install: false });

type Setup = { fake: FakeSlack; app: TestApp; ws: Record<string, number> };

async function setUp(withAppToken: boolean): Promise<Setup> {
  const fake = await startFakeSlack({
    tokens: [
      ...[A, B, C].map((t) => ({ token: BOTS[t]!.token, teamId: t, teamName: t, userId: BOTS[t]!.userId, botId: BOTS[t]!.botId })),
      ...(withAppToken ? [{ token: APP_TOKEN, teamId: A, scopes: ['authorizations:read'] }] : []),
    ],
    users: { [ANA]: { name: 'ana', team_id: A }, [CAROL]: { name: 'carol', team_id: B }, [DAN]: { name: 'dan', team_id: C } },
  });
  fake.addChannel(SHARED, { name: 'globex-vendor', team_ids: [A, B] });
  const app = await startTestApp({ roles: 'web', env: { ...oauthEnv(fake.apiUrl, KEY), ...(withAppToken ? { SLACK_APP_TOKEN: APP_TOKEN } : {}) } });
  const store = createInstallationStore(app.db, Buffer.from(KEY, 'hex'));
  const installer: Record<string, string> = { [A]: ANA, [B]: CAROL, [C]: DAN };
  const ws: Record<string, number> = {};
  for (const team of [A, B, C]) {
    await store.storeInstallation({
      team: { id: team, name: team },
      enterprise: undefined,
      user: { id: installer[team], token: undefined, scopes: undefined },
      bot: { token: BOTS[team]!.token, scopes: ['chat:write'], id: BOTS[team]!.botId, userId: BOTS[team]!.userId },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    } as never);
    ws[team] = (await app.running.rt.workspaces.get(team)).id;
  }
  return { fake, app, ws };
}

let seq = 0;

describe.each([
  { title: 'with the app-level token (apps.event.authorizations.list)', withAppToken: true },
  { title: "without it (the channel's teams as the authorized bot reads them)", withAppToken: false },
])('a reaction on the vendor\'s nudge in a Slack Connect channel, authorized for the customer: $title', ({ withAppToken }) => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(withAppToken);
  });
  afterAll(async () => {
    await s?.app.stop();
    await s?.fake.close();
  });

  const pool = () => s.app.db.pool;
  const status = async (team: string, id: number) => (await nudgeRow(pool(), s.ws[team]!, id)).status as string;
  const events = async (id: number) => (await pool().query('select count(*)::int as n from nudge_event where nudge_id = $1', [id])).rows[0].n as number;

  /** The vendor's nudge, posted in the shared channel by the vendor's bot (its delivery port). */
  async function vendorNudge(): Promise<{ nudgeId: number; ts: string }> {
    const posted = await s.app.running.rt.delivery.post(s.ws[A]!, { channel: SHARED, text: 'Globex holds one product' });
    const n = await seedNudge(pool(), s.ws[A]!, { deliveryState: 'posted', channelId: SHARED, messageTs: posted.ts });
    return { nudgeId: n.nudgeId, ts: posted.ts };
  }

  /** One reaction event as Slack delivers it: once, authorized for `authorizedFor`; `visibleTo` is what the list answers. */
  async function react(m: { user: string; reaction: string; ts: string; authorizedFor: string; visibleTo?: string[]; shared?: boolean; removed?: boolean; itemUser?: string }): Promise<string> {
    const event = {
      ...reactionAddedEvent({ user: m.user, reaction: m.reaction, channel: SHARED, ts: m.ts, itemUser: m.itemUser ?? BOTS[A]!.userId }),
      ...(m.removed ? { type: 'reaction_removed' as const } : {}),
    };
    const envelope = eventEnvelope({ team_id: m.authorizedFor, event, event_id: `Ev0R${String(++seq).padStart(8, '0')}`, is_ext_shared_channel: m.shared ?? true, authorizations: [auth(m.authorizedFor)] });
    s.fake.setEventAuthorizations(envelope.event_context, (m.visibleTo ?? [A, B]).map(auth));
    const res = await postSigned(`${s.app.url}/slack/events`, { body: JSON.stringify(envelope), secret: SIGNING_SECRET, timestamp: nowSec() });
    expect(res.status).toBe(200);
    return envelope.event_id;
  }

  /** The event was claimed and its handling (after the 200) had time to end. */
  async function settled(eventId: string): Promise<void> {
    await until(async () => (await pool().query('select count(*)::int as n from slack_event where event_id = $1', [eventId])).rows[0].n >= 1 || null, 10_000, `event ${eventId} claimed`);
    await new Promise((r) => setTimeout(r, 500));
  }

  it("Ana's :eyes: claims the vendor's nudge, checked and redrawn with the vendor's own bot; her :eyes: taken back releases it", async () => {
    const n = await vendorNudge();
    const usersInfo = s.fake.callsTo('users.info').length;
    await react({ user: ANA, reaction: 'eyes', ts: n.ts, authorizedFor: B });
    await until(async () => (await status(A, n.nudgeId)) === 'claimed' || null, 10_000, 'claimed');
    // the vendor's team decided who Ana is, asked with the vendor's token
    const asked = s.fake.callsTo('users.info').slice(usersInfo).filter((c) => c.args.user === ANA);
    expect(asked.map((c) => c.token)).toEqual([BOTS[A]!.token]);
    // chat.update of the vendor's message succeeds only with the vendor's token (the fake refuses any other)
    await until(async () => (s.fake.message(SHARED, n.ts)?.updates ?? 0) >= 1 || null, 10_000, 'redrawn');
    expect(JSON.stringify(s.fake.message(SHARED, n.ts)!.blocks)).toContain(ANA);

    await react({ user: ANA, reaction: 'eyes', ts: n.ts, authorizedFor: B, removed: true });
    await until(async () => (await status(A, n.nudgeId)) === 'open' || null, 10_000, 'released');
    expect((await nudgeRow(pool(), s.ws[A]!, n.nudgeId)).claimed_by_id).toBeNull();
  });

  it("Ana's :white_check_mark: authorized for the customer marks it done, and its removal undoes her Done", async () => {
    const n = await vendorNudge();
    await react({ user: ANA, reaction: 'white_check_mark', ts: n.ts, authorizedFor: B });
    await until(async () => (await status(A, n.nudgeId)) === 'done' || null, 10_000, 'done');
    await react({ user: ANA, reaction: 'white_check_mark', ts: n.ts, authorizedFor: B, removed: true });
    await until(async () => (await status(A, n.nudgeId)) === 'open' || null, 10_000, 'undone');
  });

  it("the customer's person cannot claim or dismiss the vendor's nudge, whichever installation the event names", async () => {
    const n = await vendorNudge();
    for (const authorizedFor of [B, A]) {
      for (const reaction of ['eyes', 'x']) await settled(await react({ user: CAROL, reaction, ts: n.ts, authorizedFor }));
    }
    expect(await status(A, n.nudgeId)).toBe('open');
    expect(await events(n.nudgeId)).toBe(0);
    expect((await pool().query('select count(*)::int as n from member where workspace_id = $1 and slack_user_id = $2', [s.ws[A], CAROL])).rows[0].n).toBe(0);
  });

  it('a workspace that does not see the event keeps its nudge, even one whose row names that very message', async () => {
    const n = await vendorNudge();
    // the outsider's row names the vendor's message (a stale or forged reference): never a way in
    const stray = await seedNudge(pool(), s.ws[C]!, { deliveryState: 'posted', channelId: SHARED, messageTs: n.ts });
    // and one naming a message of that channel no one else has a nudge on, reacted to by the outsider's own person
    const alone = await seedNudge(pool(), s.ws[C]!, { deliveryState: 'posted', channelId: SHARED, messageTs: `${nowSec() - 30}.000${++seq}` });
    const aloneTs = String((await nudgeRow(pool(), s.ws[C]!, alone.nudgeId)).message_ts);
    await settled(await react({ user: DAN, reaction: 'eyes', ts: aloneTs, authorizedFor: B, itemUser: BOTS[C]!.userId }));
    await settled(await react({ user: DAN, reaction: 'x', ts: aloneTs, authorizedFor: A, itemUser: BOTS[C]!.userId }));
    expect(await status(C, alone.nudgeId)).toBe('open');

    await react({ user: ANA, reaction: 'eyes', ts: n.ts, authorizedFor: B });
    await until(async () => (await status(A, n.nudgeId)) === 'claimed' || null, 10_000, "the vendor's claimed");
    await new Promise((r) => setTimeout(r, 300));
    expect(await status(C, stray.nudgeId)).toBe('open');
    expect(await events(stray.nudgeId)).toBe(0);
    expect(await events(alone.nudgeId)).toBe(0);
  });

  it("in a channel not shared outside (is_ext_shared_channel false), another workspace's nudge is not reached", async () => {
    const n = await vendorNudge();
    await settled(await react({ user: ANA, reaction: 'eyes', ts: n.ts, authorizedFor: B, shared: false }));
    expect(await status(A, n.nudgeId)).toBe('open');
    expect(await events(n.nudgeId)).toBe(0);
  });

  if (withAppToken) {
    it("Slack's list decides: when it does not name the vendor, the vendor's nudge stays as it was", async () => {
      forgetChannelAudience(s.app.running.rt, SHARED);
      const n = await vendorNudge();
      await settled(await react({ user: ANA, reaction: 'eyes', ts: n.ts, authorizedFor: B, visibleTo: [B] }));
      expect(await status(A, n.nudgeId)).toBe('open');
      forgetChannelAudience(s.app.running.rt, SHARED);
    });
  }

  it('the control: authorized for the vendor, the claim works as before', async () => {
    const n = await vendorNudge();
    await react({ user: ANA, reaction: 'eyes', ts: n.ts, authorizedFor: A });
    await until(async () => (await status(A, n.nudgeId)) === 'claimed' || null, 10_000, 'claimed');
  });
});

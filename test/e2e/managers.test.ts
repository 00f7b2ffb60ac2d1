// Who manages Tend (single-token mode): Slack workspace admins and owners (users.info, cached
// for a day), and whoever a manager adds; nobody becomes one by being first to try. The
// managers verbs, the digest gate, and requests from a team the token does not serve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/views/ids.ts';
import { appHomeOpenedEvent, blockActionsPayload, eventBody, interactionBody, postSigned } from '../support/slack-sign.ts';
import { ALICE, BOB, SIGNING_SECRET, answerOf, click, responseBody, slash, startEnv, stopEnv, textOf, workspaceId, type Env } from './support.ts';

const CAROL = 'U0CAROL001'; // the Slack workspace's owner, later demoted
const DAVE = 'U0DAVE0001'; // a rep
const BOT = 'U0SOMEBOT1';

let env: Env;
beforeAll(async () => {
  env = await startEnv({
    users: {
      [ALICE]: { name: 'alice', tz: 'UTC' },
      [BOB]: { name: 'bob', tz: 'UTC', is_admin: true },
      [CAROL]: { name: 'carol', tz: 'UTC', is_primary_owner: true },
      [DAVE]: { name: 'dave', tz: 'UTC' },
      [BOT]: { name: 'somebot', is_bot: true },
    },
  });
});
afterAll(async () => {
  await stopEnv(env);
});

const member = async (user: string) => env.app.db.prisma.member.findFirst({ where: { workspaceId: await workspaceId(env), slackUserId: user } });
const usersInfoFor = (user: string) => env.fake.callsTo('users.info').filter((c) => c.args.user === user).length;

/** `/tend <text>` as `user`; what they saw (the HTTP answer or the response_url post). */
async function tend(user: string, text: string) {
  const a = await slash(env, '/tend', text, { user });
  const body = text.startsWith('digest') ? await responseBody(env, a.responseId) : await answerOf(env, a);
  expect(body.response_type).toBe('ephemeral');
  return { a, body, text: textOf(body), json: JSON.stringify(body) };
}

describe('who is a manager', () => {
  it('refuses a rep the digest, telling them how to get the role, and asks Slack about them once a day, not per attempt', async () => {
    const first = await tend(ALICE, 'digest');
    expect(first.text).toContain("Only managers can see the managers' digest");
    expect(first.text).toContain('Tend has no managers here yet');
    expect(first.text).toContain('admin or owner of this Slack workspace');
    expect(first.text).not.toContain('Tend digest'); // no figures
    expect(await member(ALICE)).toMatchObject({ role: 'rep', slackAdmin: false, slackAdminCheckedAt: expect.any(Date) });
    expect(usersInfoFor(ALICE)).toBe(1);
    await tend(ALICE, 'digest');
    expect(usersInfoFor(ALICE)).toBe(1);
  });

  it('makes a Slack admin a manager on their first manager verb, recording why, and shows them the digest', async () => {
    const digest = await tend(BOB, 'digest');
    expect(digest.text).not.toContain('Only managers');
    expect(digest.text).toContain('Tend digest ·');
    expect(digest.text).toContain('Most revenue at risk');
    expect(await member(BOB)).toMatchObject({ role: 'manager', managerVia: 'slack_admin', slackAdmin: true, managerSince: expect.any(Date) });
    expect(usersInfoFor(BOB)).toBe(1);
    await tend(BOB, 'digest');
    expect(usersInfoFor(BOB)).toBe(1);
    // the refusal now names the managers
    expect((await tend(ALICE, 'digest')).text).toContain(`Managers here: <@${BOB}>. Ask one of them to add you`);
  });

  it('lets a primary owner in, and takes the role away once Slack says they are no longer admin (re-checked after a day)', async () => {
    expect((await tend(CAROL, 'settings')).text).toContain('Opening the settings');
    expect(await member(CAROL)).toMatchObject({ role: 'manager', managerVia: 'slack_admin' });
    env.fake.addUser(CAROL, { name: 'carol', tz: 'UTC' }); // demoted in Slack
    const asked = usersInfoFor(CAROL);
    expect((await tend(CAROL, 'settings')).text).toContain('Opening the settings'); // the answer of today still holds
    expect(usersInfoFor(CAROL)).toBe(asked);
    await env.app.db.pool.query(
      `update member set slack_admin_checked_at = (now() at time zone 'utc') - interval '25 hours' where workspace_id = $1 and slack_user_id = $2`,
      [await workspaceId(env), CAROL],
    );
    const refused = await tend(CAROL, 'settings');
    expect(refused.text).toContain("Only managers can change Tend's settings");
    expect(usersInfoFor(CAROL)).toBe(asked + 1);
    expect(env.fake.calls.some((c) => c.method === 'views.open' && c.args.trigger_id === refused.a.triggerId)).toBe(false);
    expect(await member(CAROL)).toMatchObject({ role: 'rep', managerVia: null, slackAdmin: false });
  });
});

describe('/tend managers', () => {
  it('lists the managers and why; only managers add and remove; mentions are read as Slack sends them', async () => {
    const list = await tend(DAVE, 'managers');
    expect(list.text).toContain(`<@${BOB}> — Slack workspace admin or owner`);
    expect(list.text).not.toContain(CAROL);

    const byRep = await tend(DAVE, `managers add <@${DAVE}|dave>`);
    expect(byRep.text).toContain('Only managers can add managers');
    expect(await member(DAVE)).toMatchObject({ role: 'rep' });

    expect((await tend(BOB, `managers add <@${ALICE}|alice>`)).text).toContain(`<@${ALICE}> is now a Tend manager`);
    expect(await member(ALICE)).toMatchObject({ role: 'manager', managerVia: 'added_by', managerAddedBy: BOB });
    expect((await tend(BOB, `managers add <@${ALICE}>`)).text).toContain('already a Tend manager');
    expect((await tend(DAVE, 'managers')).text).toContain(`<@${ALICE}> — added by <@${BOB}>`);
    // the added manager can now see the digest
    expect((await tend(ALICE, 'digest')).text).toContain('Tend digest ·');
  });

  it('refuses a guest (single- or multi-channel): a manager sees every rep\'s figures', async () => {
    for (const [id, facts] of [['U0GUEST001', { is_restricted: true }], ['U0GUEST002', { is_ultra_restricted: true }]] as const) {
      env.fake.addUser(id, { name: id.toLowerCase(), ...facts });
      expect((await tend(BOB, `managers add <@${id}|guest>`)).text).toContain('is a guest in this Slack workspace');
      expect((await member(id))?.role ?? 'rep').toBe('rep');
    }
  });

  it('adds no manager while Slack cannot say who they are (a guest must not slip through an outage)', async () => {
    env.fake.addUser('U0GUEST003', { name: 'guest3', is_restricted: true });
    env.fake.failNext('users.info', { error: 'internal_error' });
    expect((await tend(BOB, 'managers add <@U0GUEST003|guest3>')).text).toContain("Slack didn't answer who");
    expect((await member('U0GUEST003'))?.role ?? 'rep').toBe('rep');
    // once Slack answers, the guest is refused for what they are
    expect((await tend(BOB, 'managers add <@U0GUEST003|guest3>')).text).toContain('is a guest in this Slack workspace');
  });

  it('refuses bots and text that is not a mention, escaping what it echoes', async () => {
    expect((await tend(BOB, `managers add <@${BOT}|somebot>`)).text).toContain('is not a person in this Slack workspace');
    expect(await member(BOT)).toBeNull();
    // someone Tend saw leave Slack (a user_change it was sent), though users.info still answers for them
    const GONE = 'U0GONE0001';
    await env.app.db.pool.query(`insert into member (workspace_id, slack_user_id, deactivated_at) values ($1, $2, now())`, [await workspaceId(env), GONE]);
    env.fake.addUser(GONE, { name: 'gone' });
    expect((await tend(BOB, `managers add <@${GONE}|gone>`)).text).toContain('is not a person in this Slack workspace');
    expect(await member(GONE)).toMatchObject({ role: 'rep' });
    for (const text of ['managers add <!channel>', 'managers add @alice', `managers add <@${DAVE}> <@${CAROL}>`, 'managers promote <!here>']) {
      const bad = await tend(BOB, text);
      expect(bad.text).toMatch(/mention|add @someone/);
      expect(bad.json).not.toContain('<!channel>');
      expect(bad.json).not.toContain('<!here>');
    }
    expect(await env.app.db.prisma.member.count({ where: { workspaceId: await workspaceId(env), role: 'manager' } })).toBe(2);
  });

  it('removes a manager (a removed Slack admin stays removed until added back) and never the last one', async () => {
    expect((await tend(ALICE, `managers remove <@${BOB}|bob>`)).text).toContain(`<@${BOB}> is no longer a Tend manager`);
    expect(await member(BOB)).toMatchObject({ role: 'rep', managerVia: null, managerRemovedBy: ALICE });
    // still a Slack admin, but a manager took the role away
    const bob = await tend(BOB, 'settings');
    expect(bob.text).toContain("Only managers can change Tend's settings");
    expect(bob.text).toContain(`Managers here: <@${ALICE}>`);
    expect(env.fake.calls.some((c) => c.method === 'views.open' && c.args.trigger_id === bob.a.triggerId)).toBe(false);

    const last = await tend(ALICE, `managers remove <@${ALICE}>`);
    expect(last.text).toContain('is the last Tend manager here, so the role stays');
    expect(await member(ALICE)).toMatchObject({ role: 'manager' });
    expect((await tend(ALICE, `managers remove <@${DAVE}>`)).text).toContain('is not a Tend manager');

    expect((await tend(ALICE, `managers add <@${BOB}>`)).text).toContain('is now a Tend manager');
    expect(await member(BOB)).toMatchObject({ role: 'manager', managerVia: 'added_by', managerAddedBy: ALICE, managerRemovedBy: null });
  });

  it('is in /tend help, behind its More button', async () => {
    const help = await tend(DAVE, 'help');
    await click(env, { userId: DAVE, actionId: ACTIONS.helpMore, value: 'tend', responseId: help.a.responseId });
    const full = textOf(await responseBody(env, help.a.responseId));
    expect(full).toContain('/tend managers add @someone');
    expect(full).not.toContain('first person');
  });
});

describe('a team the bot token does not serve', () => {
  it('gets a 200 and nothing done for events and actions, and no rows are written', async () => {
    const count = async () => (await env.app.db.pool.query(
      'select (select count(*) from workspace)::int as w, (select count(*) from member)::int as m, (select count(*) from slack_event)::int as e')).rows[0];
    const before = await count();
    const calls = env.fake.calls.length;
    const event = await postSigned(`${env.app.url}/slack/events`, { body: eventBody({ team_id: 'T0FOREIGN1', event: appHomeOpenedEvent({ user: 'U0FOREIGN1' }) }), secret: SIGNING_SECRET });
    expect(event.status).toBe(200);
    const action = await postSigned(`${env.app.url}/slack/events`, {
      body: interactionBody(blockActionsPayload({ teamId: 'T0FOREIGN1', userId: 'U0FOREIGN1', actionId: ACTIONS.nudgeClaim, value: '1', responseUrl: env.fake.responseUrl('foreign') })),
      secret: SIGNING_SECRET,
    });
    expect(action.status).toBe(200);
    expect(await action.text()).toBe('');
    await new Promise((r) => setTimeout(r, 300)); // events are handled after their ack: give one the time to (not) run
    expect(await count()).toEqual(before);
    expect(env.fake.calls.slice(calls).map((c) => c.method)).toEqual([]);
    expect(env.fake.responses('foreign')).toEqual([]);
  });
});

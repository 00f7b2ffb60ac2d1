// Issue 15's rhythm words, timezone and copy, end to end with signed requests against the fake
// Slack: a new workspace takes its first manager's timezone (never over a manager's choice),
// the card of an account touched every 14 days says 14, `/tend help` fits one screen with a
// More button, /log's answer reads like a person wrote it, and rename says what happened.
import { settingsValues } from '../support/settings-form.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTouch } from '../../src/data/conversations.ts';
import { seedNudge } from '../support/nudge-factory.ts';
import { appHomeOpenedEvent, eventBody, postSigned } from '../support/slack-sign.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { ALICE, BOB, SIGNING_SECRET, TEAM, answerOf, buttonsOf, click, makeAccount, responseBody, slash, startEnv, stopEnv, submit, textOf, workspaceId, type Env } from './support.ts';

const CAROL = 'U0CAROL001';
let env: Env;
beforeAll(async () => {
  env = await startEnv({
    users: {
      [ALICE]: { name: 'alice', real_name: 'Alice Rep', tz: 'America/New_York' },
      [BOB]: { name: 'bob', real_name: 'Bob Manager', tz: 'Europe/Berlin', is_admin: true },
      [CAROL]: { name: 'carol', real_name: 'Carol Rep', tz: 'Australia/Sydney' },
    },
  });
});
afterAll(async () => {
  await stopEnv(env);
});

const say = async (command: string, text: string, user = ALICE) => {
  const body = await answerOf(env, await slash(env, command, text, { user }));
  expect(body.response_type).toBe('ephemeral');
  return { body, text: textOf(body) };
};
const workspace = async () => env.app.db.prisma.workspace.findUniqueOrThrow({ where: { id: await workspaceId(env) } });
const member = (user: string) => env.app.db.prisma.member.findFirstOrThrow({ where: { slackUserId: user } });

const form = (tz: string) => settingsValues({ nudgeChannel: 'C0NUDGES01', digestUsers: [BOB], timezone: tz, stallMaxDays: '60' });

describe('timezone of a new workspace (single-token mode)', () => {
  it("takes the first manager's users.info timezone instead of UTC, keeps each rep's own, and never overrides a manager's choice", async () => {
    // first contact creates the workspace on the UTC default
    await say('/account', 'help');
    expect(await workspace()).toMatchObject({ timezone: 'UTC', timezoneSource: 'default' });

    // Bob, a Slack admin, opens the settings: Slack's answer about him carries his timezone
    expect((await say('/tend', 'settings', BOB)).text).toContain('Opening the settings');
    expect(env.fake.callsTo('users.info').some((c) => c.args.user === BOB && c.ok)).toBe(true);
    expect(await workspace()).toMatchObject({ timezone: 'Europe/Berlin', timezoneSource: 'member' });
    expect(await member(BOB)).toMatchObject({ timezone: 'Europe/Berlin', name: 'bob', realName: 'Bob Manager' });

    // a second person's timezone is kept on their own row, and does not move the workspace
    await makeAccount(env, 'Tz Corp');
    await say('/log', 'Tz Corp: call, talked pricing. next: send the deck tomorrow');
    expect((await member(ALICE)).timezone).toBe('America/New_York');
    expect((await workspace()).timezone).toBe('Europe/Berlin');

    // a manager sets it: that is final
    const saved = await submit(env, { userId: BOB, callbackId: CALLBACKS.settings, values: form('Asia/Tokyo') });
    expect(saved.status).toBe(200);
    expect(await workspace()).toMatchObject({ timezone: 'Asia/Tokyo', timezoneSource: 'settings' });
    await env.app.db.pool.query('update member set timezone = null where slack_user_id = $1', [CAROL]);
    await say('/log', 'Tz Corp: email, sent the deck. next: call on friday', CAROL);
    expect(env.fake.callsTo('users.info').some((c) => c.args.user === CAROL && c.ok)).toBe(true);
    expect((await member(CAROL)).timezone).toBe('Australia/Sydney');
    expect(await workspace()).toMatchObject({ timezone: 'Asia/Tokyo', timezoneSource: 'settings' });
  });
});

describe('rhythm words on the account card', () => {
  it('an account touched every 14 days says 14, apart from its thresholds', async () => {
    const ws = await workspaceId(env);
    const accountId = await makeAccount(env, 'Fortnight Ltd');
    const day = 86_400_000;
    const t0 = Date.now() - 60_000;
    // five touches 14 days apart, the last 35 days ago: median gap 14, quiet for 35
    for (const ago of [91, 77, 63, 49, 35]) {
      await recordTouch(env.app.db.pool, { workspaceId: ws, accountId, occurredAt: new Date(t0 - ago * day), summary: `check-in ${ago}`, medium: 'call', sourceKey: `fortnight-${ago}` });
    }
    const card = await say('/account', 'Fortnight');
    // the workspace's thresholds (set above): cooling after 2 × 14 = 28, stalled after 60
    expect(card.text).toContain('Cooling — Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 60).');
    expect(card.text).not.toContain('rhythm 28');
    const rollup = await env.app.db.prisma.accountRollup.findUniqueOrThrow({ where: { accountId } });
    expect(rollup).toMatchObject({ touchCount: 5, medianGapDays: 14 });
  });
});

describe('rhythm words in the digest and App Home', () => {
  it("a stalled account's nudge reads the same in the managers' digest and on its rep's Home tab", async () => {
    const ws = await workspaceId(env);
    const alice = await member(ALICE);
    const evidence = { headline: 'Quietco has stalled', daysSinceTouch: 35, usualGapDays: 14, rhythmDays: 28, stalledAfterDays: 60, heldProductIds: [1] };
    const { nudgeId } = await seedNudge(env.app.db.pool, ws, { kind: 'stalled', accountName: 'Quietco', ownerMemberId: alice.id, evidence, suggestion: 'Reopen the conversation with a usage review.' });
    await env.app.db.pool.query('update nudge set assignee_id = $3 where workspace_id = $1 and id = $2', [ws, nudgeId, alice.id]);
    const words = 'Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 60).';

    const a = await slash(env, '/tend', 'digest', { user: BOB });
    const digest = textOf(await responseBody(env, a.responseId));
    // under the account's own line, before its suggestion
    const at = digest.indexOf('*Quietco*');
    expect(at).toBeGreaterThan(0);
    expect(digest.indexOf(words, at)).toBeGreaterThan(at);
    expect(digest.indexOf(words, at)).toBeLessThan(digest.indexOf('Reopen the conversation with a usage review.', at));

    const res = await postSigned(`${env.app.url}/slack/events`, { body: eventBody({ team_id: TEAM, event: appHomeOpenedEvent({ user: ALICE, tab: 'home' }) }), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const view = await env.fake.waitFor(() => env.fake.homeView(ALICE));
    const home = JSON.stringify(view.blocks);
    expect(home).toContain('*Quietco*');
    expect(home).toContain(words);
  });

  it("the Home tab's account list says an account touched every 14 days is usually touched every 14, apart from its thresholds", async () => {
    const ws = await workspaceId(env);
    const alice = await member(ALICE);
    const accountId = await makeAccount(env, 'Biweekly Co');
    await env.app.db.pool.query('update account set owner_id = $3 where workspace_id = $1 and id = $2', [ws, accountId, alice.id]);
    const day = 86_400_000;
    const t0 = Date.now() - 60_000;
    for (const ago of [91, 77, 63, 49, 35]) {
      await recordTouch(env.app.db.pool, { workspaceId: ws, accountId, occurredAt: new Date(t0 - ago * day), summary: `check-in ${ago}`, medium: 'call', sourceKey: `biweekly-${ago}` });
    }
    const published = env.fake.callsTo('views.publish').length;
    const res = await postSigned(`${env.app.url}/slack/events`, { body: eventBody({ team_id: TEAM, event: appHomeOpenedEvent({ user: ALICE, tab: 'home' }) }), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await env.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.publish').length > published);
    const blocks = env.fake.homeView(ALICE)!.blocks as { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[];
    // the account's own line in "Your accounts by priority" (its Open button carries its id)
    const line = blocks.find((b) => b.accessory?.action_id === ACTIONS.showAccount && b.accessory.value === String(accountId));
    expect(line?.text?.text).toContain('*Biweekly Co*');
    expect(line?.text?.text).toContain('Usually every 14 days; quiet for 35 days (cooling after 28, stalled after 60).');
  });
});

describe('/tend help', () => {
  it('fits one screen with a More button; More replaces it with the full list', async () => {
    const a = await slash(env, '/tend', 'help');
    const short = await answerOf(env, a);
    expect(short.response_type).toBe('ephemeral');
    const lines = textOf(short).split('\n').filter((l) => l.trim());
    expect(lines.length).toBeLessThanOrEqual(10);
    for (const verb of ['/log', '/account', '/nudges', '/tend settings', '/tend scan']) expect(textOf(short)).toContain(verb);
    expect(textOf(short)).not.toContain('/tend managers add');
    const more = buttonsOf(short).find((b) => b.action_id === ACTIONS.helpMore);
    expect(more).toBeDefined();

    await click(env, { actionId: ACTIONS.helpMore, value: more!.value, responseId: a.responseId });
    const posts = await env.fake.waitFor((_c, f) => (f.responses(a.responseId).length ? f.responses(a.responseId) : null), 5_000);
    const full = posts[0]!.body as Record<string, any>;
    expect(full).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(textOf(full).split('\n').length).toBeGreaterThan(10);
    for (const verb of ['/tend managers add', '/tend offer add', '/tend digest', '/account rename']) expect(textOf(full)).toContain(verb);
  });
});

describe('copy', () => {
  it('/log answers with the right article and says how it went in words', async () => {
    await makeAccount(env, 'Article Co');
    const r = await say('/log', 'Article Co: email, sent the recap, negative');
    expect(r.text).toContain('Logged an email with *Article Co* (it went badly).');
    expect(r.text).not.toContain('negative)');
    const give = await say('/log', 'Article Co: call, gave a usage review, positive');
    expect(give.text).toContain('Logged a call with *Article Co* (you gave value, and it went well).');
    const rows = (await env.app.db.pool.query(
      `select medium::text, sentiment::text from conversation where workspace_id = $1 and account_id = (select id from account where name = 'Article Co') order by id`, [await workspaceId(env)])).rows;
    expect(rows).toEqual([{ medium: 'email', sentiment: 'negative' }, { medium: 'call', sentiment: 'positive' }]);
  });

  it('a card says "today" and "yesterday" for touches 0 and 1 days ago, never "0 days"', async () => {
    const ws = await workspaceId(env);
    const day = 86_400_000;
    for (const [name, daysAgo, words] of [['Todayco', 0, 'last touch today'], ['Yesterdayco', 1, 'last touch yesterday']] as const) {
      const accountId = await makeAccount(env, name);
      await recordTouch(env.app.db.pool, { workspaceId: ws, accountId, occurredAt: new Date(Date.now() - daysAgo * day - 60_000), summary: 'check-in', medium: 'call', sourceKey: `${name}-touch` });
      const card = await say('/account', name);
      expect(card.text).toContain(words);
      expect(card.text).not.toMatch(/\b0 days\b|\b1 days\b/);
    }
  });

  it('the digest counts a rep\'s one touch as "1 touch", never "1 touches"', async () => {
    const DAVE = 'U0DAVE0001';
    env.fake.addUser(DAVE, { name: 'dave', real_name: 'Dave Rep', tz: 'Europe/Berlin' });
    await makeAccount(env, 'Onetouch Co');
    await say('/log', 'Onetouch Co: call, quick check-in', DAVE);
    const a = await slash(env, '/tend', 'digest', { user: BOB });
    const digest = textOf(await responseBody(env, a.responseId));
    expect(digest).toMatch(new RegExp(`• <@${DAVE}>: 1 touch, `));
    expect(digest).not.toMatch(/\b1 touches\b/);
  });

  it('rename says what happened: done, already called that, or taken, and never "nothing was added"', async () => {
    await makeAccount(env, 'Acme', { aliases: ['Acme Inc'] });
    await makeAccount(env, 'Globex');
    // typed the same name: the parser says so (an answer, not a failure to add)
    const typedSame = await say('/account', 'rename Acme to Acme');
    expect(typedSame.text).toContain('"Acme" is already its name.');
    expect(typedSame.text).not.toContain('nothing was added');
    // found by an alias, "renamed" to the name it already has
    const same = await say('/account', 'rename Acme Inc to Acme');
    expect(same.text).toContain('*Acme* is already called that, so nothing changed.');
    expect(same.text).not.toContain('Renamed');
    const taken = await say('/account', 'rename Acme to Globex');
    expect(taken.text).toContain('*Globex* is already the account *Globex*, so *Acme* keeps its name.');
    expect(taken.text).not.toContain('nothing was added');
    const names = async () => (await env.app.db.pool.query(`select name from account where workspace_id = $1 and name in ('Acme', 'Globex', 'Acme Corp') order by name`, [await workspaceId(env)])).rows.map((r) => r.name);
    expect(await names()).toEqual(['Acme', 'Globex']);
    const done = await say('/account', 'rename Acme to Acme Corp');
    expect(done.text).toContain('Renamed *Acme* to *Acme Corp*.');
    expect(await names()).toEqual(['Acme Corp', 'Globex']);
  });
});

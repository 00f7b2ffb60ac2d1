// /log end to end: signed slash commands to the running app (their text encoded as Slack
// encodes it); the HTTP answer, the rows, and what reached the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { ALICE, BOB, answerOf, buttonsOf, click, makeAccount, responseBody, slash, startEnv, stopEnv, textOf, workspaceId, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await stopEnv(env);
});

const conversations = (accountId?: number) =>
  env.app.db.prisma.conversation.findMany({ where: accountId ? { accountId } : {}, orderBy: { id: 'asc' } });

describe('/log in one line', () => {
  it('logs a conversation, answers ephemerally within the request, and keeps the rollup in step', async () => {
    const acme = await makeAccount(env, 'Acme Corporation', { aliases: ['ACME'] });
    const a = await slash(env, '/log', 'Acme: call, gave a usage review, positive. next: send SSO pricing in 3 days');
    expect(a.status).toBe(200);
    expect((await answerOf(env, a)).response_type).toBe('ephemeral');
    expect(textOf(await answerOf(env, a))).toContain('Logged a call with *Acme Corporation*');
    const rows = await conversations(acme);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ medium: 'call', kind: 'give', sentiment: 'positive', source: 'command', nextStep: 'send SSO pricing in 3 days', sourceKey: `cmd:${a.triggerId}` });
    expect(rows[0]!.nextStepDue).toBeInstanceOf(Date);
    const member = await env.app.db.prisma.member.findFirstOrThrow({ where: { slackUserId: ALICE } });
    expect(rows[0]!.memberId).toBe(member.id);
    // the date was read in Alice's timezone, fetched once from Slack and cached on her row
    expect(member.timezone).toBe('America/New_York');
    // and her names with it: the one Slack shows, and the full one a CRM's owner column writes
    expect(member).toMatchObject({ name: 'alice', realName: 'Alice Rep' });
    const rollup = await env.app.db.prisma.accountRollup.findUniqueOrThrow({ where: { accountId: acme } });
    expect(rollup.touchCount).toBe(1);
    expect(rollup.nextStep).toBe('send SSO pricing in 3 days');
    const infoCalls = env.fake.callsTo('users.info').length;
    await slash(env, '/log', 'Acme: email. next: demo tomorrow');
    expect(env.fake.callsTo('users.info')).toHaveLength(infoCalls);
  });

  it("learns the full name of a member Tend met before it kept full names, once, without making the command wait", async () => {
    await makeAccount(env, 'Oldtimer Co');
    const ws = await workspaceId(env);
    await env.app.db.pool.query(
      `insert into member (workspace_id, slack_user_id, name, timezone) values ($1, 'U0BOB00001', 'bob', 'Europe/Berlin')
       on conflict (workspace_id, slack_user_id) do update set name = 'bob', real_name = null, timezone = 'Europe/Berlin'`, [ws]);
    const asked = () => env.fake.callsTo('users.info').filter((c) => c.args.user === 'U0BOB00001').length;
    const before = asked();
    const a = await slash(env, '/log', 'Oldtimer Co: call. next: demo tomorrow', { user: 'U0BOB00001' });
    expect(textOf(await answerOf(env, a))).toContain('Logged a call with *Oldtimer Co*');
    const bob = () => env.app.db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws, slackUserId: 'U0BOB00001' } });
    for (let i = 0; i < 50 && (await bob()).realName === null; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await bob()).toMatchObject({ name: 'bob', realName: 'Bob Manager', timezone: 'Europe/Berlin' });
    await slash(env, '/log', 'Oldtimer Co: email. next: demo tomorrow', { user: 'U0BOB00001' });
    expect(asked() - before).toBe(1);
  });

  it('reads &, < and > as typed: Slack sends them encoded in command text, as in messages', async () => {
    const id = await makeAccount(env, 'AT&T Business');
    // typed: /log AT&T Business: Q&A on <5 seats, "&amp;" literally
    const a = await slash(env, '/log', 'AT&amp;T Business: Q&amp;A on &lt;5 seats, typed &amp;amp; literally');
    expect(textOf(await answerOf(env, a))).toContain('*AT&amp;T Business*');
    const rows = await conversations(id);
    expect(rows.map((r) => r.summary)).toEqual(['Q&A on <5 seats, typed &amp; literally']);
  });

  it('writes once when Slack delivers the same command twice', async () => {
    const id = await makeAccount(env, 'Twice Ltd');
    const first = await slash(env, '/log', 'Twice: quick chat about renewal');
    const again = await slash(env, '/log', 'Twice: quick chat about renewal', { triggerId: first.triggerId });
    expect(again.status).toBe(200);
    expect(textOf(await answerOf(env, again))).toContain('Already logged');
    expect(await conversations(id)).toHaveLength(1);
  });

  it('finds a multi-word name or alias at the start without a colon, ignoring case and accents', async () => {
    const id = await makeAccount(env, 'Société Générale', { aliases: ['SocGen'] });
    const a = await slash(env, '/log', 'societe generale met the CFO #meeting #ask');
    expect(textOf(await answerOf(env, a))).toContain('Logged a meeting with *Société Générale*');
    const b = await slash(env, '/log', 'socgen follow-up email sent');
    expect(textOf(await answerOf(env, b))).toContain('Société Générale');
    const rows = await conversations(id);
    expect(rows.map((r) => r.summary)).toEqual(['met the CFO', 'follow-up email sent']);
    expect(rows[0]!.kind).toBe('ask');
  });

  it('opens the log form for empty text and for only spaces, with a one-line hint', async () => {
    for (const text of ['', '    ']) {
      const before = env.fake.callsTo('views.open').length;
      const a = await slash(env, '/log', text);
      expect(a.status).toBe(200);
      expect((await answerOf(env, a)).response_type).toBe('ephemeral');
      expect(textOf(await answerOf(env, a))).toContain('/log Acme:');
      const open = await env.fake.waitFor((_c, f) => (f.callsTo('views.open').length > before ? f.callsTo('views.open').at(-1) : null));
      expect(open.ok).toBe(true);
      expect(open.args.trigger_id).toBe(a.triggerId);
      const view = open.args.view as Record<string, any>;
      expect(view.callback_id).toBe(CALLBACKS.logModal);
      expect(JSON.parse(view.private_metadata)).toMatchObject({ origin: 'command', channelId: 'C0GENERAL1' });
    }
  });

  it('offers to create an unknown account, and the click creates it and logs the text', async () => {
    const before = (await conversations()).length;
    const a = await slash(env, '/log', 'Zebra Imports: intro call, positive');
    expect(textOf(await answerOf(env, a))).toContain("I don't know an account called “Zebra Imports”");
    expect((await conversations()).length).toBe(before);
    const create = buttonsOf(await answerOf(env, a)).find((b) => b.action_id === ACTIONS.createAccount)!;
    expect(create.text.text).toContain('Create');
    const r = await click(env, { actionId: create.action_id, value: create.value, blockId: BLOCKS.chooseActions, responseId: a.responseId, isEphemeral: true });
    expect(r.status).toBe(200);
    const answer = await responseBody(env, a.responseId);
    expect(answer.replace_original).toBe(true);
    expect(textOf(answer)).toContain('Logged a call with *Zebra Imports*');
    const account = await env.app.db.prisma.account.findFirstOrThrow({ where: { nameKey: 'zebra imports' }, include: { owner: true } });
    expect(account.owner?.slackUserId).toBe(ALICE);
    const rows = await conversations(account.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sourceKey).toBe(`cmd:${a.triggerId}`);
    // a second click on the same button neither duplicates the account nor the conversation
    await click(env, { actionId: create.action_id, value: create.value, blockId: BLOCKS.chooseActions, responseId: a.responseId, isEphemeral: true });
    await responseBody(env, a.responseId, 2);
    expect(await env.app.db.prisma.account.count({ where: { nameKey: 'zebra imports' } })).toBe(1);
    expect(await conversations(account.id)).toHaveLength(1);
  });

  it('asks which account when several match, and the chosen one gets the conversation once', async () => {
    await makeAccount(env, 'Globex Labs');
    const corp = await makeAccount(env, 'Globex Corp');
    const a = await slash(env, '/log', 'glob: renewal chat');
    expect(textOf(await answerOf(env, a))).toContain('Which account did you mean by “glob”?');
    const choices = buttonsOf(await answerOf(env, a)).filter((b) => b.action_id.startsWith('choose_account:'));
    expect(choices.map((b) => b.text.text)).toEqual(['Globex Corp', 'Globex Labs']);
    expect(await conversations(corp)).toHaveLength(0);
    const pick = choices[0]!;
    await click(env, { actionId: pick.action_id, value: pick.value, blockId: BLOCKS.chooseActions, responseId: a.responseId, isEphemeral: true });
    expect(textOf(await responseBody(env, a.responseId))).toContain('Logged a chat with *Globex Corp*');
    await click(env, { actionId: pick.action_id, value: pick.value, blockId: BLOCKS.chooseActions, responseId: a.responseId, isEphemeral: true });
    expect(textOf(await responseBody(env, a.responseId, 2))).toContain('Already logged');
    const rows = await conversations(corp);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toBe('renewal chat');
  });
});

describe('/log choices belong to who sent the command', () => {
  it("finishes a parked command only for its sender: another person's click on the same buttons saves nothing", async () => {
    await makeAccount(env, 'Initech East');
    const west = await makeAccount(env, 'Initech West');
    const a = await slash(env, '/log', 'initech: pricing call');
    const choices = buttonsOf(await answerOf(env, a)).filter((b) => b.action_id.startsWith('choose_account:'));
    const pick = choices.find((b) => b.text.text === 'Initech West')!;
    // the question is Alice's ephemeral, but a click's payload is anyone's to forge
    await click(env, { userId: BOB, actionId: pick.action_id, value: pick.value, blockId: BLOCKS.chooseActions, responseId: a.responseId, isEphemeral: true });
    expect(textOf(await responseBody(env, a.responseId))).toContain('expired');
    expect(await conversations(west)).toHaveLength(0);
    const b = await slash(env, '/log', 'Umbrella Works: intro');
    const mine = buttonsOf(await answerOf(env, b)).find((x) => x.action_id === ACTIONS.createAccount)!;
    await click(env, { userId: BOB, actionId: mine.action_id, value: mine.value, blockId: BLOCKS.chooseActions, responseId: b.responseId, isEphemeral: true });
    expect(textOf(await responseBody(env, b.responseId))).toContain('expired');
    expect(await env.app.db.prisma.account.count({ where: { nameKey: 'umbrella works' } })).toBe(0);
    // the sender's own click still finishes it
    await click(env, { actionId: pick.action_id, value: pick.value, blockId: BLOCKS.chooseActions, responseId: a.responseId, isEphemeral: true });
    expect(textOf(await responseBody(env, a.responseId, 2))).toContain('Logged a call with *Initech West*');
    expect(await conversations(west)).toHaveLength(1);
  });
});

describe('/log bad input', () => {
  it('refuses a 5,000-character summary with the limit and an example, writing nothing', async () => {
    await makeAccount(env, 'Longwinded Inc');
    const before = (await conversations()).length;
    const a = await slash(env, '/log', `Longwinded: ${'x'.repeat(5_000)}`);
    expect(a.status).toBe(200);
    expect((await answerOf(env, a)).response_type).toBe('ephemeral');
    expect(textOf(await answerOf(env, a))).toMatch(/5,000 characters; the limit is 3,000/);
    expect(textOf(await answerOf(env, a))).toContain('Try:');
    expect((await conversations()).length).toBe(before);
  });

  it('keeps emoji and right-to-left text verbatim', async () => {
    const id = await makeAccount(env, 'شركة الاتصالات');
    const summary = 'اجتماع ممتاز 🎉👨‍👩‍👧 and שלום';
    const a = await slash(env, '/log', `شركة الاتصالات: ${summary}`);
    expect(textOf(await answerOf(env, a))).toContain('Logged');
    const rows = await conversations(id);
    expect(rows[0]!.summary).toContain('اجتماع ممتاز');
    expect(rows[0]!.summary).toContain('👨‍👩‍👧');
    expect(rows[0]!.summary).toContain('שלום');
  });

  it('stores SQL-looking text as text', async () => {
    const id = await makeAccount(env, 'Bobby Tables');
    const evil = "Robert'); DROP TABLE conversation;-- and 1=1 OR ''='";
    const a = await slash(env, '/log', `Bobby Tables: ${evil}`);
    expect(textOf(await answerOf(env, a))).toContain('Logged');
    const rows = await conversations(id);
    expect(rows[0]!.summary).toBe(evil);
    expect(await env.app.db.prisma.conversation.count()).toBeGreaterThan(1);
  });

  it("reads a Berlin rep's numeric date day first, asking Slack for her timezone even when month first finds no date", async () => {
    const id = await makeAccount(env, 'Berlin GmbH');
    const ws = await workspaceId(env);
    // some weeks ahead: a day that reads as another date month first, and one that reads as none
    const ahead = (fits: (d: Date) => boolean) => {
      const day = new Date(Date.now() + 20 * 86_400_000);
      while (!fits(day)) day.setUTCDate(day.getUTCDate() + 1);
      return day;
    };
    const days = [ahead((d) => d.getUTCDate() <= 12 && d.getUTCDate() !== d.getUTCMonth() + 1), ahead((d) => d.getUTCDate() > 12)];
    for (const day of days) {
      // not yet asked: the workspace's timezone (New York, month first) is all Tend knows
      await env.app.db.pool.query(`update member set timezone = null where workspace_id = $1 and slack_user_id = $2`, [ws, BOB]);
      const a = await slash(env, '/log', `Berlin GmbH: call. next: send deck by ${day.getUTCDate()}/${day.getUTCMonth() + 1}`, { user: BOB });
      expect(textOf(await answerOf(env, a))).toContain('Logged a call with *Berlin GmbH*');
      const row = (await conversations(id)).at(-1)!;
      expect(row.nextStepDue!.toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' })).toBe(`${day.toISOString().slice(0, 10)} 09:00:00`);
    }
  });

  it('logs to "Acme: EMEA" when its name runs to a later colon, as the reply to /account add suggests', async () => {
    const acme = await makeAccount(env, 'Colonial');
    const emea = await makeAccount(env, 'Colonial: EMEA');
    const a = await slash(env, '/log', 'Colonial: EMEA: call about the rollout');
    expect(textOf(await answerOf(env, a))).toContain('Logged a call with *Colonial: EMEA*');
    expect((await conversations(emea)).map((r) => r.summary)).toEqual(['call about the rollout']);
    const b = await slash(env, '/log', 'Colonial: EMEAish: call');
    expect(textOf(await answerOf(env, b))).toContain('Logged a call with *Colonial*');
    expect((await conversations(acme)).map((r) => r.summary)).toEqual(['EMEAish: call']);
  });

  it("keeps a rep's shift+enter lines: markers on their own line are read, the summary keeps its lines", async () => {
    const id = await makeAccount(env, 'Lines Ltd');
    const a = await slash(env, '/log', 'Lines Ltd: call about the renewal\nthey want SSO\npositive\nnext: demo monday');
    const seen = textOf(await answerOf(env, a));
    expect(seen).toContain('Logged a call with *Lines Ltd* (it went well)');
    expect(seen).toContain('>call about the renewal\n>they want SSO');
    const [row] = await conversations(id);
    expect(row).toMatchObject({ summary: 'call about the renewal\nthey want SSO', sentiment: 'positive', medium: 'call', nextStep: 'demo monday' });
  });

  it('refuses a due date in the past, writing nothing', async () => {
    const id = await makeAccount(env, 'Pastdue Co');
    const a = await slash(env, '/log', 'Pastdue: call. next: send pricing last monday');
    expect(textOf(await answerOf(env, a))).toContain('is in the past');
    expect(textOf(await answerOf(env, a))).toContain('Try:');
    expect(await conversations(id)).toHaveLength(0);
  });

  it('saves an unreadable due date as a next step without a date, and says so', async () => {
    const id = await makeAccount(env, 'Someday Ltd');
    const a = await slash(env, '/log', 'Someday: call. next: send pricing when the stars align');
    expect(textOf(await answerOf(env, a))).toContain("couldn't find a date");
    const rows = await conversations(id);
    expect(rows[0]).toMatchObject({ nextStep: 'send pricing when the stars align', nextStepDue: null });
  });

  it('never echoes <!channel> or a user mention unescaped', async () => {
    const id = await makeAccount(env, 'Loud Co');
    const a = await slash(env, '/log', 'Loud: told <!channel> and <@U0BOB00001> about it');
    const seen = JSON.stringify(await answerOf(env, a));
    expect(seen).not.toContain('<!channel>');
    expect(seen).not.toContain('<@U0BOB00001>');
    expect(textOf(await answerOf(env, a))).toContain('&lt;!channel&gt;');
    expect((await conversations(id))[0]!.summary).toBe('told <!channel> and <@U0BOB00001> about it');
  });

  it('refuses a signed command from a team its bot token does not serve, writing nothing', async () => {
    await answerOf(env, await slash(env, '/log', 'warm-up: hi')); // the own team's workspace and member exist
    const count = async () => (await env.app.db.pool.query(
      'select (select count(*) from workspace)::int as w, (select count(*) from member)::int as m, (select count(*) from account)::int as a, (select count(*) from conversation)::int as c, (select count(*) from slack_event)::int as e')).rows[0];
    const before = await count();
    const a = await slash(env, '/log', 'Newco: hello <!channel>', { team: 'T0NEWTEAM1' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(a.body)).toContain("This Tend serves one Slack workspace, and it isn't this one");
    // even a manager's verb does not make anyone anything there
    const t = await slash(env, '/tend', 'settings', { team: 'T0NEWTEAM1', user: 'U0ATTACKER' });
    expect(textOf(t.body)).toContain("isn't this one");
    expect(env.fake.calls.some((c) => c.method === 'views.open' && c.args.trigger_id === t.triggerId)).toBe(false);
    expect(await count()).toEqual(before);
    expect(await env.app.db.prisma.workspace.count({ where: { slackTeamId: 'T0NEWTEAM1' } })).toBe(0);
    expect(await env.app.db.prisma.member.count({ where: { slackUserId: 'U0ATTACKER' } })).toBe(0);
    // Slack was asked who the token belongs to, and nothing else about that team
    expect(env.fake.callsTo('auth.test').every((c) => c.ok && (c.response as { team_id: string }).team_id === 'T0TEND0001')).toBe(true);
    expect(env.fake.callsTo('users.info').some((c) => c.args.user === 'U0ATTACKER')).toBe(false);
  });

  it('answers 401 to a forged signature and to a stale timestamp, writing nothing', async () => {
    const before = await env.app.db.prisma.conversation.count();
    const forged = await slash(env, '/log', 'Acme: forged', { secret: 'not-the-secret', team: 'T0FORGED01' });
    expect(forged.status).toBe(401);
    const stale = await slash(env, '/log', 'Acme: stale', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60, team: 'T0FORGED01' });
    expect(stale.status).toBe(401);
    expect(await env.app.db.prisma.conversation.count()).toBe(before);
    expect(await env.app.db.prisma.workspace.count({ where: { slackTeamId: 'T0FORGED01' } })).toBe(0);
  });
});

describe('/log with the database down', () => {
  it('says so and echoes the text when Postgres fails, and when the write itself fails leaves nothing half-written', async () => {
    const id = await makeAccount(env, 'Outage Inc');
    const ws = await workspaceId(env);
    const schema = env.app.db.schema;
    const admin = env.app.db.pool;
    // the write fails: every read works, the insert cannot
    await admin.query('alter table conversation rename to conversation_off');
    try {
      const a = await slash(env, '/log', 'Outage: call about <!here> the incident');
      expect(a.status).toBe(200);
      expect((await answerOf(env, a)).response_type).toBe('ephemeral');
      expect(textOf(await answerOf(env, a))).toContain("can't reach its database");
      expect(textOf(await answerOf(env, a))).toContain('/log Outage: call about &lt;!here&gt; the incident');
      expect(JSON.stringify(await answerOf(env, a))).not.toContain('<!here>');
    } finally {
      await admin.query('alter table conversation_off rename to conversation');
    }
    expect(await conversations(id)).toHaveLength(0);
    expect(await env.app.db.prisma.accountRollup.count({ where: { accountId: id, workspaceId: ws } })).toBe(0);

    // Postgres unreachable for the app: its schema is gone, so even the workspace lookup fails
    await admin.query(`alter schema "${schema}" rename to "${schema}_off"`);
    try {
      const b = await slash(env, '/log', 'Outage: second try');
      expect(b.status).toBe(200);
      expect(textOf(await answerOf(env, b))).toContain("can't reach its database");
      expect(textOf(await answerOf(env, b))).toContain('/log Outage: second try');
      const c = await slash(env, '/account', 'Outage');
      expect(textOf(await answerOf(env, c))).toContain('/account Outage');
    } finally {
      await admin.query(`alter schema "${schema}_off" rename to "${schema}"`);
    }
    expect(await conversations(id)).toHaveLength(0);
  });
});

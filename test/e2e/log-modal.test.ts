// The log form end to end: the account picker's search (block_suggestion), and saving it
// (view_submission) with field errors, a double submit, a slow Slack, a shortcut's key, and
// the database down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { BOT_TOKEN } from '../support/app.ts';
import { ALICE, BOB, interact, makeAccount, startEnv, stopEnv, submit, suggest, TEAM, triggerId, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await stopEnv(env);
});

function values(o: { accountId?: number | string; summary?: string; nextStep?: string; date?: string; medium?: string; kind?: string }) {
  return {
    [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: o.accountId === undefined ? null : { text: { type: 'plain_text', text: 'x' }, value: String(o.accountId) } } },
    [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: o.medium ?? 'meeting' } } },
    [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'x' }, value: o.kind ?? 'give' } } },
    [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: o.summary ?? '' } },
    [BLOCKS.logNextStep]: { [ACTIONS.logNextStep]: { type: 'plain_text_input', value: o.nextStep ?? null } },
    [BLOCKS.logDueDate]: { [ACTIONS.logDueDate]: { type: 'datepicker', selected_date: o.date ?? null } },
  };
}

const meta = JSON.stringify({ origin: 'command', channelId: 'C0GENERAL1' });

describe('account picker (block_suggestion)', () => {
  it('finds accounts by name or alias start, ignoring case and accents, only in this workspace, at most 100', async () => {
    await makeAccount(env, 'Émile Bakery', { aliases: ['EB Foods'] });
    await makeAccount(env, 'Emilia Shoes');
    await makeAccount(env, 'Emile Elsewhere', { team: 'T0OTHER001' });
    for (let i = 0; i < 120; i++) await makeAccount(env, `Zed ${String(i).padStart(3, '0')}`);
    const a = await suggest(env, { actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: 'emil' });
    expect(a.status).toBe(200);
    // by matching key: "emile bakery" < "emilia shoes"; the other workspace's Émile is not offered
    expect(a.body!.options.map((o: any) => o.text.text)).toEqual(['Émile Bakery', 'Emilia Shoes']);
    const byAlias = await suggest(env, { actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: 'eb f' });
    expect(byAlias.body!.options.map((o: any) => o.text.text)).toEqual(['Émile Bakery']);
    const many = await suggest(env, { actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: 'zed' });
    expect(many.body!.options).toHaveLength(100);
    const sqlish = await suggest(env, { actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: "%' or 1=1 --" });
    expect(sqlish.body!.options).toEqual([]);
  });
});

describe('saving the log form (view_submission)', () => {
  it('writes the conversation, closes the form, and confirms ephemerally where /log was typed', async () => {
    const id = await makeAccount(env, 'Formula Co');
    const a = await submit(env, {
      callbackId: CALLBACKS.logModal, privateMetadata: meta, viewId: 'V0FORM0001',
      values: values({ accountId: id, summary: 'Walked them through <!channel> usage', nextStep: 'send benchmark', date: '2999-01-15' }),
    });
    expect(a.status).toBe(200);
    expect(a.raw).toBe('');
    const rows = await env.app.db.prisma.conversation.findMany({ where: { accountId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ medium: 'meeting', kind: 'give', source: 'modal', sourceKey: 'modal:V0FORM0001', nextStep: 'send benchmark' });
    // 09:00 on the picked date in Alice's timezone (New York, UTC-5 in January)
    expect(rows[0]!.nextStepDue?.toISOString()).toBe('2999-01-15T14:00:00.000Z');
    const eph = await env.fake.waitFor((_c, f) => f.ephemerals('C0GENERAL1').find((e) => e.user === ALICE && e.text.includes('Formula Co')));
    expect(JSON.stringify(eph.blocks)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(eph.blocks)).not.toContain('<!channel>');
    // a double click on Save: same view, nothing new
    const again = await submit(env, { callbackId: CALLBACKS.logModal, privateMetadata: meta, viewId: 'V0FORM0001', values: values({ accountId: id, summary: 'Walked them through <!channel> usage' }) });
    expect(again.status).toBe(200);
    expect(await env.app.db.prisma.conversation.count({ where: { accountId: id } })).toBe(1);
  });

  it("stacked on an account's card (App Home's Open), the card beneath is redrawn with the touch just logged", async () => {
    const id = await makeAccount(env, 'Cardstack Co');
    // the card as App Home's Open shows it, a modal in the fake Slack, then the form pushed on it
    const opened = await fetch(`${env.fake.apiUrl}views.open`, {
      method: 'POST', headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: '1.2.3', view: { type: 'modal', callback_id: CALLBACKS.accountCard, title: { type: 'plain_text', text: 'Account' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Cardstack Co*' } }] } }),
    }).then((r) => r.json() as Promise<{ ok: boolean; view: { id: string } }>);
    expect(opened.ok).toBe(true);
    const a = await submit(env, {
      callbackId: CALLBACKS.logModal, privateMetadata: JSON.stringify({ origin: 'account_card' }), viewId: 'V0STACKED1', previousViewId: opened.view.id,
      values: values({ accountId: id, summary: 'Shared the renewal benchmark' }),
    });
    expect(a.status).toBe(200);
    const updated = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.update' && x.args.view_id === opened.view.id));
    expect(updated.ok).toBe(true);
    const card = JSON.stringify(env.fake.view(opened.view.id)!.blocks);
    expect(card).toContain('Cardstack Co');
    expect(card).toContain('Shared the renewal benchmark');
    // and App Home beneath the card (its Open showed it) is re-published, since the touch counts there too
    const published = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.publish' && x.args.user_id === ALICE));
    expect(published.ok).toBe(true);
  });

  it.each([
    ['a channel Tend is not in (not_in_channel)', 'C0NOTIN001', { is_member: false }],
    ['a DM between people, which Tend cannot see (channel_not_found)', 'G0THEIRDM1', { is_private: true, is_member: false }],
  ])('"Log to Tend" used in %s: the touch is saved and its confirmation comes as a DM', async (_name, channel, info) => {
    env.fake.addChannel(channel, info);
    const id = await makeAccount(env, `Unseen ${channel}`);
    const messageTs = `${Math.floor(Date.now() / 1000) - 60}.000200`;
    const trigger = triggerId();
    const shortcut = await interact(env, {
      type: 'message_action', token: 'verification_token', action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      team: { id: TEAM, domain: 'tend-test' }, user: { id: ALICE, username: 'alice', name: 'alice', team_id: TEAM },
      channel: { id: channel, name: 'somewhere' }, is_enterprise_install: false, enterprise: null,
      callback_id: CALLBACKS.logToTend, trigger_id: trigger, message_ts: messageTs,
      message: { type: 'message', user: ALICE, ts: messageTs, text: 'They asked about SSO' },
      response_url: `https://hooks.slack.com/app/${TEAM}/1/x`,
    });
    expect(shortcut.status).toBe(200);
    const opened = await env.fake.waitFor((_c, f) => f.callsTo('views.open').find((c) => c.args.trigger_id === trigger));
    const dm = env.fake.dmChannelFor(ALICE);
    const dmsBefore = env.fake.messages(dm).length;
    const a = await submit(env, {
      callbackId: CALLBACKS.logModal, viewId: `V0${channel}`, privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      values: values({ accountId: id, summary: 'They asked about SSO' }),
    });
    expect(a.status).toBe(200);
    expect(a.raw).toBe('');
    expect(await env.app.db.prisma.conversation.count({ where: { accountId: id } })).toBe(1);
    const confirmation = await env.fake.waitFor((_c, f) => f.messages(dm).slice(dmsBefore).find((m) => JSON.stringify(m.blocks).includes(`Unseen ${channel}`)));
    expect(confirmation.text).not.toBe('');
    expect(env.fake.callsTo('chat.postEphemeral').filter((c) => c.args.channel === channel).map((c) => c.ok)).toEqual([false]);
  });

  it("answers within Slack's 3 s when users.info is slow: the due date is read in the workspace's timezone", async () => {
    const id = await makeAccount(env, 'Slowpoke Inc');
    // a member Tend has not met, so their timezone is not cached and Slack is asked
    env.fake.failNext('users.info', { delayMs: 5_000 });
    const a = await submit(env, {
      userId: BOB, callbackId: CALLBACKS.logModal, privateMetadata: meta, viewId: 'V0SLOWTZ01',
      values: values({ accountId: id, summary: 'usage review', nextStep: 'send pricing', date: '2999-01-15' }),
    });
    expect(a.status).toBe(200);
    expect(a.ms).toBeLessThan(2_500);
    expect(a.raw).toBe('');
    const rows = await env.app.db.prisma.conversation.findMany({ where: { accountId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nextStep).toBe('send pricing');
  });

  it("keys a shortcut's touch by the submitter: metadata naming someone else's message key takes nothing from them", async () => {
    const other = await makeAccount(env, 'Other Co');
    const acme = await makeAccount(env, 'Keyed Acme');
    const shortcutMeta = (extra: Record<string, string>) => JSON.stringify({ origin: 'shortcut', channelId: 'C0GENERAL1', ...extra });
    // Bob crafts the key Alice's "Log to Tend" on that message would use
    await submit(env, {
      userId: BOB, callbackId: CALLBACKS.logModal, viewId: 'V0FORGED01',
      privateMetadata: shortcutMeta({ sourceKey: `shortcut:C0GENERAL1:1700000000.000300:${ALICE}` }),
      values: values({ accountId: other, summary: 'unrelated' }),
    });
    const a = await submit(env, {
      callbackId: CALLBACKS.logModal, viewId: 'V0REAL0001', privateMetadata: shortcutMeta({ messageTs: '1700000000.000300' }),
      values: values({ accountId: acme, summary: 'they want SSO' }),
    });
    expect(a.status).toBe(200);
    const mine = await env.app.db.prisma.conversation.findMany({ where: { accountId: acme } });
    expect(mine.map((r) => [r.summary, r.sourceKey])).toEqual([['they want SSO', `shortcut:C0GENERAL1:1700000000.000300:${ALICE}`]]);
    const his = await env.app.db.prisma.conversation.findMany({ where: { accountId: other } });
    expect(his.map((r) => r.sourceKey)).toEqual([`shortcut:C0GENERAL1:1700000000.000300:${BOB}`]);
    // the same message logged again by Alice is still one touch
    await submit(env, {
      callbackId: CALLBACKS.logModal, viewId: 'V0REAL0002', privateMetadata: shortcutMeta({ messageTs: '1700000000.000300' }),
      values: values({ accountId: acme, summary: 'they want SSO' }),
    });
    expect(await env.app.db.prisma.conversation.count({ where: { accountId: acme } })).toBe(1);
  });

  it('keeps the form open with field errors for a missing account, blank summary, past date and a date without a step', async () => {
    const before = await env.app.db.prisma.conversation.count();
    const a = await submit(env, { callbackId: CALLBACKS.logModal, privateMetadata: meta, values: values({ summary: '   ', date: '2001-01-01' }) });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(a.body!.errors).sort()).toEqual([BLOCKS.logAccount, BLOCKS.logDueDate, BLOCKS.logNextStep, BLOCKS.logSummary].sort());
    expect(a.body!.errors[BLOCKS.logDueDate]).toContain('passed');
    expect(await env.app.db.prisma.conversation.count()).toBe(before);
  });

  it("refuses an account id from another workspace", async () => {
    const foreign = await makeAccount(env, 'Foreign Co', { team: 'T0OTHER002' });
    const a = await submit(env, { callbackId: CALLBACKS.logModal, privateMetadata: meta, values: values({ accountId: foreign, summary: 'sneaky' }) });
    expect(a.body).toMatchObject({ response_action: 'errors' });
    expect(a.body!.errors[BLOCKS.logAccount]).toContain("isn't in this workspace");
    expect(await env.app.db.prisma.conversation.count({ where: { accountId: foreign } })).toBe(0);
  });

  it('keeps the form open saying the database is down, so nothing typed is lost', async () => {
    const id = await makeAccount(env, 'Downtime Co');
    const schema = env.app.db.schema;
    await env.app.db.pool.query(`alter schema "${schema}" rename to "${schema}_off"`);
    let a;
    try {
      a = await submit(env, { callbackId: CALLBACKS.logModal, privateMetadata: meta, values: values({ accountId: id, summary: 'important notes' }) });
    } finally {
      await env.app.db.pool.query(`alter schema "${schema}_off" rename to "${schema}"`);
    }
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ response_action: 'errors' });
    expect(a.body!.errors[BLOCKS.logSummary]).toContain("can't reach its database");
    expect(await env.app.db.prisma.conversation.count({ where: { accountId: id } })).toBe(0);
  });
});

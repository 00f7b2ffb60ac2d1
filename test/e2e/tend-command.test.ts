// /tend (help, settings for managers, scan) and /nudges end to end.
import { Queue } from 'bullmq';
import { settingsValues as settingsForm } from '../support/settings-form.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/queue/definitions.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { ALICE, BOB, answerOf, buttonsOf, makeAccount, slash, startEnv, stopEnv, submit, textOf, workspaceId, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await stopEnv(env);
});

function settingsValues(o: Partial<Record<'channel' | 'mode' | 'time' | 'tz' | 'factor' | 'min' | 'max' | 'rhythm' | 'budget', string>> & { users?: string[]; days?: string[] | null } = {}) {
  return settingsForm({
    nudgeChannel: o.channel ?? 'C0NUDGES01', deliveryMode: (o.mode ?? 'channel') as 'channel' | 'owner_dm', digestUsers: o.users ?? [BOB],
    digestTime: o.time ?? '08:30', timezone: o.tz ?? 'Europe/Berlin', stallFactor: o.factor ?? '2.5', stallMinDays: o.min ?? '10',
    stallMaxDays: o.max ?? '60', defaultRhythm: o.rhythm ?? '21', budget: o.budget ?? '7',
    // null: a modal opened before the working days existed (no such block)
    ...(o.days === null ? {} : { workDays: o.days ?? ['1', '2', '3', '4', '5'] }),
  });
}

describe('/tend', () => {
  it('answers help for empty text and for help', async () => {
    for (const text of ['', 'help', 'Help!', 'help?']) {
      const body = await answerOf(env, await slash(env, '/tend', text));
      expect(body.response_type).toBe('ephemeral');
      expect(textOf(body)).toContain('/tend settings');
      expect(textOf(body)).toContain('/log');
    }
  });

  it('lets a Slack admin open settings (becoming a manager), refuses a rep (naming the managers), and saves valid settings', async () => {
    // a rep who tries first does not become the manager: the old "first to try" rule is gone
    const early = await slash(env, '/tend', 'settings', { user: ALICE });
    expect(textOf(await answerOf(env, early))).toContain('Tend has no managers here yet');
    expect(await env.app.db.prisma.member.findFirstOrThrow({ where: { slackUserId: ALICE } })).toMatchObject({ role: 'rep' });
    expect(env.fake.calls.some((c) => c.method === 'views.open' && c.args.trigger_id === early.triggerId)).toBe(false);

    const first = await slash(env, '/tend', 'settings', { user: BOB });
    expect(textOf(await answerOf(env, first))).toContain('You are an admin or owner of this Slack workspace');
    const open = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.open' && x.args.trigger_id === first.triggerId));
    expect(open.ok).toBe(true);
    expect((open.args.view as any).callback_id).toBe(CALLBACKS.settings);
    // the nudge and digest channels offered leave out Slack Connect channels, where a customer might read them
    for (const id of [BLOCKS.settingsNudgeChannel, BLOCKS.settingsDigestChannel]) {
      expect((open.args.view as any).blocks.find((b: any) => b.block_id === id).element.filter).toMatchObject({ exclude_external_shared_channels: true });
    }
    expect(await env.app.db.prisma.member.findFirstOrThrow({ where: { slackUserId: BOB } })).toMatchObject({ role: 'manager', managerVia: 'slack_admin' });

    const rep = await slash(env, '/tend', 'settings', { user: ALICE });
    expect(textOf(await answerOf(env, rep))).toContain('Only managers');
    expect(textOf(await answerOf(env, rep))).toContain(`Managers here: <@${BOB}>`);
    expect(env.fake.calls.some((c) => c.method === 'views.open' && c.args.trigger_id === rep.triggerId)).toBe(false);

    const bad = await submit(env, { userId: BOB, callbackId: CALLBACKS.settings, values: settingsValues({ tz: 'Mars/Olympus', min: '30', max: '10', budget: '-3' }) });
    expect(bad.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(bad.body!.errors).sort()).toEqual([BLOCKS.settingsBudget, BLOCKS.settingsStallMaxDays, BLOCKS.settingsTimezone].sort());

    const notManager = await submit(env, { userId: ALICE, callbackId: CALLBACKS.settings, values: settingsValues() });
    expect(notManager.body).toMatchObject({ response_action: 'errors' });

    // no working day at all: Tend would never speak; a field error, nothing saved
    const noDays = await submit(env, { userId: BOB, callbackId: CALLBACKS.settings, values: settingsValues({ days: [] }) });
    expect(noDays.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(noDays.body!.errors)).toEqual([BLOCKS.settingsWorkDays]);

    const ok = await submit(env, { userId: BOB, callbackId: CALLBACKS.settings, values: settingsValues({ days: ['7', '1', '2', '3', '4', '99'] }) });
    expect(ok.status).toBe(200);
    expect(ok.raw).toBe('');
    const ws = await env.app.db.prisma.workspace.findUniqueOrThrow({ where: { id: await workspaceId(env) } });
    expect(ws).toMatchObject({
      nudgeChannelId: 'C0NUDGES01', deliveryMode: 'channel', digestUserIds: [BOB], digestTime: '08:30', timezone: 'Europe/Berlin',
      stallFactor: 2.5, stallMinDays: 10, stallMaxDays: 60, defaultRhythmDays: 21, dailyNudgeBudget: 7, workDays: [1, 2, 3, 4, 7],
    });
    // the modal shows them checked when it opens again
    const again = await slash(env, '/tend', 'settings', { user: BOB });
    const reopened = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.open' && x.args.trigger_id === again.triggerId));
    const block = (reopened.args.view as any).blocks.find((b: any) => b.block_id === BLOCKS.settingsWorkDays);
    expect(block.element.initial_options.map((o: any) => o.value)).toEqual(['1', '2', '3', '4', '7']);
    expect(block.element.options.map((o: any) => o.text.text)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);

    // a modal opened before the setting existed leaves the days as they were
    const old = await submit(env, { userId: BOB, callbackId: CALLBACKS.settings, values: settingsValues({ days: null }) });
    expect(old.status).toBe(200);
    expect((await env.app.db.prisma.workspace.findUniqueOrThrow({ where: { id: await workspaceId(env) } })).workDays).toEqual([1, 2, 3, 4, 7]);
  });

  it("refuses a saved form from a Slack admin Slack has since demoted, once the day-old answer is asked again", async () => {
    const EX = 'U0EXADMIN1';
    env.fake.addUser(EX, { name: 'ex', real_name: 'Ex Admin', tz: 'Europe/Berlin', is_admin: true });
    const opened = await slash(env, '/tend', 'settings', { user: EX });
    await env.fake.waitFor((c) => c.find((x) => x.method === 'views.open' && x.args.trigger_id === opened.triggerId));
    expect(await env.app.db.prisma.member.findFirstOrThrow({ where: { slackUserId: EX } })).toMatchObject({ role: 'manager', managerVia: 'slack_admin' });
    // a day later, with the form still open, Slack no longer calls them an admin
    env.fake.addUser(EX, { name: 'ex', real_name: 'Ex Admin', tz: 'Europe/Berlin', is_admin: false });
    await env.app.db.pool.query(
      `update member set slack_admin_checked_at = (now() at time zone 'utc') - interval '25 hours' where workspace_id = $1 and slack_user_id = $2`,
      [await workspaceId(env), EX],
    );
    const before = await env.app.db.prisma.workspace.findUniqueOrThrow({ where: { id: await workspaceId(env) } });
    const late = await submit(env, { userId: EX, callbackId: CALLBACKS.settings, values: settingsValues({ budget: '50', tz: 'Asia/Tokyo' }) });
    expect(late.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(late.body)).toContain('Only managers can change the settings');
    const after = await env.app.db.prisma.workspace.findUniqueOrThrow({ where: { id: await workspaceId(env) } });
    expect({ budget: after.dailyNudgeBudget, tz: after.timezone }).toEqual({ budget: before.dailyNudgeBudget, tz: before.timezone });
    expect(await env.app.db.prisma.member.findFirstOrThrow({ where: { slackUserId: EX } })).toMatchObject({ role: 'rep' });
  });

  it('enqueues a scan for today in the workspace timezone', async () => {
    const body = await answerOf(env, await slash(env, '/tend', 'scan'));
    expect(textOf(body)).toContain('Scanning your accounts now');
    expect(textOf(body)).toContain("at 09:00 in each rep's own time"); // not at once: releases wait for the rep's morning
    // the week the settings test above saved, whatever day this runs on
    expect(textOf(body)).toContain('on working days (Sunday to Thursday)');
    const q = new Queue(QUEUES.scan.name, { connection: { url: TEST_REDIS_URL } as never, prefix: env.app.prefix });
    try {
      const jobs = await q.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      const ws = await workspaceId(env);
      expect(jobs.map((j) => j.data)).toContainEqual(expect.objectContaining({ workspaceId: ws, localDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
      // a run of its own: it scans even when today's daily scan (scan:<ws>:<date>) already ran
      const manual = jobs.find((j) => j.data.workspaceId === ws)!;
      expect(manual.data.run).toMatch(/^m\d{4}$/);
      expect(manual.id).toBe(`scan:${ws}:${manual.data.localDate}+${manual.data.run}`);
    } finally {
      await q.close();
    }
  });

  it("reads a verb with a sentence's end after it as the verb", async () => {
    for (const text of ['scan.', 'Scan!']) expect(textOf(await answerOf(env, await slash(env, '/tend', text)))).toContain('Scanning your accounts now');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'digest?', { user: ALICE })))).toContain('Only managers');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'products.')))).not.toContain("I don't know");
  });

  it('says what it does not know', async () => {
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'launch <!channel>')))).toContain("I don't know");
  });
});

describe('/nudges', () => {
  it("lists the caller's open and claimed nudges, highest priority first, with the nudge buttons", async () => {
    const ws = await workspaceId(env);
    const acc = await makeAccount(env, 'Nudged Co');
    const alice = await env.app.db.prisma.member.upsert({ where: { workspaceId_slackUserId: { workspaceId: ws, slackUserId: ALICE } }, update: {}, create: { workspaceId: ws, slackUserId: ALICE } });
    const bob = await env.app.db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws, slackUserId: BOB } });
    const mk = (key: string, o: Record<string, unknown>) =>
      env.app.db.prisma.nudge.create({ data: { workspaceId: ws, accountId: acc, kind: 'cross_sell', dedupeKey: key, suggestion: `Offer a <!channel> review ${key}`, ...o } as never });
    await mk('low', { status: 'open', assigneeId: alice.id, priority: 1 });
    await mk('high', { status: 'open', assigneeId: alice.id, priority: 9 });
    await mk('mine', { status: 'claimed', claimedById: alice.id, assigneeId: bob.id, priority: 5 });
    await mk('bobs', { status: 'open', assigneeId: bob.id, priority: 50 });
    await mk('done', { status: 'done', assigneeId: alice.id, priority: 99 });
    const body = await answerOf(env, await slash(env, '/nudges', ''));
    expect(body.response_type).toBe('ephemeral');
    const sections = (body.blocks as any[]).filter((b) => b.type === 'section').map((b) => b.text.text as string);
    expect(sections.map((s) => /review (\w+)/.exec(s)?.[1])).toEqual(['high', 'mine', 'low']);
    expect(JSON.stringify(body)).not.toContain('<!channel>');
    const ids = buttonsOf(body).map((b) => b.action_id);
    expect(ids.filter((a) => a === ACTIONS.nudgeClaim)).toHaveLength(2);
    expect(ids.filter((a) => a === ACTIONS.nudgeDone)).toHaveLength(3);
    expect(ids).toContain(ACTIONS.nudgeSnooze);
    expect(ids).toContain(ACTIONS.nudgeDismiss);
  });

  it('says so when there is nothing to do', async () => {
    const body = await answerOf(env, await slash(env, '/nudges', '', { user: 'U0NEWREP01' }));
    expect(textOf(body)).toContain('no open nudges');
  });
});

// Opening the Home tab publishes the member's week, nudges and accounts: a signed
// app_home_opened event in, views.publish out (to the fake Slack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { checkBlockKit } from '../support/block-kit-limits.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { seedActivity, seedBook, T, type Book } from '../support/book-fixture.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { refreshRollups } from '../../src/data/rollups.ts';
import { appHomeOpenedEvent, blockActionsPayload, eventBody, interactionBody, postSigned } from '../support/slack-sign.ts';

let fake: FakeSlack;
let app: TestApp;
let book: Book;

beforeAll(async () => {
  fake = await startFakeSlack();
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', now: () => T });
  book = await seedBook(app.running.rt.db.prisma, 'T0TEND0001');
  await seedActivity(app.running.rt.db.prisma, book);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const open = (user: string, tab: 'home' | 'messages' = 'home') =>
  postSigned(`${app.url}/slack/events`, { body: eventBody({ team_id: 'T0TEND0001', event: appHomeOpenedEvent({ user, tab }) }), secret: SIGNING_SECRET });

describe('App Home', () => {
  it('publishes the member’s week, open nudges with buttons, and accounts by priority', async () => {
    const res = await open('U0REP0001');
    expect(res.status).toBe(200);
    const view = await fake.waitFor(() => fake.homeView('U0REP0001'));
    expect(checkBlockKit('home', view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    // week of R1 (d7, T]: gives d1 d2, ask d3 → 3 touches, 2 gives, 1 ask
    expect(text).toContain('*Touches, last 7 days*\\n3');
    expect(text).toContain('2 gives, 1 ask');
    expect(text).toContain('Your open nudges (2)');
    // live nudges of R1: N4 on D (claimed by R1: Release), N5 on I (open, assigned: Claim); N8 is queued, not shown
    const actions = (view.blocks as { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[])
      .filter((b) => b.type === 'actions' && b.block_id?.startsWith(`${BLOCKS.nudgeActions}:`));
    expect(actions.map((b) => b.elements!.map((e) => e.action_id))).toEqual([
      [ACTIONS.nudgeRelease, ACTIONS.nudgeDone, ACTIONS.openLogModal, ACTIONS.nudgeDismiss, ACTIONS.nudgeSnooze],
      [ACTIONS.nudgeClaim, ACTIONS.nudgeDone, ACTIONS.openLogModal, ACTIONS.nudgeDismiss, ACTIONS.nudgeSnooze],
    ]);
    const nudgeIds = await app.running.rt.db.prisma.nudge.findMany({ where: { workspaceId: book.workspaceId, dedupeKey: { in: ['N4', 'N5'] } }, orderBy: { priority: 'desc' } });
    expect(actions.map((b) => b.elements![0]!.value)).toEqual(nudgeIds.map((n) => String(n.id)));
    // R1's active accounts: C (queued nudge, priority 2000) first, then by MRR: H 15000, A 10000, J 0
    const order = ['Account C', 'Account H', 'Account A', 'Account J'].map((n) => text.indexOf(`*${n}*`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('Account G'); // a prospect
    expect(text).not.toContain('*Account E*'); // churned
  });

  it("Open on an account shows its card as a modal (App Home sends no response_url), and its Log button stacks the form on it", async () => {
    const view = await fake.waitFor(() => fake.homeView('U0REP0001'));
    type Accessory = { action_id?: string; value?: string };
    const opens = (view.blocks as { text?: { text?: string }; accessory?: Accessory }[])
      .filter((b) => b.accessory?.action_id === ACTIONS.showAccount);
    const a = opens.find((b) => b.text?.text?.includes('*Account A*'))!;
    expect(a).toBeDefined();
    const click = (actionId: string, value: string, viewType: 'home' | 'modal') =>
      postSigned(`${app.url}/slack/events`, {
        body: interactionBody(blockActionsPayload({ actionId, value, container: 'view', view: { viewType }, userId: 'U0REP0001' })),
        secret: SIGNING_SECRET,
      });
    expect((await click(ACTIONS.showAccount, a.accessory!.value!, 'home')).status).toBe(200);
    const [opened] = await fake.waitFor(() => (fake.callsTo('views.open').length ? fake.callsTo('views.open') : null));
    const modal = opened!.args.view as { callback_id: string; blocks: unknown[] };
    expect(modal.callback_id).toBe(CALLBACKS.accountCard);
    expect(checkBlockKit('modal', modal)).toEqual([]);
    const blocks = JSON.stringify(modal.blocks);
    expect(blocks).toContain('Account A');
    expect(blocks).toContain(ACTIONS.openLogModal);
    // "Log a conversation" inside that modal: the form is pushed onto it, not opened (which Slack refuses over a modal)
    expect((await click(ACTIONS.openLogModal, a.accessory!.value!, 'modal')).status).toBe(200);
    const [pushed] = await fake.waitFor(() => (fake.callsTo('views.push').length ? fake.callsTo('views.push') : null));
    expect((pushed!.args.view as { callback_id: string }).callback_id).toBe(CALLBACKS.logModal);
    expect(JSON.stringify(pushed!.args.view)).toContain('Account A');
    expect(fake.callsTo('views.open')).toHaveLength(1);
  });

  it('welcomes a member Tend does not know yet, and ignores the Messages tab', async () => {
    await open('U0NEWBIE01', 'messages');
    await open('U0NEWBIE01');
    const view = await fake.waitFor(() => fake.homeView('U0NEWBIE01'));
    expect(JSON.stringify(view.blocks)).toContain('Welcome to Tend');
    expect(fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0NEWBIE01')).toHaveLength(1);
  });

  it("words an account's last touch in the member's own timezone, not the workspace's", async () => {
    // a touch 10 hours before T (12:00 UTC): 02:00 today in UTC, 19:00 yesterday in Los Angeles
    const prisma = app.running.rt.db.prisma;
    const account = await prisma.account.findFirstOrThrow({ where: { workspaceId: book.workspaceId, name: 'Account J' } });
    await app.db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, source) values ($1, $2, $3::timestamp, 'late call', 'import')`,
      [book.workspaceId, account.id, new Date(T.getTime() - 10 * 3_600_000).toISOString()],
    );
    await refreshRollups(app.db.pool, book.workspaceId, { accountIds: [account.id] });
    const accountLine = async () => {
      const before = fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0REP0001').length;
      await open('U0REP0001');
      await fake.waitFor(() => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0REP0001').length > before || null);
      const text = JSON.stringify(fake.homeView('U0REP0001')!.blocks);
      return text.slice(text.indexOf('*Account J*'), text.indexOf('*Account J*') + 400);
    };
    await prisma.member.updateMany({ where: { workspaceId: book.workspaceId, slackUserId: 'U0REP0001' }, data: { timezone: null } });
    expect(await accountLine()).toContain('last touch today'); // the workspace's UTC
    await prisma.member.updateMany({ where: { workspaceId: book.workspaceId, slackUserId: 'U0REP0001' }, data: { timezone: 'America/Los_Angeles' } });
    expect(await accountLine()).toContain('last touch yesterday');
  });
});

// The account is the unit of attention, through signed Slack requests against the fake Slack:
// a snoozed account gets no new nudge from a scan (the new reasons join the snoozed one), and
// a write that answers a posted nudge (/account X +Product, /log on a stalled account) retires
// it and edits its message to say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { seedHolding, seedNudge, seedProduct, seedWorkspace, until, type NudgeSeed, type SeededWorkspace } from '../support/nudge-factory.ts';
import { blockActionsPayload, interactionBody, postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';
import { zoneInWorkingHours } from '../support/working-zone.ts';

const CHANNEL = 'C0NUDGES01';
const ALICE = 'U0ALICE001';
// Alice's 09:00 has come whatever hour the suite runs: a scan's nudges are posted, so "nothing
// about Snoozeco was posted" is checked against real posts
const WORKING = zoneInWorkingHours();
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL], users: { [ALICE]: { name: 'alice', real_name: 'Alice Rep', tz: WORKING.zone } } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
  ws = await seedWorkspace(app.db.pool, { owner: ALICE, timezone: WORKING.zone });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
let names = 0;

/** A nudge on its own account (named `name`, findable by that name), posted to the channel. */
async function posted(name: string, o: NudgeSeed = {}): Promise<{ nudgeId: number; accountId: number; ts: string }> {
  const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: name, ...o });
  await pool().query('update account set name_key = lower(name), created_at = now() - interval \'400 days\' where workspace_id = $1 and id = $2', [ws.workspaceId, n.accountId]);
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: n.nudgeId, generation: 0 });
  const ts = await until(async () => {
    const r = await pool().query('select message_ts from nudge where workspace_id = $1 and id = $2 and delivery_state = \'posted\'', [ws.workspaceId, n.nudgeId]);
    return r.rows[0]?.message_ts as string | undefined;
  }, 10_000, 'posted');
  return { ...n, ts };
}

async function slash(command: string, text: string): Promise<number> {
  const body = slashCommandBody({
    command, text, team_id: 'T0TEND0001', user_id: ALICE, channel_id: 'C0GENERAL1', response_url: fake.responseUrl(`r${++names}`), trigger_id: triggerId(),
  });
  return (await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status;
}

const nudge = async (id: number) =>
  (await pool().query('select status, resolution, resolution_detail, evidence from nudge where workspace_id = $1 and id = $2', [ws.workspaceId, id])).rows[0];
const shown = (ts: string) => JSON.stringify(fake.message(CHANNEL, ts)?.blocks ?? []);

describe('a write that answers a nudge retires it and edits its message', () => {
  it('/account X +Product retires the cross-sell of that product: chat.update says who took what', async () => {
    const analytics = await seedProduct(pool(), ws.workspaceId, 'Analytics');
    const n = await posted('Tookco', { kind: 'cross_sell', suggestedProductId: analytics });
    const other = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, kind: 'cross_sell', status: 'open' });
    expect(await slash('/account', 'Tookco +Analytics 800/mo')).toBe(200);
    await until(async () => fake.message(CHANNEL, n.ts)?.updates === 1, 10_000, 'chat.update');
    expect(shown(n.ts)).toContain('Tookco took Analytics: +$800/mo');
    // the retired message offers nothing to press any more
    expect(shown(n.ts)).not.toContain(ACTIONS.nudgeClaim);
    const row = await nudge(n.nudgeId);
    expect(row).toMatchObject({ status: 'resolved', resolution: 'holding', resolution_detail: { productName: 'Analytics', mrrCents: 80000 } });
    // another account's nudge is not touched
    expect((await nudge(other.nudgeId)).status).toBe('open');
  });

  it('/log on a stalled account retires its stall nudge (not its cross-sell) and edits it', async () => {
    const n = await posted('Quietco', { kind: 'stalled' });
    const cross = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, kind: 'cross_sell', status: 'open' });
    await pool().query('update nudge set account_id = $3 where workspace_id = $1 and id = $2', [ws.workspaceId, cross.nudgeId, n.accountId]);
    expect(await slash('/log', 'Quietco: call about their renewal')).toBe(200);
    await until(async () => fake.message(CHANNEL, n.ts)?.updates === 1, 10_000, 'chat.update');
    expect(shown(n.ts)).toContain('Logged a call with Quietco');
    expect(await nudge(n.nudgeId)).toMatchObject({ status: 'resolved', resolution: 'touch', resolution_detail: { medium: 'call' } });
    expect((await nudge(cross.nudgeId)).status).toBe('open');
  });
});

describe('a snoozed account gets nothing new during its snooze', () => {
  it('a scan after the snooze finds new reasons: no new nudge, no new message, the reasons join the snoozed nudge', async () => {
    const base = await seedProduct(pool(), ws.workspaceId, 'Base');
    await seedProduct(pool(), ws.workspaceId, 'Reports');
    // the account's stall, under the key the scan gives it: a snooze whose situation still stands
    // (one the scan no longer drafts is resolved, not held: nudge-lifecycle.test.ts)
    const n = await posted('Snoozeco', { kind: 'stalled' });
    // one product held for a year and never a touch: the scan would nudge a cross-sell and a stall
    await seedHolding(pool(), ws.workspaceId, n.accountId, base, 90000, new Date(Date.now() - 365 * 86_400_000));
    // a control account in the same book: it does get its nudges
    const control = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Controlco', status: 'done' });
    await pool().query('update account set created_at = now() - interval \'400 days\' where workspace_id = $1 and id = $2', [ws.workspaceId, control.accountId]);
    await seedHolding(pool(), ws.workspaceId, control.accountId, base, 90000, new Date(Date.now() - 365 * 86_400_000));

    const snooze = blockActionsPayload({
      actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: BLOCKS.nudgeActions, selected_option: { text: { type: 'plain_text', text: '1 month' }, value: `month:${n.nudgeId}` } }],
      channelId: CHANNEL, messageTs: n.ts, userId: ALICE,
    });
    expect((await postSigned(`${app.url}/slack/events`, { body: interactionBody(snooze), secret: SIGNING_SECRET })).status).toBe(200);
    await until(async () => (await nudge(n.nudgeId)).status === 'snoozed', 5_000, 'snoozed');
    await pool().query('update nudge set dedupe_key = $2 where id = $1', [n.nudgeId, `stalled:${n.accountId}:never`]);
    const postsBefore = fake.calls.filter((c) => c.method === 'chat.postMessage').length;

    const { rt } = app.running;
    const localDate = WORKING.localDate;
    await rt.queues.add('scan', { workspaceId: ws.workspaceId, localDate, run: 'attention' });
    await until(async () => (await rt.queues.scan.getJob(`scan:${ws.workspaceId}:${localDate}+attention`))?.isCompleted(), 30_000, 'scan');
    // the scan released nudges and each was posted: the check on Snoozeco below sees real posts
    const run = (await pool().query<{ released: number }>('select released from scan_run where workspace_id = $1 and finished_at is not null', [ws.workspaceId])).rows;
    expect(run).toHaveLength(1);
    expect(run[0]!.released).toBeGreaterThan(0);
    await until(async () => (await pool().query(`select 1 from nudge where workspace_id = $1 and released_at is not null and status = 'open' and delivery_state <> 'posted'`, [ws.workspaceId])).rowCount === 0, 10_000, 'released nudges posted');

    const forAccount = async (accountId: number) =>
      (await pool().query('select id, kind, status from nudge where workspace_id = $1 and account_id = $2 order by id', [ws.workspaceId, accountId])).rows;
    // the control account got new nudges (so the scan did see this book) …
    expect((await forAccount(control.accountId)).length).toBeGreaterThan(1);
    // … the snoozed account got none: its snoozed nudge holds the new reasons instead
    expect(await forAccount(n.accountId)).toEqual([{ id: n.nudgeId, kind: 'stalled', status: 'snoozed' }]);
    const joined = (await nudge(n.nudgeId)).evidence.joined as Record<string, { kind: string }>;
    expect(Object.values(joined).map((j) => j.kind)).toEqual(['cross_sell']);
    // keyed by the dedupe key the scan would have written: a later scan does not add it twice
    expect(Object.keys(joined)).toEqual([expect.stringMatching(new RegExp(`^cross_sell:${n.accountId}:\\d+$`))]);
    // nothing about Snoozeco was posted after the snooze
    await new Promise((r) => setTimeout(r, 500));
    const later = fake.calls.filter((c) => c.method === 'chat.postMessage').slice(postsBefore);
    expect(later.length).toBeGreaterThanOrEqual(run[0]!.released);
    expect(later.map((c) => JSON.stringify(c.args))).not.toEqual(expect.arrayContaining([expect.stringContaining('Snoozeco')]));
  });
});

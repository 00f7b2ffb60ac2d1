// Grouped delivery end to end, on an injected clock: a real scan stores nudges for three reps
// in three timezones; each rep's nudges go out as ONE message when their own 09:00 comes
// (the sweep), never when the scan finishes; a click edits its section of that message in
// place (one chat.update of the whole message), and so does `/account X +Product` retiring a
// cross-sell listed there ("… took …: +$…/mo", no buttons left on that section); a workspace
// Tend meets for the first time starts grouped, and the settings modal switches it to one
// message per nudge.
import { settingsValues } from '../support/settings-form.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { until } from '../support/nudge-factory.ts';
import { blockActionsPayload, eventBody, interactionBody, postSigned, reactionAddedEvent, slashCommandBody, triggerId, viewSubmissionPayload } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const DAY = 86_400_000;
// 06:00 UTC: 07:00 in Berlin, 06:00 in London, 01:00 in New York; nobody's working day has begun
const T0 = Date.parse('2026-11-30T06:00:00Z');
const REPS = [
  { slack: 'U0BERLIN01', tz: 'Europe/Berlin', morning: '2026-11-30T08:00:00Z' },
  { slack: 'U0LONDON01', tz: 'Europe/London', morning: '2026-11-30T09:00:00Z' },
  { slack: 'U0NEWYORK1', tz: 'America/New_York', morning: '2026-11-30T14:00:00Z' },
] as const;

let fake: FakeSlack;
let app: TestApp;
let clock = T0;
let ticks = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ perChannelPerSecond: 50, channels: [CHANNEL], users: { U0BOSS0001: { name: 'boss', real_name: 'Boss', tz: 'Europe/Berlin', is_admin: true } } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, now: () => new Date(clock) });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const send = (body: string) => postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
const topLevel = () => fake.messages(CHANNEL).filter((m) => !m.thread_ts);
const ago = (days: number) => new Date(T0 - days * DAY).toISOString();

/** A workspace whose 3 reps each own 6 single-product accounts (cross-sell candidates), budget 5, and 4 accounts holding both products. */
async function seedBook(team: string): Promise<{ workspaceId: number; members: number[] }> {
  // the workspace as Tend created it on first contact (its grouping untouched), with a channel and a budget of 5
  const ws = await pool().query<{ id: number }>(
    `update workspace set nudge_channel_id = $2, daily_nudge_budget = 5, timezone = 'UTC' where slack_team_id = $1 returning id`,
    [team, CHANNEL],
  );
  const workspaceId = ws.rows[0]!.id;
  const products: number[] = [];
  for (const [i, name] of ['Analytics', 'Reporting'].entries()) {
    const r = await pool().query<{ id: number }>(
      `insert into product (workspace_id, name, name_key, list_mrr_cents, position) values ($1, $2, lower($2), 30000, $3) returning id`, [workspaceId, name, i],
    );
    products.push(r.rows[0]!.id);
  }
  await pool().query(`insert into offer (workspace_id, product_id, kind, title) values ($1, $2, 'workshop', 'Reporting in an hour')`, [workspaceId, products[1]]);
  const members: number[] = [];
  for (const rep of REPS) {
    const m = await pool().query<{ id: number }>(`insert into member (workspace_id, slack_user_id, name, timezone) values ($1, $2, $2, $3) returning id`, [workspaceId, rep.slack, rep.tz]);
    members.push(m.rows[0]!.id);
  }
  const account = async (name: string, owner: number, held: number[]) => {
    const a = await pool().query<{ id: number }>(
      `insert into account (workspace_id, name, name_key, owner_id, created_at) values ($1, $2, lower($2), $3, $4::timestamp) returning id`, [workspaceId, name, owner, ago(400)],
    );
    for (const p of held) {
      await pool().query(`insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 50000, $4::timestamp)`, [workspaceId, a.rows[0]!.id, p, ago(300)]);
    }
    // touched every 10 days, last 3 days ago: on its rhythm, so a cross-sell and no stall
    for (let i = 0; i < 6; i++) {
      await pool().query(
        `insert into conversation (workspace_id, account_id, member_id, occurred_at, summary, kind, source) values ($1, $2, $3, $4::timestamp, 'fixture', 'give', 'import')`,
        [workspaceId, a.rows[0]!.id, owner, ago(3 + i * 10)],
      );
    }
  };
  for (const [r, owner] of members.entries()) {
    for (let i = 1; i <= 6; i++) await account(`${team} Rep${r + 1} Solo ${i}`, owner, [products[0]!]);
    for (let i = 1; i <= 2; i++) await account(`${team} Rep${r + 1} Pair ${i}`, owner, products);
  }
  return { workspaceId, members };
}

async function scan(workspaceId: number, localDate: string): Promise<void> {
  await app.running.rt.queues.add('scan', { workspaceId, localDate });
  await until(async () => {
    const r = await pool().query(`select finished_at from scan_run where workspace_id = $1 and local_date = $2 and finished_at is not null`, [workspaceId, localDate]);
    return r.rows.length > 0;
  }, 20_000, 'scan finished');
}

async function sweep(workspaceId: number): Promise<void> {
  const minute = `g${++ticks}`;
  await app.running.rt.queues.add('sweep', { minute });
  await until(async () => (await app.running.rt.queues.sweep.getJob(`sweep:${workspaceId}:${minute}`))?.isCompleted(), 10_000, 'sweep');
}

const settled = (workspaceId: number) =>
  until(async () => {
    const r = await pool().query(`select count(*)::int as n from nudge_group where workspace_id = $1 and delivery_state <> 'posted'`, [workspaceId]);
    const jobs = await app.running.rt.queues.deliver.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return r.rows[0].n === 0 && Object.values(jobs).every((n) => n === 0);
  }, 15_000, 'deliveries settled');

const TEAM = 'T0TEND0001';
let ws: { workspaceId: number; members: number[] };

describe('grouped delivery', () => {
  it('a workspace Tend meets for the first time starts grouped (the settings modal shows it)', async () => {
    const body = slashCommandBody({ command: '/tend', text: 'settings', team_id: TEAM, user_id: 'U0BOSS0001', channel_id: 'C0GENERAL1', response_url: fake.responseUrl('s1'), trigger_id: triggerId() });
    expect((await send(body)).status).toBe(200);
    const opened = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && (c.args.view as any).callback_id === CALLBACKS.settings));
    const groupingBlock = (opened.args.view as any).blocks.find((b: any) => b.block_id === BLOCKS.settingsDeliveryGrouping);
    expect(groupingBlock.element.initial_option.value).toBe('grouped');
    const row = await pool().query(`select delivery_grouping from workspace where slack_team_id = $1`, [TEAM]);
    expect(row.rows[0].delivery_grouping).toBe('grouped');
  });

  it('a scan that releases 15 nudges for 3 reps posts 3 top-level messages, each at its rep\'s 09:00', async () => {
    ws = await seedBook(TEAM);
    await scan(ws.workspaceId, '2026-11-30');
    await sweep(ws.workspaceId);
    await settled(ws.workspaceId);
    // the scan stored the nudges and released none: no rep's morning has come
    const stored = await pool().query(`select status, count(*)::int as n from nudge where workspace_id = $1 group by status`, [ws.workspaceId]);
    expect(stored.rows).toEqual([{ status: 'queued', n: 18 }]);
    expect(topLevel()).toHaveLength(0);

    for (const [i, rep] of REPS.entries()) {
      clock = Date.parse(rep.morning) - 60_000; // a minute before: still nothing for this rep
      await sweep(ws.workspaceId);
      await settled(ws.workspaceId);
      expect(topLevel()).toHaveLength(i);
      clock = Date.parse(rep.morning);
      await sweep(ws.workspaceId);
      await settled(ws.workspaceId);
      expect(topLevel()).toHaveLength(i + 1);
      const msg = topLevel()[i]!;
      expect(msg.text).toContain(`5 nudges for <@${rep.slack}> today`);
      // one section and one actions block per nudge, each with Claim / Done / Snooze / Dismiss
      const actions = (msg.blocks as any[]).filter((b) => b.type === 'actions');
      expect(actions).toHaveLength(5);
      for (const a of actions) expect(a.elements.map((e: any) => e.action_id)).toEqual([ACTIONS.nudgeClaim, ACTIONS.nudgeDone, ACTIONS.nudgeSnooze, ACTIONS.nudgeDismiss]);
    }
    // a later tick the same day releases nothing more and posts nothing more
    clock += 3_600_000;
    await sweep(ws.workspaceId);
    await settled(ws.workspaceId);
    expect(topLevel()).toHaveLength(3);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL)).toHaveLength(3);
    // every nudge's deliver job once more, under new ids (as after Redis forgot the old ones): nothing new
    const released = (await pool().query<{ id: number }>(`select id from nudge where workspace_id = $1 and group_id is not null`, [ws.workspaceId])).rows;
    for (const r of released) await app.running.rt.queues.deliver.add('deliver', { workspaceId: ws.workspaceId, nudgeId: r.id, generation: 0 }, { jobId: `again-${r.id}` });
    await until(async () => {
      const jobs = await Promise.all(released.map((r) => app.running.rt.queues.deliver.getJob(`again-${r.id}`)));
      return (await Promise.all(jobs.map((j) => j?.isCompleted()))).every(Boolean);
    }, 10_000, 'repeated deliveries');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL)).toHaveLength(3);

    const groups = await pool().query(
      `select g.assignee_key, g.local_day, g.message_ts, count(n.id)::int as n,
              bool_and(n.message_ts = g.message_ts and n.delivery_state = 'posted' and n.status = 'open') as all_posted_there
       from nudge_group g join nudge n on n.group_id = g.id and n.workspace_id = g.workspace_id
       where g.workspace_id = $1 group by g.id order by g.assignee_key`,
      [ws.workspaceId],
    );
    expect(groups.rows.map((r) => [r.assignee_key, r.local_day, r.n, r.all_posted_there])).toEqual(ws.members.map((m) => [m, '2026-11-30', 5, true]));
    expect(new Set(groups.rows.map((r) => r.message_ts))).toEqual(new Set(topLevel().map((m) => m.ts)));
    const left = await pool().query(`select count(*)::int as n from nudge where workspace_id = $1 and status = 'queued'`, [ws.workspaceId]);
    expect(left.rows[0].n).toBe(3); // over the budget of 5: they wait for another day
  });

  it('a click edits its nudge in the grouped message in place, exactly once', async () => {
    const msg = topLevel()[0]!;
    const nudge = await pool().query<{ id: number }>(
      `select id from nudge where workspace_id = $1 and message_ts = $2 order by priority desc, id limit 1 offset 1`, [ws.workspaceId, msg.ts],
    );
    const nudgeId = nudge.rows[0]!.id;
    const payload = blockActionsPayload({
      actionId: ACTIONS.nudgeClaim, value: String(nudgeId), blockId: `${BLOCKS.nudgeActions}:${nudgeId}`, channelId: CHANNEL, messageTs: msg.ts, userId: 'U0BERLIN01', teamId: TEAM,
    });
    expect((await send(interactionBody(payload))).status).toBe(200);
    await until(async () => fake.message(CHANNEL, msg.ts)?.updates === 1, 5_000, 'chat.update');
    // a redelivered click changes nothing twice
    expect((await send(interactionBody(payload))).status).toBe(200);
    const claimed = await pool().query(`select status from nudge where workspace_id = $1 and id = $2`, [ws.workspaceId, nudgeId]);
    expect(claimed.rows[0].status).toBe('claimed');
    await new Promise((r) => setTimeout(r, 300));
    const updated = fake.message(CHANNEL, msg.ts)!;
    expect(updated.updates).toBe(1);
    expect(fake.callsTo('chat.update').filter((c) => c.args.ts === msg.ts)).toHaveLength(1);
    expect(topLevel()).toHaveLength(3);
    // still the whole list: five nudges, the claimed one's section says so and lost its Claim button
    const blocks = updated.blocks as any[];
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(5);
    const mine = blocks.find((b) => b.block_id === `${BLOCKS.nudgeActions}:${nudgeId}`);
    expect(mine.elements.map((e: any) => e.action_id)).toEqual([ACTIONS.nudgeDone, ACTIONS.nudgeSnooze, ACTIONS.nudgeDismiss]);
    expect(blocks[blocks.indexOf(mine) - 1].elements[0].text).toContain('Claimed by <@U0BERLIN01>');
    expect(blocks.filter((b) => b.type === 'context' && /Claimed by/.test(b.elements[0].text))).toHaveLength(1);
  });
});

describe('a write that answers a nudge of a grouped message', () => {
  it('/account X +Product retires that cross-sell: its section says who took what and loses its buttons; the others keep theirs', async () => {
    const msg = topLevel()[0]!; // Berlin's, one nudge claimed above
    const target = await pool().query<{ id: number; account: string; product: string }>(
      `select n.id, a.name as account, p.name as product from nudge n
       join account a on a.workspace_id = n.workspace_id and a.id = n.account_id
       join product p on p.workspace_id = n.workspace_id and p.id = n.suggested_product_id
       where n.workspace_id = $1 and n.message_ts = $2 and n.status = 'open' and n.kind = 'cross_sell' order by n.id limit 1`,
      [ws.workspaceId, msg.ts],
    );
    const { id, account, product } = target.rows[0]!;
    const before = fake.message(CHANNEL, msg.ts)!.updates;
    const body = slashCommandBody({ command: '/account', text: `${account} +${product} 300/mo`, team_id: TEAM, user_id: 'U0BERLIN01', channel_id: 'C0GENERAL1', response_url: fake.responseUrl('took1'), trigger_id: triggerId() });
    expect((await send(body)).status).toBe(200);
    await until(async () => fake.message(CHANNEL, msg.ts)!.updates === before + 1, 10_000, 'chat.update of the group');
    const row = await pool().query(`select status, resolution, resolution_detail from nudge where workspace_id = $1 and id = $2`, [ws.workspaceId, id]);
    expect(row.rows[0]).toMatchObject({ status: 'resolved', resolution: 'holding', resolution_detail: { productName: product, mrrCents: 30000 } });
    // still one message for the rep: edited in place, nothing new posted
    expect(topLevel()).toHaveLength(3);
    const blocks = fake.message(CHANNEL, msg.ts)!.blocks as any[];
    expect(blocks.find((b) => b.block_id === `${BLOCKS.nudgeActions}:${id}`)).toBeUndefined();
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(4);
    // the retired nudge's own section and state line, not another's
    const section = blocks.findIndex((b) => b.type === 'section' && b.text.text.includes(`*${account}*`));
    expect(blocks[section + 1].elements[0].text).toBe(`:tada: Answered: ${account} took ${product}: +$300/mo`);
    expect(blocks.filter((b) => b.type === 'context' && /took /.test(b.elements[0].text))).toHaveLength(1);
    expect(blocks.filter((b) => b.type === 'context' && /Claimed by <@U0BERLIN01>/.test(b.elements[0].text))).toHaveLength(1);
  });
});

describe('reactions on a grouped message', () => {
  it('act on none of its nudges (the message names no single one); its buttons still do', async () => {
    const msg = topLevel()[1]!;
    const ids = (await pool().query<{ id: number }>(`select id from nudge where workspace_id = $1 and message_ts = $2 order by id`, [ws.workspaceId, msg.ts])).rows.map((r) => r.id);
    expect(ids).toHaveLength(5);
    expect((await send(eventBody({ event: reactionAddedEvent({ user: 'U0LONDON01', reaction: 'white_check_mark', channel: CHANNEL, ts: msg.ts }), event_id: 'EvGROUPDONE1' }))).status).toBe(200);
    // a click after it, awaited through its chat.update: by then the reaction has been handled too
    const click = blockActionsPayload({ actionId: ACTIONS.nudgeClaim, value: String(ids[0]), blockId: `${BLOCKS.nudgeActions}:${ids[0]}`, channelId: CHANNEL, messageTs: msg.ts, userId: 'U0LONDON01', teamId: TEAM });
    await send(interactionBody(click));
    await until(async () => fake.message(CHANNEL, msg.ts)?.updates === 1, 5_000, 'chat.update');
    const statuses = await pool().query(`select status, count(*)::int as n from nudge where workspace_id = $1 and id = any($2::int[]) group by status order by status`, [ws.workspaceId, ids]);
    expect(statuses.rows).toEqual([{ status: 'open', n: 4 }, { status: 'claimed', n: 1 }]);
    const events = await pool().query(`select count(*)::int as n from nudge_event where workspace_id = $1 and nudge_id = any($2::int[]) and action = 'done'`, [ws.workspaceId, ids]);
    expect(events.rows[0].n).toBe(0);
  });
});

describe('the setting', () => {
  it('the settings modal switches the workspace to single: each rep\'s nudges still come at their 09:00, one message per nudge', async () => {
    const values = settingsValues({ nudgeChannel: CHANNEL, grouping: 'single' });
    const res = await send(interactionBody(viewSubmissionPayload({ userId: 'U0BOSS0001', teamId: TEAM, callbackId: CALLBACKS.settings, values })));
    expect(res.status).toBe(200);
    const after = await pool().query(`select delivery_grouping from workspace where slack_team_id = $1`, [TEAM]);
    expect(after.rows[0].delivery_grouping).toBe('single');

    // the next day at 06:00 UTC, before any rep's morning: single waits for each rep's 09:00 too
    clock = T0 + DAY;
    const before = topLevel().length;
    await scan(ws.workspaceId, '2026-12-01');
    await sweep(ws.workspaceId);
    expect(topLevel().length - before).toBe(0);
    for (const [i, rep] of REPS.entries()) {
      clock = Date.parse(rep.morning) + DAY;
      await sweep(ws.workspaceId);
      // the one that waited over yesterday's budget, as a message of its own
      await until(async () => topLevel().length - before === i + 1, 15_000, `${rep.tz}'s single post`);
      const mine = await pool().query(
        `select count(*)::int as n from nudge where workspace_id = $1 and assignee_id = $2 and released_at >= $3::timestamp`,
        [ws.workspaceId, ws.members[i], new Date(T0 + DAY).toISOString()],
      );
      expect(mine.rows[0].n).toBe(1);
      await sweep(ws.workspaceId); // a second sweep that morning releases nothing more
    }
    // Slack has the posts a moment before the deliver jobs record their ts
    const fresh = await until(async () => {
      const r = await pool().query(
        `select count(*)::int as n, count(distinct message_ts)::int as ts, count(group_id)::int as grouped
         from nudge where workspace_id = $1 and released_at >= $2::timestamp and delivery_state = 'posted'`,
        [ws.workspaceId, new Date(T0 + DAY).toISOString()],
      );
      return r.rows[0].n === 3 ? r : null;
    }, 10_000, '3 recorded');
    expect(fresh.rows[0]).toEqual({ n: 3, ts: 3, grouped: 0 });
    expect(topLevel().length - before).toBe(3);
    for (const m of topLevel().slice(before)) expect((m.blocks as any[]).filter((b) => b.type === 'actions')).toHaveLength(1);
  });
});

describe('a snoozed nudge of a grouped message', () => {
  it('wakes as a message of its own; its section in the group says so and offers no buttons', async () => {
    const msg = topLevel()[2]!; // New York's
    const ids = (await pool().query<{ id: number }>(`select id from nudge where workspace_id = $1 and message_ts = $2 and status = 'open' order by id`, [ws.workspaceId, msg.ts])).rows.map((r) => r.id);
    const id = ids[0]!;
    const snooze = blockActionsPayload({
      actions: [{ action_id: ACTIONS.nudgeSnooze, type: 'static_select', block_id: `${BLOCKS.nudgeActions}:${id}`, selected_option: { text: { type: 'plain_text', text: '1 week' }, value: `week:${id}` } }],
      channelId: CHANNEL, messageTs: msg.ts, userId: 'U0NEWYORK1', teamId: TEAM,
    });
    await send(interactionBody(snooze));
    await until(async () => fake.message(CHANNEL, msg.ts)?.updates === 1, 5_000, 'snoozed in place');
    expect(JSON.stringify(fake.message(CHANNEL, msg.ts)!.blocks)).toContain('Snoozed until');

    clock += 8 * DAY;
    const before = topLevel().length;
    await sweep(ws.workspaceId);
    const woke = await until(async () => {
      const r = await pool().query(`select message_ts, delivery_state from nudge where workspace_id = $1 and id = $2`, [ws.workspaceId, id]);
      return r.rows[0].delivery_state === 'posted' && r.rows[0].message_ts !== msg.ts ? r.rows[0] : null;
    }, 10_000, 'reposted');
    expect(topLevel()).toHaveLength(before + 1);
    expect(topLevel().at(-1)!.ts).toBe(woke.message_ts);
    await until(async () => fake.message(CHANNEL, msg.ts)?.updates === 2, 5_000, 'group retired the section');
    const blocks = fake.message(CHANNEL, msg.ts)!.blocks as any[];
    expect(blocks.find((b) => b.block_id === `${BLOCKS.nudgeActions}:${id}`)).toBeUndefined();
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(4);
    expect(JSON.stringify(blocks)).toContain('posted again as a new message');
  });
});

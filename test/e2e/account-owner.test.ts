// An ownership change carries the account's nudges, through a signed `/account owner X @Ana`
// against the fake Slack: what still waits (queued, snoozed, open but not yet posted) moves to
// Ana; an open nudge already posted to the old owner is retired and its message edited to say
// where the account went; a claimed one stays with its claimer; another account is untouched.
// One being posted as the owner changes, or whose post failed, is retired too (never left open
// with the old owner), and what the deliver job was posting is edited to say where it went.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { seedNudge, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const BEN = 'U0BEN00001';
const ANA = 'U0ANA00001';
const CARLA = 'U0CARLA001';
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({
    channels: [CHANNEL],
    users: { [BEN]: { name: 'ben', tz: 'UTC' }, [ANA]: { name: 'ana', tz: 'Europe/Lisbon' }, [CARLA]: { name: 'carla', tz: 'UTC' } },
  });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
  ws = await seedWorkspace(app.db.pool, { owner: BEN });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;

async function member(slack: string): Promise<number> {
  const r = await pool().query<{ id: number }>(
    `insert into member (workspace_id, slack_user_id) values ($1, $2) on conflict (workspace_id, slack_user_id) do update set slack_user_id = excluded.slack_user_id returning id`,
    [ws.workspaceId, slack],
  );
  return r.rows[0]!.id;
}

/** Another nudge of the same account, assigned to Ben, in the given state. */
async function sibling(accountId: number, kind: string, status: string, extra: Record<string, unknown> = {}): Promise<number> {
  const r = await pool().query<{ id: number }>(
    `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, suggestion, priority, assignee_id, released_at,
                        snoozed_until, claimed_by_id, claimed_at, updated_at)
     values ($1, $2, $3::nudge_kind, $4, $5::nudge_status, 'Share the benchmark report', 1, $6,
             case when $5 = 'queued' then null else now() end, $7::timestamp, $8, case when $8::int is null then null else now() end, now())
     returning id`,
    [ws.workspaceId, accountId, kind, `${kind}:${accountId}:owner-test`, status, ws.ownerMemberId, extra.snoozedUntil ?? null, extra.claimedBy ?? null],
  );
  return r.rows[0]!.id;
}

let said = 0;
/** The answer: in the ack, or (a slow moment) on response_url. */
async function say(text: string, user = BEN): Promise<string> {
  const id = `o${++said}`;
  const body = slashCommandBody({
    command: '/account', text, team_id: 'T0TEND0001', user_id: user, channel_id: 'C0GENERAL1', response_url: fake.responseUrl(id), trigger_id: triggerId(),
  });
  const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  const direct = await res.text();
  return direct.trim() ? direct : JSON.stringify(await fake.waitFor(() => fake.responses(id)[0], 5_000));
}

const rowsOf = async (ids: number[]) =>
  (await pool().query(
    `select n.id, n.status, m.slack_user_id as assignee, n.released_at is not null as released, n.resolution, n.resolution_detail->>'ownerSlackUserId' as to
       from nudge n left join member m on m.id = n.assignee_id where n.workspace_id = $1 and n.id = any($2::int[]) order by n.id`,
    [ws.workspaceId, ids],
  )).rows;

describe('/account owner X @someone who is no person here', () => {
  it("refuses a bot, another organisation's person, someone Slack does not know and someone Slack deactivated; nothing changes", async () => {
    fake.addUser('U0BOT00001', { name: 'helperbot', is_bot: true });
    fake.addUser('U0PARTNER1', { name: 'pat', team_id: 'T0PARTNER1' });
    fake.addUser('U0GONE0001', { name: 'gone', deleted: true });
    const { accountId } = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Keptco' });
    const answers: Record<string, string> = {};
    for (const who of ['U0BOT00001', 'U0PARTNER1', 'U0NOBODY01', 'USLACKBOT', 'U0GONE0001']) answers[who] = await say(`owner Keptco <@${who}>`);
    for (const who of ['U0BOT00001', 'U0PARTNER1', 'U0NOBODY01', 'USLACKBOT']) expect(answers[who]).toContain(`<@${who}> is not a person in this Slack workspace`);
    expect(answers.U0GONE0001).toContain('<@U0GONE0001> has left this Slack workspace');
    const owner = await pool().query('select owner_id from account where workspace_id = $1 and id = $2', [ws.workspaceId, accountId]);
    expect(owner.rows[0].owner_id).toBe(ws.ownerMemberId);
    // none of them became a member
    const made = await pool().query(`select slack_user_id from member where workspace_id = $1 and slack_user_id = any($2::text[])`,
      [ws.workspaceId, ['U0BOT00001', 'U0PARTNER1', 'U0NOBODY01', 'USLACKBOT', 'U0GONE0001']]);
    expect(made.rows).toEqual([]);
    // a member row (an import's owner column made it) says only that Tend met the id: Slack is still asked
    fake.addUser('U0BOT00002', { name: 'importbot', is_bot: true });
    await member('U0BOT00002');
    expect(await say(`owner Keptco <@U0BOT00002>`)).toContain('<@U0BOT00002> is not a person in this Slack workspace');
    // a colleague Slack knows, met for the first time, can
    expect(await say(`owner Keptco <@${CARLA}>`)).toContain('Keptco');
    expect((await pool().query('select m.slack_user_id from account a join member m on m.id = a.owner_id where a.id = $1', [accountId])).rows[0].slack_user_id).toBe(CARLA);
  });
});

describe('/account owner X @Ana', () => {
  it('moves the waiting nudges to Ana, retires the posted one with an edit that says where Movedco went, and leaves the claimed one', async () => {
    // the posted one: delivered to the channel through the real deliver job
    const posted = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Movedco', kind: 'cross_sell' });
    await pool().query(`update nudge set assignee_id = $3 where workspace_id = $1 and id = $2`, [ws.workspaceId, posted.nudgeId, ws.ownerMemberId]);
    await pool().query(`update account set name_key = 'movedco' where workspace_id = $1 and id = $2`, [ws.workspaceId, posted.accountId]);
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: posted.nudgeId, generation: 0 });
    const ts = await until(async () => {
      const r = await pool().query(`select message_ts from nudge where workspace_id = $1 and id = $2 and delivery_state = 'posted'`, [ws.workspaceId, posted.nudgeId]);
      return r.rows[0]?.message_ts as string | undefined;
    }, 10_000, 'posted');

    const queued = await sibling(posted.accountId, 'stalled', 'queued');
    const unposted = await sibling(posted.accountId, 'follow_up_due', 'open');
    const snoozed = await sibling(posted.accountId, 'cooling', 'snoozed', { snoozedUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    const carla = await member(CARLA);
    const claimed = await sibling(posted.accountId, 'at_risk', 'claimed', { claimedBy: carla });
    // another of Ben's accounts: not moved
    const other = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, kind: 'cross_sell', status: 'open' });
    await pool().query(`update nudge set assignee_id = $3 where workspace_id = $1 and id = $2`, [ws.workspaceId, other.nudgeId, ws.ownerMemberId]);

    const answer = await say(`owner Movedco <@${ANA}>`);
    expect(answer).toContain(`<@${ANA}> now owns *Movedco*`);
    expect(answer).toContain('3 waiting nudges went with it; 1 posted nudge now says it moved. New nudges');
    expect(answer).not.toContain('withdrawn');

    expect(await rowsOf([posted.nudgeId, queued, unposted, snoozed, claimed, other.nudgeId])).toEqual([
      { id: posted.nudgeId, status: 'resolved', assignee: BEN, released: true, resolution: 'owner', to: ANA },
      { id: queued, status: 'queued', assignee: ANA, released: false, resolution: null, to: null },
      // not yet posted: back in the queue, for Ana's next morning release
      { id: unposted, status: 'queued', assignee: ANA, released: false, resolution: null, to: null },
      { id: snoozed, status: 'snoozed', assignee: ANA, released: true, resolution: null, to: null },
      { id: claimed, status: 'claimed', assignee: BEN, released: true, resolution: null, to: null },
      { id: other.nudgeId, status: 'open', assignee: BEN, released: true, resolution: null, to: null },
    ]);
    const owner = await pool().query(`select m.slack_user_id from account a join member m on m.id = a.owner_id where a.workspace_id = $1 and a.id = $2`, [ws.workspaceId, posted.accountId]);
    expect(owner.rows[0].slack_user_id).toBe(ANA);

    // the posted message is edited in place: it says where the account went and offers nothing to press
    await until(async () => fake.message(CHANNEL, ts)?.updates === 1, 10_000, 'chat.update');
    const blocks = fake.message(CHANNEL, ts)!.blocks as any[];
    expect(JSON.stringify(blocks)).toContain(`Movedco moved to <@${ANA}>`);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(0);

    // the same command again changes nothing and edits nothing
    expect(await say(`owner Movedco <@${ANA}>`)).toContain('New nudges about it go to them.');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.message(CHANNEL, ts)?.updates).toBe(1);
  });

  it('retires a nudge being posted to Ben as the owner changes, and edits what reached Slack; and one whose post failed', async () => {
    const slow = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Slowco', kind: 'cross_sell' });
    await pool().query(`update nudge set assignee_id = $3 where workspace_id = $1 and id = $2`, [ws.workspaceId, slow.nudgeId, ws.ownerMemberId]);
    await pool().query(`update account set name_key = 'slowco' where workspace_id = $1 and id = $2`, [ws.workspaceId, slow.accountId]);
    const failed = await sibling(slow.accountId, 'stalled', 'open');
    await pool().query(`update nudge set delivery_state = 'failed', delivery_error = 'gave_up:socket hang up' where workspace_id = $1 and id = $2`, [ws.workspaceId, failed]);

    // Slack is slow to answer the post: the owner changes while it is on the wire
    fake.failNext('chat.postMessage', { delayMs: 3_000 });
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: slow.nudgeId, generation: 0 });
    await until(async () => {
      const r = await pool().query(`select 1 from nudge where workspace_id = $1 and id = $2 and delivery_state = 'posting'`, [ws.workspaceId, slow.nudgeId]);
      return r.rowCount;
    }, 10_000, 'posting');
    // the card is built (one query) and the post is in Slack's hands for 2 s more
    await new Promise((r) => setTimeout(r, 1_000));

    const answer = await say(`owner Slowco <@${ANA}>`);
    expect(answer).toContain(`<@${ANA}> now owns *Slowco*`);
    // neither was posted when the owner changed: nothing is said to have moved on a message,
    // and both are counted as withdrawn
    expect(answer).not.toContain('posted nudge');
    expect(answer).toContain('2 nudges not yet delivered to the old owner were withdrawn. New nudges about it go to them.');
    expect(await rowsOf([slow.nudgeId, failed])).toEqual([
      { id: slow.nudgeId, status: 'resolved', assignee: BEN, released: true, resolution: 'owner', to: ANA },
      { id: failed, status: 'resolved', assignee: BEN, released: true, resolution: 'owner', to: ANA },
    ]);

    // the post lands in Ben's channel, then is edited: no buttons, says where Slowco went
    const ts = await until(async () => {
      const r = await pool().query(`select message_ts from nudge where workspace_id = $1 and id = $2 and delivery_state = 'posted'`, [ws.workspaceId, slow.nudgeId]);
      return r.rows[0]?.message_ts as string | undefined;
    }, 10_000, 'posted');
    await until(async () => (fake.message(CHANNEL, ts)?.updates ?? 0) >= 1, 10_000, 'chat.update');
    const blocks = fake.message(CHANNEL, ts)!.blocks as any[];
    expect(JSON.stringify(blocks)).toContain(`Slowco moved to <@${ANA}>`);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(0);
  });
});

// A rep's own morning follows their timezone as Slack gives it, through signed requests against
// the fake Slack on an injected clock: a rep made an owner with `/account owner X @sid` gets the
// account's nudges at 09:00 in Sydney (users.info, asked anyway to check the mention, said so),
// not at the workspace's 09:00 (23:00 their time); when Slack says they moved (user_change with
// a new tz), his mornings are Los Angeles's: Sydney's Tuesday release, made on Los Angeles's
// Monday, does not take Los Angeles's Tuesday morning (domain/release.ts releasedAlready), and
// no Sydney morning comes; a tz Tend cannot read changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { seedNudge, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { eventBody, nowSec, postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

const TEAM = 'T0TEND0001';
const CHANNEL = 'C0NUDGES01';
const MIA = 'U0MIA00001';
const SID = 'U0SID00001';
// Monday 30 November 2026, noon UTC: 23:00 in Sydney, 04:00 in Los Angeles
let clock = Date.parse('2026-11-30T12:00:00Z');
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let sweeps = 0;

beforeAll(async () => {
  fake = await startFakeSlack({
    perChannelPerSecond: 50,
    channels: [CHANNEL],
    users: { [MIA]: { name: 'mia', real_name: 'Mia Lead', tz: 'UTC' }, [SID]: { name: 'sid', real_name: 'Sid Walker', tz: 'Australia/Sydney' } },
  });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, now: () => new Date(clock) });
  ws = await seedWorkspace(app.db.pool, { teamId: TEAM, owner: MIA });
  // a UTC workspace a manager set so, one grouped message per rep a day, its daily scans done
  await pool().query(`update workspace set delivery_grouping = 'grouped', timezone_source = 'manager' where id = $1`, [ws.workspaceId]);
  for (const day of ['2026-11-30', '2026-12-01', '2026-12-02']) {
    await pool().query(`insert into scan_run (workspace_id, local_date, parts, context, finished_at) values ($1, $2, 1, '{}', $3::timestamp)`,
      [ws.workspaceId, day, `${day} 06:02:00`]);
  }
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const send = (body: string) => postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET }).then((r) => r.status);
const sidRow = async () =>
  (await pool().query('select id, timezone, real_name from member where workspace_id = $1 and slack_user_id = $2', [ws.workspaceId, SID])).rows[0];
/** Top-level messages in the channel that name the account. */
const postsAbout = (account: string) => fake.messages(CHANNEL).filter((m) => !m.thread_ts && JSON.stringify(m).includes(account));

/** A queued nudge of a new account, owned by and assigned to `memberId`. */
async function queued(accountName: string, memberId: number): Promise<number> {
  const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: memberId, accountName, kind: 'cross_sell', status: 'queued' });
  await pool().query(`update nudge set assignee_id = $3, released_at = null where workspace_id = $1 and id = $2`, [ws.workspaceId, n.nudgeId, memberId]);
  await pool().query(`update account set name_key = lower(name) where workspace_id = $1 and id = $2`, [ws.workspaceId, n.accountId]);
  return n.nudgeId;
}

/** The minute sweep at `iso` (the release runs in it), and the deliveries it started, done. */
async function sweepAt(iso: string): Promise<void> {
  clock = Date.parse(iso);
  const minute = `tz${++sweeps}`;
  await app.running.rt.queues.add('sweep', { minute });
  await until(async () => (await app.running.rt.queues.sweep.getJob(`sweep:${ws.workspaceId}:${minute}`))?.isCompleted(), 10_000, 'sweep');
  await until(async () => {
    const r = await pool().query(`select count(*)::int as n from nudge_group where workspace_id = $1 and delivery_state <> 'posted'`, [ws.workspaceId]);
    const jobs = await app.running.rt.queues.deliver.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return r.rows[0].n === 0 && Object.values(jobs).every((n) => n === 0);
  }, 15_000, 'deliveries settled');
}

function userChange(eventId: string, user: Record<string, unknown>): string {
  return eventBody({
    team_id: TEAM, event_id: eventId,
    event: { type: 'user_change', user: { id: SID, team_id: TEAM, name: 'sid', real_name: 'Sid Walker', deleted: false, is_bot: false, ...user }, event_ts: `${nowSec()}.000100` },
  });
}

describe("a rep's morning in their own timezone", () => {
  it('a rep made an owner by mention gets the nudges at 09:00 in Sydney, not at the workspace\'s 09:00', async () => {
    const nudge = await queued('Sydco', ws.ownerMemberId);
    const id = `o${triggerId()}`;
    const body = slashCommandBody({
      command: '/account', text: `owner Sydco <@${SID}>`, team_id: TEAM, user_id: MIA, channel_id: 'C0GENERAL1', response_url: fake.responseUrl(id), trigger_id: triggerId(),
    });
    const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const answer = (await res.text()) || JSON.stringify(await fake.waitFor(() => fake.responses(id)[0], 5_000));
    expect(answer).toContain(`<@${SID}> now owns *Sydco*`);
    // Slack was asked who Sid is (a person here); what it said is kept: his names and his own timezone
    expect(await sidRow()).toMatchObject({ timezone: 'Australia/Sydney', real_name: 'Sid Walker' });
    const assignee = await pool().query('select m.slack_user_id from nudge n join member m on m.id = n.assignee_id where n.id = $1', [nudge]);
    expect(assignee.rows[0].slack_user_id).toBe(SID);

    // 21:59 UTC is 08:59 on Tuesday in Sydney: not yet; 22:00 is his 09:00
    await sweepAt('2026-11-30T21:59:00Z');
    expect(postsAbout('Sydco')).toHaveLength(0);
    await sweepAt('2026-11-30T22:00:00Z');
    expect(postsAbout('Sydco')).toHaveLength(1);
    expect(JSON.stringify(postsAbout('Sydco')[0])).toContain(`<@${SID}>`);
    // the workspace's 09:00 (20:00 in Sydney) brings nothing more
    await sweepAt('2026-12-01T09:00:00Z');
    expect(postsAbout('Sydco')).toHaveLength(1);
  });

  it('Slack says he moved (user_change): his next morning is Los Angeles\'s Tuesday, though Sydney\'s Tuesday was released, and no Sydney morning comes', async () => {
    const sid = await sidRow();
    // a timezone Tend cannot read is not taken: his stays (the name in the same event is)
    expect(await send(userChange('EvSIDBADTZ', { tz: 'Mars/Olympus_Mons', real_name: 'Sid W.' }))).toBe(200);
    await until(async () => (await sidRow()).real_name === 'Sid W.', 5_000, 'the new name kept');
    expect((await sidRow()).timezone).toBe('Australia/Sydney');
    // Tuesday 1 December, 10:00 UTC: 21:00 in Sydney, 02:00 in Los Angeles
    clock = Date.parse('2026-12-01T10:00:00Z');
    expect(await send(userChange('EvSIDMOVED', { tz: 'America/Los_Angeles', real_name: 'Sid Walker' }))).toBe(200);
    await until(async () => (await sidRow()).real_name === 'Sid Walker', 5_000, 'the event handled');
    await queued('Travelco', sid.id);

    // 17:00 UTC is 09:00 on Tuesday in Los Angeles, 19 hours after Sydney's Tuesday release
    // (14:00 on Monday here): Los Angeles's Tuesday is a morning he has not had
    await sweepAt('2026-12-01T16:59:00Z');
    expect(postsAbout('Travelco')).toHaveLength(0);
    await sweepAt('2026-12-01T17:00:00Z');
    expect(postsAbout('Travelco')).toHaveLength(1);
    // 22:00 UTC is Wednesday 09:00 in Sydney, the morning he would have had there: nothing
    await queued('Nextco', sid.id);
    await sweepAt('2026-12-01T22:00:00Z');
    expect(postsAbout('Nextco')).toHaveLength(0);
    // Wednesday 09:00 in Los Angeles
    await sweepAt('2026-12-02T16:59:00Z');
    expect(postsAbout('Nextco')).toHaveLength(0);
    await sweepAt('2026-12-02T17:00:00Z');
    expect(postsAbout('Nextco')).toHaveLength(1);
    expect(postsAbout('Travelco')).toHaveLength(1);
    expect((await sidRow()).timezone).toBe('America/Los_Angeles');
    // Sydney's 1 December holds the plain key: Los Angeles's is keyed with its offset
    const days = await pool().query(`select local_day from nudge_group where workspace_id = $1 and assignee_key = $2 order by created_at`, [ws.workspaceId, sid.id]);
    expect(days.rows.map((r) => r.local_day)).toEqual(['2026-12-01', '2026-12-01 UTC-08:00', '2026-12-02']);
  });
});

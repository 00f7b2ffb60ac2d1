// Someone leaves the company: Slack deactivates them and sends user_change with deleted: true.
// Through a signed event against the fake Slack: the nudge they claimed is open again and its
// message redrawn by the sweep, what waited for them (queued, snoozed, released but unposted)
// is the team's, their accounts have no owner, and no import makes them an owner by name again;
// the event delivered twice counts once; a partner organisation's person (Slack Connect) and
// other profile changes are ignored; reactivated, they can own accounts again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/import/run.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';
import { eventBody, nowSec, postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

const CHANNEL = 'C0NUDGES01';
const ANA = 'U0ANA00001';
const TEAM = 'T0TEND0001';
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let sweeps = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ perChannelPerSecond: 50, channels: [CHANNEL] });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
  ws = await seedWorkspace(app.db.pool, { teamId: TEAM, owner: ANA });
  await app.db.pool.query(`update member set name = 'ana', real_name = 'Ana López' where id = $1`, [ws.ownerMemberId]);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const row = (nudgeId: number) => nudgeRow(pool(), ws.workspaceId, nudgeId);
const send = (body: string, skewSec = 0) => postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() - skewSec }).then((r) => r.status);
const userChange = (user: Record<string, unknown>, eventId: string) =>
  eventBody({ team_id: TEAM, event_id: eventId, event: { type: 'user_change', user: { id: ANA, team_id: TEAM, name: 'ana', real_name: 'Ana López', is_bot: false, ...user }, event_ts: `${nowSec()}.000100` } });

async function runSweep(): Promise<void> {
  const minute = `d${++sweeps}`;
  await app.running.rt.queues.add('sweep', { minute });
  await until(async () => (await app.running.rt.queues.sweep.getJob(`sweep:${ws.workspaceId}:${minute}`))?.isCompleted(), 10_000, 'sweep');
}

/** A nudge of a new account Ana owns, assigned to her, in `status`; claimed by her when `claimed`. */
async function anasNudge(status: string, o: { claimed?: boolean; posted?: boolean } = {}): Promise<{ nudgeId: number; accountId: number }> {
  const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, status: 'open' });
  await pool().query(
    `update nudge set status = $3::nudge_status, assignee_id = $4, claimed_by_id = case when $5 then $4::int end, claimed_at = case when $5 then now() end,
            snoozed_until = case when $3 = 'snoozed' then now() + interval '7 days' end
     where workspace_id = $1 and id = $2`,
    [ws.workspaceId, n.nudgeId, status, ws.ownerMemberId, o.claimed ?? false],
  );
  return n;
}

describe('user_change: someone deactivated in Slack', () => {
  it("gives the team back what was theirs, once, and redraws the claimed nudge's message", async () => {
    // a claimed nudge, posted to the channel
    const claimed = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: ws.ownerMemberId, status: 'open' });
    await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: claimed.nudgeId, generation: 0 });
    const posted = await until(async () => {
      const x = await row(claimed.nudgeId);
      return x.delivery_state === 'posted' ? x : null;
    }, 10_000, 'posted');
    const ts = String(posted.message_ts);
    await pool().query(`update nudge set status = 'claimed', claimed_by_id = $2, claimed_at = now() where id = $1`, [claimed.nudgeId, ws.ownerMemberId]);
    const snoozedClaim = await anasNudge('snoozed', { claimed: true });
    const queued = await anasNudge('queued');
    const releasedUnposted = await anasNudge('open');

    // she managed Tend too
    await pool().query(`update member set role = 'manager', manager_via = 'added_by', manager_added_by = 'U0MIA00001', manager_since = now() where id = $1`, [ws.ownerMemberId]);
    const body = userChange({ deleted: true }, 'EvLEFT0001');
    expect(await send(body)).toBe(200);
    await until(async () => (await row(claimed.nudgeId)).status === 'open', 5_000, 'claim released');
    // Slack retries the same event: nothing more happens
    expect(await send(body, 1)).toBe(200);

    expect((await row(claimed.nudgeId)).claimed_by_id).toBeNull();
    // a snoozed claim wakes open, for anyone
    expect(await row(snoozedClaim.nudgeId)).toMatchObject({ status: 'snoozed', claimed_by_id: null });
    const waiting = await pool().query(
      'select id, status::text, assignee_id from nudge where workspace_id = $1 and id = any($2::int[]) order by id',
      [ws.workspaceId, [queued.nudgeId, releasedUnposted.nudgeId]],
    );
    expect(waiting.rows).toEqual([
      { id: queued.nudgeId, status: 'queued', assignee_id: null },
      // released to her this morning and not yet posted: back to the queue, the team's
      { id: releasedUnposted.nudgeId, status: 'queued', assignee_id: null },
    ]);
    const owned = await pool().query('select count(*)::int as n from account where workspace_id = $1 and owner_id = $2', [ws.workspaceId, ws.ownerMemberId]);
    expect(owned.rows[0].n).toBe(0);
    const events = await pool().query(`select actor_user_id, action, detail from nudge_event where workspace_id = $1 and nudge_id = $2`, [ws.workspaceId, claimed.nudgeId]);
    expect(events.rows).toEqual([{ actor_user_id: ANA, action: 'open', detail: { via: 'deactivated' } }]);
    // and manages no more: digests and notices go to the managers still here
    const member = await pool().query('select deactivated_at is not null as gone, role::text, manager_via from member where id = $1', [ws.ownerMemberId]);
    expect(member.rows[0]).toEqual({ gone: true, role: 'rep', manager_via: null });

    // the sweep redraws the message: open, nobody has claimed it
    await runSweep();
    await until(async () => JSON.stringify(fake.message(CHANNEL, ts)!.blocks).includes('Open: nobody has claimed it yet'), 5_000, 'message shows it open');
  });

  it('retires what was delivered to them by DM (owner_dm), where nobody else would see it, saying why', async () => {
    const LIA = 'U0LIA00001';
    const lia = (await pool().query<{ id: number }>(`insert into member (workspace_id, slack_user_id) values ($1, $2) returning id`, [ws.workspaceId, LIA])).rows[0]!.id;
    await pool().query(`update workspace set delivery_mode = 'owner_dm' where id = $1`, [ws.workspaceId]);
    try {
      const n = await seedNudge(pool(), ws.workspaceId, { ownerMemberId: lia, status: 'open', accountName: 'Dmco' });
      await pool().query('update nudge set assignee_id = $2 where id = $1', [n.nudgeId, lia]);
      await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId: n.nudgeId, generation: 0 });
      const posted = await until(async () => {
        const x = await row(n.nudgeId);
        return x.delivery_state === 'posted' ? x : null;
      }, 10_000, 'posted by DM');
      expect(posted.channel_id).toBe(fake.dmChannelFor(LIA));
      const gone = eventBody({ team_id: TEAM, event_id: 'EvLIALEFT1', event: { type: 'user_change', user: { id: LIA, team_id: TEAM, deleted: true }, event_ts: `${nowSec()}.000300` } });
      expect(await send(gone)).toBe(200);
      await until(async () => (await row(n.nudgeId)).status === 'resolved', 5_000, 'retired');
      const r = await pool().query('select resolution::text, resolution_detail->>$2 as who from nudge where id = $1', [n.nudgeId, 'leftSlackUserId']);
      expect(r.rows[0]).toEqual({ resolution: 'owner', who: LIA });
      // the sweep redraws the DM's message to say why
      await runSweep();
      const blocks = () => JSON.stringify(fake.message(String(posted.channel_id), String(posted.message_ts))!.blocks);
      await until(async () => blocks().includes(`<@${LIA}> left`), 5_000, 'DM message says why');
      expect(blocks()).toContain('so Dmco and its nudges went back to the team');
    } finally {
      await pool().query(`update workspace set delivery_mode = 'channel' where id = $1`, [ws.workspaceId]);
    }
  });

  it('makes her no owner, by name or Slack id in an import or by a command, until Slack brings her back', async () => {
    const imp = () => runImport(pool(), { kind: 'accounts', text: 'name,owner\nOwnerless Co,Ana Lopez\n', team: TEAM });
    const first = await imp();
    expect(first.ok && first.notes.join('\n')).toContain('"Ana Lopez" (1)');
    const byId = await runImport(pool(), { kind: 'accounts', text: `name,owner\nById Co,${ANA}\n`, team: TEAM });
    expect(byId.ok && byId.notes).toContain(`1 row names as owner someone who has left Slack (deactivated), so the owner was left as it was: ${ANA} (1).`);
    const cmd = await postSigned(`${app.url}/slack/events`, {
      body: slashCommandBody({ command: '/account', text: `owner Ownerless Co <@${ANA}|ana>`, team_id: TEAM, user_id: 'U0MIA00001', channel_id: CHANNEL, response_url: fake.responseUrl('own1'), trigger_id: triggerId() }),
      secret: SIGNING_SECRET,
    });
    // answered in the ack, or (a slow moment) on response_url
    const acked = await cmd.text();
    const answer = acked.includes('has left') ? acked : JSON.stringify(await fake.waitFor(() => (fake.responses('own1').length ? fake.responses('own1') : null)));
    expect(answer).toContain(`<@${ANA}> has left this Slack workspace`);
    expect((await pool().query(`select owner_id from account where workspace_id = $1 and name = 'Ownerless Co'`, [ws.workspaceId])).rows[0].owner_id).toBeNull();
    const owner = async () => (await pool().query(`select owner_id from account where workspace_id = $1 and name = 'Ownerless Co'`, [ws.workspaceId])).rows[0].owner_id;
    expect(await owner()).toBeNull();
    // an owner_dm delivery was refused her DM while she was gone (user_disabled)
    await pool().query(`insert into delivery_block (workspace_id, target, error, notified_at) values ($1, $2, 'user_disabled', now())`, [ws.workspaceId, ANA]);
    expect(await send(userChange({ deleted: false }, 'EvBACK0001'))).toBe(200);
    await until(async () => (await pool().query('select deactivated_at from member where id = $1', [ws.ownerMemberId])).rows[0].deactivated_at === null, 5_000, 'reactivated');
    // back: her DM takes nudges again
    await until(async () => (await pool().query('select cleared_at from delivery_block where workspace_id = $1 and target = $2', [ws.workspaceId, ANA])).rows[0].cleared_at instanceof Date, 5_000, 'her block lifted');
    await imp();
    expect(await owner()).toBe(ws.ownerMemberId);
  });

  it('a deactivation Slack delivers late, after its newer reactivation, changes nothing', async () => {
    const BO = 'U0BO000001';
    const ZOE = 'U0ZOE00001';
    for (const who of [BO, ZOE]) await pool().query(`insert into member (workspace_id, slack_user_id) values ($1, $2)`, [ws.workspaceId, who]);
    const said = (who: string, deleted: boolean, id: string, atSec: number) =>
      eventBody({ team_id: TEAM, event_id: id, event_time: atSec, event: { type: 'user_change', user: { id: who, team_id: TEAM, deleted }, event_ts: `${atSec}.000100` } });
    const gone = async (who: string) => (await pool().query('select deactivated_at from member where workspace_id = $1 and slack_user_id = $2', [ws.workspaceId, who])).rows[0].deactivated_at !== null;
    // deactivated by mistake at t-60 (that delivery failed and Slack retries it), reactivated at t-30
    expect(await send(said(BO, false, 'EvBOBACK01', nowSec() - 30))).toBe(200);
    expect(await send(said(BO, true, 'EvBOLEFT01', nowSec() - 60))).toBe(200);
    // a departure sent after them, seen done, has had longer than they need
    expect(await send(said(ZOE, true, 'EvZOELEFT1', nowSec()))).toBe(200);
    await until(() => gone(ZOE), 5_000, 'Zoe gone');
    expect(await gone(BO)).toBe(false);
    // a profile Slack sent before that (a late retry) does not overwrite the names kept since
    await pool().query(`update member set real_name = 'Bo Current' where workspace_id = $1 and slack_user_id = $2`, [ws.workspaceId, BO]);
    const stale = eventBody({ team_id: TEAM, event_id: 'EvBOOLDNM1', event_time: nowSec() - 90,
      event: { type: 'user_change', user: { id: BO, team_id: TEAM, deleted: false, real_name: 'Bo Oldname' }, event_ts: `${nowSec() - 90}.000100` } });
    expect(await send(stale)).toBe(200);
    expect(await send(said(ZOE, false, 'EvZOEBACK1', nowSec()))).toBe(200);
    await until(async () => !(await gone(ZOE)), 5_000, 'Zoe back');
    expect((await pool().query('select real_name from member where workspace_id = $1 and slack_user_id = $2', [ws.workspaceId, BO])).rows[0].real_name).toBe('Bo Current');
    // a newer deactivation still counts
    expect(await send(said(BO, true, 'EvBOLEFT02', nowSec()))).toBe(200);
    await until(() => gone(BO), 5_000, 'Bo gone');
  });

  it("ignores a partner organisation's person leaving theirs; a profile change only renames", async () => {
    const n = await anasNudge('queued');
    for (const [user, id] of [
      [{ deleted: true, team_id: 'T0PARTNER1' }, 'EvPARTNER1'],
      [{ deleted: false, real_name: 'Ana L.', profile: { display_name: 'ana', real_name: 'Ana L.' } }, 'EvPROFILE1'],
      [{ deleted: true, team_id: undefined, enterprise_user: { enterprise_id: 'E0OTHER001' } }, 'EvOTHERORG'],
    ] as const) {
      expect(await send(userChange(user, id))).toBe(200);
    }
    // each event is acknowledged before it is worked: a departure sent after them, seen done,
    // has had longer than the ignored ones need
    const ZED = 'U0ZED00001';
    await pool().query(`insert into member (workspace_id, slack_user_id) values ($1, $2)`, [ws.workspaceId, ZED]);
    expect(await send(eventBody({ team_id: TEAM, event_id: 'EvZEDLEFT1', event: { type: 'user_change', user: { id: ZED, team_id: TEAM, deleted: true }, event_ts: `${nowSec()}.000200` } }))).toBe(200);
    await until(async () => (await pool().query('select deactivated_at from member where workspace_id = $1 and slack_user_id = $2', [ws.workspaceId, ZED])).rows[0].deactivated_at !== null, 5_000, 'Zed gone');
    expect(await row(n.nudgeId)).toMatchObject({ status: 'queued' });
    const a = await pool().query('select assignee_id, (select deactivated_at from member where id = $2) as gone from nudge where id = $1', [n.nudgeId, ws.ownerMemberId]);
    expect(a.rows[0]).toEqual({ assignee_id: ws.ownerMemberId, gone: null });
    // the profile change kept her new full name, which an import's owner column matches
    const names = await pool().query('select name, real_name from member where id = $1', [ws.ownerMemberId]);
    expect(names.rows[0]).toEqual({ name: 'ana', real_name: 'Ana L.' });
  });
});

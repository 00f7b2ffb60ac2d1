// The minute sweep fans out: one tick becomes one job per active workspace (none for an
// inactive one), each sweeps only its own workspace, and the same tick enqueued twice
// (two schedulers) sweeps each workspace once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { nudgeRow, seedNudge, seedWorkspace, until } from '../support/nudge-factory.ts';
import { zoneInWorkingHours } from '../support/working-zone.ts';

let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: ['C0NUDGES01'] });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

describe('the sweep tick', () => {
  it('fans out one job per active workspace, each wakes only its own snoozes, and a repeated tick adds nothing', async () => {
    const { pool } = app.db;
    // on the real clock: a zone whose working hours are under way, where a snooze may wake
    const timezone = zoneInWorkingHours().zone;
    const a = await seedWorkspace(pool, { teamId: 'T0SWEEPA01', timezone });
    const b = await seedWorkspace(pool, { teamId: 'T0SWEEPB01', timezone });
    const off = await seedWorkspace(pool, { teamId: 'T0SWEEPC01', timezone });
    await pool.query(`update workspace set status = 'inactive' where id = $1`, [off.workspaceId]);
    const past = new Date(Date.now() - 60_000);
    const snoozed = { status: 'snoozed' as const, snoozedUntil: past, deliveryState: 'posted' as const, channelId: 'C0NUDGES01', messageTs: '1700000000.000100' };
    const na = await seedNudge(pool, a.workspaceId, snoozed);
    const nb = await seedNudge(pool, b.workspaceId, { ...snoozed, messageTs: '1700000000.000200' });
    const nOff = await seedNudge(pool, off.workspaceId, { ...snoozed, messageTs: '1700000000.000300' });

    const { queues } = app.running.rt;
    await queues.add('sweep', { minute: 'fanout-1' });
    await queues.add('sweep', { minute: 'fanout-1' }); // a second scheduler's identical tick
    for (const ws of [a, b]) {
      await until(async () => (await queues.sweep.getJob(`sweep:${ws.workspaceId}:fanout-1`))?.isCompleted(), 10_000, `sweep ${ws.workspaceId}`);
    }
    expect(await queues.sweep.getJob(`sweep:${off.workspaceId}:fanout-1`)).toBeUndefined();
    const tick = await queues.sweep.getJob('sweep:all:fanout-1');
    expect(tick?.returnvalue).toEqual({ workspaces: 2 });
    expect((await queues.sweep.getJob(`sweep:${a.workspaceId}:fanout-1`))?.returnvalue).toEqual({ released: 0, woke: 1, requeued: 0, escalated: 0, won: 0, refreshed: 0 });

    await until(async () => (await nudgeRow(pool, a.workspaceId, na.nudgeId)).delivery_state === 'posted'
      && (await nudgeRow(pool, b.workspaceId, nb.nudgeId)).delivery_state === 'posted', 10_000, 'both reposted');
    expect((await nudgeRow(pool, a.workspaceId, na.nudgeId)).status).toBe('open');
    expect((await nudgeRow(pool, b.workspaceId, nb.nudgeId)).status).toBe('open');
    expect((await nudgeRow(pool, off.workspaceId, nOff.nudgeId)).status).toBe('snoozed');
    const counts = await queues.sweep.getJobCounts('completed', 'failed', 'wait', 'active', 'delayed');
    expect(counts).toEqual({ completed: 3, failed: 0, wait: 0, active: 0, delayed: 0 });
  });
});

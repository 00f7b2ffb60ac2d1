// Saving the settings with a channel lifts a refusal Slack gave for it (a manager let Tend post
// again), but not Tend's own hold on a channel shared with another organisation: the form comes
// back with the channel already chosen, so saving it says nothing about who may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSettings } from '../../src/data/settings.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedWorkspace } from '../support/nudge-factory.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

describe('saving the settings', () => {
  it('lifts a read-only refusal on the saved channel, keeps the hold on a shared one', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0SETBLK01', channel: 'C0READONLY' });
    await db.pool.query(
      `insert into delivery_block (workspace_id, target, error, notified_at) values ($1, 'C0READONLY', 'restricted_action_read_only_channel', now()), ($1, 'C0SHAREDOU', 'shared_out', now())`,
      [ws.workspaceId],
    );
    await saveSettings(db.pool, ws.workspaceId, {
      nudgeChannelId: 'C0READONLY', deliveryMode: 'channel', digestUserIds: [], digestChannelId: 'C0SHAREDOU', digestTime: '09:00', timezone: 'UTC',
      stallFactor: 2, stallMinDays: 14, stallMaxDays: 90, defaultRhythmDays: 30, dailyNudgeBudget: 5,
    });
    const { rows } = await db.pool.query(`select target, cleared_at is not null as cleared from delivery_block where workspace_id = $1 order by target`, [ws.workspaceId]);
    expect(rows).toEqual([{ target: 'C0READONLY', cleared: true }, { target: 'C0SHAREDOU', cleared: false }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneSlackEvents } from '../../src/data/slack-events.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

describe('pruneSlackEvents', () => {
  it('forgets event ids older than a day, in its own workspace only', async () => {
    // Created one after the other so `a` has the lower id and the ordered read below is deterministic.
    const a = await db.prisma.workspace.create({ data: { slackTeamId: 'T0PA' } });
    const b = await db.prisma.workspace.create({ data: { slackTeamId: 'T0PB' } });
    const now = new Date('2026-11-23T12:00:00Z');
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
    await db.prisma.slackEvent.createMany({
      data: [
        { workspaceId: a.id, eventId: 'Ev-old', receivedAt: hoursAgo(25) },
        { workspaceId: a.id, eventId: 'Ev-new', receivedAt: hoursAgo(23) },
        { workspaceId: b.id, eventId: 'Ev-old', receivedAt: hoursAgo(25) },
      ],
    });
    expect(await pruneSlackEvents(db.pool, a.id, now)).toBe(1);
    const left = await db.prisma.slackEvent.findMany({ orderBy: [{ workspaceId: 'asc' }, { eventId: 'asc' }], select: { workspaceId: true, eventId: true } });
    expect(left).toEqual([
      { workspaceId: a.id, eventId: 'Ev-new' },
      { workspaceId: b.id, eventId: 'Ev-old' },
    ]);
  });
});

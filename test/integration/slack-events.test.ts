import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneSlackEvents } from '../../src/data/slack-events.ts';
import type { Runtime } from '../../src/runtime.ts';
import { dedupeEvents } from '../../src/slack/middleware/dedupe-events.ts';
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

describe('dedupeEvents', () => {
  // the middleware over a real database: what a Bolt listener chain would see of each delivery
  const deliver = async (workspaceId: number, eventId: string, handler: () => Promise<void>) => {
    const rt = { db: { pool: db.pool }, log: { debug: () => {} } } as unknown as Runtime;
    const args = { body: { event_id: eventId }, context: { workspace: { id: workspaceId } }, next: handler };
    await (dedupeEvents(rt) as unknown as (a: typeof args) => Promise<void>)(args);
  };

  it('hands the first delivery of an event id to the listeners, and drops a redelivery', async () => {
    const ws = await db.prisma.workspace.create({ data: { slackTeamId: 'T0DD1' } });
    let handled = 0;
    await deliver(ws.id, 'Ev-once', async () => void handled++);
    await deliver(ws.id, 'Ev-once', async () => void handled++);
    expect(handled).toBe(1);
  });

  it('counts an event as seen only once it was handled: a failed one is handled again on retry', async () => {
    const ws = await db.prisma.workspace.create({ data: { slackTeamId: 'T0DD2' } });
    await expect(deliver(ws.id, 'Ev-fail', async () => { throw new Error('database went away'); })).rejects.toThrow('database went away');
    expect(await db.prisma.slackEvent.count({ where: { workspaceId: ws.id } })).toBe(0);
    let handled = 0;
    await deliver(ws.id, 'Ev-fail', async () => void handled++);
    await deliver(ws.id, 'Ev-fail', async () => void handled++);
    expect(handled).toBe(1);
  });
});

// ensureMember under concurrency: the first commands of a new user often arrive together
// (a burst, a Slack retry). Each must get the one member row, never an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMember } from '../../src/data/members.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

describe('ensureMember', () => {
  it('gives every concurrent first request of a new user the same row, none an error', async () => {
    const ws = await db.prisma.workspace.create({ data: { slackTeamId: 'T0MEMBERS' } });
    // many new users, each asked for by 8 requests at once on separate connections of the pool
    for (let u = 0; u < 25; u++) {
      const user = `U0RACE${u}`;
      const got = await Promise.all(Array.from({ length: 8 }, () => ensureMember(db.pool, ws.id, user)));
      expect(new Set(got.map((m) => m.id)).size).toBe(1);
      expect(got.every((m) => m.slackUserId === user && m.role === 'rep')).toBe(true);
    }
    expect(await db.prisma.member.count({ where: { workspaceId: ws.id } })).toBe(25);
  });
});

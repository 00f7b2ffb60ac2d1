// Someone who left Slack (member.deactivated_at, data/member-departure.ts) is no longer part of
// the team's figures or audience: the digest's reps (and its touches-per-rep headline) leave out
// a rep gone before the week began, and neither the digest nor a manager's notice goes to a
// recipient chosen before they left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigestSettings } from '../../src/data/digest.ts';
import { loadTouches } from '../../src/data/metrics.ts';
import { managerSlackIds } from '../../src/data/nudge-delivery.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedNudge, seedWorkspace, type SeededWorkspace } from '../support/nudge-factory.ts';

const DAY = 86_400_000;
const asOf = new Date('2026-12-02T12:00:00Z');
let db: TestDb;
let ws: SeededWorkspace;
let accountId: number;
beforeAll(async () => {
  db = await createTestDb();
  ws = await seedWorkspace(db.pool, { managers: ['U0MIA00001'] });
  accountId = (await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId })).accountId;
});
afterAll(async () => {
  await db.drop();
});

/** A rep who joined a month before asOf, left `leftDaysAgo` days before it (null: still here), with `touches` this week. */
async function rep(slackUserId: string, leftDaysAgo: number | null, touches: number): Promise<void> {
  const m = await db.pool.query<{ id: number }>(
    `insert into member (workspace_id, slack_user_id, role, created_at, deactivated_at) values ($1, $2, 'rep', $3, $4) returning id`,
    [ws.workspaceId, slackUserId, new Date(asOf.getTime() - 30 * DAY), leftDaysAgo === null ? null : new Date(asOf.getTime() - leftDaysAgo * DAY)],
  );
  for (let i = 0; i < touches; i++) {
    await db.pool.query(
      `insert into conversation (workspace_id, account_id, member_id, occurred_at, summary, kind) values ($1, $2, $3, $4, 'call', 'give')`,
      [ws.workspaceId, accountId, m.rows[0]!.id, new Date(asOf.getTime() - DAY - (i + 1) * 3_600_000)],
    );
  }
}

describe('someone who left Slack', () => {
  it("is not one of the week's reps once gone before it began, unless they logged a touch in it", async () => {
    await rep('U0HERE0001', null, 6);
    await rep('U0GONE0001', 20, 0); // left three weeks ago
    await rep('U0LATE0001', 3, 0); // left during the week: part of it
    await rep('U0LOGD0001', 20, 0);
    // an import may date a departed rep's touch inside the week: it counts, and so do they
    await db.pool.query(
      `insert into conversation (workspace_id, account_id, member_id, occurred_at, summary) select $1, $2, id, $3, 'imported' from member where slack_user_id = 'U0LOGD0001'`,
      [ws.workspaceId, accountId, new Date(asOf.getTime() - DAY)],
    );
    const t = await loadTouches(db.pool, ws.workspaceId, asOf);
    const reps = t.reps.map((r) => r.slackUserId);
    expect(reps).toContain('U0HERE0001');
    expect(reps).toContain('U0LATE0001');
    expect(reps).toContain('U0LOGD0001');
    expect(reps).not.toContain('U0GONE0001');
  });

  it('gets no digest or notice as a chosen recipient; with every chosen one gone, the managers get the digest', async () => {
    await db.pool.query(`update workspace set digest_user_ids = '{U0GONE0001,U0HERE0001}' where id = $1`, [ws.workspaceId]);
    expect((await loadDigestSettings(db.pool, ws.workspaceId))!.digestUserIds).toEqual(['U0HERE0001']);
    expect((await managerSlackIds(db.pool, ws.workspaceId)).sort()).toEqual(['U0HERE0001', 'U0MIA00001']);
    await db.pool.query(`update workspace set digest_user_ids = '{U0GONE0001}' where id = $1`, [ws.workspaceId]);
    const s = (await loadDigestSettings(db.pool, ws.workspaceId))!;
    expect(s.digestUserIds).toEqual([]);
    expect(s.managerUserIds).toEqual(['U0MIA00001']);
    expect(await managerSlackIds(db.pool, ws.workspaceId)).toEqual(['U0MIA00001']);
  });
});

// An accounts import that gives an account another owner retires the account's open nudges
// whose delivery to the old owner began (posting) or failed, as /account owner does: none is
// left open with him, none is marked for the sweep to edit (there is no message yet; the
// deliver job edits what it posts once it sees the nudge retired).
// A posted one and a waiting one go as before; another workspace's are untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/import/run.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedNudge, seedWorkspace, type SeededWorkspace } from '../support/nudge-factory.ts';

const TEAM = 'T0WITHDRAW';
let db: TestDb;
let ws: SeededWorkspace;
let other: SeededWorkspace;

beforeAll(async () => {
  db = await createTestDb();
  ws = await seedWorkspace(db.pool, { teamId: TEAM });
  other = await seedWorkspace(db.pool, { teamId: 'T0WITHOTHR' });
});
afterAll(async () => {
  await db?.drop();
});

/** An open nudge of the account, Ben's, in the given delivery state. */
async function openNudge(s: SeededWorkspace, accountId: number, kind: string, delivery: { state: string; ts?: string }): Promise<number> {
  const r = await db.pool.query<{ id: number }>(
    `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, suggestion, priority, assignee_id, released_at, delivery_state, channel_id, message_ts, updated_at)
     values ($1, $2, $3::nudge_kind, $3 || ':' || $2::int, 'open', 'Share the benchmark report', 1, $4, now(), $5::delivery_state, 'C0NUDGES01', $6, now())
     returning id`,
    [s.workspaceId, accountId, kind, s.ownerMemberId, delivery.state, delivery.ts ?? null],
  );
  return r.rows[0]!.id;
}

describe('an accounts import with a new owner', () => {
  it('retires the nudges being posted or failed to the old owner, and marks only the posted one for an edit', async () => {
    await db.pool.query(`insert into member (workspace_id, slack_user_id, name) values ($1, 'U0ANA00001', 'ana')`, [ws.workspaceId]);
    const acc = await seedNudge(db.pool, ws.workspaceId, { ownerMemberId: ws.ownerMemberId, accountName: 'Handover', kind: 'cross_sell', status: 'queued' });
    await db.pool.query(`update account set name_key = 'handover' where workspace_id = $1 and id = $2`, [ws.workspaceId, acc.accountId]);
    await db.pool.query(`update nudge set assignee_id = $3 where workspace_id = $1 and id = $2`, [ws.workspaceId, acc.nudgeId, ws.ownerMemberId]);
    const posting = await openNudge(ws, acc.accountId, 'stalled', { state: 'posting' });
    const failed = await openNudge(ws, acc.accountId, 'cooling', { state: 'failed' });
    const posted = await openNudge(ws, acc.accountId, 'follow_up_due', { state: 'posted', ts: '1700000000.000100' });
    // another workspace's account of the same name, posting to its owner: not this file's
    const theirs = await seedNudge(db.pool, other.workspaceId, { ownerMemberId: other.ownerMemberId, accountName: 'Handover' });
    const theirPosting = await openNudge(other, theirs.accountId, 'stalled', { state: 'posting' });

    const out = await runImport(db.pool, { kind: 'accounts', team: TEAM, text: 'name,owner\nHandover,U0ANA00001\n' });
    expect(out.ok).toBe(true);
    const rows = await db.pool.query(
      `select n.id, n.status, n.resolution, n.resolution_detail->>'ownerSlackUserId' as "to", n.refresh_due_at is not null as due, m.slack_user_id as assignee
       from nudge n left join member m on m.id = n.assignee_id where n.id = any($1::int[]) order by n.id`,
      [[acc.nudgeId, posting, failed, posted, theirPosting]],
    );
    expect(rows.rows).toEqual([
      { id: acc.nudgeId, status: 'queued', resolution: null, to: null, due: false, assignee: 'U0ANA00001' },
      { id: posting, status: 'resolved', resolution: 'owner', to: 'U0ANA00001', due: false, assignee: ws.ownerSlackId },
      { id: failed, status: 'resolved', resolution: 'owner', to: 'U0ANA00001', due: false, assignee: ws.ownerSlackId },
      { id: posted, status: 'resolved', resolution: 'owner', to: 'U0ANA00001', due: true, assignee: ws.ownerSlackId },
      { id: theirPosting, status: 'open', resolution: null, to: null, due: false, assignee: other.ownerSlackId },
    ]);
  });
});

// Members: Slack users of a workspace, created on first contact. Raw SQL on the pool because
// every command runs through here first and must stay a single round trip.
import type { Queryable } from './sql.ts';
import { inTransaction } from './sql.ts';
import type pg from 'pg';

export type MemberRow = { id: number; slackUserId: string; name: string | null; role: 'rep' | 'manager'; timezone: string | null };

type Raw = { id: number; slack_user_id: string; name: string | null; role: 'rep' | 'manager'; timezone: string | null };
const COLS = 'id, slack_user_id, name, role, timezone';
const row = (r: Raw): MemberRow => ({ id: r.id, slackUserId: r.slack_user_id, name: r.name, role: r.role, timezone: r.timezone });

/**
 * The member for a Slack user, inserted on first contact. The insert does nothing when the
 * row exists (no dead tuple per command), and the union reads it in the same statement.
 */
export async function ensureMember(db: Queryable, workspaceId: number, slackUserId: string): Promise<MemberRow> {
  const res = await db.query<Raw>(
    `with ins as (
       insert into member (workspace_id, slack_user_id) values ($1, $2)
       on conflict (workspace_id, slack_user_id) do nothing
       returning ${COLS})
     select ${COLS} from ins
     union all
     select ${COLS} from member where workspace_id = $1 and slack_user_id = $2
     limit 1`,
    [workspaceId, slackUserId],
  );
  return row(res.rows[0]!);
}

/** Caches what users.info told us (timezone, display name) on the member row. */
export async function saveMemberProfile(db: Queryable, workspaceId: number, memberId: number, p: { timezone?: string | null; name?: string | null }): Promise<void> {
  await db.query(
    'update member set timezone = coalesce($3, timezone), name = coalesce($4, name) where workspace_id = $1 and id = $2',
    [workspaceId, memberId, p.timezone ?? null, p.name ?? null],
  );
}

/** A member by the display name cached from Slack (case-insensitive); null when none or several. */
export async function findMemberByName(db: Queryable, workspaceId: number, name: string): Promise<MemberRow | null> {
  const res = await db.query<Raw>(`select ${COLS} from member where workspace_id = $1 and lower(name) = lower($2) limit 2`, [workspaceId, name]);
  return res.rows.length === 1 ? row(res.rows[0]!) : null;
}

/**
 * Makes `memberId` a manager when the workspace has none yet, so the first person to open
 * the settings can configure a fresh install. The advisory lock serialises two "firsts".
 */
export async function claimManagerIfNone(pool: pg.Pool, workspaceId: number, memberId: number): Promise<'rep' | 'manager'> {
  return inTransaction(pool, async (c) => {
    await c.query('select pg_advisory_xact_lock(hashtext($1))', [`tend:first-manager:${workspaceId}`]);
    await c.query(
      `update member set role = 'manager'
       where workspace_id = $1 and id = $2
         and not exists (select 1 from member where workspace_id = $1 and role = 'manager')`,
      [workspaceId, memberId],
    );
    const res = await c.query<{ role: 'rep' | 'manager' }>('select role from member where workspace_id = $1 and id = $2', [workspaceId, memberId]);
    return res.rows[0]?.role ?? 'rep';
  });
}

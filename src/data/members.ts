// Members: Slack users of a workspace, created on first contact, and their manager role. Raw
// SQL on the pool because every command runs through here first and must stay a single round trip.
import { SLACK_ADMIN_FRESH_MS, type RoleFacts } from '../domain/managers.ts';
import type { ManagerVia, MemberRole } from '../domain/vocabulary.ts';
import type { Queryable } from './sql.ts';
import { fromMs, inTransaction, ts } from './sql.ts';
import type pg from 'pg';

/** `name`: the display name Slack shows; `realName`: the full name (users.info's real_name), as a CRM writes an owner. */
export type MemberRow = {
  id: number; slackUserId: string; name: string | null; realName: string | null; timezone: string | null;
  /** Slack deactivated them (they left): they own nothing and hold nothing (data/member-departure.ts) */
  deactivated: boolean;
} & RoleFacts;

type Raw = {
  id: number; slack_user_id: string; name: string | null; real_name: string | null; role: MemberRole; timezone: string | null;
  manager_via: ManagerVia | null; manager_removed_by: string | null; slack_admin: boolean | null; checked_ms: number | null; deactivated: boolean;
};
const COLS = `id, slack_user_id, name, real_name, role, timezone, manager_via, manager_removed_by, slack_admin,
  (extract(epoch from slack_admin_checked_at) * 1000)::float8 as checked_ms, deactivated_at is not null as deactivated`;
const row = (r: Raw): MemberRow => ({
  id: r.id, slackUserId: r.slack_user_id, name: r.name, realName: r.real_name, role: r.role, timezone: r.timezone,
  managerVia: r.manager_via, managerRemovedBy: r.manager_removed_by, slackAdmin: r.slack_admin, slackAdminCheckedAt: fromMs(r.checked_ms),
  deactivated: r.deactivated,
});

/**
 * SQL: whether member row `m` manages Tend at `now` (a timestamp expression) without asking
 * Slack, as decideRole (domain/managers.ts) answers 'manager': the role held for a reason of
 * Tend's own, or as a Slack admin Slack confirmed within SLACK_ADMIN_FRESH_MS. Anyone else (an
 * admin who never used a manager's verb, a stale answer) is for managerGate (slack/flows/caller.ts),
 * which asks Slack.
 */
export function managesNowSql(m: string, now: string): string {
  return `(${m}.role = 'manager' and (${m}.manager_via is distinct from 'slack_admin'
    or (${m}.slack_admin is true and ${m}.slack_admin_checked_at > ${now} - ${SLACK_ADMIN_FRESH_MS} * interval '1 millisecond')))`;
}

/**
 * SQL: whether the Slack user `slackUserId` (an expression) of workspace `workspaceId` has not
 * left Slack as Tend knows it: no member row marked deactivated. For lists of Slack ids kept
 * apart from member rows (the digest's recipients), whose people may have left since.
 */
export function notDepartedSql(workspaceId: string, slackUserId: string): string {
  return `not exists (select 1 from member gone where gone.workspace_id = ${workspaceId} and gone.slack_user_id = ${slackUserId}
    and gone.deactivated_at is not null)`;
}

/**
 * The member for a Slack user, inserted on first contact. The insert does nothing when the
 * row exists (no dead tuple per command), and the union reads it in the same statement.
 * When another request inserts the same new member at the same moment, the insert waits for
 * it and does nothing, but the union's read still sees the statement's older snapshot and
 * finds no row: read it once more, now that the other insert has committed.
 */
export async function ensureMember(db: Queryable, workspaceId: number, slackUserId: string): Promise<MemberRow> {
  const res = await db.query<Raw>(
    `with ins as (
       insert into member (workspace_id, slack_user_id) values ($1, $2)
       on conflict (workspace_id, slack_user_id) do nothing
       returning ${COLS})
     select * from ins
     union all
     select ${COLS} from member where workspace_id = $1 and slack_user_id = $2
     limit 1`,
    [workspaceId, slackUserId],
  );
  if (res.rows[0]) return row(res.rows[0]);
  const again = await db.query<Raw>(`select ${COLS} from member where workspace_id = $1 and slack_user_id = $2`, [workspaceId, slackUserId]);
  return row(again.rows[0]!);
}

/** The member for a Slack user Tend has met; null for someone it has not. */
export async function findMember(db: Queryable, workspaceId: number, slackUserId: string): Promise<MemberRow | null> {
  const res = await db.query<Raw>(`select ${COLS} from member where workspace_id = $1 and slack_user_id = $2`, [workspaceId, slackUserId]);
  return res.rows[0] ? row(res.rows[0]) : null;
}

/** Caches what users.info told us (timezone, display and full name) on the member row. */
export async function saveMemberProfile(
  db: Queryable, workspaceId: number, memberId: number, p: { timezone?: string | null; name?: string | null; realName?: string | null },
): Promise<void> {
  await db.query(
    'update member set timezone = coalesce($3, timezone), name = coalesce($4, name), real_name = coalesce($5, real_name) where workspace_id = $1 and id = $2',
    [workspaceId, memberId, p.timezone ?? null, p.name ?? null, p.realName ?? null],
  );
}

/**
 * What Slack says of a person that Tend keeps on their row: the names (domain/slack-users.ts
 * namesOf) and their own timezone, an IANA name already checked (null: Slack gave none or one
 * Tend cannot read, so the one known stays).
 */
export type SlackProfile = { name: string | null; realName: string; timezone: string | null };

/**
 * The member for a Slack user Slack has just described (users.info), inserted with what Slack
 * said, or brought up to date with it; a row already saying so is not written (no dead tuple).
 * A concurrent insert of the same member is read once more, as in ensureMember.
 */
export async function keepMemberProfile(db: Queryable, workspaceId: number, slackUserId: string, p: SlackProfile): Promise<MemberRow> {
  const res = await db.query<Raw>(
    `with up as (
       insert into member as m (workspace_id, slack_user_id, name, real_name, timezone) values ($1, $2, $3, $4, $5)
       on conflict (workspace_id, slack_user_id) do update
         set name = coalesce(excluded.name, m.name), real_name = excluded.real_name, timezone = coalesce(excluded.timezone, m.timezone)
         where m.name is distinct from coalesce(excluded.name, m.name) or m.real_name is distinct from excluded.real_name
            or m.timezone is distinct from coalesce(excluded.timezone, m.timezone)
       returning ${COLS})
     select * from up
     union all
     select ${COLS} from member where workspace_id = $1 and slack_user_id = $2
     limit 1`,
    [workspaceId, slackUserId, p.name, p.realName, p.timezone],
  );
  if (res.rows[0]) return row(res.rows[0]);
  const again = await db.query<Raw>(`select ${COLS} from member where workspace_id = $1 and slack_user_id = $2`, [workspaceId, slackUserId]);
  return row(again.rows[0]!);
}

/**
 * A member's names and timezone as Slack now gives them (a user_change: a profile changed, or they
 * moved), when Tend has met them and something differs. Returns whether the row changed.
 */
export async function updateMemberProfile(db: Queryable, workspaceId: number, slackUserId: string, p: SlackProfile, saidAt: Date): Promise<boolean> {
  const res = await db.query(
    // a profile Slack sent before the latest word recorded (a late retry) is older than what is kept
    `update member set name = coalesce($3, name), real_name = $4, timezone = coalesce($5, timezone)
     where workspace_id = $1 and slack_user_id = $2
       and (name is distinct from coalesce($3, name) or real_name is distinct from $4 or timezone is distinct from coalesce($5, timezone))
       and (slack_state_at is null or slack_state_at <= $6::timestamp)`,
    [workspaceId, slackUserId, p.name, p.realName, p.timezone, ts(saidAt)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** A member still in Slack by the display or full name cached from Slack (case-insensitive); null when none or several. */
export async function findMemberByName(db: Queryable, workspaceId: number, name: string): Promise<MemberRow | null> {
  const res = await db.query<Raw>(
    `select ${COLS} from member where workspace_id = $1 and deactivated_at is null and (lower(name) = lower($2) or lower(real_name) = lower($2)) limit 2`, [workspaceId, name]);
  return res.rows.length === 1 ? row(res.rows[0]!) : null;
}

// Adding, removing and revoking take one lock per workspace, so two removals at once cannot leave it
// with no manager.
const lockManagers = (c: pg.PoolClient, workspaceId: number) => c.query('select pg_advisory_xact_lock(hashtext($1))', [`tend:managers:${workspaceId}`]);

/** Caches users.info's admin answer on the member row, with when it was read. */
export async function saveSlackAdmin(db: Queryable, workspaceId: number, memberId: number, admin: boolean, at: Date): Promise<void> {
  await db.query('update member set slack_admin = $3, slack_admin_checked_at = $4::timestamp where workspace_id = $1 and id = $2', [workspaceId, memberId, admin, ts(at)]);
}

/** Makes a member a manager for a reason Tend found (installer, Slack admin); no-op if one already. */
export async function grantManager(db: Queryable, workspaceId: number, memberId: number, via: Exclude<ManagerVia, 'added_by'>, at: Date): Promise<void> {
  await db.query(
    `update member set role = 'manager', manager_via = $3::manager_via, manager_added_by = null, manager_since = $4::timestamp, manager_removed_by = null
     where workspace_id = $1 and id = $2 and role <> 'manager'`,
    [workspaceId, memberId, via, ts(at)],
  );
}

/**
 * A Slack admin who no longer is one stops being a manager (only if that was the reason),
 * under the managers lock like a removal, so it cannot interleave with one. It may leave the
 * workspace with no manager: Slack says they are not an admin, and the installer and current
 * admins still get the role on their next manager's command.
 */
export async function revokeSlackAdminManager(pool: pg.Pool, workspaceId: number, memberId: number): Promise<void> {
  await inTransaction(pool, async (c) => {
    await lockManagers(c, workspaceId);
    await c.query(
      `update member set role = 'rep', manager_via = null, manager_since = null
       where workspace_id = $1 and id = $2 and manager_via = 'slack_admin'`,
      [workspaceId, memberId],
    );
  });
}

/** The Slack users who installed the app for this workspace (its own install, or its org's), newest first. */
export async function installersOf(db: Queryable, workspaceId: number): Promise<string[]> {
  const res = await db.query<{ u: string }>(
    `select i.installer_user_id as u
     from workspace w
     join slack_installation i
       on (i.workspace_id = w.id or (i.is_enterprise_install and i.enterprise_id = w.slack_enterprise_id))
     where w.id = $1 and i.revoked_at is null and i.installer_user_id is not null
     order by i.installed_at desc`,
    [workspaceId],
  );
  return [...new Set(res.rows.map((r) => r.u))];
}

export type ManagerListRow = { slackUserId: string; via: ManagerVia | null; addedBy: string | null };

/** The workspace's managers, oldest first. */
export async function listManagers(db: Queryable, workspaceId: number): Promise<ManagerListRow[]> {
  const res = await db.query<{ slack_user_id: string; manager_via: ManagerVia | null; manager_added_by: string | null }>(
    `select slack_user_id, manager_via, manager_added_by from member
     where workspace_id = $1 and role = 'manager' order by manager_since nulls first, id`,
    [workspaceId],
  );
  return res.rows.map((r) => ({ slackUserId: r.slack_user_id, via: r.manager_via, addedBy: r.manager_added_by }));
}

/** A manager adds someone (created as a member if Tend has not met them yet). */
export async function addManager(pool: pg.Pool, workspaceId: number, slackUserId: string, addedBy: string, at: Date): Promise<'added' | 'already'> {
  return inTransaction(pool, async (c) => {
    await lockManagers(c, workspaceId);
    const res = await c.query<{ role: string }>(
      `insert into member (workspace_id, slack_user_id, role, manager_via, manager_added_by, manager_since)
       values ($1, $2, 'manager', 'added_by', $3, $4::timestamp)
       on conflict (workspace_id, slack_user_id) do update
         set role = 'manager', manager_via = 'added_by', manager_added_by = $3, manager_since = $4::timestamp, manager_removed_by = null
         where member.role <> 'manager'
       returning role`,
      [workspaceId, slackUserId, addedBy, ts(at)],
    );
    return res.rowCount === 1 ? 'added' : 'already';
  });
}

/** A manager removes someone's role; never the last manager's. */
export async function removeManager(pool: pg.Pool, workspaceId: number, slackUserId: string, removedBy: string): Promise<'removed' | 'not_manager' | 'last'> {
  return inTransaction(pool, async (c) => {
    await lockManagers(c, workspaceId);
    const res = await c.query<{ is_manager: boolean; managers: number }>(
      `select coalesce(bool_or(slack_user_id = $2), false) as is_manager, count(*)::int as managers
       from member where workspace_id = $1 and role = 'manager'`,
      [workspaceId, slackUserId],
    );
    const { is_manager, managers } = res.rows[0]!;
    if (!is_manager) return 'not_manager';
    if (managers <= 1) return 'last';
    await c.query(
      `update member set role = 'rep', manager_via = null, manager_added_by = null, manager_since = null, manager_removed_by = $3
       where workspace_id = $1 and slack_user_id = $2`,
      [workspaceId, slackUserId, removedBy],
    );
    return 'removed';
  });
}

// Workspaces: created on first contact, cached per process for the ack path, and switched
// inactive (or back) when Slack says the app lost (or regained) access to them.
import { replaceableBy, type TimezoneSource } from '../domain/timezone-source.ts';
import type { WorkspaceStatus } from '../domain/vocabulary.ts';
import { workDaysOf, type Weekday } from '../domain/working-days.ts';
import type { Workspace } from '../generated/prisma/client.ts';
import { liftBlock } from './nudge-delivery.ts';
import { fromMs, type Queryable } from './sql.ts';

/** A workspace row in the generated model's shape (the fields every listener reads). */
export type WorkspaceRow = Workspace;

// Every column, camelCased; instants as epoch milliseconds (sql.ts), made Dates in rowOf.
const COLUMNS = `id, slack_team_id as "slackTeamId", slack_enterprise_id as "slackEnterpriseId", name, status, timezone,
  timezone_source as "timezoneSource", delivery_mode as "deliveryMode", delivery_grouping as "deliveryGrouping",
  nudge_channel_id as "nudgeChannelId", digest_channel_id as "digestChannelId", digest_user_ids as "digestUserIds",
  digest_time as "digestTime", stall_factor as "stallFactor", stall_min_days as "stallMinDays", stall_max_days as "stallMaxDays",
  default_rhythm_days as "defaultRhythmDays", daily_nudge_budget as "dailyNudgeBudget", escalate_after_hours as "escalateAfterHours",
  win_window_days as "winWindowDays", work_days as "workDays", rollup_conversation_id as "rollupConversationId",
  (extract(epoch from created_at) * 1000)::float8 as "createdAt", (extract(epoch from updated_at) * 1000)::float8 as "updatedAt"`;

type RawRow = Omit<WorkspaceRow, 'createdAt' | 'updatedAt'> & { createdAt: number; updatedAt: number };
const rowOf = (r: RawRow): WorkspaceRow => ({ ...r, createdAt: fromMs(r.createdAt)!, updatedAt: fromMs(r.updatedAt)! });

/** The workspace of a Slack team, when Tend knows it (no row is created). */
export async function findWorkspace(db: Queryable, teamId: string): Promise<WorkspaceRow | null> {
  const { rows } = await db.query<RawRow>(`select ${COLUMNS} from workspace where slack_team_id = $1`, [teamId]);
  return rows[0] ? rowOf(rows[0]) : null;
}

/** The workspace of a Slack team, created with default settings on first contact. */
export async function ensureWorkspace(db: Queryable, teamId: string, enterpriseId?: string | null): Promise<WorkspaceRow> {
  const found = await findWorkspace(db, teamId);
  if (found) return found;
  // Two first requests of a new workspace may race: insert-or-nothing, then read.
  // A new workspace gets grouped delivery (the column's default, single, is for those before it).
  await db.query(
    `insert into workspace (slack_team_id, slack_enterprise_id, delivery_grouping, updated_at)
     values ($1, $2, 'grouped', now() at time zone 'utc') on conflict (slack_team_id) do nothing`,
    [teamId, enterpriseId ?? null],
  );
  const { rows } = await db.query<RawRow>(`select ${COLUMNS} from workspace where slack_team_id = $1`, [teamId]);
  if (!rows[0]) throw new Error(`workspace of team ${teamId} vanished right after it was created`);
  return rowOf(rows[0]);
}

/**
 * Every Slack request needs its workspace before a listener can answer; reading it from
 * Postgres each time puts a query on the hot path of every ack. Rows are kept for a few
 * seconds per process; this process forgets a row as soon as it changes it, and other
 * processes see a change within the TTL.
 */
export class WorkspaceCache {
  private rows = new Map<string, { row: WorkspaceRow; at: number }>();

  constructor(
    private db: Queryable,
    private ttlMs = 15_000,
    private now: () => number = Date.now,
  ) {}

  async get(teamId: string, enterpriseId?: string | null): Promise<WorkspaceRow> {
    const hit = this.rows.get(teamId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.row;
    const row = await ensureWorkspace(this.db, teamId, enterpriseId);
    this.remember(teamId, row);
    return row;
  }

  /** As get, but a team Tend does not know yields null rather than a new workspace. */
  async find(teamId: string): Promise<WorkspaceRow | null> {
    const hit = this.rows.get(teamId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.row;
    const row = await findWorkspace(this.db, teamId);
    if (row) this.remember(teamId, row);
    return row;
  }

  private remember(teamId: string, row: WorkspaceRow): void {
    this.rows.set(teamId, { row, at: this.now() });
    if (this.rows.size > 10_000) this.rows.delete(this.rows.keys().next().value!);
  }

  forget(workspaceId: number): void {
    for (const [team, { row }] of this.rows) if (row.id === workspaceId) this.rows.delete(team);
  }
}

/**
 * Sets the status of the named workspaces of one Enterprise Grid org (an org-wide install
 * lost or regained access to them) and returns the ids that changed. Scoped to the org, so
 * one org's event can never touch another org's workspaces; a repeat changes nothing.
 */
export async function setOrgTeamsStatus(db: Queryable, enterpriseId: string, teamIds: readonly string[], status: WorkspaceStatus): Promise<number[]> {
  if (teamIds.length === 0) return [];
  if (status === 'active') {
    const { rows } = await db.query<{ id: number }>(
      `select id from workspace where slack_enterprise_id = $1 and slack_team_id = any($2::text[]) and status <> 'active'`,
      [enterpriseId, [...teamIds]],
    );
    return activate(db, rows.map((r) => r.id));
  }
  const { rows } = await db.query<{ id: number }>(
    `update workspace set status = $3::workspace_status, updated_at = now() at time zone 'utc'
     where slack_enterprise_id = $1 and slack_team_id = any($2::text[]) and status <> $3::workspace_status
     returning id`,
    [enterpriseId, [...teamIds], status],
  );
  return rows.map((r) => r.id);
}

/** Marks one workspace inactive (single-workspace mode: its app was uninstalled); returns the ids that changed. */
export async function deactivateTeam(db: Queryable, teamId: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `update workspace set status = 'inactive', updated_at = now() at time zone 'utc'
     where slack_team_id = $1 and status <> 'inactive' returning id`,
    [teamId],
  );
  return rows.map((r) => r.id);
}

/**
 * Brings workspaces back (access regained: a reinstall, team_access_granted) and returns the
 * ids that changed. The '*' block the lost access left (token_revoked, team_access_not_granted)
 * lifts first: should the update fail, the workspace is still inactive and the next attempt
 * does both again, where lifting after could leave an active workspace that never posts.
 */
async function activate(db: Queryable, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  for (const id of ids) await liftBlock(db, id, '*', new Date());
  const { rows } = await db.query<{ id: number }>(
    `update workspace set status = 'active', updated_at = now() at time zone 'utc'
     where id = any($1::int[]) and status <> 'active' returning id`,
    [[...ids]],
  );
  return rows.map((r) => r.id);
}

/**
 * Single-token mode: the token works for this team again (auth.test passed, or Slack delivered
 * a command or a click, which it does only to an installed app), so a workspace an uninstall
 * or a revocation made inactive serves again. Returns the ids that changed.
 */
export async function reactivateTeam(db: Queryable, teamId: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`select id from workspace where slack_team_id = $1 and status = 'inactive'`, [teamId]);
  return activate(db, rows.map((r) => r.id));
}

/** An org-wide install is back after an uninstall: every workspace of the org serves again. Returns the ids that changed. */
export async function reactivateOrg(db: Queryable, enterpriseId: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`select id from workspace where slack_enterprise_id = $1 and status = 'inactive'`, [enterpriseId]);
  return activate(db, rows.map((r) => r.id));
}

export type WorkspaceSchedule = { id: number; timezone: string; digestTime: string; workDays: Weekday[] };

/** What the scheduler needs of every active workspace: when its day starts, its digest is due, and which days it works. */
export async function activeWorkspaceSchedules(db: Queryable): Promise<WorkspaceSchedule[]> {
  const { rows } = await db.query<Omit<WorkspaceSchedule, 'workDays'> & { workDays: unknown }>(
    `select id, timezone, digest_time as "digestTime", work_days as "workDays" from workspace where status = 'active' order by id`,
  );
  return rows.map((r) => ({ ...r, workDays: workDaysOf(r.workDays) }));
}

/** One workspace's status, or null when it does not exist. */
export async function workspaceStatus(db: Queryable, workspaceId: number): Promise<WorkspaceStatus | null> {
  const { rows } = await db.query<{ status: WorkspaceStatus }>('select status from workspace where id = $1', [workspaceId]);
  return rows[0]?.status ?? null;
}

/**
 * Takes `tz` as the workspace's timezone when `source` may replace whoever chose the current
 * one (domain/timezone-source.ts): the installer's or the first member's over UTC, never over
 * a manager's. Returns whether it changed. The caller checks that `tz` is a valid zone.
 */
export async function adoptWorkspaceTimezone(db: Queryable, workspaceId: number, tz: string, source: TimezoneSource): Promise<boolean> {
  const res = await db.query(
    `update workspace set timezone = $2, timezone_source = $3, updated_at = now() at time zone 'utc'
     where id = $1 and timezone_source = any($4::text[])`,
    [workspaceId, tz, source, replaceableBy(source)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** The workspace of a Slack team, when Tend knows it (no row is created). */
export async function workspaceIdOfTeam(db: Queryable, teamId: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('select id from workspace where slack_team_id = $1', [teamId]);
  return rows[0]?.id ?? null;
}

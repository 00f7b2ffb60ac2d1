// What `npm run doctor` reads from the database: which migrations are applied, and per
// workspace its settings, the last scan, digest and Slack event. Read-only.
import { readMigrations } from './migrate.ts';
import type { DeliveryMode, WorkspaceStatus } from '../domain/vocabulary.ts';
import type { Queryable } from './sql.ts';

/** Resolves when the database answers a trivial query; rejects with the driver's reason when not. */
export async function reachDatabase(db: Queryable): Promise<void> {
  await db.query('select 1');
}

export type MigrationState = { pending: string[]; failed: string[]; edited: string[] };

/** Migrations in prisma/migrations not (or not cleanly) applied to this database. */
export async function migrationState(db: Queryable): Promise<MigrationState> {
  const wanted = await readMigrations();
  const exists = await db.query<{ t: string | null }>(`select to_regclass('_prisma_migrations')::text as t`);
  const rows = exists.rows[0]?.t
    ? (await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        'select migration_name, checksum, finished_at from "_prisma_migrations" where rolled_back_at is null',
      )).rows
    : [];
  const done = new Map(rows.map((r) => [r.migration_name, r]));
  return {
    pending: wanted.filter((m) => !done.has(m.name)).map((m) => m.name),
    failed: rows.filter((r) => r.finished_at === null).map((r) => r.migration_name),
    edited: wanted.filter((m) => done.get(m.name) && done.get(m.name)!.checksum !== m.checksum).map((m) => m.name),
  };
}

export type WorkspaceHealth = {
  id: number;
  teamId: string;
  enterpriseId: string | null;
  name: string | null;
  status: WorkspaceStatus;
  deliveryMode: DeliveryMode;
  nudgeChannelId: string | null;
  digestChannelId: string | null;
  digestUserIds: string[];
  timezone: string;
  digestTime: string;
  lastScanAt: Date | null;
  lastDigestAt: Date | null;
  lastEventAt: Date | null;
};

/** Every workspace Tend knows, each row computed from that workspace's own rows only. */
export async function workspaceHealth(db: Queryable): Promise<WorkspaceHealth[]> {
  const { rows } = await db.query<WorkspaceHealth>(
    `select w.id, w.slack_team_id as "teamId", w.slack_enterprise_id as "enterpriseId", w.name, w.status::text as status,
            w.delivery_mode::text as "deliveryMode", w.nudge_channel_id as "nudgeChannelId", w.digest_channel_id as "digestChannelId",
            w.digest_user_ids as "digestUserIds", w.timezone, w.digest_time as "digestTime",
            -- timestamps are stored as UTC without a zone
            (select max(s.finished_at) at time zone 'UTC' from scan_run s where s.workspace_id = w.id) as "lastScanAt",
            (select max(d.sent_at) at time zone 'UTC' from digest_run d where d.workspace_id = w.id) as "lastDigestAt",
            (select max(e.received_at) at time zone 'UTC' from slack_event e where e.workspace_id = w.id) as "lastEventAt"
     from workspace w order by w.status, w.id`,
  );
  return rows;
}

// The migrations in prisma/migrations build exactly what schema.prisma describes, are
// recorded as Prisma records them, and apply once however many processes race.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/data/migrate.ts';
import { diffSchema } from '../../src/data/schema-diff.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_DATABASE_URL } from '../support/env.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

describe('migrations', () => {
  it('apply once even when three migrators race', async () => {
    const results = await Promise.all([migrate(db.pool, db.schema), migrate(db.pool, db.schema), migrate(db.pool, db.schema)]);
    const migrations = await readMigrations();
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, migrations.length]);
    const again = await migrate(db.pool, db.schema);
    expect(again).toEqual({ applied: [], alreadyApplied: migrations.length });
  });

  it("are recorded in _prisma_migrations exactly as Prisma records them", async () => {
    const migrations = await readMigrations();
    const { rows } = await db.pool.query('select * from "_prisma_migrations" order by migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(createHash('sha256').update(migrations[i]!.sql).digest('hex'));
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it("leave no drift: Prisma's schema engine finds nothing between the database and schema.prisma", async () => {
    const drift = await diffSchema({ kind: 'database', url: TEST_DATABASE_URL, schema: db.schema });
    expect(drift.sql).toContain('empty migration');
    expect(drift.differs).toBe(false);
  });

  it("keep every workspace's working week: work_days is never NULL (Prisma types it as a list, never null)", async () => {
    const ws = await db.pool.query<{ id: number; work_days: number[] }>(`insert into workspace (slack_team_id, updated_at) values ('T0WEEKNN01', now()) returning id, work_days`);
    expect(ws.rows[0]!.work_days).toEqual([1, 2, 3, 4, 5]);
    await expect(db.pool.query(`update workspace set work_days = null where id = $1`, [ws.rows[0]!.id])).rejects.toThrow(/not-null/);
    await expect(db.pool.query(`insert into workspace (slack_team_id, work_days, updated_at) values ('T0WEEKNN02', null, now())`)).rejects.toThrow(/not-null/);
    // a NULL or an empty week written by hand before the constraint: the migration gives it the default week
    const notNull = (await readMigrations()).find((m) => m.name.endsWith('_work_days_not_null'))!;
    await db.pool.query(`alter table workspace alter column work_days drop not null`);
    await db.pool.query(`insert into workspace (slack_team_id, work_days, updated_at) values ('T0WEEKNN03', null, now()), ('T0WEEKNN04', '{}', now()), ('T0WEEKNN05', '{7,1,2,3,4}', now())`);
    await db.pool.query(notNull.sql);
    const weeks = await db.pool.query(`select slack_team_id as team, work_days from workspace where slack_team_id like 'T0WEEKNN%' order by slack_team_id`);
    expect(weeks.rows).toEqual([
      { team: 'T0WEEKNN01', work_days: [1, 2, 3, 4, 5] }, { team: 'T0WEEKNN03', work_days: [1, 2, 3, 4, 5] },
      { team: 'T0WEEKNN04', work_days: [1, 2, 3, 4, 5] }, { team: 'T0WEEKNN05', work_days: [7, 1, 2, 3, 4] },
    ]);
    await db.pool.query(`delete from workspace where slack_team_id like 'T0WEEKNN%'`);
  });

  it('would notice drift (the check is not vacuous)', async () => {
    await db.pool.query('alter table account drop column segment');
    const drift = await diffSchema({ kind: 'database', url: TEST_DATABASE_URL, schema: db.schema });
    expect(drift.differs).toBe(true);
    expect(drift.sql).toMatch(/ADD COLUMN\s+"segment"/);
    await db.pool.query('alter table account add column segment text');
  });

  it('refuse a migration edited after it was applied', async () => {
    await db.pool.query(`update "_prisma_migrations" set checksum = repeat('0', 64)`);
    await expect(migrate(db.pool, db.schema)).rejects.toThrow(/edited after it was applied/);
  });
});

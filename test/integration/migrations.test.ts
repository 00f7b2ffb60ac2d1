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

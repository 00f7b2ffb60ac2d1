// isDatabaseError on errors the real Postgres, pg and Prisma raise: a query Postgres refuses
// (an id past int4, as a forged payload carried) is not "can't reach the database"; a refused
// connection, a statement timeout and a missing table are.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseError } from '../../src/slack/reply/failure.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const failure = async (p: Promise<unknown>): Promise<unknown> => p.then(() => expect.fail('should have failed'), (err: unknown) => err);

describe('errors Postgres raises for a request it refuses', () => {
  it.each([
    ['an id past int4 (22003)', 'select id from account where id = $1', ['99999999999']],
    ['an id that is not an integer (22P02)', 'select id from account where id = $1', ['1e+23']],
    ['a NUL in text (22021)', 'select $1::text', ['a\u0000b']],
  ])('%s is not "unreachable"', async (_name, sql, params) => {
    const err = await failure(db.pool.query(sql, params));
    expect((err as { code?: string }).code).toMatch(/^22/);
    expect(isDatabaseError(err)).toBe(false);
  });

  it('an id past int4 through Prisma is not "unreachable"', async () => {
    const err = await failure(db.prisma.account.findFirst({ where: { id: 99999999999 } }));
    expect(isDatabaseError(err)).toBe(false);
  });

  it('a unique violation (23505) is not "unreachable"', async () => {
    await db.prisma.workspace.create({ data: { slackTeamId: 'T0FAIL' } });
    const err = await failure(db.pool.query("insert into workspace (slack_team_id, updated_at) values ('T0FAIL', now())"));
    expect((err as { code?: string }).code).toBe('23505');
    expect(isDatabaseError(err)).toBe(false);
  });
});

describe('errors that say the database cannot serve now', () => {
  it('a refused connection', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2_000 });
    try {
      expect(isDatabaseError(await failure(pool.query('select 1')))).toBe(true);
    } finally {
      await pool.end().catch(() => {});
    }
  });

  it('a statement timeout (57014)', async () => {
    const client = await db.pool.connect();
    try {
      await client.query("set statement_timeout = '50ms'");
      const err = await failure(client.query('select pg_sleep(2)'));
      expect((err as { code?: string }).code).toBe('57014');
      expect(isDatabaseError(err)).toBe(true);
    } finally {
      await client.query('reset statement_timeout').catch(() => {});
      client.release();
    }
  });

  it('a table not there (42P01), as while a restore renames the schema', async () => {
    const err = await failure(db.pool.query('select 1 from no_such_table'));
    expect(isDatabaseError(err)).toBe(true);
  });
});

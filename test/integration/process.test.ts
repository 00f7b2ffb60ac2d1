// `npm start` as a real process: misconfiguration, local mode, SIGTERM, embedded Postgres (and
// its random, kept password).
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startProcess } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';

let db: TestDb;
const prefix = testPrefix();
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await db.drop();
  await dropPrefix(prefix);
});

describe('npm start', () => {
  it('exits non-zero with one line naming a misconfigured variable', async () => {
    const p = startProcess({ PORT: 'abc' });
    const { code } = await p.exited;
    expect(code).not.toBe(0);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tend: PORT must be a port number/);
  });

  it('comes up in local mode on the server Postgres, migrates, and stops cleanly on SIGTERM within 10 s', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tend-'));
    const p = startProcess({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PORT: '0', TEND_QUEUE_PREFIX: prefix, TEND_DATA_DIR: dataDir });
    const up = await p.waitForLog((l) => l.msg === 'Tend is up in local mode (no Slack credentials): messages go to the outbox');
    const health = await fetch(`http://127.0.0.1:${up.port}/healthz`);
    expect(health.status).toBe(200);
    const { rows } = await db.pool.query('select count(*)::int as n from "_prisma_migrations" where finished_at is not null');
    expect(rows[0].n).toBeGreaterThan(0);
    const t0 = Date.now();
    p.child.kill('SIGTERM');
    const { code, at } = await p.exited;
    expect(code).toBe(0);
    // kept: `docker stop` and most orchestrators SIGKILL 10 s after SIGTERM, so a clean stop must
    // come sooner (TEND_SHUTDOWN_MS defaults to 9 s); an idle process stops in about a second
    expect(at - t0).toBeLessThan(10_000);
    expect(p.logs().some((l) => l.msg === 'stopped cleanly')).toBe(true);
  });

  it('with DATABASE_URL unset, starts, migrates and uses an embedded PostgreSQL under the data folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tend-embedded-'));
    const p = startProcess({ REDIS_URL: TEST_REDIS_URL, PORT: '0', TEND_QUEUE_PREFIX: prefix, TEND_DATA_DIR: dataDir, TEND_ROLES: 'web' });
    try {
      const started = await p.waitForLog((l) => l.msg === 'embedded PostgreSQL started', 120_000);
      expect(started.databaseDir).toBe(path.join(dataDir, 'postgres'));
      const up = await p.waitForLog((l) => String(l.msg).startsWith('Tend is up'), 60_000);
      const health = await fetch(`http://127.0.0.1:${up.port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up', redis: 'up' });
      // its password was made at random on first start and kept owner-only in the data folder
      const passwordFile = path.join(dataDir, 'postgres.password');
      expect(started.passwordFile).toBe(passwordFile);
      expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
      const password = (await readFile(passwordFile, 'utf8')).trim();
      expect(password).not.toBe('tend-local');
      expect(password.length).toBeGreaterThanOrEqual(32);
      const fixed = new pg.Client({ connectionString: `postgresql://tend:tend-local@127.0.0.1:${started.port}/tend` });
      await expect(fixed.connect()).rejects.toMatchObject({ code: '28P01' });
      const client = new pg.Client({ host: '127.0.0.1', port: Number(started.port), user: 'tend', password, database: 'tend' });
      await client.connect();
      const { rows } = await client.query('select count(*)::int as n from workspace');
      expect(rows[0].n).toBe(0);
      await client.end();
    } finally {
      p.child.kill('SIGTERM');
      const { code } = await p.exited;
      expect(code).toBe(0);
    }
  }, 240_000);
});

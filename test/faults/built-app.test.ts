// `npm start` runs the build (tsconfig.build.json → dist/), not the TypeScript sources: the
// compiled app must find its own files (migrations beside package.json, the chart thread's
// plain-JavaScript file) and boot, work and stop as the sources do.
import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/data/migrate.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { ROOT, startProcess } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';

const run = promisify(execFile);
// inside the package (under node_modules/.cache), so the build finds package.json above it as dist/ does
const OUT = path.join(ROOT, 'node_modules/.cache', `tend-build-${process.pid}`);
const prefix = testPrefix();
let db: TestDb;

beforeAll(async () => {
  db = await createTestDb({ migrate: false });
  await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', OUT, '--tsBuildInfoFile', path.join(OUT, '.tsbuildinfo')], { cwd: ROOT });
}, 120_000);
afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await dropPrefix(prefix);
  await db.drop();
});

describe('the build npm start runs', () => {
  it('boots every role (web, worker, scheduler), applies every migration, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const proc = startProcess(
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PORT: '0', TEND_QUEUE_PREFIX: prefix, TEND_DATA_DIR: `/tmp/tend-built-${process.pid}`, LOG_LEVEL: 'info' },
      path.join(OUT, 'src/bin/start.js'),
    );
    try {
      const up = await proc.waitForLog((l) => String(l.msg).startsWith('Tend is up'), 60_000);
      expect(up.roles).toEqual(expect.arrayContaining(['web', 'worker', 'scheduler']));
      expect((await fetch(`http://127.0.0.1:${up.port as number}/healthz`)).status).toBe(200);
      const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory());
      const applied = await db.pool.query('select count(*)::int as n from _prisma_migrations where finished_at is not null');
      expect(applied.rows[0].n).toBe(dirs.length);
      proc.child.kill('SIGTERM');
      expect((await proc.exited).code).toBe(0);
    } finally {
      proc.child.kill('SIGKILL');
    }
  }, 90_000);

  it('draws a chart through the copied worker-thread file', async () => {
    const script = `const { vegaLiteToSvg } = await import(${JSON.stringify(path.join(OUT, 'src/charts/render.js'))});
      const svg = await vegaLiteToSvg({ data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
      process.stdout.write(svg.slice(0, 4));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
    expect(stdout).toBe('<svg');
  }, 60_000);
});

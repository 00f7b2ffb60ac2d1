// Runs Tend as a real child process (as `npm start` does) and reads its JSON logs.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOT_TOKEN, SIGNING_SECRET } from './app.ts';
import { TEST_REDIS_URL } from './env.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Proc = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  logs: () => Record<string, unknown>[];
  waitForLog(match: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
};

// A suite run under libfaketime (to check tests at another hour of the day) shifts its child
// processes' clocks too, or they would refuse the test's signed requests as hours old.
function fakedClock(): Record<string, string> {
  const keep = ['LD_PRELOAD', 'FAKETIME', 'DONT_FAKE_MONOTONIC', 'FAKETIME_DISABLE_SHM'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

/** `script`: a TypeScript source (run through tsx, as the tests do) or a built .js file (run as `npm start` does). */
export function startProcess(env: Record<string, string>, script = 'src/bin/start.ts'): Proc {
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', script] : [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...fakedClock(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const logs = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    async waitForLog(match, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const hit = logs().find(match);
        if (hit) return hit;
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}): ${err || out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no matching log line within ${timeoutMs} ms:\n${out}\n${err}`);
    },
  };
}

/** The environment of a Tend child process on a test's database and queue prefix (and fake Slack). */
export function tendEnv(o: { databaseUrl: string; prefix: string; roles: string; slackApiUrl?: string }): Record<string, string> {
  return {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    TEND_QUEUE_PREFIX: o.prefix,
    TEND_ROLES: o.roles,
    TEND_DATA_DIR: `/tmp/${o.prefix}`,
    LOG_LEVEL: 'info',
    ...(o.slackApiUrl ? { SLACK_API_URL: o.slackApiUrl, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET } : {}),
  };
}

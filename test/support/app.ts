// Boots a real Tend in-process for a test file: its own Postgres schema and Redis prefix,
// Slack pointed at a fake when one is given.
import { boot, type BootOverrides, type Running } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDb, type TestDb } from './db.ts';
import { TEST_REDIS_URL } from './env.ts';
import { dropPrefix, testPrefix } from './redis.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test';

export type TestApp = {
  running: Running;
  db: TestDb;
  prefix: string;
  url: string;
  stop(): Promise<void>;
};

/** Env for a Tend distributed over OAuth (many workspaces, tokens sealed with `encryptionKey`) against a fake Slack. */
export function oauthEnv(slackApiUrl: string, encryptionKey: string): Record<string, string> {
  return {
    SLACK_API_URL: slackApiUrl,
    SLACK_CLIENT_ID: 'cid.123',
    SLACK_CLIENT_SECRET: 'csecret',
    SLACK_STATE_SECRET: 'state-secret-for-tests',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    TEND_ENCRYPTION_KEY: encryptionKey,
  };
}

export async function startTestApp(
  opts: { slackApiUrl?: string; roles?: string; env?: Record<string, string> } & BootOverrides = {},
): Promise<TestApp> {
  const db = await createTestDb();
  const prefix = testPrefix();
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    TEND_QUEUE_PREFIX: prefix,
    TEND_ROLES: opts.roles ?? 'web,worker',
    TEND_DATA_DIR: `/tmp/${prefix}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(opts.slackApiUrl ? { SLACK_API_URL: opts.slackApiUrl, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET } : {}),
    ...opts.env,
  };
  const config = loadConfig(env);
  const running = await boot(config, { log: createLogger(config.logLevel), ...opts });
  return {
    running,
    db,
    prefix,
    url: `http://127.0.0.1:${running.port}`,
    async stop() {
      await running.stop();
      await db.drop();
      await dropPrefix(prefix);
    },
  };
}

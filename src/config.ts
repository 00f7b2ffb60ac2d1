// The one place that reads the environment. Everything else receives a Config.
import cron from 'node-cron';
import { z } from 'zod';

const roles = ['web', 'worker', 'scheduler'] as const;
export type Role = (typeof roles)[number];

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.join(' or ')} URL, e.g. ${example}`);

const schema = z
  .object({
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^xox[bp]-/.test(v), {
      message: 'must be a bot token starting with "xoxb-" (Slack app settings → OAuth & Permissions)',
    }),
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with "xapp-" (Slack app settings → Basic Information → App-Level Tokens: scope connections:write for Socket Mode, authorizations:read for shared channels with OAuth)',
    }),
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    SLACK_STATE_SECRET: optionalText,
    TEND_ADMIN_USER: optionalText,
    // the dashboard can retry and delete jobs: a password an attacker cannot guess online
    TEND_ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters; make one with: openssl rand -base64 24',
    }),
    TEND_ADMIN_READ_WRITE: z.enum(['true', 'false'], { message: 'must be "true" or "false"' }).default('false'),
    TEND_ADMIN_ON: z.enum(['public', 'internal'], { message: 'must be "public" (PORT) or "internal" (TEND_METRICS_PORT)' }).default('public'),
    // the internal listener (metrics, optionally the dashboard): off unless a port is given
    TEND_METRICS_PORT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce
        .number({ message: 'must be a port number, e.g. TEND_METRICS_PORT=9464' })
        .int('must be a whole number, e.g. TEND_METRICS_PORT=9464')
        .min(0, 'must be between 0 and 65535, e.g. TEND_METRICS_PORT=9464')
        .max(65535, 'must be between 0 and 65535, e.g. TEND_METRICS_PORT=9464')
        .optional(),
    ),
    TEND_METRICS_HOST: z.string().trim().min(1, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
    TEND_METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters; make one with: openssl rand -hex 24',
    }),
    // how often the gauges (queue depths, nudges by state, event-loop delay) are refreshed
    TEND_METRICS_REFRESH_SEC: z.coerce.number({ message: 'must be a number of seconds, e.g. 30' }).int().min(1, 'must be at least 1').default(30),
    SLACK_API_URL: url(['http:', 'https:'], 'https://slack.com/api/').default('https://slack.com/api/'),
    DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://user@127.0.0.1:5432/tend').optional(),
    REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
    PORT: z.coerce
      .number({ message: 'must be a port number, e.g. PORT=3000' })
      .int('must be a whole number, e.g. PORT=3000')
      .min(0, 'must be between 0 and 65535, e.g. PORT=3000')
      .max(65535, 'must be between 0 and 65535, e.g. PORT=3000')
      .default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TEND_ROLES: z
      .string()
      .default('web,worker,scheduler')
      .transform((v, ctx) => {
        const list = v.split(',').map((r) => r.trim()).filter(Boolean);
        const bad = list.filter((r) => !(roles as readonly string[]).includes(r));
        if (bad.length > 0 || list.length === 0) {
          ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${roles.join(', ')} (got "${v}")` });
          return z.NEVER;
        }
        return [...new Set(list)] as Role[];
      }),
    TEND_DATA_DIR: z.string().default('.data'),
    // the embedded PostgreSQL is a laptop convenience; OAuth (production) mode needs this to use it
    TEND_ALLOW_EMBEDDED_POSTGRES: z.enum(['true', 'false'], { message: 'must be "true" or "false"' }).default('false'),
    TEND_QUEUE_PREFIX: z.string().regex(/^[\w:-]+$/, 'may hold letters, digits, "_", "-" and ":" only').default('tend'),
    TEND_ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), {
      message: 'must be 64 hex characters (32 bytes); make one with: openssl rand -hex 32',
    }),
    TEND_SHUTDOWN_MS: z.coerce.number().int().positive().default(9000),
    // scan parts one worker process runs at once: each holds its page pipeline in memory
    TEND_SCAN_CONCURRENCY: z.coerce.number().int().min(1, 'must be at least 1').max(16, 'must be at most 16').default(1),
    // active accounts per scan part: smaller parts spread one scan over more workers (tests use it to get several parts)
    TEND_SCAN_PART_SIZE: z.coerce
      .number({ message: 'must be a number of accounts, e.g. 100000' })
      .int('must be a whole number of accounts, e.g. 100000')
      .min(1_000, 'must be at least 1000 (each part pays a fixed cost)')
      .default(100_000),
    TEND_DB_SCHEMA: optionalText,
    // the scheduler's tick; tests run it every second or two
    TEND_SCHEDULER_CRON: z.string().refine((v) => cron.validate(v), 'must be a cron expression, e.g. "* * * * *"').default('* * * * *'),
    // crash reconciliation reads the bot's own recent messages: channel history is always asked
    // for (capture); an owner's DM needs im:history as well
    TEND_RECONCILE_WITH_HISTORY: z
      .enum(['true', 'false'], { message: 'must be "true" (then add im:history to the app) or "false"' })
      .default('false'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with SLACK_BOT_TOKEN (Slack app settings → Basic Information → Signing Secret)' });
    }
    if (env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET) {
      for (const [name, value, fix] of [
        ['SLACK_CLIENT_SECRET', env.SLACK_CLIENT_SECRET, 'Slack app settings → Basic Information → Client Secret'],
        ['SLACK_CLIENT_ID', env.SLACK_CLIENT_ID, 'Slack app settings → Basic Information → Client ID'],
        ['SLACK_SIGNING_SECRET', env.SLACK_SIGNING_SECRET, 'Slack app settings → Basic Information → Signing Secret'],
        ['SLACK_STATE_SECRET', env.SLACK_STATE_SECRET, 'any long random string, e.g. openssl rand -hex 32'],
        ['TEND_ENCRYPTION_KEY', env.TEND_ENCRYPTION_KEY, 'installed tokens are encrypted at rest; make one with openssl rand -hex 32'],
      ] as const) {
        if (!value) ctx.addIssue({ code: 'custom', path: [name], message: `is required for multi-workspace installs (${fix})` });
      }
      if (!env.DATABASE_URL && env.TEND_ALLOW_EMBEDDED_POSTGRES !== 'true') {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'is required for multi-workspace installs: set DATABASE_URL=postgresql://user:password@host:5432/tend (the embedded PostgreSQL under TEND_DATA_DIR is for one laptop; TEND_ALLOW_EMBEDDED_POSTGRES=true uses it anyway)',
        });
      }
    }
    if (env.TEND_ADMIN_ON === 'internal' && env.TEND_METRICS_PORT === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TEND_ADMIN_ON'], message: 'is "internal" but TEND_METRICS_PORT is not set: set TEND_METRICS_PORT (e.g. 9464) or TEND_ADMIN_ON=public' });
    }
    if (Boolean(env.TEND_ADMIN_USER) !== Boolean(env.TEND_ADMIN_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: [env.TEND_ADMIN_USER ? 'TEND_ADMIN_PASSWORD' : 'TEND_ADMIN_USER'], message: 'is required with the other TEND_ADMIN_ variable (both turn the queue dashboard on)' });
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN && !env.SLACK_CLIENT_ID) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required with SLACK_APP_TOKEN for Socket Mode (Slack app settings → OAuth & Permissions)' });
    }
  });

export type Config = {
  slack:
    | { mode: 'local' }
    | { mode: 'http'; signingSecret: string; botToken: string }
    | { mode: 'socket'; signingSecret: string; botToken: string; appToken: string }
    // appToken (optional, scope authorizations:read): which installations see a Slack Connect channel's event
    | { mode: 'oauth'; signingSecret: string; clientId: string; clientSecret: string; stateSecret: string; appToken?: string };
  /** The queue dashboard: basic auth, read-only unless readWrite, on the public or internal listener. */
  admin?: { user: string; password: string; readWrite: boolean; on: 'public' | 'internal' };
  /**
   * Prometheus metrics: on an internal listener (port, host) when a port is set, and on the
   * public port only behind a bearer token; neither set: not served at all.
   */
  metrics: { port?: number; host: string; token?: string; refreshSec: number };
  slackApiUrl: string;
  databaseUrl?: string;
  dbSchema?: string;
  redisUrl?: string;
  port: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  roles: Role[];
  dataDir: string;
  queuePrefix: string;
  encryptionKey?: Buffer;
  shutdownMs: number;
  scanConcurrency: number;
  scanPartSize: number;
  schedulerCron: string;
  /** Find a post whose outcome is unknown by its metadata (needs the history scopes) instead of giving it up. */
  reconcileWithHistory: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Reads and validates the environment; throws a ConfigError that names each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')} ${i.message}`));
  }
  const e = parsed.data;
  const slackApiUrl = e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`;
  let slack: Config['slack'] = { mode: 'local' };
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET && e.SLACK_SIGNING_SECRET) {
    slack = { mode: 'oauth', signingSecret: e.SLACK_SIGNING_SECRET, clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET, ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}) };
  } else if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) {
    slack = e.SLACK_APP_TOKEN
      ? { mode: 'socket', signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN }
      : { mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN };
  }
  return {
    slack,
    slackApiUrl,
    admin:
      e.TEND_ADMIN_USER && e.TEND_ADMIN_PASSWORD
        ? { user: e.TEND_ADMIN_USER, password: e.TEND_ADMIN_PASSWORD, readWrite: e.TEND_ADMIN_READ_WRITE === 'true', on: e.TEND_ADMIN_ON }
        : undefined,
    metrics: { port: e.TEND_METRICS_PORT, host: e.TEND_METRICS_HOST, token: e.TEND_METRICS_TOKEN, refreshSec: e.TEND_METRICS_REFRESH_SEC },
    databaseUrl: e.DATABASE_URL,
    dbSchema: e.TEND_DB_SCHEMA,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    roles: e.TEND_ROLES,
    dataDir: e.TEND_DATA_DIR,
    queuePrefix: e.TEND_QUEUE_PREFIX,
    encryptionKey: e.TEND_ENCRYPTION_KEY ? Buffer.from(e.TEND_ENCRYPTION_KEY, 'hex') : undefined,
    shutdownMs: e.TEND_SHUTDOWN_MS,
    scanConcurrency: e.TEND_SCAN_CONCURRENCY,
    scanPartSize: e.TEND_SCAN_PART_SIZE,
    schedulerCron: e.TEND_SCHEDULER_CRON,
    reconcileWithHistory: e.TEND_RECONCILE_WITH_HISTORY === 'true',
  };
}

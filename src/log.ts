// Structured JSON logs (pino); child loggers carry workspace and job ids. Secrets never reach
// a log line: fields named like secrets are redacted by path, Slack tokens and URL passwords
// are censored inside any string (messages, error texts, nested values), and Slack's own
// clients (Bolt, the Web API client) log through the same pino logger.
import { format } from 'node:util';
import type { Logger as SlackLogger, LogLevel as SlackLogLevel } from '@slack/bolt';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'token',
  'botToken',
  'userToken',
  'appToken',
  'accessToken',
  'refreshToken',
  'password',
  'secret',
  'clientSecret',
  'signingSecret',
  'stateSecret',
  'encryptionKey',
  'authorization',
  'cookie',
];
const SECRET_HEADERS = ['authorization', 'cookie', '["x-slack-signature"]', '["proxy-authorization"]'];

/** pino redaction paths: secret-named fields up to three levels deep, and request headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...SECRET_HEADERS.flatMap((h) => {
    const tail = h.startsWith('[') ? h : `.${h}`;
    return [`headers${tail}`, `*.headers${tail}`, `req.headers${tail}`];
  }),
];

// xoxb-, xoxp-, xoxa-, xoxr-, xoxe.xoxp- (rotating), xapp- …: Slack's token prefixes.
const SLACK_TOKEN = /\b(xox[a-z]|xapp)([-.])[A-Za-z0-9.-]+/g;
// scheme://user:password@host → the password goes, the rest stays readable; up to the last
// "@" before the path, so a password with an unescaped "@" goes whole
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]*:)[^\s/]+@/gi;

/** Censors Slack tokens and URL passwords inside free text. */
export function scrubSecrets(text: string): string {
  return text.replace(SLACK_TOKEN, '$1$2[redacted]').replace(URL_PASSWORD, '$1[redacted]@');
}

/** A connection URL fit for a log line: everything but the password. */
export function safeUrl(url: string): string {
  try {
    // parsed, so a password with an unescaped "@" goes whole; the placeholder survives escaping
    const u = new URL(url);
    if (!u.password) return url;
    u.password = 'redacted';
    return u.toString().replace(':redacted@', ':[redacted]@');
  } catch {
    return scrubSecrets(url);
  }
}

// Walks what a log call was given and censors strings; copies only what it changes.
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
    // its own fields too (a Slack error's data, a driver's detail), not only message and stack
    for (const [k, v] of Object.entries(value)) (copy as unknown as Record<string, unknown>)[k] = scrub(v, depth - 1);
    copy.message = scrubSecrets(value.message);
    if (value.stack) copy.stack = scrubSecrets(value.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth - 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value; // Dates, Buffers, class instances
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth - 1);
  return out;
}

export function createLogger(level: string, name = 'tend', destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS },
      formatters: { log: (obj) => scrub(obj, 4) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

const SLACK_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/**
 * Slack's Logger interface (Bolt, @slack/web-api, @slack/oauth) over a pino logger, so their
 * lines are JSON, leveled and censored like ours. Construct Bolt's App with
 * `logLevel: logger.getLevel()`, or it resets the level to info.
 */
export function slackLogger(parent: Logger, component: string): SlackLogger {
  const log = parent.child({ component });
  const line = (level: (typeof SLACK_LEVELS)[number]) => (...msg: unknown[]) => {
    if (log.isLevelEnabled(level)) log[level](format(...msg));
  };
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    // LOG_LEVEL rules: a Slack library may ask for fewer lines than the operator chose, never more
    setLevel: (level) => {
      if (log.levels.values[level]! >= parent.levelVal) log.level = level;
    },
    getLevel: () => {
      // Slack knows four levels: pino's quieter ones map to error, trace to debug
      const l = log.level;
      const known = (SLACK_LEVELS as readonly string[]).includes(l) ? l : l === 'trace' ? 'debug' : 'error';
      return known as SlackLogLevel;
    },
    setName: (name) => {
      log.setBindings({ component: name });
    },
  };
}

// Gathers what `npm run doctor` judges: the environment as src/config.ts reads it, Postgres
// (DATABASE_URL or the embedded one), migrations, Redis, Slack (auth.test, granted scopes,
// channel membership) and each workspace's settings and last runs. Read-only: it never
// migrates, posts or enqueues. The verdicts come from ./checks.ts.
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { WebClient } from '@slack/web-api';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createDb, type Db } from '../data/db.ts';
import { migrationState, reachDatabase, workspaceHealth, type WorkspaceHealth } from '../data/doctor.ts';
import { loadDigestSettings } from '../data/digest.ts';
import { embeddedPostgresExists, runningEmbeddedPostgresUrl, startEmbeddedPostgres } from '../data/embedded-postgres.ts';
import { botTokenForWorkspace } from '../data/installations.ts';
import { safeUrl, slackLogger } from '../log.ts';
import { DEFAULT_REDIS_URL } from '../queue/redis.ts';
import { BOT_SCOPES } from '../slack/app.ts';
import { SCAN_TIME } from '../../jobs/scheduler.ts';
import * as c from './checks.ts';
import { slackErrorCode } from '../domain/slack-errors.ts';

export type Section = { title: string; checks: c.Check[] };
export type DoctorOptions = { now?: Date; nodeVersion?: string };

const quiet = pino({ level: 'silent' });

/** Config errors become doctor lines; the variables they name are dropped so the rest can still be checked. */
function readConfig(env: NodeJS.ProcessEnv): { config?: Config; problems: string[] } {
  const problems: string[] = [];
  let e = { ...env };
  for (let i = 0; i < 5; i++) {
    try {
      return { config: loadConfig(e), problems };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      const names = new Set(err.problems.map((p) => p.split(' ')[0]!));
      if (![...names].some((n) => n in e)) break; // a missing variable: removing more cannot help
      e = Object.fromEntries(Object.entries(e).filter(([k]) => !names.has(k)));
    }
  }
  return { problems };
}

const message = (err: unknown) => ((err as Error)?.message ?? String(err)).split('\n')[0]!;
const slackError = (err: unknown): string => slackErrorCode(err) ?? (err as { code?: string }).code ?? message(err);

async function pingRedis(url: string): Promise<string | undefined> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // the socket's own error (ECONNREFUSED…) says more than connect()'s "Connection is closed"
  let first: string | undefined;
  r.on('error', (err) => (first ??= message(err)));
  try {
    await r.connect();
    return (await r.ping()) === 'PONG' ? undefined : 'no PONG';
  } catch (err) {
    return first ?? message(err);
  } finally {
    r.disconnect();
  }
}

async function redisFacts(config: Config): Promise<c.RedisFacts> {
  if (config.redisUrl) return { source: 'REDIS_URL', url: safeUrl(config.redisUrl), error: await pingRedis(config.redisUrl) };
  const error = await pingRedis(DEFAULT_REDIS_URL);
  if (!error) return { source: 'default', url: DEFAULT_REDIS_URL };
  const v = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  const redisServer = v.status === 0 ? (/v=(\S+)/.exec(v.stdout)?.[1] ? `redis-server ${/v=(\S+)/.exec(v.stdout)![1]}` : 'redis-server') : undefined;
  return { source: 'default', url: DEFAULT_REDIS_URL, error, ...(redisServer ? { redisServer } : {}) };
}

/** Opens the database read-only-ish (no migrations): DATABASE_URL, the running embedded one, or the embedded one started for the check. */
async function openDb(config: Config): Promise<{ facts: c.PostgresFacts; db?: Db; close(): Promise<void>; missing?: boolean }> {
  let url = config.databaseUrl;
  let stop = async () => {};
  const source = url ? 'DATABASE_URL' : 'embedded';
  if (!url) {
    url = await runningEmbeddedPostgresUrl(config.dataDir);
    if (!url) {
      if (!embeddedPostgresExists(config.dataDir)) return { facts: { source, where: `${config.dataDir}/postgres` }, missing: true, close: async () => {} };
      try {
        const pg = await startEmbeddedPostgres(config.dataDir, quiet);
        url = pg.url;
        stop = () => pg.stop();
      } catch (err) {
        return { facts: { source, where: `${config.dataDir}/postgres`, error: message(err) }, close: async () => {} };
      }
    }
  }
  const where = (() => {
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'DATABASE_URL';
    }
  })();
  const db = createDb({ url, schema: config.dbSchema, max: 2, connectionTimeoutMillis: 3_000 });
  const close = async () => {
    await db.close();
    await stop();
  };
  try {
    await reachDatabase(db.pool);
    return { facts: { source, where }, db, close };
  } catch (err) {
    await close();
    return { facts: { source, where, error: message(err) }, close: async () => {} };
  }
}

type SlackSide = { client: WebClient; granted?: string[] };

/** auth.test tells whether the token works and, in its x-oauth-scopes header, what it may do. */
async function slackIdentity(token: string, config: Config, whose?: string): Promise<{ checks: c.Check[]; side?: SlackSide }> {
  // no retries: a doctor reports what Slack answers now
  const client = new WebClient(token, { slackApiUrl: config.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000, logger: slackLogger(quiet, 'slack-web-api') });
  try {
    const r = await client.auth.test();
    const granted = (r.response_metadata as { scopes?: string[] } | undefined)?.scopes;
    const auth: c.AuthFacts = { ok: true, team: String(r.team ?? ''), teamId: String(r.team_id ?? ''), botUser: String(r.user ?? ''), botUserId: String(r.user_id ?? '') };
    return { checks: [c.authCheck(auth, whose), c.scopesCheck(granted, BOT_SCOPES)], side: { client, ...(granted ? { granted } : {}) } };
  } catch (err) {
    const code = slackError(err);
    // a request that never got an answer: say why (refused, DNS, timeout) rather than the wrapper's code
    const original = (err as { original?: { code?: string; message?: string } }).original;
    const error = code === 'slack_webapi_request_error' && original ? `no answer from ${config.slackApiUrl} (${original.code ?? original.message})` : code;
    return { checks: [c.authCheck({ ok: false, error }, whose)] };
  }
}

const kindOf = (channel: string) => (channel.startsWith('G') ? 'groups' : channel.startsWith('D') ? 'im' : 'channels');

/**
 * conversations.info says is_member, with channels:read / groups:read (asked for since
 * channel capture; an app created before may lack them); without it, a one-message conversations.history answers not_in_channel for a
 * channel the bot is not in (with the *:history scopes). With neither, membership is unknown.
 */
async function membership(side: SlackSide, channel: string): Promise<c.Membership> {
  try {
    const r = await side.client.conversations.info({ channel });
    const ch = r.channel as { is_member?: boolean; is_archived?: boolean; is_im?: boolean; is_ext_shared?: boolean } | undefined;
    if (ch?.is_archived) return { state: 'archived' };
    if (ch?.is_ext_shared) return { state: 'shared_out' };
    return { state: ch?.is_member || ch?.is_im ? 'member' : 'not_member' };
  } catch (err) {
    const code = slackError(err);
    if (code === 'channel_not_found') return { state: 'not_found' };
    if (code !== 'missing_scope') return { state: 'unknown', reason: `conversations.info answered ${code}` };
  }
  try {
    await side.client.conversations.history({ channel, limit: 1 });
    return { state: 'member' };
  } catch (err) {
    const code = slackError(err);
    if (code === 'not_in_channel') return { state: 'not_member' };
    if (code === 'channel_not_found') return { state: 'not_found' };
    if (code === 'is_archived') return { state: 'archived' };
    if (code === 'missing_scope') return { state: 'unknown', reason: `the token has neither ${kindOf(channel)}:read nor ${kindOf(channel)}:history`, needed: `${kindOf(channel)}:read` };
    return { state: 'unknown', reason: `conversations.history answered ${code}` };
  }
}

async function workspaceSection(ws: WorkspaceHealth, db: Db, config: Config, shared: SlackSide | undefined, now: Date): Promise<Section> {
  const title = `workspace ${ws.name ?? ws.teamId} (${ws.teamId})`;
  if (ws.status !== 'active') return { title, checks: [c.inactiveCheck()] };
  const checks: c.Check[] = [];
  let side = shared;
  if (config.slack.mode === 'oauth') {
    try {
      const token = await botTokenForWorkspace(db.prisma, config.encryptionKey!, ws.id);
      const id = await slackIdentity(token, config, 'installation');
      checks.push(...id.checks);
      side = id.side;
    } catch (err) {
      checks.push({ status: 'fail', item: 'Slack installation', detail: message(err), fix: 'install the app in that workspace again from https://<your host>/slack/install' });
    }
  }
  const channelLine = async (what: 'nudge channel' | 'digest channel', channel: string) => {
    if (side) checks.push(c.channelCheck(what, channel, await membership(side, channel)));
    else if (config.slack.mode !== 'local') checks.push(c.channelCheck(what, channel, { state: 'unknown', reason: 'no working Slack token' }));
    else checks.push({ status: 'ok', item: `${what} <#${channel}>`, detail: 'set (local mode: not checked in Slack)' });
  };
  const target = c.nudgeTargetCheck(ws);
  if (target) checks.push(target);
  else await channelLine('nudge channel', ws.nudgeChannelId!);
  const digest = await loadDigestSettings(db.pool, ws.id);
  const recipients = c.digestRecipientsCheck({ digestChannelId: ws.digestChannelId, digestUserIds: digest?.digestUserIds ?? ws.digestUserIds, managerUserIds: digest?.managerUserIds ?? [] });
  if (recipients) checks.push(recipients);
  else await channelLine('digest channel', ws.digestChannelId!);
  if (config.slack.mode === 'http' || config.slack.mode === 'oauth') checks.push(c.eventsCheck(ws.lastEventAt, now));
  checks.push(c.lastRunCheck('scan', ws.lastScanAt, now, `${SCAN_TIME} ${ws.timezone}`));
  checks.push(c.lastRunCheck('digest', ws.lastDigestAt, now, `${ws.digestTime} ${ws.timezone}`));
  return { title, checks };
}

export async function runDoctor(env: NodeJS.ProcessEnv = process.env, o: DoctorOptions = {}): Promise<Section[]> {
  const now = o.now ?? new Date();
  const { config, problems } = readConfig(env);
  const tend: Section = { title: 'Tend', checks: [c.nodeCheck(o.nodeVersion ?? process.version), ...c.configChecks(problems.length ? problems : null)] };
  if (!config) return [tend];

  const services: Section = { title: 'services', checks: [] };
  const slack: Section = { title: 'Slack', checks: [c.slackModeCheck(config.slack.mode)] };
  const sections = [tend, services, slack];
  const opened = await openDb(config);
  try {
    if (opened.missing) services.checks.push({ status: 'warn', item: 'PostgreSQL (embedded)', detail: `no cluster under ${config.dataDir}/postgres yet`, fix: 'npm start (or npm run db:migrate) creates it' });
    else services.checks.push(c.postgresCheck(opened.facts));
    const migrations = opened.db ? await migrationState(opened.db.pool) : undefined;
    if (migrations) services.checks.push(c.migrationsCheck(migrations));
    services.checks.push(c.redisCheck(await redisFacts(config)));

    let shared: SlackSide | undefined;
    const s = config.slack;
    if (s.mode === 'http' || s.mode === 'socket') {
      const id = await slackIdentity(s.botToken, config);
      slack.checks.push(...id.checks);
      shared = id.side;
    }
    // the workspace checks read tables a pending migration may not have made yet
    if (!opened.db || !migrations || migrations.pending.length || migrations.failed.length) return sections;
    const workspaces = await workspaceHealth(opened.db.pool);
    if (workspaces.length === 0) slack.checks.push(c.noWorkspaceCheck(s.mode));
    for (const ws of workspaces) sections.push(await workspaceSection(ws, opened.db, config, shared, now));
    return sections;
  } finally {
    await opened.close();
  }
}

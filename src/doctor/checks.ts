// `npm run doctor`'s judgements, pure: each takes what was observed (a version, an answer
// from Redis, Postgres or Slack, a workspace's settings) and returns one line's verdict with
// the fix when something is wrong. Nothing here does I/O; src/doctor/run.ts gathers the facts.
import type { DeliveryMode } from '../domain/vocabulary.ts';

export type Status = 'ok' | 'warn' | 'fail';
export type Check = { status: Status; item: string; detail: string; fix?: string };

const ok = (item: string, detail: string): Check => ({ status: 'ok', item, detail });
const warn = (item: string, detail: string, fix?: string): Check => ({ status: 'warn', item, detail, ...(fix ? { fix } : {}) });
const fail = (item: string, detail: string, fix: string): Check => ({ status: 'fail', item, detail, fix });

export const REQUIRED_NODE = '20.19.0';

function versionAtLeast(v: string, min: string): boolean {
  const a = v.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export function nodeCheck(version: string): Check {
  return versionAtLeast(version, REQUIRED_NODE)
    ? ok('Node.js', version)
    : fail('Node.js', `${version} is too old`, `install Node ${REQUIRED_NODE} or newer (e.g. nvm install 20)`);
}

/** One line per invalid variable, as src/config.ts names them ("NAME problem (fix)"). */
export function configChecks(problems: readonly string[] | null): Check[] {
  if (!problems) return [ok('configuration', 'environment variables are valid')];
  return problems.map((p) => {
    const [name, ...rest] = p.split(' ');
    return fail(`configuration ${name}`, rest.join(' '), `set ${name} as described (README "Configuration")`);
  });
}

export type PostgresFacts = { source: 'DATABASE_URL' | 'embedded'; where: string; error?: string };

/** PostgreSQL's own refusals of a login: the server is up, the user, password or database is wrong. */
const LOGIN_REFUSED = /role "[^"]*" does not exist|database "[^"]*" does not exist|password authentication failed|no pg_hba\.conf entry/i;

export function postgresCheck(f: PostgresFacts): Check {
  const item = `PostgreSQL (${f.source === 'embedded' ? 'embedded, under TEND_DATA_DIR' : 'DATABASE_URL'})`;
  if (!f.error) return ok(item, `reachable at ${f.where}`);
  if (f.source === 'DATABASE_URL' && LOGIN_REFUSED.test(f.error)) {
    return fail(item, `the server at ${f.where} refused the login: ${f.error}`,
      'fix the user, password or database name in DATABASE_URL (postgresql://user:password@host:5432/db), or create them on that server');
  }
  return fail(
    item,
    `not reachable at ${f.where}: ${f.error}`,
    f.source === 'embedded'
      ? 'delete a stale TEND_DATA_DIR/postgres/postmaster.pid if no Tend is running, or set DATABASE_URL to a PostgreSQL server'
      : 'start PostgreSQL there, or fix DATABASE_URL (postgresql://user:password@host:5432/db)',
  );
}

export function migrationsCheck(f: { pending: string[]; failed: string[]; edited: string[] }): Check {
  if (f.failed.length) return fail('migrations', `${f.failed.join(', ')} failed earlier`, `fix the database, then: npx prisma migrate resolve --rolled-back ${f.failed[0]}`);
  if (f.edited.length) return fail('migrations', `${f.edited.join(', ')} changed after it was applied`, 'restore the migration file as applied and add a new migration instead');
  if (f.pending.length) return fail('migrations', `${f.pending.length} not applied (${f.pending.slice(0, 3).join(', ')}${f.pending.length > 3 ? ', …' : ''})`, 'npm run db:migrate (npm start applies them too)');
  return ok('migrations', 'all applied');
}

export type RedisFacts =
  | { source: 'REDIS_URL'; url: string; error?: string }
  | { source: 'default'; url: string; error?: string; redisServer?: string };

export function redisCheck(f: RedisFacts): Check {
  if (!f.error) return ok(`Redis (${f.source === 'REDIS_URL' ? 'REDIS_URL' : 'default'})`, `answers at ${f.url}`);
  if (f.source === 'REDIS_URL') return fail('Redis (REDIS_URL)', `not reachable at ${f.url}: ${f.error}`, 'start Redis there, or fix REDIS_URL (redis://host:6379)');
  if (f.redisServer) return ok('Redis (started by Tend)', `nothing at ${f.url}; Tend starts its own ${f.redisServer} under TEND_DATA_DIR`);
  return fail('Redis', `nothing at ${f.url} and no redis-server installed`, 'install Redis (apt-get install redis-server / brew install redis) or set REDIS_URL=redis://host:6379');
}

export type SlackMode = 'local' | 'http' | 'socket' | 'oauth';

export function slackModeCheck(mode: SlackMode): Check {
  switch (mode) {
    case 'local':
      return warn('Slack', 'local mode (no Slack credentials): messages go to TEND_DATA_DIR/outbox.jsonl, not to Slack', 'to connect Slack, follow README "Connect a real Slack workspace"');
    case 'socket':
      return ok('Slack connection', 'Socket Mode (SLACK_APP_TOKEN): Tend opens the connection, no public URL needed; create the app from manifest.socket.yml');
    case 'http':
    case 'oauth':
      return warn(
        'Slack connection',
        'request URL: Slack posts commands, clicks and events to https://<your host>/slack/events',
        'until Event Subscriptions shows that Request URL as Verified (Tend running), Slack sends no events: open it in the app settings and click Retry',
      );
  }
}

export type AuthFacts = { ok: true; team: string; teamId: string; botUser: string; botUserId: string } | { ok: false; error: string };

const AUTH_FIXES: Record<string, string> = {
  invalid_auth: 'the token is not valid: copy the Bot User OAuth Token (xoxb-…) from the app settings → OAuth & Permissions into SLACK_BOT_TOKEN',
  not_authed: 'no token was sent: set SLACK_BOT_TOKEN (app settings → OAuth & Permissions → Bot User OAuth Token)',
  token_revoked: 'the token was revoked (app uninstalled?): reinstall the app (OAuth & Permissions → Install to Workspace) and use the new token',
  account_inactive: 'the token belongs to a deleted user or an uninstalled app: reinstall the app and use the new token',
  token_expired: 'the token expired (token rotation is on): turn token rotation off in the app settings, or reinstall',
};

export function authCheck(f: AuthFacts, whose = 'bot token'): Check {
  const item = `Slack ${whose}`;
  if (f.ok) return ok(item, `team ${f.team} (${f.teamId}), bot user @${f.botUser} (${f.botUserId})`);
  return fail(item, `auth.test answered ${f.error}`, AUTH_FIXES[f.error] ?? 'check SLACK_API_URL and the network, then run the doctor again');
}

/** Granted scopes (Slack's x-oauth-scopes) against the ones Tend asks for; extra scopes are fine. */
export function scopesCheck(granted: readonly string[] | undefined, wanted: readonly string[]): Check {
  if (!granted) return warn('Slack scopes', 'Slack did not say which scopes the token has', 'compare OAuth & Permissions → Scopes with manifest.yml by hand');
  const missing = wanted.filter((s) => !granted.includes(s));
  if (missing.length === 0) return ok('Slack scopes', `all ${wanted.length} granted`);
  return fail(
    'Slack scopes',
    `missing ${missing.join(', ')}`,
    'add them to the app (paste manifest.yml under App Manifest, or OAuth & Permissions → Bot Token Scopes), then Reinstall to Workspace and use the new token',
  );
}

export type Membership =
  | { state: 'member' | 'not_member' | 'not_found' | 'archived' | 'shared_out' }
  | { state: 'unknown'; reason: string; needed?: string };

export function channelCheck(what: 'nudge channel' | 'digest channel', channel: string, m: Membership): Check {
  const item = `${what} <#${channel}>`;
  const invite = `in Slack, /invite @Tend in that channel (or pick another in /tend settings)`;
  switch (m.state) {
    case 'member':
      return ok(item, 'the bot is a member');
    case 'not_member':
      return fail(item, 'the bot is not a member: posts there fail with not_in_channel', invite);
    case 'not_found':
      return fail(item, 'not found (deleted, or private without the bot)', invite);
    case 'archived':
      return fail(item, 'archived', 'pick another channel in /tend settings');
    case 'shared_out':
      return fail(item, 'shared with another organisation (Slack Connect): a customer there may read what Tend posts', 'pick a channel only your team is in, in /tend settings');
    case 'unknown':
      return warn(item, `membership not checked: ${m.reason}`, m.needed ? `make sure @Tend was invited there; with the ${m.needed} scope the doctor can check it` : 'make sure @Tend was invited there');
  }
}

export function nudgeTargetCheck(s: { deliveryMode: DeliveryMode; nudgeChannelId: string | null }): Check | null {
  if (s.deliveryMode === 'owner_dm') return ok('nudges', 'sent to each account owner by DM');
  if (!s.nudgeChannelId) return fail('nudge channel', 'not set: nudges have nowhere to go', 'in Slack, invite @Tend to a channel, then /tend settings and pick it');
  return null; // set: the channel check says the rest
}

export function digestRecipientsCheck(s: { digestChannelId: string | null; digestUserIds: string[]; managerUserIds: string[] }): Check | null {
  if (s.digestChannelId) return null; // a channel: its membership check says the rest
  if (s.digestUserIds.length) return ok('digest recipients', `${s.digestUserIds.length} by DM`);
  if (s.managerUserIds.length) return ok('digest recipients', `${s.managerUserIds.length} manager(s) by DM`);
  return fail('digest recipients', 'none: the daily digest is sent to nobody', 'in Slack, /tend settings and pick digest recipients or a digest channel');
}

function ago(at: Date, now: Date): string {
  const min = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  if (min < 60) return `${min} min ago`;
  if (min < 48 * 60) return `${Math.round(min / 60)} h ago`;
  return `${Math.round(min / 1440)} days ago`;
}

export function lastRunCheck(kind: 'scan' | 'digest', at: Date | null, now: Date, when: string): Check {
  const item = `last ${kind}`;
  if (at) {
    const stale = now.getTime() - at.getTime() > 2 * 24 * 3600_000;
    const detail = `${at.toISOString().replace(/\.\d+Z$/, 'Z')} (${ago(at, now)})`;
    return stale ? warn(item, `${detail}: none in two days`, 'is a worker and a scheduler running (npm start, or TEND_ROLES=worker / scheduler)?') : ok(item, detail);
  }
  return warn(item, `none yet (due daily at ${when})`, kind === 'scan' ? 'keep Tend running (worker and scheduler roles), or run /tend scan in Slack' : 'keep Tend running (worker and scheduler roles), or run /tend digest in Slack');
}

/** Request-URL mode only: Slack events recorded in the last day (ids are kept for a day). */
export function eventsCheck(lastEventAt: Date | null, now: Date): Check {
  if (lastEventAt) return ok('Slack events', `last received ${ago(lastEventAt, now)}`);
  return warn('Slack events', 'none received in the last day', 'if the Home tab stays blank and reactions do nothing, verify the Request URL under Event Subscriptions in the app settings');
}

export function inactiveCheck(): Check {
  return warn('status', 'inactive: the app was uninstalled or lost access; no scans or digests', 'reinstall the app in that workspace (or /slack/install) to bring it back');
}

export function noWorkspaceCheck(mode: SlackMode): Check {
  return warn('workspaces', 'none yet: Tend learns a workspace from its first Slack request', mode === 'local' ? 'npm run demo shows Tend with demo data' : 'in Slack, invite @Tend to a channel and run /tend settings');
}

export function exitCode(checks: readonly Check[]): number {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

const MARK: Record<Status, string> = { ok: '✓', warn: '!', fail: '✗' };

/** One line per check; a failure or warning carries its fix after an arrow. */
export function formatCheck(c: Check, indent = ''): string {
  return `${indent}${MARK[c.status]} ${c.item}: ${c.detail}${c.fix ? ` → ${c.fix}` : ''}`;
}

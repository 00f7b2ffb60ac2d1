import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to local mode on port 3000 with all roles', () => {
    const c = loadConfig({});
    expect(c.slack.mode).toBe('local');
    expect(c.port).toBe(3000);
    expect(c.roles).toEqual(['web', 'worker', 'scheduler']);
    expect(c.slackApiUrl).toBe('https://slack.com/api/');
    expect(c.databaseUrl).toBeUndefined();
  });

  it('chooses HTTP mode with a bot token and signing secret, Socket Mode with an app token too', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
  });

  it('keeps an app-level token with OAuth (which installations see a shared channel), with no bot token asked for', () => {
    const oauth = { SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 'st', SLACK_SIGNING_SECRET: 'sig', TEND_ENCRYPTION_KEY: 'ab'.repeat(32), DATABASE_URL: 'postgresql://x@h/db' };
    expect(loadConfig({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({ mode: 'oauth', appToken: 'xapp-1' });
    expect(loadConfig(oauth).slack).not.toHaveProperty('appToken');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3.5' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ SLACK_BOT_TOKEN: 'abc', SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_APP_TOKEN: 'xoxb-nope' }, 'SLACK_APP_TOKEN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TEND_ROLES: 'web,cook' }, 'TEND_ROLES'],
    [{ TEND_ENCRYPTION_KEY: 'short' }, 'TEND_ENCRYPTION_KEY'],
    [{ TEND_SCAN_CONCURRENCY: '0' }, 'TEND_SCAN_CONCURRENCY'],
    [{ TEND_SCAN_CONCURRENCY: 'many' }, 'TEND_SCAN_CONCURRENCY'],
    [{ TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: 'fifteen-chars-x' }, 'TEND_ADMIN_PASSWORD'],
    [{ TEND_ADMIN_USER: 'ops' }, 'TEND_ADMIN_PASSWORD'],
    [{ TEND_ADMIN_PASSWORD: 'a-long-enough-password' }, 'TEND_ADMIN_USER'],
    [{ TEND_ADMIN_READ_WRITE: 'yes' }, 'TEND_ADMIN_READ_WRITE'],
    [{ TEND_ADMIN_ON: 'internal' }, 'TEND_ADMIN_ON'],
    [{ TEND_ADMIN_ON: 'both' }, 'TEND_ADMIN_ON'],
    [{ TEND_METRICS_PORT: 'metrics' }, 'TEND_METRICS_PORT'],
    [{ TEND_METRICS_PORT: '70000' }, 'TEND_METRICS_PORT'],
    [{ TEND_METRICS_TOKEN: 'short' }, 'TEND_METRICS_TOKEN'],
    [{ TEND_METRICS_REFRESH_SEC: '0' }, 'TEND_METRICS_REFRESH_SEC'],
    [{ TEND_SCAN_PART_SIZE: '10' }, 'TEND_SCAN_PART_SIZE'],
    [{ TEND_SCAN_PART_SIZE: 'big' }, 'TEND_SCAN_PART_SIZE'],
    [{ TEND_RECONCILE_WITH_HISTORY: 'yes' }, 'TEND_RECONCILE_WITH_HISTORY'],
  ])('rejects %o naming %s', (env, variable) => {
    const found = problems(env as Record<string, string>);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((p) => p.startsWith(`${variable} `))).toHaveLength(1);
  });

  describe('the embedded PostgreSQL in OAuth (multi-workspace, production) mode', () => {
    const oauth = {
      SLACK_CLIENT_ID: 'cid.1',
      SLACK_CLIENT_SECRET: 'csecret',
      SLACK_STATE_SECRET: 'state',
      SLACK_SIGNING_SECRET: 's',
      TEND_ENCRYPTION_KEY: 'ab'.repeat(32),
    };

    it('is refused without DATABASE_URL, naming the variable and the fix', () => {
      const found = problems(oauth);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^DATABASE_URL is required for multi-workspace installs: set DATABASE_URL=postgresql:\/\//);
      expect(found[0]).toContain('TEND_ALLOW_EMBEDDED_POSTGRES=true');
    });

    it('is used only when explicitly allowed; DATABASE_URL needs no permission', () => {
      expect(loadConfig({ ...oauth, TEND_ALLOW_EMBEDDED_POSTGRES: 'true' }).databaseUrl).toBeUndefined();
      expect(loadConfig({ ...oauth, DATABASE_URL: 'postgresql://tend@db:5432/tend' }).slack.mode).toBe('oauth');
      expect(problems({ ...oauth, TEND_ALLOW_EMBEDDED_POSTGRES: 'false' }).map((p) => p.split(' ')[0])).toEqual(['DATABASE_URL']);
      expect(problems({ ...oauth, TEND_ALLOW_EMBEDDED_POSTGRES: 'yes' }).map((p) => p.split(' ')[0])).toEqual(['TEND_ALLOW_EMBEDDED_POSTGRES']);
    });

    it('stays the default of a single workspace and of local mode', () => {
      expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).databaseUrl).toBeUndefined();
      expect(loadConfig({}).databaseUrl).toBeUndefined();
    });
  });

  it('says how to fix a short admin password, and where to put the dashboard', () => {
    expect(problems({ TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: 'short' })).toEqual([
      'TEND_ADMIN_PASSWORD must be at least 16 characters; make one with: openssl rand -base64 24',
    ]);
    expect(problems({ TEND_ADMIN_ON: 'internal' })[0]).toMatch(/^TEND_ADMIN_ON .*set TEND_METRICS_PORT/);
  });

  it('serves no metrics and a read-only dashboard on the public port unless told otherwise', () => {
    const c = loadConfig({ TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: 'sixteen-chars-ok' });
    expect(c.metrics).toEqual({ port: undefined, host: '127.0.0.1', token: undefined, refreshSec: 30 });
    expect(c.admin).toEqual({ user: 'ops', password: 'sixteen-chars-ok', readWrite: false, on: 'public' });
    expect(loadConfig({ TEND_METRICS_PORT: '' }).metrics.port).toBeUndefined();
    const internal = loadConfig({ TEND_METRICS_PORT: '9464', TEND_METRICS_HOST: '0.0.0.0', TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: 'sixteen-chars-ok', TEND_ADMIN_ON: 'internal', TEND_ADMIN_READ_WRITE: 'true' });
    expect(internal.metrics).toMatchObject({ port: 9464, host: '0.0.0.0' });
    expect(internal.admin).toMatchObject({ readWrite: true, on: 'internal' });
  });

  it('runs one role alone when asked', () => {
    expect(loadConfig({ TEND_ROLES: 'worker' }).roles).toEqual(['worker']);
    expect(loadConfig({ TEND_ROLES: 'web, scheduler,web' }).roles).toEqual(['web', 'scheduler']);
  });
});

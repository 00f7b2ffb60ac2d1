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
  ])('rejects %o naming %s', (env, variable) => {
    const found = problems(env as Record<string, string>);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((p) => p.startsWith(`${variable} `))).toHaveLength(1);
  });

  it('runs one role alone when asked', () => {
    expect(loadConfig({ TEND_ROLES: 'worker' }).roles).toEqual(['worker']);
    expect(loadConfig({ TEND_ROLES: 'web, scheduler,web' }).roles).toEqual(['web', 'scheduler']);
  });
});

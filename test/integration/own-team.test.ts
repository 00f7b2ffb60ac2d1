// Single-token mode learns its team from auth.test at boot: a token Slack refuses stops the
// boot naming SLACK_BOT_TOKEN; Slack briefly unreachable does not, and the team is learned on
// the first request instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { SIGNING_SECRET, startTestApp } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';
import { postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0OWNTEAM1' } });
});
afterAll(async () => {
  await fake.close();
});

describe('single-token mode at boot', () => {
  it('stops with the variable and the fix when Slack refuses the bot token', async () => {
    const db = await createTestDb();
    const prefix = testPrefix();
    try {
      const config = loadConfig({
        DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PORT: '0', TEND_QUEUE_PREFIX: prefix, TEND_ROLES: 'web', TEND_DATA_DIR: `/tmp/${prefix}`, LOG_LEVEL: 'silent',
        SLACK_API_URL: fake.apiUrl, SLACK_BOT_TOKEN: 'xoxb-not-a-token-slack-knows', SLACK_SIGNING_SECRET: SIGNING_SECRET,
      });
      await expect(boot(config, { log: createLogger('silent') })).rejects.toThrow(/SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\): copy the Bot User OAuth Token/);
    } finally {
      await db.drop();
      await dropPrefix(prefix);
    }
  });

  it('boots when auth.test fails for a moment, and serves its team once Slack answers', async () => {
    fake.reset();
    fake.failNext('auth.test', { error: 'internal_error' });
    const app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web' });
    try {
      expect(fake.callsTo('auth.test')[0]).toMatchObject({ ok: false, error: 'internal_error' });
      const body = slashCommandBody({ command: '/log', text: 'Nobody: hi', team_id: 'T0OWNTEAM1', user_id: 'U0OWN00001', channel_id: 'C0OWN00001', response_url: fake.responseUrl('own'), trigger_id: triggerId() });
      const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
      expect(res.status).toBe(200);
      const raw = await res.text();
      const answer = raw || JSON.stringify((await fake.waitFor((_c, f) => f.responses('own')[0])).body);
      expect(answer).toContain("I don't know an account called");
      expect(await app.db.prisma.workspace.count({ where: { slackTeamId: 'T0OWNTEAM1' } })).toBe(1);
    } finally {
      await app.stop();
    }
  });
});

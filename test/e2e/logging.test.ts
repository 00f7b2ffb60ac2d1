// A running Tend at LOG_LEVEL=debug: Bolt, the Web API clients it makes for listeners and the
// boot's auth.test all write through our pino logger (JSON lines, tagged by component), and
// no line carries the bot token.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0LOGS0001' } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', log: createLogger('debug', 'tend', sink) });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

describe('Slack libraries log through pino', () => {
  it('tags Bolt\'s and the Web API client\'s lines, at our level, and never shows the token', async () => {
    const trigger = triggerId();
    const body = slashCommandBody({
      command: '/log', text: '', team_id: 'T0LOGS0001', user_id: 'U0LOGS0001', channel_id: 'C0LOGS0001',
      response_url: fake.responseUrl('logs'), trigger_id: trigger,
    });
    const res = await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    // the form opens through the client Bolt made for the listener
    await fake.waitFor((_c, f) => f.callsTo('views.open').find((c) => c.args.trigger_id === trigger) ?? null);

    const records = lines.map((l) => JSON.parse(l) as { component?: string; level: number; msg: string });
    const components = new Set(records.map((r) => r.component).filter(Boolean));
    expect(components).toContain('bolt');
    expect(components).toContain('slack-web-api');
    expect(records.some((r) => r.component === 'bolt' && r.level === 20)).toBe(true);
    expect(lines.join('\n')).not.toContain(BOT_TOKEN);
  });
});

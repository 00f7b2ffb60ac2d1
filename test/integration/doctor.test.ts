// `npm run doctor` against real Postgres and Redis and the fake Slack: a healthy setup passes,
// and each fault a user meets ("nothing happens") is one ✗ line naming the fix: a bad token,
// missing scopes, the bot not in the nudge channel, Redis down, a bad variable, migrations
// not applied. The CLI prints the lines and exits 1 on a failure.
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCode, formatCheck, postgresCheck, type Check } from '../../src/doctor/checks.ts';
import { runDoctor, type Section } from '../../src/doctor/run.ts';
import { BOT_SCOPES } from '../../src/slack/app.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEAM = 'T0TEND0001';
// A user who also granted channels:read lets the doctor read is_member from conversations.info.
const SCOPES = [...BOT_SCOPES, 'channels:read'];
let fake: FakeSlack;
let db: TestDb;
let closedPort: number;

beforeAll(async () => {
  fake = await startFakeSlack({
    scopes: SCOPES,
    tokens: ['xoxb-test', { token: 'xoxb-fewer-scopes', scopes: SCOPES.filter((s) => s !== 'reactions:read' && s !== 'files:write') }, { token: 'xoxb-tend-scopes', scopes: [...BOT_SCOPES] }, { token: 'xoxb-before-capture', scopes: BOT_SCOPES.filter((x) => !/^(channels|groups):|^team:/.test(x)) }],
    channels: { C0NUDGES01: {}, C0OUTSIDE1: { is_member: false }, C0SHARED01: { connected_team_ids: ['T0CUSTOMR1'] } },
  });
  db = await createTestDb();
  const now = Date.now();
  const ws = await db.prisma.workspace.create({ data: { slackTeamId: TEAM, name: 'Tend Test', nudgeChannelId: 'C0NUDGES01', digestUserIds: ['U0BOSS0001'] } });
  await db.prisma.scanRun.create({ data: { workspaceId: ws.id, localDate: '2026-11-29', parts: 1, context: {}, finishedAt: new Date(now - 3 * 3600_000) } });
  await db.prisma.digestRun.create({ data: { workspaceId: ws.id, localDate: '2026-11-29', sentAt: new Date(now - 2 * 3600_000) } });
  await db.prisma.slackEvent.create({ data: { workspaceId: ws.id, eventId: 'Ev0DOCTOR1' } });
  closedPort = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
});
afterAll(async () => {
  await db?.drop();
  await fake?.close();
});

function env(over: Record<string, string | undefined> = {}): Record<string, string> {
  const e: Record<string, string | undefined> = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    SLACK_API_URL: fake.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'doctor-signing-secret',
    TEND_DATA_DIR: '/tmp/tend-doctor-test',
    ...over,
  };
  return Object.fromEntries(Object.entries(e).filter((kv): kv is [string, string] => kv[1] !== undefined));
}

const all = (s: Section[]): Check[] => s.flatMap((x) => x.checks);
const failures = (s: Section[]): Check[] => all(s).filter((c) => c.status === 'fail');
const find = (s: Section[], item: RegExp): Check => {
  const c = all(s).find((x) => item.test(x.item));
  if (!c) throw new Error(`no check ${item}: ${all(s).map((x) => x.item).join(', ')}`);
  return c;
};

async function withNudgeChannel<T>(channel: string, fn: () => Promise<T>): Promise<T> {
  await db.prisma.workspace.update({ where: { slackTeamId: TEAM }, data: { nudgeChannelId: channel } });
  try {
    return await fn();
  } finally {
    await db.prisma.workspace.update({ where: { slackTeamId: TEAM }, data: { nudgeChannelId: 'C0NUDGES01' } });
  }
}

describe('npm run doctor', () => {
  it('passes a healthy setup, naming the team, the bot, the scopes, the channel and the last runs', async () => {
    const s = await runDoctor(env());
    expect(failures(s)).toEqual([]);
    expect(exitCode(all(s))).toBe(0);
    expect(find(s, /^Node/).status).toBe('ok');
    expect(find(s, /^PostgreSQL \(DATABASE_URL\)/).status).toBe('ok');
    expect(find(s, /^migrations/)).toMatchObject({ status: 'ok', detail: 'all applied' });
    expect(find(s, /^Redis \(REDIS_URL\)/).status).toBe('ok');
    expect(find(s, /^Slack bot token/)).toMatchObject({ status: 'ok', detail: 'team Tend Test (T0TEND0001), bot user @tend (U0TENDBOT1)' });
    expect(find(s, /^Slack scopes/)).toMatchObject({ status: 'ok', detail: `all ${BOT_SCOPES.length} granted` });
    expect(find(s, /^nudge channel/)).toMatchObject({ status: 'ok', item: 'nudge channel <#C0NUDGES01>', detail: 'the bot is a member' });
    expect(find(s, /^digest recipients/)).toMatchObject({ status: 'ok', detail: '1 by DM' });
    expect(find(s, /^last scan/)).toMatchObject({ status: 'ok', detail: expect.stringMatching(/\(3 h ago\)$/) });
    expect(find(s, /^last digest/)).toMatchObject({ status: 'ok', detail: expect.stringMatching(/\(2 h ago\)$/) });
    expect(find(s, /^Slack events/).status).toBe('ok');
    // request-URL mode: the one thing the doctor cannot see from here is said as a reminder
    expect(find(s, /^Slack connection/).fix).toMatch(/Event Subscriptions.*Verified/);
    expect(fake.callsTo('conversations.info').at(-1)?.args.channel).toBe('C0NUDGES01');
  });

  it('a bad token: invalid_auth, and where to copy the right one from', async () => {
    const s = await runDoctor(env({ SLACK_BOT_TOKEN: 'xoxb-not-a-real-token' }));
    const auth = find(s, /^Slack bot token/);
    expect(auth).toMatchObject({ status: 'fail', detail: 'auth.test answered invalid_auth' });
    expect(auth.fix).toMatch(/Bot User OAuth Token \(xoxb-…\).*OAuth & Permissions.*SLACK_BOT_TOKEN/);
    expect(exitCode(all(s))).toBe(1);
  });

  it('missing scopes: names each one and says to reinstall', async () => {
    const s = await runDoctor(env({ SLACK_BOT_TOKEN: 'xoxb-fewer-scopes' }));
    const scopes = find(s, /^Slack scopes/);
    expect(scopes).toMatchObject({ status: 'fail', detail: 'missing reactions:read, files:write' });
    expect(scopes.fix).toMatch(/Reinstall to Workspace/);
    expect(failures(s)).toHaveLength(1);
  });

  it('the bot not in the nudge channel: says so and says to /invite it', async () => {
    const s = await withNudgeChannel('C0OUTSIDE1', () => runDoctor(env()));
    const ch = find(s, /^nudge channel/);
    expect(ch).toMatchObject({ status: 'fail', item: 'nudge channel <#C0OUTSIDE1>' });
    expect(ch.detail).toMatch(/not a member/);
    expect(ch.fix).toMatch(/\/invite @Tend/);
  });

  it('a nudge channel shared with another organisation (Slack Connect): a failure, since a customer may read the nudges', async () => {
    const s = await withNudgeChannel('C0SHARED01', () => runDoctor(env()));
    const ch = find(s, /^nudge channel/);
    expect(ch).toMatchObject({ status: 'fail', item: 'nudge channel <#C0SHARED01>' });
    expect(ch.detail).toMatch(/shared with another organisation/);
    expect(ch.fix).toMatch(/only your team is in/);
  });

  it('with only the scopes Tend asks for (channels:read since channel capture), channel membership is checked', async () => {
    expect(BOT_SCOPES).toContain('channels:read');
    const s = await withNudgeChannel('C0OUTSIDE1', () => runDoctor(env({ SLACK_BOT_TOKEN: 'xoxb-tend-scopes' })));
    const ch = find(s, /^nudge channel/);
    expect(ch).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not a member/) });
    expect(fake.callsTo('conversations.info').at(-1)).toMatchObject({ ok: true });
  });

  it('an app created before channel capture (no channels:read, no history) says membership is unchecked', async () => {
    const s = await withNudgeChannel('C0OUTSIDE1', () => runDoctor(env({ SLACK_BOT_TOKEN: 'xoxb-before-capture' })));
    const ch = find(s, /^nudge channel/);
    expect(ch).toMatchObject({ status: 'warn', detail: 'membership not checked: the token has neither channels:read nor channels:history' });
    expect(ch.fix).toMatch(/invited.*channels:read/);
    expect(fake.callsTo('conversations.info').at(-1)).toMatchObject({ ok: false, error: 'missing_scope' });
  });

  it('Redis down: not reachable at REDIS_URL, and how to fix it', async () => {
    const s = await runDoctor(env({ REDIS_URL: `redis://127.0.0.1:${closedPort}` }));
    const redis = find(s, /^Redis/);
    expect(redis).toMatchObject({ status: 'fail', item: 'Redis (REDIS_URL)' });
    expect(redis.detail).toMatch(new RegExp(`not reachable at redis://127.0.0.1:${closedPort}: .*ECONNREFUSED`));
    expect(redis.fix).toMatch(/start Redis there, or fix REDIS_URL/);
    expect(failures(s)).toEqual([redis]);
  });

  it('a bad variable is a line, not a crash, and everything else is still checked', async () => {
    const s = await runDoctor(env({ PORT: 'eighty' }));
    expect(find(s, /^configuration PORT/)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/must be a port number/) });
    expect(find(s, /^Redis/).status).toBe('ok');
    expect(find(s, /^Slack bot token/).status).toBe('ok');
  });

  it('migrations not applied: counts them and says npm run db:migrate', async () => {
    const fresh = await createTestDb({ migrate: false });
    try {
      const s = await runDoctor(env({ DATABASE_URL: fresh.url }));
      const m = find(s, /^migrations/);
      expect(m).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^\d+ not applied/) });
      expect(m.fix).toMatch(/npm run db:migrate/);
    } finally {
      await fresh.drop();
    }
  });

  it('the CLI prints one line per item with the fix, and exits 1 on a failure (two faults here)', async () => {
    // asynchronously: the fake Slack answers from this process
    const out = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'src/bin/doctor.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env({ SLACK_BOT_TOKEN: 'xoxb-not-a-real-token', REDIS_URL: `redis://127.0.0.1:${closedPort}` }) },
        encoding: 'utf8',
      }, (_err, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }));
    });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(`  ✗ Redis (REDIS_URL): not reachable at redis://127.0.0.1:${closedPort}`);
    expect(out.stdout).toContain('  ✗ Slack bot token: auth.test answered invalid_auth → the token is not valid');
    expect(out.stdout).toContain('2 problem(s) found.');
    expect(formatCheck({ status: 'fail', item: 'x', detail: 'y', fix: 'z' })).toBe('✗ x: y → z');
  });
});

describe('the PostgreSQL line', () => {
  it('a server that answers but refuses the login says to fix the user, password or database, not to start PostgreSQL', () => {
    for (const error of ['role "nouser" does not exist', 'database "nodb" does not exist', 'password authentication failed for user "tend"']) {
      const c = postgresCheck({ source: 'DATABASE_URL', where: '127.0.0.1:5432/nodb', error });
      expect(formatCheck(c)).toContain('refused the login');
      expect(formatCheck(c)).toContain('fix the user, password or database name in DATABASE_URL');
      expect(formatCheck(c)).not.toContain('start PostgreSQL');
    }
    expect(formatCheck(postgresCheck({ source: 'DATABASE_URL', where: '127.0.0.1:5999/x', error: 'connect ECONNREFUSED 127.0.0.1:5999' }))).toContain('start PostgreSQL there');
  });
});

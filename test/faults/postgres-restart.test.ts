// PostgreSQL stopped and started under a running Tend: commands in the gap get the
// "can't reach its database" answer with their text echoed; a job that failed in the gap is
// retried with backoff and completes afterwards; nothing is lost.
import { Queue, QueueEvents } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET } from '../support/app.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { startProcess, tendEnv, type Proc } from '../support/process.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/services.ts';
import { postSigned, slashCommandBody, triggerId } from '../support/slack-sign.ts';

let pgServer: PrivatePostgres;
let fake: FakeSlack;
let proc: Proc;
let url: string;
const prefix = testPrefix();

beforeAll(async () => {
  [pgServer, fake] = await Promise.all([startPrivatePostgres(), startFakeSlack({ team: { id: 'T0PGR' } })]);
  proc = startProcess(tendEnv({ databaseUrl: pgServer.url, prefix, roles: 'web,worker', slackApiUrl: fake.apiUrl }));
  const up = await proc.waitForLog((l) => String(l.msg).startsWith('Tend is up'), 60_000);
  url = `http://127.0.0.1:${up.port}/slack/events`;
}, 120_000);
afterAll(async () => {
  proc.child.kill('SIGKILL');
  await pgServer.stop().catch(() => {});
  await fake.close();
  await dropPrefix(prefix);
});

const log = (text: string, id: string) =>
  postSigned(url, {
    secret: SIGNING_SECRET,
    body: slashCommandBody({ command: '/log', text, team_id: 'T0PGR', user_id: 'U0PGR', channel_id: 'C0PGR', response_url: fake.responseUrl(id), trigger_id: triggerId() }),
  });

async function answerText(res: Response, id: string): Promise<string> {
  const direct = await res.text();
  if (direct.trim()) return direct;
  const posted = await fake.waitFor(() => fake.responses(id)[0], 5_000);
  return JSON.stringify(posted);
}

describe('PostgreSQL restarted', () => {
  it('answers "not saved" with the text echoed, retries the job, and loses nothing', async () => {
    const client = new pg.Client({ connectionString: pgServer.url });
    await client.connect();
    const ok = await log('Acme: kickoff call', 'before');
    expect(ok.status).toBe(200);
    const ws = await client.query<{ id: number }>("select id from workspace where slack_team_id = 'T0PGR'");
    const workspaceId = ws.rows[0]!.id;
    await client.query("insert into account (workspace_id, name, name_key) values ($1, 'Acme', 'acme') on conflict do nothing", [workspaceId]);
    await client.end();

    await pgServer.stop();
    const typed = 'Acme: call during the outage <!channel> ✨ مرحبا';
    const res = await log(typed, 'gap');
    expect(res.status).toBe(200);
    const answer = await answerText(res, 'gap');
    expect(answer).toMatch(/can.t reach its database/);
    expect(answer).toContain('call during the outage');
    expect(answer).not.toContain('<!channel>'); // echoed escaped, never a ping

    // a scan enqueued in the gap fails, backs off, and completes once Postgres is back
    const queue = new Queue('scan', { connection: { url: TEST_REDIS_URL } as never, prefix });
    const events = new QueueEvents('scan', { connection: { url: TEST_REDIS_URL } as never, prefix });
    await events.waitUntilReady();
    const job = await queue.add('scan', { workspaceId, localDate: '2026-11-23' }, { jobId: `scan:${workspaceId}:2026-11-23`, attempts: 6, backoff: { type: 'exponential', delay: 1_000 } });
    await expect.poll(async () => (await queue.getJob(job.id!))?.attemptsMade ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);

    await pgServer.start();
    await job.waitUntilFinished(events, 60_000);
    expect(await (await queue.getJob(job.id!))!.getState()).toBe('completed');
    await events.close();
    await queue.close();

    const after = await log('Acme: follow-up after the outage', 'after');
    expect(after.status).toBe(200);
    const check = new pg.Client({ connectionString: pgServer.url });
    await check.connect();
    const { rows } = await check.query<{ summary: string }>('select summary from conversation where workspace_id = $1 order by id', [workspaceId]);
    await check.end();
    expect(rows.map((r) => r.summary)).toEqual(expect.arrayContaining([expect.stringContaining('follow-up after the outage')]));
    expect(rows.some((r) => r.summary.includes('during the outage'))).toBe(false);
    expect(proc.child.exitCode).toBeNull();
  }, 150_000);
});

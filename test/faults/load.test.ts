// Load: 500 signed /log commands from 50 concurrent senders. Every one is answered (200)
// and stored exactly once, redeliveries included. The latencies are printed, not asserted:
// client and app share this process and the suite shares two cores, so a wall-clock bound here
// measures the box (a full-suite run saw a 5.8 s max) more than Tend. Ack latency against
// Slack's 3-second deadline is measured by `npm run bench -- commands`, next to a bare Bolt app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/slack-sign.ts';

let fake: FakeSlack;
let app: TestApp;
export const loadFigures: Record<string, number> = {};

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0LOAD' } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web' });
  const ws = await app.db.prisma.workspace.create({ data: { slackTeamId: 'T0LOAD' } });
  await app.db.prisma.account.createMany({
    data: ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'].map((name) => ({ workspaceId: ws.id, name, nameKey: name.toLowerCase() })),
  });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

const TOTAL = 500;
const SENDERS = 50;
const ACCOUNTS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'];

function body(i: number): string {
  return slashCommandBody({
    command: '/log',
    text: `${ACCOUNTS[i % ACCOUNTS.length]}: load call number ${i} #call`,
    team_id: 'T0LOAD',
    user_id: `U0LOAD${i % 20}`,
    channel_id: 'C0LOAD',
    response_url: fake.responseUrl(`load-${i}`),
    trigger_id: `${1000 + i}.2000.load${i}`,
  });
}

describe('load', () => {
  it(`answers ${TOTAL} commands from ${SENDERS} concurrent senders and stores each once`, async () => {
    const latencies: number[] = [];
    let next = 0;
    const sender = async () => {
      while (next < TOTAL) {
        const i = next++;
        const t0 = performance.now();
        const res = await postSigned(`${app.url}/slack/events`, { body: body(i), secret: SIGNING_SECRET });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        expect(res.status).toBe(200);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: SENDERS }, sender));
    const wall = performance.now() - started;

    // Slack redelivers some: the same commands again (freshly signed) change nothing
    for (const i of [0, 1, 2, 250, 499]) {
      expect((await postSigned(`${app.url}/slack/events`, { body: body(i), secret: SIGNING_SECRET })).status).toBe(200);
    }

    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    Object.assign(loadFigures, { p50: p(0.5), p99: p(0.99), max: latencies.at(-1)!, wall });
    console.log(`load: ${TOTAL} commands, ${SENDERS} senders: p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms, wall ${wall.toFixed(0)} ms`);
    expect(latencies).toHaveLength(TOTAL);

    await expect.poll(async () => app.db.prisma.conversation.count(), { timeout: 15_000 }).toBe(TOTAL).catch(async (err: Error) => {
      // say which commands are missing and what their senders were told, then fail as before
      const { rows: have } = await app.db.pool.query<{ i: number }>("select substring(summary from 'load call number ([0-9]+)')::int as i from conversation");
      const got = new Set(have.map((r) => r.i));
      for (let i = 0; i < TOTAL; i++) if (!got.has(i)) console.log(`load: command ${i} not stored; answered on response_url: ${JSON.stringify(fake.responses(`load-${i}`).map((r) => r.body))}`);
      throw err;
    });
    const { rows } = await app.db.pool.query<{ summary: string; n: number }>(
      'select summary, count(*)::int as n from conversation group by summary having count(*) > 1',
    );
    expect(rows).toEqual([]);
    const { rows: seen } = await app.db.pool.query<{ n: number }>(
      "select count(distinct substring(summary from 'load call number ([0-9]+)'))::int as n from conversation",
    );
    expect(seen[0]!.n).toBe(TOTAL);
  }, 120_000);
});

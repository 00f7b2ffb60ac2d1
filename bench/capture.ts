// Channel capture at the HTTP edge (issue 16): Tend hears every message in every channel its bot
// is in, and most are in channels nobody linked. Those must be answered at the edge (one cached
// set lookup, no database, never reaching Bolt), so a busy workspace costs next to nothing.
// Measured at the real app's endpoint with signed message events shaped like Slack's:
//  - an unlinked channel's message, one at a time and 20 in flight: time to the HTTP answer
//    (target: median under 50 ms, the issue's), and that none wrote a row or reached Bolt;
//  - a linked channel's message, for contrast: the answer (Bolt acks before the listener runs)
//    and the throughput of the capture write behind it.
// Run alone with `tsx bench/capture.ts`; `bench/run.ts` calls run().
import { pathToFileURL } from 'node:url';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../test/support/app.ts';
import { startFakeSlack } from '../test/support/fake-slack.ts';
import { eventBody, nowSec, postSigned } from '../test/support/slack-sign.ts';
import type { BenchRow } from './run.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEQUENTIAL = Math.max(50, Math.round(1_000 * SCALE));
const CONCURRENT = Math.max(100, Math.round(2_000 * SCALE));
const IN_FLIGHT = 20;
const TEAM = 'T0BENCHCAP';
const LINKED = 'C0BENCHLNK';
const USERS = Array.from({ length: 20 }, (_, i) => `U0BCAP${String(i).padStart(4, '0')}`);

/** Wall-clock ms with sub-ms precision. */
const nowMs = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

let seq = 0;
/** A message event as Slack sends it; a unique ts per message, in the last full hour (so linked ones fold). */
function messageBody(channel: string): string {
  const i = ++seq;
  const ts = `${(Math.floor(Date.now() / 3_600_000) - 1) * 3_600 + (i % 3_000)}.${String(i).padStart(6, '0').slice(-6)}`;
  const user = USERS[i % USERS.length]!;
  return eventBody({
    team_id: TEAM,
    event: { type: 'message', channel, channel_type: 'channel', user, text: `bench message ${i}`, ts, event_ts: ts, team: TEAM },
  });
}

/** `n` messages, `inFlight` at a time; each timed to its HTTP answer. */
async function send(url: string, channel: () => string, n: number, inFlight: number): Promise<{ ms: number[]; errors: number; wallMs: number }> {
  const ms: number[] = [];
  let errors = 0;
  let next = 0;
  const start = nowMs();
  const lane = async () => {
    while (next < n) {
      next++;
      const body = messageBody(channel());
      const t0 = nowMs();
      const res = await postSigned(`${url}/slack/events`, { body, secret: SIGNING_SECRET, timestamp: nowSec() });
      await res.text();
      ms.push(nowMs() - t0);
      if (res.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, lane));
  return { ms: ms.sort((a, b) => a - b), errors, wallMs: nowMs() - start };
}

async function counts(app: TestApp): Promise<{ conversations: number; events: number; messages: number }> {
  const { rows } = await app.db.pool.query(
    `select (select count(*) from conversation)::int as conversations, (select count(*) from slack_event)::int as events,
            (select coalesce(sum(message_count), 0) from conversation where source = 'channel')::int as messages`,
  );
  return rows[0];
}

export async function run(): Promise<BenchRow[]> {
  const fake = await startFakeSlack({ team: { id: TEAM } });
  const app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', env: { LOG_LEVEL: 'silent' } });
  try {
    const ws = await app.db.prisma.workspace.create({ data: { slackTeamId: TEAM } });
    const account = await app.db.prisma.account.create({ data: { workspaceId: ws.id, name: 'Bench Capture Co', nameKey: 'bench capture co' } });
    await app.db.pool.query(
      `insert into channel_link (workspace_id, channel_id, account_id, linked_by, linked_at) values ($1, $2, $3, $4, now() at time zone 'utc')`,
      [ws.id, LINKED, account.id, USERS[0]],
    );
    // a workspace's bot sits in many channels: each message here is in one of 500 unlinked ones
    let c = 0;
    const unlinked = () => `C0BUN${String(c++ % 500).padStart(5, '0')}`;
    // warm up (JIT, pools, keep-alive sockets, the team's linked set in Redis and in process)
    await send(app.url, unlinked, 200, IN_FLIGHT);
    await send(app.url, () => LINKED, 50, 5);
    // the warm-up's captures run after Bolt's ack: let them finish before counting writes
    const warmDeadline = Date.now() + 30_000;
    while ((await counts(app)).messages < 50 && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));

    const before = await counts(app);
    const one = await send(app.url, unlinked, SEQUENTIAL, 1);
    const many = await send(app.url, unlinked, CONCURRENT, IN_FLIGHT);
    await new Promise((r) => setTimeout(r, 300));
    const afterUnlinked = await counts(app);
    const wroteForUnlinked = afterUnlinked.conversations - before.conversations + (afterUnlinked.events - before.events);

    const linkedN = Math.round(CONCURRENT / 4);
    const linkedStart = nowMs();
    const linked = await send(app.url, () => LINKED, linkedN, IN_FLIGHT);
    // the capture runs after Bolt's ack: wait until every linked message is counted
    const deadline = Date.now() + 60_000;
    while ((await counts(app)).messages - afterUnlinked.messages < linkedN && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const capturedAt = nowMs();
    const captured = (await counts(app)).messages - afterUnlinked.messages;

    const f = (x: number) => `${x.toFixed(1)} ms`;
    const pair = (ms: number[]) => `${f(percentile(ms, 50))} / ${f(percentile(ms, 99))}`;
    console.log(`unlinked, one at a time (${SEQUENTIAL}): p50 / p99 ${pair(one.ms)}, ${one.errors} errors`);
    console.log(`unlinked, ${IN_FLIGHT} in flight (${CONCURRENT}): p50 / p99 ${pair(many.ms)}, ${((CONCURRENT / many.wallMs) * 1000).toFixed(0)} answers/s, ${many.errors} errors`);
    console.log(`rows and event claims written for unlinked messages: ${wroteForUnlinked}`);
    console.log(`linked, ${IN_FLIGHT} in flight (${linkedN}): p50 / p99 ${pair(linked.ms)}; ${captured} of ${linkedN} counted, ${((capturedAt - linkedStart) / 1000).toFixed(1)} s from the first sent to the last counted`);
    return [
      { bench: 'capture', metric: `unlinked channel message answered, p50 / p99 (one at a time, ${SEQUENTIAL})`, value: pair(one.ms), target: 'p50 < 50 ms' },
      { bench: 'capture', metric: `unlinked channel message answered, p50 / p99 (${IN_FLIGHT} in flight, ${CONCURRENT})`, value: pair(many.ms), target: 'p50 < 50 ms' },
      { bench: 'capture', metric: 'unlinked messages answered per second', value: ((CONCURRENT / many.wallMs) * 1000).toFixed(0) },
      { bench: 'capture', metric: 'rows / event claims written for unlinked messages', value: String(wroteForUnlinked), target: '0' },
      { bench: 'capture', metric: `linked channel message answered, p50 / p99 (${IN_FLIGHT} in flight, ${linkedN})`, value: pair(linked.ms) },
      { bench: 'capture', metric: 'linked messages counted', value: `${captured} / ${linkedN}`, target: 'all' },
    ];
  } finally {
    await app.stop();
    await fake.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
  process.exit(0);
}

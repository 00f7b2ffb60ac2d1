// /log under a burst: 200 signed slash commands, 50 in flight at a time, at the real app's
// HTTP endpoint (edge guard, middleware, parsing, account lookup, idempotent write, answer).
// Each command is timed twice: to its HTTP answer (the ack), and to when the rep SEES the
// answer — the ack itself when the message is in it, else the response_url POST arriving at
// the fake Slack. The floor is a bare Bolt app (ExpressReceiver, a /log listener that answers
// in its ack) measured in the same run, rounds interleaved, so other load on the box hits both.
// Targets (issue 14): seen p99 ≤ 1.5× the floor's, ≥ 80% of answers in the ack.
// Run alone with `tsx bench/commands.ts`; `bench/run.ts` calls run().
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { nameKey } from '../src/domain/text.ts';
import { startTestApp, SIGNING_SECRET } from '../test/support/app.ts';
import { startFakeSlack, type FakeSlack } from '../test/support/fake-slack.ts';
import { postSigned, slashCommandBody, triggerId } from '../test/support/slack-sign.ts';
import type { BenchRow } from './run.ts';

const TOTAL = Number(process.env.BENCH_COMMANDS_TOTAL ?? 200);
const CONCURRENCY = Number(process.env.BENCH_COMMANDS_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_COMMANDS_ROUNDS ?? 3);
const TEAM = 'T0BENCH001';
/** How long a response_url answer may take to arrive before it counts as never seen. */
const SEEN_WAIT_MS = 5_000;

type Sample = { ackMs: number; seenMs: number | null; inAck: boolean; error: boolean };
/** wallMs: from the first send until the last answer was seen (or the last ack, if later) */
type Round = { samples: Sample[]; wallMs: number };

/** Wall-clock ms with sub-ms precision, comparable with the fake Slack's Date.now() stamps. */
const nowMs = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function logBody(i: number, responseUrl: string): string {
  return slashCommandBody({
    command: '/log',
    text: `Bench ${String(i % 50).padStart(2, '0')}: call, walked them through the usage review #give. next: send pricing friday`,
    team_id: TEAM,
    user_id: `U0BENCH${String(i % 20).padStart(3, '0')}`,
    channel_id: 'C0BENCH001',
    response_url: responseUrl,
    trigger_id: triggerId(),
  });
}

/** `total` signed /log commands, `concurrency` in flight at a time; each timed to its ack and to its answer seen. */
async function burst(url: string, fake: FakeSlack, total: number, concurrency: number): Promise<Round> {
  const ids = Array.from({ length: total }, () => `bench-${randomBytes(6).toString('hex')}`);
  const sent: number[] = [];
  const acks: { ackMs: number; inAck: boolean; error: boolean }[] = [];
  let next = 0;
  const start = nowMs();
  const lane = async () => {
    while (next < total) {
      const i = next++;
      // signed right before sending, as Slack would, so the timestamp is fresh
      const body = logBody(i, fake.responseUrl(ids[i]!));
      const t0 = nowMs();
      sent[i] = t0;
      const res = await postSigned(`${url}/slack/events`, { body, secret: SIGNING_SECRET });
      const text = await res.text();
      acks[i] = { ackMs: nowMs() - t0, inAck: res.status === 200 && text.length > 0, error: res.status !== 200 };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  const wallMs = nowMs() - start;
  // the answers not in the ack arrive on response_url; wait for the stragglers
  const waiting = () => ids.filter((id, i) => !acks[i]!.inAck && !acks[i]!.error && fake.responses(id).length === 0).length;
  const deadline = Date.now() + SEEN_WAIT_MS;
  while (waiting() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const samples = ids.map((id, i): Sample => {
    const a = acks[i]!;
    if (a.inAck) return { ...a, seenMs: a.ackMs };
    const posted = fake.responses(id).find((r) => r.status === 200);
    return { ...a, seenMs: posted ? Math.max(posted.at - sent[i]!, a.ackMs) : null };
  });
  // until the last answer was seen: an early ack does not count as done while its work still queues
  const lastSeen = Math.max(...samples.map((s, i) => sent[i]! + (s.seenMs ?? s.ackMs)));
  return { samples, wallMs: Math.max(wallMs, lastSeen - start) };
}

async function startBare(slackApiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  // Bot identity given up front: with it unknown and verification off, Bolt would call
  // auth.test on every request, which is not the bare minimum we compare against.
  const app = new App({ token: 'xoxb-test', botId: 'B0BENCHBOT', botUserId: 'U0BENCHBOT', receiver, tokenVerificationEnabled: false, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl } });
  // the floor answers in its ack with a short message, as Tend does when it wins the race
  app.command('/log', async ({ ack, command }) => {
    await ack({ response_type: 'ephemeral', text: `Logged: ${command.text.slice(0, 40)}` });
  });
  const server = await receiver.start(0);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => receiver.stop() };
}

type Summary = {
  ackP50: number; ackP99: number; seenP50: number; seenP99: number;
  inAck: number; viaUrl: number; unseen: number; errors: number; n: number; perSec: number;
};

function summarise(rounds: Round[]): Summary {
  const all = rounds.flatMap((r) => r.samples);
  const ack = all.map((s) => s.ackMs).sort((a, b) => a - b);
  // an answer never seen counts as the slowest possible: it cannot flatter the p99
  const seen = all.map((s) => s.seenMs ?? Infinity).sort((a, b) => a - b);
  const wall = rounds.reduce((t, r) => t + r.wallMs, 0);
  return {
    ackP50: percentile(ack, 50), ackP99: percentile(ack, 99), seenP50: percentile(seen, 50), seenP99: percentile(seen, 99),
    inAck: all.filter((s) => s.inAck).length,
    viaUrl: all.filter((s) => !s.inAck && s.seenMs !== null).length,
    unseen: all.filter((s) => !s.error && s.seenMs === null).length,
    errors: all.filter((s) => s.error).length,
    n: all.length,
    perSec: (all.length / wall) * 1000,
  };
}

export async function run(): Promise<BenchRow[]> {
  // the token's team (auth.test) is the one the bench's commands come from
  const fake = await startFakeSlack({ team: { id: TEAM } });
  const tend = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', env: { LOG_LEVEL: 'silent' } });
  const bare = await startBare(fake.apiUrl);
  try {
    // 50 accounts for the commands to find, and every bench user's timezone cached so the run
    // measures the steady state, not 20 first-contact users.info calls
    const ws = await tend.db.prisma.workspace.create({ data: { slackTeamId: TEAM } });
    await tend.db.prisma.account.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ workspaceId: ws.id, name: `Bench ${String(i).padStart(2, '0')}`, nameKey: nameKey(`Bench ${String(i).padStart(2, '0')}`) })),
    });
    await tend.db.prisma.member.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({ workspaceId: ws.id, slackUserId: `U0BENCH${String(i).padStart(3, '0')}`, timezone: 'Europe/Berlin' })),
    });
    // warm both (JIT, pools, keep-alive sockets)
    await burst(bare.url, fake, TOTAL, CONCURRENCY);
    await burst(tend.url, fake, TOTAL, CONCURRENCY);
    const bareRounds: Round[] = [];
    const tendRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bareRounds.push(await burst(bare.url, fake, TOTAL, CONCURRENCY));
      tendRounds.push(await burst(tend.url, fake, TOTAL, CONCURRENCY));
    }
    const b = summarise(bareRounds);
    const t = summarise(tendRounds);
    const written = await tend.db.prisma.conversation.count({ where: { workspaceId: ws.id } });
    const f = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'never');
    const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(0)}%`;
    console.log(`/log, ${TOTAL} signed commands at ${CONCURRENCY} concurrent, ${ROUNDS} rounds pooled (${b.n} commands per app)`);
    console.log('app         ack p50    ack p99    seen p50   seen p99   in ack  via response_url  answers/s');
    for (const [name, s] of [['bare Bolt', b], ['Tend', t]] as const) {
      const extra = `${s.unseen ? `  (${s.unseen} never seen)` : ''}${s.errors ? `  (${s.errors} errors)` : ''}`;
      console.log(
        `${name.padEnd(10)}  ${f(s.ackP50).padEnd(9)}  ${f(s.ackP99).padEnd(9)}  ${f(s.seenP50).padEnd(9)}  ${f(s.seenP99).padEnd(9)}  ${pct(s.inAck, s.n).padEnd(6)}  ${pct(s.viaUrl, s.n).padEnd(16)}  ${s.perSec.toFixed(0)}${extra}`,
      );
    }
    const ratio = t.seenP99 / b.seenP99;
    console.log(`Tend seen p99 / bare seen p99 = ${ratio.toFixed(2)} (target ≤ 1.5); in the ack ${pct(t.inAck, t.n)} (target ≥ 80%); ${written} conversations written`);
    const label = `${TOTAL} at ${CONCURRENCY} concurrent`;
    return [
      { bench: 'commands', metric: `bare Bolt /log seen p50 / p99 (${label})`, value: `${f(b.seenP50)} / ${f(b.seenP99)}` },
      { bench: 'commands', metric: 'Tend /log ack p50 / p99', value: `${f(t.ackP50)} / ${f(t.ackP99)}` },
      { bench: 'commands', metric: 'Tend /log seen p50 / p99', value: `${f(t.seenP50)} / ${f(t.seenP99)}` },
      { bench: 'commands', metric: 'Tend seen p99 / bare seen p99', value: ratio.toFixed(2), target: '≤ 1.5' },
      { bench: 'commands', metric: 'Tend answers in the ack / via response_url', value: `${pct(t.inAck, t.n)} / ${pct(t.viaUrl, t.n)}`, target: '≥ 80% in the ack' },
      { bench: 'commands', metric: 'answers seen per second, Tend / bare', value: `${t.perSec.toFixed(0)} / ${b.perSec.toFixed(0)}` },
    ];
  } finally {
    await bare.stop();
    await tend.stop();
    await fake.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
  process.exit(0);
}

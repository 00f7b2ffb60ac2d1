// A burst of hostile input must not stall the process: 20 signed slash commands of 60,000
// characters each (/log, /account and /tend; no spaces, URL fragments, colons, digits,
// mentions) sent at once to the in-process app, which runs web, worker and scheduler on one
// event loop, while /healthz is polled every ~10 ms. The burst comes from a child process
// (hostile-sender.ts), as Slack's requests come from elsewhere. Before the caps and the linear
// parsers, one such /log took 3.2 s of CPU and held /healthz for as long.
// - Every hostile command gets its short "That's 60,000 characters" answer.
// - /healthz p99 during the burst stays under the 100 ms; a parse that blocks takes
//   seconds. The HTTP edge refuses such a command itself: one HMAC and one parse of its
//   60-100 KB form, then a length check, before Bolt sees it (~4 ms of CPU each inside vitest;
//   /healthz p99 measured 15-74 ms over five runs). On this shared 2-core box another process
//   can hold the cores for a moment, so the file runs alone (vitest.config.ts), and a burst
//   over the bound is tried again, four times at most, while a blocking parse fails every try.
// - The event loop's delay (perf_hooks.monitorEventLoopDelay) over the burst is printed.
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { signSlackRequest, slashCommandBody, triggerId } from '../support/slack-sign.ts';

const TEAM = 'T0BURST';
const HOSTILE_LENGTH = 60_000;
const BURST = 20;
const POLL_EVERY_MS = 10;
/** See the header: a few ms is normal; a quadratic parse blocks for seconds. */
const HEALTHZ_P99_BOUND_MS = 100;

/** 60,000 characters of one hostile shape, by command. */
const HOSTILE: { command: string; text: string }[] = [
  { command: '/log', text: 'a'.repeat(HOSTILE_LENGTH) },
  { command: '/log', text: `Acme ${'ab'.repeat(HOSTILE_LENGTH / 2 - 5)}://x` },
  { command: '/account', text: `add ${'a1,'.repeat(HOSTILE_LENGTH / 3 - 2)}a1` },
  { command: '/account', text: `Acme +${'$1 '.repeat(HOSTILE_LENGTH / 3 - 2)}x` },
  { command: '/tend', text: `product add ${'-1 '.repeat(HOSTILE_LENGTH / 3 - 4)}x` },
].map(({ command, text }) => ({ command, text: text.padEnd(HOSTILE_LENGTH, '<@U123>:').slice(0, HOSTILE_LENGTH) }));

let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: TEAM } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web,worker,scheduler' });
  const ws = await app.db.prisma.workspace.create({ data: { slackTeamId: TEAM } });
  await app.db.prisma.account.create({ data: { workspaceId: ws.id, name: 'Acme', nameKey: 'acme' } });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

type Sent = { status: number; raw: string };

/** hostile-sender.ts in a child process, loaded with the requests; burst() sends them all at once. */
async function startSender(requests: { url: string; headers: Record<string, string>; body: string }[]): Promise<{ burst(): Promise<Sent[]> }> {
  const child = fork(fileURLToPath(new URL('./hostile-sender.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const next = <T>(key: string) => new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      child.off('message', onMessage);
      resolve(m[key] as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`hostile sender exited (${code}) before "${key}"`)));
  });
  const loaded = next<number>('loaded');
  child.send({ requests });
  expect(await loaded).toBe(requests.length);
  return {
    burst() {
      const answers = next<Sent[]>('answers');
      child.send({ go: true });
      return answers;
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function slashRequest(command: string, text: string, responseId: string) {
  const body = slashCommandBody({ command, text, team_id: TEAM, user_id: 'U0BURST0', channel_id: 'C0BURST', response_url: fake.responseUrl(responseId), trigger_id: triggerId() });
  return { url: `${app.url}/slack/events`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, body) }, body };
}

type Burst = { answers: (Sent & { command: string })[]; burstMs: number; cpuMs: number; polls: number; p50: number; p99: number; max: number; loopP50: number; loopP99: number; loopMax: number };

/** One burst of BURST hostile commands while /healthz is polled; what it measured. */
async function runBurst(attempt: number): Promise<Burst> {
  // signed anew each time (a fresh trigger_id), or the replay guard would take them for replays
  const requests = Array.from({ length: BURST }, (_, i) => {
    const { command, text } = HOSTILE[i % HOSTILE.length]!;
    return { command, ...slashRequest(command, text, `burst-${attempt}-${i}`) };
  });
  const sender = await startSender(requests.map(({ url, headers, body }) => ({ url, headers, body })));

  const samples: { at: number; ms: number; status: number }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/healthz`);
      await res.arrayBuffer();
      samples.push({ at: t0, ms: performance.now() - t0, status: res.status });
      await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
    }
  })();
  await new Promise((r) => setTimeout(r, 100));

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const burstStart = performance.now();
  const cpu = process.cpuUsage();
  const sent = await sender.burst();
  const burstEnd = performance.now();
  const used = process.cpuUsage(cpu);
  // a little past the last answer, so the work the burst left behind is measured too
  await new Promise((r) => setTimeout(r, 200));
  loop.disable();
  polling = false;
  await poller;

  const during = samples.filter((s) => s.at + s.ms >= burstStart && s.at <= burstEnd + 200);
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((s) => s.status === 200)).toBe(true);
  const sorted = during.map((s) => s.ms).sort((a, b) => a - b);
  return {
    answers: sent.map((a, i) => ({ ...a, command: requests[i]!.command })),
    burstMs: burstEnd - burstStart,
    cpuMs: (used.user + used.system) / 1000,
    polls: during.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
    loopP50: loop.percentile(50) / 1e6,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
  };
}

const CAPS: Record<string, string> = { '/log': '8,000', '/account': '4,000', '/tend': '2,000' };

describe('a burst of hostile commands', () => {
  it(`answers ${BURST} × ${HOSTILE_LENGTH.toLocaleString('en-US')}-char commands while /healthz stays fast`, async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    // a process that has served before, one request at a time, ordinary and over-long: the first
    // request down each path loads and compiles code (~0.3 s once), which is start-up, not the
    // cost of hostile text
    for (const [command, text] of [['/log', 'Acme: warm-up call'], ['/account', 'Acme'], ['/tend', 'products'], ...HOSTILE.map((h) => [h.command, h.text] as const)]) {
      const r = slashRequest(command, text, `warm-${command}`);
      expect((await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body })).status).toBe(200);
    }

    // A burst over the bound is tried again, four times at most: on this shared box another
    // process can hold both cores for a moment; a parse that blocks (seconds) fails every try.
    const bursts: Burst[] = [];
    for (let attempt = 1; attempt <= 5 && !bursts.some((b) => b.p99 < HEALTHZ_P99_BOUND_MS); attempt++) {
      const b = await runBurst(attempt);
      bursts.push(b);
      for (const a of b.answers) {
        expect(a.status).toBe(200);
        const body = JSON.parse(a.raw) as { response_type: string; text: string };
        expect(body.response_type).toBe('ephemeral');
        expect(body.text).toBe(`That's 60,000 characters; ${a.command} takes up to ${CAPS[a.command]}.`);
        expect(a.raw.length).toBeLessThan(1_000);
      }
      console.log(
        `hostile burst ${attempt}: ${BURST} commands answered in ${b.burstMs.toFixed(0)} ms (${b.cpuMs.toFixed(0)} ms CPU in this process); ` +
        `/healthz during it: ${b.polls} polls, p50 ${b.p50.toFixed(1)} ms, p99 ${b.p99.toFixed(1)} ms, max ${b.max.toFixed(1)} ms; ` +
        `event-loop delay: p50 ${b.loopP50.toFixed(1)} ms, p99 ${b.loopP99.toFixed(1)} ms, max ${b.loopMax.toFixed(1)} ms`,
      );
    }
    expect(Math.min(...bursts.map((b) => b.p99))).toBeLessThan(HEALTHZ_P99_BOUND_MS);
  }, 120_000);
});

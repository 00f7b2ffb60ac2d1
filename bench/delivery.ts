// Delivery throughput against a fake Slack that enforces 1 chat.postMessage per second per
// channel (burst 3, like Slack's "short bursts"): 200 nudges over 20 channels (one workspace
// each). Reports the delivered rate against the permitted rate, duplicates and 429s.
// Run alone: `npx tsx bench/delivery.ts` (needs the test Postgres and Redis).
import { pathToFileURL } from 'node:url';
import { startTestApp } from '../test/support/app.ts';
import { startFakeSlack } from '../test/support/fake-slack.ts';
import { seedNudge, seedWorkspace } from '../test/support/nudge-factory.ts';
import type { BenchRow } from './run.ts';

const CHANNELS = 20;
const PER_CHANNEL = 10;
const RATE = 1; // messages per second per channel, as Slack documents

export async function run(): Promise<BenchRow[]> {
  const channels = Array.from({ length: CHANNELS }, (_, i) => `C0BENCH${String(i).padStart(3, '0')}`);
  const fake = await startFakeSlack({ perChannelPerSecond: RATE, channels });
  const app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'worker' });
  try {
    const { pool } = app.db;
    const jobs: { workspaceId: number; nudgeId: number; generation: number }[] = [];
    for (let c = 0; c < CHANNELS; c++) {
      const ws = await seedWorkspace(pool, { teamId: `T0BENCH${c}`, channel: channels[c]! });
      for (let i = 0; i < PER_CHANNEL; i++) jobs.push({ workspaceId: ws.workspaceId, nudgeId: (await seedNudge(pool, ws.workspaceId)).nudgeId, generation: 0 });
    }
    // interleave channels the way a scan releases nudges: by value, not grouped by channel
    jobs.sort((a, b) => (a.nudgeId % PER_CHANNEL) - (b.nudgeId % PER_CHANNEL) || a.nudgeId - b.nudgeId);
    // boot runs one deliver job at a time unless told otherwise; BENCH_DELIVER_CONCURRENCY
    // shows what several in flight buy (pacing and claims are safe across them)
    const concurrency = Number(process.env.BENCH_DELIVER_CONCURRENCY ?? 1);
    for (const w of app.running.workers?.workers ?? []) if (w.name === 'deliver') w.concurrency = concurrency;
    const t0 = Date.now();
    for (const j of jobs) await app.running.rt.queues.add('deliver', j);
    const total = jobs.length;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await pool.query(`select count(*)::int as n from nudge where delivery_state = 'posted'`);
      if (rows[0].n >= total || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (process.env.BENCH_DEBUG) {
      for (const [ch, ts] of Object.entries(fake.stats.perChannel)) console.log(ch, ts.map((t, i) => t - ts[0]! - i * 1000).join(' '), ts[0]! - t0);
    }
    const times = Object.values(fake.stats.perChannel).flat().sort((a, b) => a - b);
    const first = times[0] ?? t0;
    const last = times.at(-1) ?? t0;
    // Slack permits RATE per channel: after each channel's first message, (n-1)/RATE seconds is the floor
    const floorSec = (PER_CHANNEL - 1) / RATE;
    const spanSec = (last - first) / 1000;
    const keys = fake.allMessages().map((m) => JSON.stringify(m.metadata));
    const duplicates = keys.length - new Set(keys).size;
    const posted = fake.stats.posted;
    const steady = ((posted - CHANNELS) / spanSec).toFixed(1);
    return [
      { bench: 'delivery', metric: 'deliver worker concurrency', value: String(concurrency) },
      { bench: 'delivery', metric: `nudges posted (of ${total})`, value: String(posted), target: String(total) },
      { bench: 'delivery', metric: 'first→last post (s)', value: spanSec.toFixed(2), target: `floor ${floorSec.toFixed(0)} s at ${RATE}/s/channel` },
      { bench: 'delivery', metric: 'delivered vs permitted rate', value: `${((floorSec / spanSec) * 100).toFixed(0)}%`, target: '≥ 90%' },
      { bench: 'delivery', metric: 'steady rate (msg/s)', value: steady, target: `permitted ${CHANNELS * RATE}` },
      { bench: 'delivery', metric: 'enqueue→last post (s)', value: ((last - t0) / 1000).toFixed(2) },
      { bench: 'delivery', metric: 'duplicates', value: String(duplicates), target: '0' },
      { bench: 'delivery', metric: '429s received', value: String(fake.stats.rateLimited), target: '0 (no storm)' },
    ];
  } finally {
    await app.stop();
    await fake.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.metric.padEnd(32)} ${r.value.padStart(8)}  ${r.target ?? ''}`);
  process.exit(0);
}

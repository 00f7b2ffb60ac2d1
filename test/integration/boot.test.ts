// A running Tend in local mode: health, metrics, and a clean drain on shutdown.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/queue/definitions.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { TEST_REDIS_URL } from '../support/env.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('boot in local mode', () => {
  it('serves /healthz with both dependencies up, and /metrics in Prometheus text on the internal port', async () => {
    app = await startTestApp({ roles: 'web', env: { TEND_METRICS_PORT: '0' } });
    expect(app.running.rt.config.slack.mode).toBe('local');
    expect(app.running.rt.delivery.kind).toBe('outbox');
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up', redis: 'up' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    const scrape = () => fetch(`http://127.0.0.1:${app!.running.metricsPort}/metrics`).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect((await scrape()).status).toBe(200);
    expect((await scrape()).text).toMatch(/^# TYPE tend_queue_jobs gauge$/m);
    // the gauges are filled by the refresher's first run, started at boot
    await expect.poll(async () => (await scrape()).text).toMatch(/^tend_queue_jobs\{queue="scan",state="waiting"\} 0$/m);
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    app = await startTestApp({ roles: 'web', env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: 'up', redis: 'down' });
  });

  it('does not serve /slack/events without Slack credentials', async () => {
    app = await startTestApp({ roles: 'web' });
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('shutdown', () => {
  it('lets an in-flight job finish before closing', async () => {
    const finished: number[] = [];
    let started!: () => void;
    const isRunning = new Promise<void>((r) => (started = r));
    app = await startTestApp({
      roles: 'worker',
      env: { TEND_SHUTDOWN_MS: '9000' },
      processors: () => ({
        sweep: async () => {
          started();
          await new Promise((r) => setTimeout(r, 1_500));
          finished.push(Date.now());
        },
      }),
    });
    await app.running.rt.queues.add('sweep', { minute: 'm1' });
    await isRunning;
    const t0 = Date.now();
    await app.running.stop();
    // the job was still running when stop() was called, and had ended when stop() resolved
    expect(finished).toHaveLength(1);
    expect(finished[0]! - t0).toBeGreaterThanOrEqual(0);
    const q = new Queue(QUEUES.sweep.name, { connection: { url: TEST_REDIS_URL } as never, prefix: app.prefix });
    expect(await q.getJobCounts('completed', 'active', 'wait')).toEqual({ completed: 1, active: 0, wait: 0 });
    await q.close();
    await app.db.drop();
    app = undefined;
  });

  it('returns a job that outlives the deadline to the queue instead of losing it', async () => {
    let outlived = false;
    let started!: () => void;
    const isRunning = new Promise<void>((r) => (started = r));
    app = await startTestApp({
      roles: 'worker',
      env: { TEND_SHUTDOWN_MS: '3000' },
      processors: () => ({
        sweep: async () => {
          started();
          await new Promise((r) => setTimeout(r, 15_000));
          outlived = true;
        },
      }),
    });
    await app.running.rt.queues.add('sweep', { minute: 'm2' });
    await isRunning;
    await app.running.stop();
    // stop() gave up at its 3 s deadline instead of waiting for the 15 s job (5x headroom)
    expect(outlived).toBe(false);
    // The job was not completed or failed; a new worker picks it up once its lock lapses.
    const q = new Queue(QUEUES.sweep.name, { connection: { url: TEST_REDIS_URL } as never, prefix: app.prefix });
    const counts = await q.getJobCounts('completed', 'failed', 'active', 'wait');
    expect((counts.completed ?? 0) + (counts.failed ?? 0)).toBe(0);
    expect((counts.active ?? 0) + (counts.wait ?? 0)).toBe(1);
    await q.obliterate({ force: true });
    await q.close();
    await app.db.drop();
    app = undefined;
  });
});

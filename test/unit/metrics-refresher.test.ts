// The gauge refresher: refreshes on its timer (not on scrapes), one refresh at a time, and a
// failing source leaves its gauges as they were while the other still updates.
import { describe, expect, it } from 'vitest';
import { createMetrics, startGaugeRefresher } from '../../src/metrics.ts';

const value = async (m: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string>) =>
  (await m.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;

describe('startGaugeRefresher', () => {
  it('refreshes at start and then on its timer, and scrapes do not call the sources', async () => {
    const m = createMetrics();
    let calls = 0;
    const r = startGaugeRefresher(m, { queueCounts: async () => [{ queue: 'scan', state: 'waiting', n: ++calls }], nudgesByStatus: async () => [{ status: 'open', n: 7 }] }, 1, () => {});
    try {
      await r.ready;
      expect(calls).toBe(1);
      expect(await value(m, 'tend_nudges', { status: 'open' })).toBe(7);
      for (let i = 0; i < 20; i++) await m.registry.metrics();
      expect(calls).toBe(1);
      await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
      await expect.poll(async () => value(m, 'tend_queue_jobs', { queue: 'scan', state: 'waiting' })).toBeGreaterThanOrEqual(2);
    } finally {
      await r.stop();
    }
  });

  it('keeps a failing source’s gauges, updates the other, and never runs two refreshes at once', async () => {
    const m = createMetrics();
    const errors: string[] = [];
    let fail = false;
    let inFlight = 0;
    let maxInFlight = 0;
    const r = startGaugeRefresher(
      m,
      {
        queueCounts: async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((res) => setTimeout(res, 50));
          inFlight--;
          return [{ queue: 'deliver', state: 'active', n: fail ? 2 : 1 }];
        },
        nudgesByStatus: async () => {
          if (fail) throw new Error('database down');
          return [{ status: 'done', n: 3 }];
        },
      },
      3600,
      (err) => errors.push(err.message),
    );
    try {
      await r.ready;
      fail = true;
      await Promise.all([r.refreshNow(), r.refreshNow(), r.refreshNow()]);
      expect(maxInFlight).toBe(1);
      expect(errors).toEqual(['database down']);
      expect(await value(m, 'tend_nudges', { status: 'done' })).toBe(3);
      expect(await value(m, 'tend_queue_jobs', { queue: 'deliver', state: 'active' })).toBe(2);
    } finally {
      await r.stop();
    }
  });
});

// Prometheus metrics: one registry per process, scraped at GET /metrics. A scrape only reads
// this registry: gauges that need Redis or SQL are refreshed on a timer (startGaugeRefresher),
// so any number of scrapes costs no database or Redis work. No label carries a tenant.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tend_' });
  return {
    registry,
    commandLatency: new Histogram({
      name: 'tend_command_ack_seconds',
      help: 'Time from a Slack request arriving to its acknowledgement',
      labelNames: ['kind', 'name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobOutcomes: new Counter({
      name: 'tend_jobs_total',
      help: 'Jobs processed, by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    slackErrors: new Counter({
      name: 'tend_slack_api_errors_total',
      help: 'Slack Web API errors by method and code',
      labelNames: ['method', 'code'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'tend_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    nudgesByState: new Gauge({
      name: 'tend_nudges',
      help: 'Nudges by status across workspaces',
      labelNames: ['status'],
      registers: [registry],
    }),
    eventLoopDelay: new Gauge({
      name: 'tend_event_loop_delay_seconds',
      help: 'Event-loop delay over the last refresh interval (perf_hooks.monitorEventLoopDelay)',
      labelNames: ['stat'],
      registers: [registry],
    }),
    gaugesRefreshed: new Gauge({
      name: 'tend_gauges_refreshed_timestamp_seconds',
      help: 'When the queue and nudge gauges were last refreshed',
      registers: [registry],
    }),
    unhandledRequests: new Counter({
      name: 'tend_slack_unhandled_total',
      help: "Slack requests no listener acknowledged before Bolt's 3 s unhandled-request timeout",
      registers: [registry],
    }),
  };
}

export type GaugeSources = {
  queueCounts(): Promise<{ queue: string; state: string; n: number }[]>;
  nudgesByStatus(): Promise<{ status: string; n: number }[]>;
};

/**
 * Refreshes the Redis- and SQL-backed gauges now and every `everySec`, and the event-loop
 * delay summary of each interval. One source failing leaves its gauges as they were.
 */
export function startGaugeRefresher(metrics: Metrics, sources: GaugeSources, everySec: number, onError: (err: Error) => void) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let running: Promise<void> | undefined;
  const refresh = async () => {
    // nanoseconds → seconds; an interval with no samples yet reports nothing
    if (delay.count > 0) {
      metrics.eventLoopDelay.set({ stat: 'p50' }, delay.percentile(50) / 1e9);
      metrics.eventLoopDelay.set({ stat: 'p99' }, delay.percentile(99) / 1e9);
      metrics.eventLoopDelay.set({ stat: 'max' }, delay.max / 1e9);
      delay.reset();
    }
    const [queues, nudges] = await Promise.allSettled([sources.queueCounts(), sources.nudgesByStatus()]);
    if (queues.status === 'fulfilled') for (const q of queues.value) metrics.queueDepth.set({ queue: q.queue, state: q.state }, q.n);
    else onError(queues.reason as Error);
    if (nudges.status === 'fulfilled') {
      metrics.nudgesByState.reset();
      for (const r of nudges.value) metrics.nudgesByState.set({ status: r.status }, r.n);
    } else onError(nudges.reason as Error);
    metrics.gaugesRefreshed.set(Date.now() / 1000);
  };
  // one refresh at a time: a slow database never stacks them up
  const tick = () => (running ??= refresh().finally(() => (running = undefined)));
  const first = tick();
  const timer = setInterval(tick, everySec * 1000);
  timer.unref();
  return {
    /** Resolves when the first refresh is done. */
    ready: first,
    refreshNow: tick,
    async stop() {
      clearInterval(timer);
      delay.disable();
      await running;
    },
  };
}

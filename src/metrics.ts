// Prometheus metrics: one registry per process, scraped at GET /metrics.
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
  };
}

// GET /metrics is valid Prometheus text carrying Tend's own series, served on the internal
// listener (TEND_METRICS_PORT) or, behind a bearer token, on the public port; a scrape reads
// gauges refreshed on a timer and never runs SQL; no label names a tenant.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { eventBody, postSigned } from '../support/slack-sign.ts';
import { TEAM } from './support.ts';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Parses the Prometheus text exposition format (enough of it to check what we export). */
function parseProm(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name!, type!);
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

let fake: FakeSlack;
let app: TestApp;
let tokened: TestApp;
let internal: string;
const TOKEN = 'metrics-token-0123456789abcdef';
beforeAll(async () => {
  fake = await startFakeSlack();
  // the timer is an hour so nothing refreshes behind the test's back; it calls refreshGauges
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', env: { TEND_METRICS_PORT: '0', TEND_METRICS_REFRESH_SEC: '3600' } });
  internal = `http://127.0.0.1:${app.running.metricsPort}`;
  tokened = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', env: { TEND_METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await app?.stop();
  await tokened?.stop();
  await fake.close();
});

describe('/metrics', () => {
  it('exports ack latency by request kind, queue depths, nudges by state and event-loop delay', async () => {
    const body = eventBody({ team_id: TEAM, event: { type: 'app_home_opened', user: 'U0M', channel: 'D0M', tab: 'messages' } } as never);
    expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    // events are acknowledged before they are handled: wait for the workspace it creates
    await expect.poll(async () => app.db.prisma.workspace.count({ where: { slackTeamId: TEAM } })).toBe(1);
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: TEAM } });
    const account = await app.db.prisma.account.create({ data: { workspaceId: ws.id, name: 'Acme', nameKey: 'acme' } });
    await app.db.prisma.nudge.create({ data: { workspaceId: ws.id, accountId: account.id, kind: 'stalled', dedupeKey: 'stalled:1', suggestion: 'x', status: 'open' } });
    await app.running.refreshGauges!();

    const res = await fetch(`${internal}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const { samples, types } = parseProm(text);
    expect(types.get('tend_command_ack_seconds')).toBe('histogram');
    const count = samples.find((s) => s.name === 'tend_command_ack_seconds_count' && s.labels.kind === 'event' && s.labels.name === 'app_home_opened');
    expect(count?.value).toBe(1);
    const under = samples.find((s) => s.name === 'tend_command_ack_seconds_bucket' && s.labels.name === 'app_home_opened' && s.labels.le === '+Inf');
    expect(under?.value).toBe(1);
    expect(samples.filter((s) => s.name === 'tend_queue_jobs').map((s) => s.labels.queue)).toEqual(expect.arrayContaining(['scan', 'deliver', 'digest', 'sweep']));
    expect(samples.find((s) => s.name === 'tend_nudges' && s.labels.status === 'open')?.value).toBe(1);
    expect(types.get('tend_slack_api_errors_total')).toBe('counter');
    expect(types.get('tend_jobs_total')).toBe('counter');
    expect(samples.some((s) => s.name === 'tend_process_resident_memory_bytes')).toBe(true);
    const loop = samples.filter((s) => s.name === 'tend_event_loop_delay_seconds');
    expect(loop.map((s) => s.labels.stat).sort()).toEqual(['max', 'p50', 'p99']);
    for (const s of loop) expect(s.value).toBeGreaterThan(0);
    expect(loop.find((s) => s.labels.stat === 'p99')!.value).toBeLessThanOrEqual(loop.find((s) => s.labels.stat === 'max')!.value);

    // no tenant: no label names a team or workspace, and the team id appears nowhere
    const labelNames = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    for (const name of labelNames) expect(['kind', 'name', 'queue', 'state', 'status', 'stat', 'le', 'quantile', 'method', 'code', 'outcome', 'version', 'major', 'minor', 'patch', 'type', 'space', 'path']).toContain(name);
    expect(text).not.toContain(TEAM);
  });

  it('is not on the public port without a token, and the internal listener is on loopback', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${app.running.metricsPort}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('runs no SQL however many scrapes come at once, and /healthz stays up meanwhile', async () => {
    // every query of the process (Prisma's adapter and raw SQL both) goes through pg.Client
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const scrapes = await Promise.all(Array.from({ length: 40 }, () => fetch(`${internal}/metrics`).then((r) => r.status)));
      expect(scrapes).toEqual(Array(40).fill(200));
      expect(queries).not.toHaveBeenCalled();
      // the spy does see this process's queries: /healthz runs one
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect(queries).toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
    const [health, ...more] = await Promise.all([
      fetch(`${app.url}/healthz`).then((r) => r.status),
      ...Array.from({ length: 40 }, () => fetch(`${internal}/metrics`).then((r) => r.status)),
    ]);
    expect(health).toBe(200);
    expect(more).toEqual(Array(40).fill(200));
  });

  it('on the public port, asks for the bearer token and refuses any other', async () => {
    const none = await fetch(`${tokened.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${tokened.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${tokened.url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    const ok = await fetch(`${tokened.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('tend_command_ack_seconds');
    expect(tokened.running.metricsPort).toBeUndefined();
  });
});

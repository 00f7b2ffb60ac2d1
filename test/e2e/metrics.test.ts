// GET /metrics is valid Prometheus text carrying Tend's own series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, SIGNING_SECRET, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { eventBody, postSigned } from '../support/slack-sign.ts';

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
beforeAll(async () => {
  fake = await startFakeSlack({ team: { id: 'T0MET' } });
  app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web' });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

describe('/metrics', () => {
  it('exports ack latency by request kind, queue depths and nudges by state', async () => {
    const body = eventBody({ team_id: 'T0MET', event: { type: 'app_home_opened', user: 'U0M', channel: 'D0M', tab: 'messages' } } as never);
    expect((await postSigned(`${app.url}/slack/events`, { body, secret: SIGNING_SECRET })).status).toBe(200);
    // events are acknowledged before they are handled: wait for the workspace it creates
    await expect.poll(async () => app.db.prisma.workspace.count({ where: { slackTeamId: 'T0MET' } })).toBe(1);
    const ws = await app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'T0MET' } });
    const account = await app.db.prisma.account.create({ data: { workspaceId: ws.id, name: 'Acme', nameKey: 'acme' } });
    await app.db.prisma.nudge.create({ data: { workspaceId: ws.id, accountId: account.id, kind: 'stalled', dedupeKey: 'stalled:1', suggestion: 'x', status: 'open' } });

    const res = await fetch(`${app.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const { samples, types } = parseProm(await res.text());
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
  });
});

// Issue 13 end to end past the database: a HubSpot companies export and a wide holdings sheet,
// imported as the integration test does (test/integration/import-crm.test.ts), then the real
// scan through the queue, its nudges posted to the fake Slack, and what a rep reads there: the
// next products with their chance, counted evidence, what the suggestion can add, the value at
// risk and how it was computed. Then `/account Ivory Labs` (a signed slash command) shows the
// account's next products.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../src/domain/records.ts';
import { runImport, type ImportRequest } from '../../src/import/run.ts';
import { QUEUES } from '../../src/queue/definitions.ts';
import { startTestApp } from '../support/app.ts';
import { startFakeSlack } from '../support/fake-slack.ts';
import { seedWorkspace, until } from '../support/nudge-factory.ts';
import { zoneInWorkingHours } from '../support/working-zone.ts';
import { answerOf, slash, textOf, type Env } from './support.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const TEAM = 'T0TEND0001';
const CHANNEL = 'C0NUDGES01';
const DIGEST = 'C0DIGEST01';
const ANA = 'U0ANA0001';
const BEN = 'U0BEN0001';
// the reps' 09:00 has come whatever hour the suite runs, so the scan's nudges are posted now
const WORKING = zoneInWorkingHours();
let env: Env;
let ws: number;

async function imp(kind: Kind, text: string, opts: Partial<ImportRequest> = {}) {
  const out = await runImport(env.app.db.pool, { kind, text, team: TEAM, ...opts });
  if (!out.ok) throw new Error(`import refused: ${JSON.stringify(out)}`);
}

type Posted = { account: string; kind: string; channel: string; ts: string };

beforeAll(async () => {
  const users = Object.fromEntries([[ANA, 'Ana Lopez'], [BEN, 'Ben Okafor']].map(([id, name]) => [id, { name: name!.split(' ')[0]!.toLowerCase(), real_name: name!, tz: WORKING.zone }]));
  const fake = await startFakeSlack({ channels: [CHANNEL, DIGEST], users });
  const app = await startTestApp({ slackApiUrl: fake.apiUrl });
  env = { app, fake };
  const pool = app.db.pool;
  ws = (await seedWorkspace(pool, { teamId: TEAM, channel: CHANNEL, timezone: WORKING.zone, owner: 'U0OWNER001' })).workspaceId;
  // every nudge of the small book goes out today: the budget is not what this test is about
  await pool.query(`update workspace set daily_nudge_budget = 50, digest_channel_id = $2 where id = $1`, [ws, DIGEST]);
  // the reps, as Slack knows them: the export names owners by name or email
  await pool.query(`insert into member (workspace_id, slack_user_id, name, role) values ($1, $2, 'Ana Lopez', 'rep'), ($1, $3, 'Ben Okafor', 'rep')`, [ws, ANA, BEN]);
  await imp('accounts', fixture('hubspot-companies.csv'), { preset: 'hubspot', map: [['Churn Date', 'churned_at']] });
  await imp('products', fixture('products.csv'));
  await imp('offers', fixture('offers.csv'));
  // no started_at column: the holdings start on the import's day
  await imp('holdings', fixture('holdings-wide.csv'), { preset: 'hubspot', wide: true });
  const { rt } = app.running;
  await rt.queues.add('scan', { workspaceId: ws, localDate: WORKING.localDate, run: 'crm' });
  await until(async () => (await rt.queues.scan.getJob(`scan:${ws}:${WORKING.localDate}+crm`))?.isCompleted(), 30_000, 'scan');
}, 60_000);
afterAll(async () => {
  await env?.app.stop();
  await env?.fake.close();
});

/** Posted nudges by account, once Ivory Labs' cross-sell has reached Slack. */
async function posted(): Promise<Posted[]> {
  const read = async () => (await env.app.db.pool.query<Posted>(
    `select a.name as account, n.kind::text as kind, n.channel_id as channel, n.message_ts as ts
     from nudge n join account a on a.id = n.account_id
     where n.workspace_id = $1 and n.delivery_state = 'posted' order by a.name, n.kind`,
    [ws],
  )).rows;
  await until(async () => (await read()).some((p) => p.account === 'Ivory Labs' && p.kind === 'cross_sell'), 20_000, "Ivory Labs' cross-sell posted");
  return read();
}

describe("an imported CRM book's nudges, as a rep reads them in Slack", () => {
  it("posts Ivory Labs' cross-sell with its next products, counted evidence, what it adds, what is at risk and how", async () => {
    const all = await posted();
    const ivory = all.find((p) => p.account === 'Ivory Labs' && p.kind === 'cross_sell');
    expect(ivory, JSON.stringify(all)).toBeDefined();
    expect(ivory!.channel).toBe(CHANNEL);
    const msg = env.fake.message(CHANNEL, ivory!.ts)!;
    const text = textOf(msg.blocks);
    expect(text).toContain('Ivory Labs');
    // the top 3 (the catalog has two products Ivory does not hold), each with its chance
    expect(text).toMatch(/Next products: Reporting [^·\n]+ · Alerts /);
    // counted evidence from this book: 8 of the 11 Analytics customers also hold Reporting
    expect(text).toContain('8 of 11 customers who hold Analytics also hold it');
    // what it can add: Reporting's median MRR here ($500 list on six, $1,800 on one)
    expect(text).toContain('+$500/mo if they take Reporting');
    // at risk: $3,000/mo × 12 × the prior 20% (the book cannot tell churn by products: no start dates)
    expect(text).toContain('*Revenue at risk*\n≈ $7.2k/yr');
    expect(text).toContain("At risk = MRR $3,000/mo × 12 × 20%, Tend's starting assumption until this book can tell.");
    // give first: the imported offer on the product Ivory holds, before asking for Reporting
    expect(text).toContain('_Offer:_ Free dashboard health check');
    expect(text).toMatch(/Claim\nDone\nSnooze/);
    // one message per posted nudge, none for the churned customer or the prospect
    expect(all.map((p) => p.account)).not.toContain('Lumen Retail');
    expect(all.map((p) => p.account)).not.toContain('Mistral Air');
  }, 40_000);

  it('/account Ivory Labs shows its next products with their chance and counts', async () => {
    const a = await slash(env, '/account', 'Ivory Labs', { user: ANA });
    expect(a.status).toBe(200);
    const body = await answerOf(env, a);
    expect(body.response_type ?? 'ephemeral').toBe('ephemeral');
    const text = textOf(body.blocks);
    expect(text).toContain('Ivory Labs');
    expect(text).toContain('*Next products*');
    const next = text.split('\n').filter((l) => /^\d\. /.test(l));
    expect(next.map((l) => l.slice(0, l.indexOf(' — ')))).toEqual(['1. Reporting', '2. Alerts']);
    expect(next[0]).toContain('8 of 11 customers who hold Analytics also hold');
  });

  it("posts the first digest to the managers' channel: last week's 11 customers from their dates, no curve it cannot draw", async () => {
    const { rt } = env.app.running;
    await rt.queues.add('digest', { workspaceId: ws, localDate: WORKING.localDate });
    const post = await until(async () => env.fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === DIGEST), 20_000, 'digest posted');
    const text = textOf(post.args.blocks);
    expect(text).toContain('*Customers*\n11\n→ same as last week');
    expect(text).not.toMatch(/\+11 vs last week/);
    expect(text).toContain('*Products per customer*\n1.82\nno comparison yet');
    expect(text).toContain('Tend cannot tell churn by products held yet: 11 customers a year ago (0 left since)');
    expect(text).toContain('import a started_at column to measure churn by products');
    expect(text).not.toContain('no customers then');
    // no churn chart of empty bars: only the products-per-customer trend goes with it
    await until(async () => (await rt.queues.digest.getJob(QUEUES.digest.jobId({ workspaceId: ws, localDate: WORKING.localDate })))?.isCompleted(), 20_000, 'digest job done');
    expect(env.fake.files().filter((f) => f.channel === DIGEST).map((f) => f.filename)).toEqual([`tend-products-per-customer-${WORKING.localDate}.png`]);
  }, 30_000);
});

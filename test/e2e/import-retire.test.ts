// An import retires the nudges it answers, in one pass after it writes: a cross-sell of a
// product the file says the account now holds, a stall of an account the file shows touched
// since the nudge was written, every nudge of an account whose holdings the file ends; a new
// owner in an accounts file takes the waiting ones and retires the posted ones. The
// posted ones are edited by the minute sweep (the import CLI has no queue at hand) through
// the refresh job, against the fake Slack; claimed ones, unanswered ones and another
// workspace's are left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/import/run.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { seedWorkspace, until, type SeededWorkspace } from '../support/nudge-factory.ts';

const TEAM = 'T0TEND0001';
const CHANNEL = 'C0NUDGES01';
const DAY = 86_400_000;
let fake: FakeSlack;
let app: TestApp;
let ws: SeededWorkspace;
let other: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [CHANNEL] });
  app = await startTestApp({ slackApiUrl: fake.apiUrl });
  ws = await seedWorkspace(app.db.pool, { teamId: TEAM });
  other = await seedWorkspace(app.db.pool, { teamId: 'T0OTHER001' });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const pool = () => app.db.pool;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function product(workspaceId: number, name: string): Promise<number> {
  const r = await pool().query<{ id: number }>(`insert into product (workspace_id, name, name_key, list_mrr_cents) values ($1, $2, lower($2), 50000) returning id`, [workspaceId, name]);
  return r.rows[0]!.id;
}

async function account(workspaceId: number, name: string, holds: number[]): Promise<number> {
  const a = await pool().query<{ id: number }>(`insert into account (workspace_id, name, name_key, created_at) values ($1, $2, lower($2), $3::timestamp) returning id`, [workspaceId, name, ago(400)]);
  for (const p of holds) {
    await pool().query(`insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, 50000, $4::timestamp)`, [workspaceId, a.rows[0]!.id, p, ago(300)]);
  }
  return a.rows[0]!.id;
}

/** A nudge as a scan wrote it a day ago, knowing the account's last touch `daysSinceTouch` days before that. */
async function nudge(workspaceId: number, accountId: number, kind: string, status: string, o: { product?: number; daysSinceTouch?: number; claimedBy?: number } = {}): Promise<number> {
  const r = await pool().query<{ id: number }>(
    `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, evidence, suggestion, suggested_product_id, priority, released_at,
                        claimed_by_id, last_scan_at, created_at, updated_at)
     values ($1, $2, $3::nudge_kind, $3 || ':' || $2::int || ':' || coalesce($5::int::text, 'q'), $4::nudge_status, $6::jsonb, 'Offer a usage review', $5::int, 1,
             case when $4 = 'queued' then null else $7::timestamp end, $8::int, $7::timestamp, $7::timestamp, $7::timestamp)
     returning id`,
    [workspaceId, accountId, kind, status, o.product ?? null, JSON.stringify({ daysSinceTouch: o.daysSinceTouch ?? 40 }), ago(1), o.claimedBy ?? null],
  );
  return r.rows[0]!.id;
}

async function post(nudgeId: number): Promise<string> {
  await app.running.rt.queues.add('deliver', { workspaceId: ws.workspaceId, nudgeId, generation: 0 });
  return until(async () => {
    const r = await pool().query(`select message_ts from nudge where workspace_id = $1 and id = $2 and delivery_state = 'posted'`, [ws.workspaceId, nudgeId]);
    return r.rows[0]?.message_ts as string | undefined;
  }, 10_000, 'posted');
}

const states = async (ids: number[]) =>
  (await pool().query(
    `select id, status, resolution, resolution_detail->>'productName' as product, resolution_detail->>'medium' as medium, refresh_due_at is not null as due
       from nudge where id = any($1::int[]) order by id`,
    [ids],
  )).rows;

async function sweep(minute: string): Promise<void> {
  await app.running.rt.queues.add('sweep', { minute });
  await until(async () => (await app.running.rt.queues.sweep.getJob(`sweep:${ws.workspaceId}:${minute}`))?.isCompleted(), 10_000, 'sweep');
}

describe('an import retires the nudges it answers', () => {
  it('holdings: the cross-sell of a product now held and every nudge of an account whose last product ended; the posted message is edited by the sweep', async () => {
    const [analytics, reporting, alerts] = [await product(ws.workspaceId, 'Analytics'), await product(ws.workspaceId, 'Reporting'), await product(ws.workspaceId, 'Alerts')];
    const acme = await account(ws.workspaceId, 'Acme', [reporting]);
    const goneco = await account(ws.workspaceId, 'Goneco', []);
    const crossSell = await nudge(ws.workspaceId, acme, 'cross_sell', 'open', { product: analytics });
    const otherProduct = await nudge(ws.workspaceId, acme, 'cross_sell', 'queued', { product: alerts });
    const claimed = await nudge(ws.workspaceId, acme, 'stalled', 'claimed', { claimedBy: ws.ownerMemberId });
    const gone = await nudge(ws.workspaceId, goneco, 'stalled', 'queued');
    // the same names in another workspace: none of its nudges moves
    const otherAnalytics = await product(other.workspaceId, 'Analytics');
    const otherAcme = await account(other.workspaceId, 'Acme', []);
    const foreign = await nudge(other.workspaceId, otherAcme, 'cross_sell', 'open', { product: otherAnalytics });
    const ts = await post(crossSell);

    const out = await runImport(pool(), {
      kind: 'holdings', team: TEAM,
      text: `account,product,mrr,started_at,ended_at\nAcme,Analytics,800,${ago(2).slice(0, 10)},\nGoneco,Reporting,500,2024-01-01,2024-06-30\n`,
    });
    expect(out.ok).toBe(true);

    expect(await states([crossSell, otherProduct, claimed, gone, foreign])).toEqual([
      { id: crossSell, status: 'resolved', resolution: 'holding', product: 'Analytics', medium: null, due: true },
      { id: otherProduct, status: 'queued', resolution: null, product: null, medium: null, due: false },
      { id: claimed, status: 'claimed', resolution: null, product: null, medium: null, due: false },
      { id: gone, status: 'resolved', resolution: 'churn', product: null, medium: null, due: false },
      { id: foreign, status: 'open', resolution: null, product: null, medium: null, due: false },
    ].sort((a, b) => a.id - b.id));

    // the sweep queues the edit of the posted one and clears its mark; a second sweep edits nothing more
    await sweep('imp1');
    await until(async () => fake.message(CHANNEL, ts)?.updates === 1, 10_000, 'chat.update');
    const shown = JSON.stringify(fake.message(CHANNEL, ts)!.blocks);
    expect(shown).toContain('Acme took Analytics: +$8');
    expect((fake.message(CHANNEL, ts)!.blocks as any[]).filter((b) => b.type === 'actions')).toHaveLength(0);
    expect((await states([crossSell]))[0].due).toBe(false);
    await sweep('imp2');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.message(CHANNEL, ts)?.updates).toBe(1);
  });

  it('accounts: a new owner takes the waiting nudges; a posted one is retired and edited to say where the account went', async () => {
    const ana = await pool().query<{ id: number }>(`insert into member (workspace_id, slack_user_id, name) values ($1, 'U0ANA00001', 'ana') returning id`, [ws.workspaceId]);
    const ownerco = await account(ws.workspaceId, 'Ownerco', []);
    await pool().query(`update account set owner_id = $3 where workspace_id = $1 and id = $2`, [ws.workspaceId, ownerco, ws.ownerMemberId]);
    const posted = await nudge(ws.workspaceId, ownerco, 'stalled', 'open');
    const waiting = await nudge(ws.workspaceId, ownerco, 'follow_up_due', 'queued');
    await pool().query(`update nudge set assignee_id = $2 where id = any($1::int[])`, [[posted, waiting], ws.ownerMemberId]);
    const ts = await post(posted);

    const out = await runImport(pool(), { kind: 'accounts', team: TEAM, text: 'name,owner\nOwnerco,U0ANA00001\n' });
    expect(out.ok).toBe(true);
    const rows = (await pool().query(`select id, status, assignee_id, resolution, refresh_due_at is not null as due from nudge where id = any($1::int[]) order by id`, [[posted, waiting]])).rows;
    expect(rows).toEqual([
      { id: posted, status: 'resolved', assignee_id: ws.ownerMemberId, resolution: 'owner', due: true },
      { id: waiting, status: 'queued', assignee_id: ana.rows[0]!.id, resolution: null, due: false },
    ]);
    await sweep('imp3');
    await until(async () => fake.message(CHANNEL, ts)?.updates === 1, 10_000, 'chat.update');
    expect(JSON.stringify(fake.message(CHANNEL, ts)!.blocks)).toContain('Ownerco moved to <@U0ANA00001>');
  });

  it('conversations: a stall answered by a touch after the one the nudge knew; a touch older than that answers nothing', async () => {
    const p = await product(ws.workspaceId, 'Insights');
    const quiet = await account(ws.workspaceId, 'Quietco', [p]);
    const stale = await account(ws.workspaceId, 'Staleco', [p]);
    const touched = await nudge(ws.workspaceId, quiet, 'stalled', 'queued', { daysSinceTouch: 40 });
    const stillQuiet = await nudge(ws.workspaceId, stale, 'cooling', 'queued', { daysSinceTouch: 40 });
    const out = await runImport(pool(), {
      kind: 'conversations', team: TEAM,
      // Quietco: two days ago (after its last known touch, ~41 days ago); Staleco: 60 days ago (before it)
      text: `account,occurred_at,medium,kind,summary\nQuietco,${ago(2).slice(0, 10)},call,give,Walked them through the new reports\nStaleco,${ago(60).slice(0, 10)},email,ask,Asked about renewal\n`,
    });
    expect(out.ok).toBe(true);
    expect(await states([touched, stillQuiet])).toEqual([
      { id: touched, status: 'resolved', resolution: 'touch', product: null, medium: 'call', due: false },
      { id: stillQuiet, status: 'queued', resolution: null, product: null, medium: null, due: false },
    ]);
  });
});

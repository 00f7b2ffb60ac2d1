// The account card's next products after the incremental scan (issue 14): most cross-sells of a
// big book wait without a nudge row, so the card reads the scan's own record of them on
// account_scan (product ids and chances, named from the catalog when read); an account whose
// cross-sell has a row keeps reading that row's alternatives, evidence sentences and all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanProcessor } from '../../../jobs/scan.ts';
import { readAccountCard } from '../../../src/data/account-card.ts';
import { loadHome } from '../../../src/data/home.ts';
import { ensureWorkspace } from '../../../src/data/workspaces.ts';
import { findScanRun } from '../../../src/data/scan-runs.ts';
import { chanceText, nextProductsOf } from '../../../src/domain/recommend.ts';
import { createLogger } from '../../../src/log.ts';
import type { Runtime } from '../../../src/runtime.ts';
import type { ScanContext } from '../../../src/scan/context.ts';
import { cardData } from '../../../src/slack/flows/account.ts';
import { buildAccountCard } from '../../../src/views/account-card.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';
import { buildFixture, LOCAL_DATE, NOW, type Fixture } from '../../support/scan-fixture.ts';

const TEAM = 'T_CARD_NEXT';
const log = createLogger('silent');
let app: TestApp;
let rt: Runtime;
let fx: Fixture;
let extras: number[];

beforeAll(async () => {
  app = await startTestApp({ roles: 'worker', now: () => NOW, processors: (r) => ({ scan: createScanProcessor(r) }) });
  rt = app.running.rt;
  // a budget of 1 and 40 more single-product accounts for Ana: most of their cross-sells wait without a row
  fx = await buildFixture(rt.db.pool, TEAM, 1);
  const { rows } = await rt.db.pool.query<{ id: number }>(
    `with a as (
       insert into account (workspace_id, name, name_key, owner_id, created_at)
       select $1, 'Extra ' || g, 'extra ' || g, $2, $3::timestamp - interval '200 days' from generate_series(1, 40) g returning id
     ), h as (
       insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at)
       select $1, a.id, $4, 20000, $3::timestamp - interval '150 days' from a
     )
     select id from a order by id`,
    [fx.workspaceId, fx.members.ana, NOW.toISOString(), fx.products.Reporting],
  );
  extras = rows.map((r) => r.id);
  await createScanProcessor(rt)({ workspaceId: fx.workspaceId, localDate: LOCAL_DATE, run: 'card' }, { log });
  expect((await findScanRun<ScanContext>(rt.db.pool, fx.workspaceId, `${LOCAL_DATE}+card`))!.finished).toBe(true);
});
afterAll(async () => {
  await app?.stop();
});

/** The account's live cross-sell row (queued, open or claimed), if it has one. */
async function crossSellRow(accountId: number): Promise<{ evidence: Record<string, unknown> } | null> {
  const { rows } = await rt.db.pool.query<{ evidence: Record<string, unknown> }>(
    `select evidence from nudge where workspace_id = $1 and account_id = $2 and kind = 'cross_sell' and status in ('queued', 'open', 'claimed')`,
    [fx.workspaceId, accountId],
  );
  return rows[0] ?? null;
}

async function scanState(accountId: number): Promise<{ ids: number[]; scores: number[] }> {
  const { rows } = await rt.db.pool.query<{ ids: number[]; scores: number[] }>(
    'select next_product_ids as ids, next_scores as scores from account_scan where account_id = $1',
    [accountId],
  );
  return rows[0]!;
}

/** The card's "Next products" lines, rendered as /account renders them. */
async function renderedNext(accountId: number): Promise<string[]> {
  const rows = (await readAccountCard(rt.db.pool, fx.workspaceId, accountId, NOW))!;
  const ws = await ensureWorkspace(rt.db.pool, TEAM);
  const text = mrkdwnTexts(buildAccountCard(cardData(rows, ws, NOW, 'UTC'), { now: NOW, timeZone: 'UTC' }).blocks).join('\n');
  const at = text.indexOf('*Next products*\n');
  if (at < 0) return [];
  return text.slice(at + '*Next products*\n'.length).split('\n').filter((l) => /^\d+\. /.test(l));
}

describe('the account card\'s next products', () => {
  it('come from account_scan, named from the catalog, for an account whose cross-sell waits without a row', async () => {
    const without: number[] = [];
    for (const id of extras) if (!(await crossSellRow(id))) without.push(id);
    // most of the 40 wait: the line holds a few days of a budget of 1
    expect(without.length).toBeGreaterThan(30);
    const id = without[0]!;
    const state = await scanState(id);
    // a Reporting holder is offered the other two products, best first, each with its chance
    expect(new Set(state.ids)).toEqual(new Set([fx.products.Analytics, fx.products.Alerts]));
    expect(state.scores).toHaveLength(state.ids.length);
    expect([...state.scores].sort((a, b) => b - a)).toEqual(state.scores);

    const names = new Map(Object.entries(fx.products).map(([name, pid]) => [pid, name]));
    const next = nextProductsOf((await readAccountCard(rt.db.pool, fx.workspaceId, id, NOW))!.nextProducts);
    // no evidence sentence was kept: none is shown, and none made up
    expect(next).toEqual(state.ids.map((pid, i) => ({ productName: names.get(pid), score: state.scores[i], evidence: '' })));
    expect(await renderedNext(id)).toEqual(state.ids.map((pid, i) => `${i + 1}. ${names.get(pid)} — ${chanceText(state.scores[i]!)}`));

    // names are read when the card is: a renamed product shows its new name, a retired one is not offered
    await rt.db.pool.query(`update product set name = 'Alerts Pro' where id = $1`, [fx.products.Alerts]);
    const renamed = nextProductsOf((await readAccountCard(rt.db.pool, fx.workspaceId, id, NOW))!.nextProducts);
    expect(renamed.map((x) => x.productName)).toEqual(state.ids.map((pid) => (pid === fx.products.Alerts ? 'Alerts Pro' : names.get(pid))));
    await rt.db.pool.query(`update product set active = false where id = $1`, [fx.products.Alerts]);
    const retired = nextProductsOf((await readAccountCard(rt.db.pool, fx.workspaceId, id, NOW))!.nextProducts);
    expect(retired.map((x) => x.productName)).toEqual(['Analytics']);
    await rt.db.pool.query(`update product set name = 'Alerts', active = true where id = $1`, [fx.products.Alerts]);

    // an account no longer active is offered nothing, whatever its last scan kept
    await rt.db.pool.query(`update account set status = 'churned' where id = $1`, [without[1]!]);
    expect((await scanState(without[1]!)).ids.length).toBeGreaterThan(0);
    expect(nextProductsOf((await readAccountCard(rt.db.pool, fx.workspaceId, without[1]!, NOW))!.nextProducts)).toEqual([]);
  });

  it('keep reading the cross-sell row\'s alternatives where the row exists', async () => {
    let withRow: { id: number; evidence: Record<string, unknown> } | null = null;
    for (const id of extras) {
      const row = await crossSellRow(id);
      if (row) {
        withRow = { id, evidence: row.evidence };
        break;
      }
    }
    expect(withRow).not.toBeNull();
    const { id, evidence } = withRow!;
    const fromRow = nextProductsOf(evidence);
    expect(fromRow.length).toBeGreaterThan(0);
    // the row's counted evidence sentences: only a row has them
    expect(fromRow.every((x) => x.evidence.length > 0)).toBe(true);
    expect(nextProductsOf((await readAccountCard(rt.db.pool, fx.workspaceId, id, NOW))!.nextProducts)).toEqual(fromRow);
    const lines = await renderedNext(id);
    expect(lines).toHaveLength(fromRow.length);
    expect(lines[0]).toContain(` · ${fromRow[0]!.evidence.slice(0, 40)}`);
    // the scan kept the same products and chances on account_scan as the row's alternatives
    const alternatives = evidence.alternatives as { productId: number; score: number }[];
    expect(await scanState(id)).toEqual({ ids: alternatives.map((a) => a.productId), scores: alternatives.map((a) => a.score) });
  });

  it('leave out a product whose cross-sell the rep dismissed, once that row no longer speaks for the card', async () => {
    let target: { id: number; productId: number } | null = null;
    for (const id of extras) {
      const { rows } = await rt.db.pool.query<{ product: number }>(
        `select suggested_product_id as product from nudge where workspace_id = $1 and account_id = $2 and kind = 'cross_sell' and status in ('queued', 'open')`,
        [fx.workspaceId, id],
      );
      if (rows[0]) {
        target = { id, productId: rows[0].product };
        break;
      }
    }
    expect(target).not.toBeNull();
    const { id, productId } = target!;
    expect((await scanState(id)).ids).toContain(productId);
    await rt.db.pool.query(
      `update nudge set status = 'dismissed', dismissed_at = $3::timestamp where workspace_id = $1 and account_id = $2 and kind = 'cross_sell'`,
      [fx.workspaceId, id, NOW.toISOString()],
    );
    const names = new Map(Object.entries(fx.products).map(([name, pid]) => [pid, name]));
    const shown = nextProductsOf((await readAccountCard(rt.db.pool, fx.workspaceId, id, NOW))!.nextProducts).map((x) => x.productName);
    expect(shown).not.toContain(names.get(productId));
    // the others the scan kept are still offered
    expect(shown.length).toBe((await scanState(id)).ids.length - 1);
  });

  it('App Home ranks and counts an account by its waiting nudges too, not only by rows', async () => {
    const home = await loadHome(rt.db.pool, fx.workspaceId, 'U_ana', NOW);
    const { rows } = await rt.db.pool.query<{ id: number; p: number; waiting: number }>(
      `select s.account_id as id, s.waiting_priority as p, s.waiting from account_scan s
       join account a on a.id = s.account_id and a.workspace_id = $1
       where s.workspace_id = $1 and a.owner_id = $2 and a.status = 'active' and s.waiting > 0
         and not exists (select 1 from nudge n where n.account_id = s.account_id and n.status in ('queued', 'open', 'claimed'))`,
      [fx.workspaceId, fx.members.ana],
    );
    expect(rows.length).toBeGreaterThan(0);
    const shown = new Map(home.accounts.map((a) => [a.id, a]));
    // every account on the home with only waiting nudges shows them and their priority
    const waitingShown = rows.filter((r) => shown.has(r.id));
    expect(waitingShown.length).toBeGreaterThan(0);
    for (const r of waitingShown) {
      expect(shown.get(r.id)!.liveNudges).toBe(r.waiting);
      expect(shown.get(r.id)!.priority).toBeCloseTo(r.p);
    }
    // the list is in priority order: a waiting account is not pushed below accounts with nothing
    const priorities = home.accounts.map((a) => a.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    expect(home.accounts.every((a) => a.priority > 0)).toBe(true);
  });
});

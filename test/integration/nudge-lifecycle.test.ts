// A nudge's life past its first post, on real Postgres: a snooze whose situation is answered
// or gone is retired and never posted again (a dismissal stays dismissed); a win counts only
// what the account bought after the team first saw the nudge; one back from resolved starts anew;
// a won Done cannot be undone; a claimed snooze comes back claimed even when a scan sees it first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransition, applyUndo } from '../../src/data/nudge-actions.ts';
import { retireAnswered } from '../../src/data/nudge-retire.ts';
import { markWins, wakeSnoozed } from '../../src/data/nudge-sweep.ts';
import { builtDrafts, writeScanPage } from '../../src/data/nudge-writes.ts';
import type { NudgeDraft } from '../../src/domain/nudges.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedHolding, seedNudge, seedProduct, seedWorkspace } from '../support/nudge-factory.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const day = (d: number) => new Date(Date.UTC(2026, 11, d, 9));
const always = () => true;

async function row(id: number) {
  const { rows } = await db.pool.query(
    `select status, resolution, resolution_detail->>'productName' as product, refresh_due_at is not null as refresh_due from nudge where id = $1`, [id]);
  return rows[0];
}

describe('a snoozed nudge whose situation went away', () => {
  it('a holding of the suggested product retires the snoozed cross-sell; its snooze ends and nothing wakes', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0001' });
    const reporting = await seedProduct(db.pool, ws.workspaceId, 'Reporting');
    const n = await seedNudge(db.pool, ws.workspaceId, {
      kind: 'cross_sell', suggestedProductId: reporting, status: 'snoozed', snoozedUntil: day(8),
      deliveryState: 'posted', channelId: 'C0NUDGES01', messageTs: '1700000000.000100', ownerMemberId: ws.ownerMemberId, createdAt: day(1),
    });
    const retired = await retireAnswered(db.pool, ws.workspaceId, n.accountId,
      { resolution: 'holding', productId: reporting, productName: 'Reporting', mrrCents: 40_000 }, day(3));
    // posted: the caller queues the edit that says why
    expect(retired).toEqual([{ id: n.nudgeId, posted: true }]);
    expect(await row(n.nudgeId)).toMatchObject({ status: 'resolved', resolution: 'holding', product: 'Reporting' });
    expect(await wakeSnoozed(db.pool, ws.workspaceId, day(9), always)).toEqual([]);
    expect((await row(n.nudgeId)).status).toBe('resolved');
  });

  it('a churn retires every snoozed nudge of the account; a dismissed one stays dismissed', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0002' });
    const p = await seedProduct(db.pool, ws.workspaceId, 'Core');
    const snoozed = await seedNudge(db.pool, ws.workspaceId, { kind: 'stalled', status: 'snoozed', snoozedUntil: day(8), createdAt: day(1) });
    await seedHolding(db.pool, ws.workspaceId, snoozed.accountId, p, 10_000, new Date('2025-01-01T00:00:00Z'));
    await db.pool.query(`update holding set ended_at = $2 where account_id = $1`, [snoozed.accountId, day(2).toISOString()]);
    const dismissed = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', status: 'dismissed', createdAt: day(1) });
    await db.pool.query(`update nudge set account_id = $1 where id = $2`, [snoozed.accountId, dismissed.nudgeId]);

    const retired = await retireAnswered(db.pool, ws.workspaceId, snoozed.accountId, { resolution: 'churn' }, day(3));
    expect(retired).toEqual([{ id: snoozed.nudgeId, posted: false }]);
    expect(await row(snoozed.nudgeId)).toMatchObject({ status: 'resolved', resolution: 'churn' });
    expect((await row(dismissed.nudgeId)).status).toBe('dismissed');
    expect(await wakeSnoozed(db.pool, ws.workspaceId, day(9), always)).toEqual([]);
  });

  it('a scan that drafts nothing for its account resolves it (its message is marked for the edit); a dismissed one stays, a still-drafted one sleeps on', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0003' });
    const gone = await seedNudge(db.pool, ws.workspaceId, {
      kind: 'cross_sell', status: 'snoozed', snoozedUntil: day(8), deliveryState: 'posted', channelId: 'C0NUDGES01', messageTs: '1700000000.000200', createdAt: day(1),
    });
    const dismissed = await seedNudge(db.pool, ws.workspaceId, { kind: 'cooling', status: 'dismissed', createdAt: day(1) });
    const kept = await seedNudge(db.pool, ws.workspaceId, { kind: 'stalled', status: 'snoozed', snoozedUntil: day(8), createdAt: day(1) });
    const keptKey = (await db.pool.query(`select dedupe_key from nudge where id = $1`, [kept.nudgeId])).rows[0].dedupe_key as string;
    const still: NudgeDraft = {
      accountId: kept.accountId, kind: 'stalled', dedupeKey: keptKey, suggestion: 'Reopen', evidence: { headline: 'Quiet' },
      suggestedProductId: null, offerId: null, priority: 1, valueAtStakeCents: 100, assigneeId: null,
    };
    const ids = [gone.accountId, dismissed.accountId, kept.accountId];
    const r = await writeScanPage(db.pool, ws.workspaceId, { ids }, builtDrafts([still]), day(3));
    expect(r).toMatchObject({ resolved: 1, joined: 0 });
    expect(await row(gone.nudgeId)).toMatchObject({ status: 'resolved', refresh_due: true });
    expect((await row(dismissed.nudgeId)).status).toBe('dismissed');
    expect((await row(kept.nudgeId)).status).toBe('snoozed');
    // the woken one is only the one still drafted
    const woke = await wakeSnoozed(db.pool, ws.workspaceId, day(9), always);
    expect(woke.map((w) => w.nudgeId)).toEqual([kept.nudgeId]);
  });

  it("a remodel that turns the account's next product to another keeps the rep's snooze: the new pick joins it, nothing is resolved or posted", async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0010' });
    const snoozed = await seedNudge(db.pool, ws.workspaceId, {
      kind: 'cross_sell', status: 'snoozed', snoozedUntil: day(28), deliveryState: 'posted', channelId: 'C0NUDGES01', messageTs: '1700000000.000300', createdAt: day(1),
    });
    const flipped: NudgeDraft = {
      accountId: snoozed.accountId, kind: 'cross_sell', dedupeKey: `cross_sell:${snoozed.accountId}:999`, suggestion: 'Next product', evidence: { headline: 'Next' },
      suggestedProductId: null, offerId: null, priority: 1, valueAtStakeCents: 100, assigneeId: null,
    };
    const r = await writeScanPage(db.pool, ws.workspaceId, { ids: [snoozed.accountId] }, builtDrafts([flipped]), day(3));
    expect(r).toMatchObject({ resolved: 0, joined: 1, written: 0 });
    expect((await row(snoozed.nudgeId)).status).toBe('snoozed');
    expect((await db.pool.query(`select count(*)::int as n from nudge where account_id = $1`, [snoozed.accountId])).rows[0].n).toBe(1);
  });
});

describe('a win counts from the first release', () => {
  it('a product bought after the row was queued but before the team saw it is no win; one bought after is', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0004' });
    const alerts = await seedProduct(db.pool, ws.workspaceId, 'Alerts');
    // queued Dec 1, released Dec 7, Done Dec 8
    const early = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: alerts, status: 'done', createdAt: day(1), releasedAt: day(7), doneAt: day(8) });
    await seedHolding(db.pool, ws.workspaceId, early.accountId, alerts, 30_000, day(3));
    const late = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: alerts, status: 'done', createdAt: day(1), releasedAt: day(7), doneAt: day(8) });
    await seedHolding(db.pool, ws.workspaceId, late.accountId, alerts, 45_000, day(9));
    expect(await markWins(db.pool, ws.workspaceId, 60, day(10))).toEqual([late.nudgeId]);
  });

  it('a snooze woken later keeps the first release: a purchase during the snooze still counts', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0005' });
    const alerts = await seedProduct(db.pool, ws.workspaceId, 'Alerts');
    // released Dec 2, snoozed until Dec 6; bought Dec 5; woken Dec 7, Done Dec 8
    const n = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: alerts, status: 'snoozed', snoozedUntil: day(6), createdAt: day(1), releasedAt: day(2) });
    const other = await seedProduct(db.pool, ws.workspaceId, 'Other');
    await seedHolding(db.pool, ws.workspaceId, n.accountId, other, 20_000, day(5));
    expect((await wakeSnoozed(db.pool, ws.workspaceId, day(7), always)).map((w) => w.nudgeId)).toEqual([n.nudgeId]);
    await db.pool.query(`update nudge set status = 'done', done_at = $2 where id = $1`, [n.nudgeId, day(8).toISOString()]);
    expect(await markWins(db.pool, ws.workspaceId, 60, day(9))).toEqual([n.nudgeId]);
  });
});

describe('one purchase is one win', () => {
  it('two done cross-sells on one account and one new holding: the nudge that suggested its product wins it, once; the other wins a later purchase', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0009' });
    const [reporting, alerts, forecasting] = [
      await seedProduct(db.pool, ws.workspaceId, 'Reporting'), await seedProduct(db.pool, ws.workspaceId, 'Alerts'), await seedProduct(db.pool, ws.workspaceId, 'Forecasting'),
    ];
    const first = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: alerts, status: 'done', createdAt: day(1), releasedAt: day(1), doneAt: day(2) });
    const second = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: reporting, status: 'done', createdAt: day(1), releasedAt: day(3), doneAt: day(4) });
    await db.pool.query(`update nudge set account_id = $1, dedupe_key = dedupe_key || ':b' where id = $2`, [first.accountId, second.nudgeId]);
    await seedHolding(db.pool, ws.workspaceId, first.accountId, reporting, 7_000, day(5));
    expect(await markWins(db.pool, ws.workspaceId, 60, day(6))).toEqual([second.nudgeId]);
    // the next sweeps: the holding is won; the other nudge does not count it again
    expect(await markWins(db.pool, ws.workspaceId, 60, day(7))).toEqual([]);
    const won = await db.pool.query(`select id, outcome, outcome_value_cents from nudge where account_id = $1 order by id`, [first.accountId]);
    expect(won.rows).toEqual([
      { id: first.nudgeId, outcome: null, outcome_value_cents: null },
      { id: second.nudgeId, outcome: 'won', outcome_value_cents: 7_000 },
    ]);
    // a second purchase within its window is the first nudge's
    await seedHolding(db.pool, ws.workspaceId, first.accountId, forecasting, 9_000, day(8));
    expect(await markWins(db.pool, ws.workspaceId, 60, day(9))).toEqual([first.nudgeId]);
    const total = await db.pool.query(`select sum(outcome_value_cents)::int as cents, count(*)::int as n from nudge where account_id = $1 and outcome = 'won'`, [first.accountId]);
    expect(total.rows[0]).toEqual({ cents: 16_000, n: 2 });
  });
});

describe('a nudge back from resolved starts a new life', () => {
  it('its start, release, escalation and claim are reset, so an old purchase is no win of it', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0006' });
    const alerts = await seedProduct(db.pool, ws.workspaceId, 'Alerts');
    const n = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: alerts, status: 'open', createdAt: day(1), releasedAt: day(2) });
    await db.pool.query(
      `update nudge set status = 'resolved', resolved_at = $2, escalated_at = $2, claimed_by_id = $3, claimed_at = $2, first_released_at = $2 where id = $1`,
      [n.nudgeId, day(3).toISOString(), ws.ownerMemberId]);
    const key = (await db.pool.query(`select dedupe_key from nudge where id = $1`, [n.nudgeId])).rows[0].dedupe_key as string;
    // bought (and ended) while the nudge was resolved: not a win of its next life
    await seedHolding(db.pool, ws.workspaceId, n.accountId, alerts, 30_000, day(10));
    await db.pool.query(`update holding set ended_at = $2 where account_id = $1`, [n.accountId, day(12).toISOString()]);
    const again: NudgeDraft = {
      accountId: n.accountId, kind: 'cross_sell', dedupeKey: key, suggestion: 'Again', evidence: { headline: 'Again' },
      suggestedProductId: alerts, offerId: null, priority: 1, valueAtStakeCents: 100, assigneeId: null,
    };
    expect((await writeScanPage(db.pool, ws.workspaceId, { ids: [n.accountId] }, builtDrafts([again]), day(20))).written).toBe(1);
    const { rows } = await db.pool.query(
      `select status, created_at, released_at, first_released_at, escalated_at, claimed_by_id from nudge where id = $1`, [n.nudgeId]);
    expect(rows[0]).toEqual({ status: 'queued', created_at: day(20), released_at: null, first_released_at: null, escalated_at: null, claimed_by_id: null });
    // released, done: the old purchase (Dec 10, before this life) is no win
    await db.pool.query(`update nudge set status = 'done', released_at = $2, done_at = $3 where id = $1`, [n.nudgeId, day(21).toISOString(), day(22).toISOString()]);
    expect(await markWins(db.pool, ws.workspaceId, 60, day(23))).toEqual([]);
  });
});

describe('Undo of a Done that has been won since', () => {
  it('is refused: the nudge stays done and won, and a Dismiss after it changes nothing', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0007' });
    const alerts = await seedProduct(db.pool, ws.workspaceId, 'Alerts');
    const n = await seedNudge(db.pool, ws.workspaceId, { kind: 'cross_sell', suggestedProductId: alerts, status: 'open', createdAt: day(1), releasedAt: day(2) });
    await seedHolding(db.pool, ws.workspaceId, n.accountId, alerts, 45_000, day(5));
    const at = (min: number) => new Date(day(8).getTime() + min * 60_000);
    const act = (action: 'done' | 'dismiss', min: number) => applyTransition(db.pool, {
      workspaceId: ws.workspaceId, nudgeId: n.nudgeId, action, actorUserId: ws.ownerSlackId, dedupeKey: `t:${action}:${min}`, now: at(min),
    });
    expect(await act('done', 0)).toEqual({ result: 'changed', status: 'done' });
    expect(await markWins(db.pool, ws.workspaceId, 60, at(1))).toEqual([n.nudgeId]);
    // the click lands inside the undo window, after the win
    const undo = await applyUndo(db.pool, { workspaceId: ws.workspaceId, nudgeId: n.nudgeId, actorUserId: ws.ownerSlackId, dedupeKey: 'u:1', now: at(2) });
    expect(undo).toEqual({ result: 'stale', status: 'done' });
    expect((await act('dismiss', 3)).result).toBe('stale');
    const { rows } = await db.pool.query(`select status, outcome, outcome_value_cents from nudge where id = $1`, [n.nudgeId]);
    expect(rows[0]).toEqual({ status: 'done', outcome: 'won', outcome_value_cents: 45_000 });
  });
});

describe('a claimed snooze a scan sees over before the wake', () => {
  it('is left for the wake, which brings it back claimed by its claimer', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LIFE0008' });
    const n = await seedNudge(db.pool, ws.workspaceId, { kind: 'stalled', status: 'snoozed', snoozedUntil: day(5), createdAt: day(1), releasedAt: day(1) });
    await db.pool.query(`update nudge set claimed_by_id = $2, claimed_at = $3 where id = $1`, [n.nudgeId, ws.ownerMemberId, day(1).toISOString()]);
    const key = (await db.pool.query(`select dedupe_key from nudge where id = $1`, [n.nudgeId])).rows[0].dedupe_key as string;
    const still: NudgeDraft = {
      accountId: n.accountId, kind: 'stalled', dedupeKey: key, suggestion: 'Still quiet', evidence: { headline: 'Quiet' },
      suggestedProductId: null, offerId: null, priority: 1, valueAtStakeCents: 100, assigneeId: null,
    };
    expect(await writeScanPage(db.pool, ws.workspaceId, { ids: [n.accountId] }, builtDrafts([still]), day(6)))
      .toMatchObject({ written: 0, resolved: 0 });
    const before = (await db.pool.query(`select status, claimed_by_id from nudge where id = $1`, [n.nudgeId])).rows[0];
    expect(before).toEqual({ status: 'snoozed', claimed_by_id: ws.ownerMemberId });
    expect((await wakeSnoozed(db.pool, ws.workspaceId, day(6), always)).map((w) => w.nudgeId)).toEqual([n.nudgeId]);
    const after = (await db.pool.query(`select status, claimed_by_id from nudge where id = $1`, [n.nudgeId])).rows[0];
    expect(after).toEqual({ status: 'claimed', claimed_by_id: ws.ownerMemberId });
  });
});

// The scan's nudge write on real Postgres: every character a draft can carry survives the
// typed-array upsert exactly, a rewrite of the same page changes nothing, and the composite
// foreign key refuses a nudge whose account belongs to another workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtDrafts, writeScanPage, type PageDrafts } from '../../../src/data/nudge-writes.ts';
import type { NudgeDraft } from '../../../src/domain/nudges.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';
import { seedWorkspace } from '../../support/nudge-factory.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const NOW = new Date('2026-11-20T09:00:00Z');
const HOSTILE = [
  'plain',
  'quote " and \'single\' and back\\slash \\" mixed',
  '{braces},[brackets],commas,,"NULL"',
  'NULL',
  '',
  '<!channel> <@U123> <#C1|x> &amp; &lt;',
  "'); drop table nudge; --",
  'emoji 🚀👩🏽‍💻 and RTL مرحبا بالعالم שלום',
  'line\nbreak\ttab\r\u0001',
  'x'.repeat(10_000),
];

async function account(workspaceId: number, name: string): Promise<number> {
  const r = await db.pool.query<{ id: number }>(
    `insert into account (workspace_id, name, name_key) values ($1, $2, lower($2)) returning id`, [workspaceId, name]);
  return r.rows[0]!.id;
}

function draft(accountId: number, i: number, text: string): NudgeDraft {
  return {
    accountId, kind: 'cross_sell', dedupeKey: `cross_sell:${accountId}:${i}`, suggestion: text,
    evidence: { headline: text, nested: { list: [text, null, 1.5] }, n: i },
    suggestedProductId: null, offerId: null, priority: i + 0.25, valueAtStakeCents: 9_007_199_254 + i, assigneeId: null,
  };
}

/** One page of built drafts for the accounts with id in (afterId, upToId], every new one written as a row. */
async function writeNudgePage(workspaceId: number, afterId: number, upToId: number, drafts: NudgeDraft[]) {
  const { written, resolved, joined } = await writeScanPage(db.pool, workspaceId, { afterId, upToId }, builtDrafts(drafts), NOW);
  return { written, resolved, joined };
}

describe('writeScanPage', () => {
  it('stores hostile and huge text byte for byte, and a second write of the same page changes nothing', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0WRITES01' });
    const accountIds = await Promise.all(HOSTILE.map((_, i) => account(ws.workspaceId, `Hostile ${i}`)));
    const drafts = HOSTILE.map((text, i) => draft(accountIds[i]!, i, text));
    const lo = Math.min(...accountIds) - 1;
    const hi = Math.max(...accountIds);

    expect(await writeNudgePage(ws.workspaceId, lo, hi, drafts)).toEqual({ written: HOSTILE.length, resolved: 0, joined: 0 });
    const rows = await db.pool.query<{ dedupe_key: string; suggestion: string; evidence: unknown; priority: number; value: string; status: string }>(
      `select dedupe_key, suggestion, evidence, priority, value_at_stake_cents::text as value, status
       from nudge where workspace_id = $1`, [ws.workspaceId]);
    const byKey = new Map(rows.rows.map((r) => [r.dedupe_key, r]));
    for (const d of drafts) {
      const r = byKey.get(d.dedupeKey)!;
      expect(r.suggestion).toBe(d.suggestion);
      expect(r.evidence).toEqual(d.evidence);
      expect(r.priority).toBe(d.priority);
      expect(r.value).toBe(String(d.valueAtStakeCents));
      expect(r.status).toBe('queued');
    }

    expect(await writeNudgePage(ws.workspaceId, lo, hi, drafts)).toEqual({ written: 0, resolved: 0, joined: 0 });
    // one draft gone: its queued nudge is resolved, the others stay as they were
    expect(await writeNudgePage(ws.workspaceId, lo, hi, drafts.slice(1))).toEqual({ written: 0, resolved: 1, joined: 0 });
  });

  it('a resolved nudge queued again leaves its old grouped message and resolution behind', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0REQUEUE1' });
    const acc = await account(ws.workspaceId, 'Requeued');
    const d = draft(acc, 0, 'again');
    await writeNudgePage(ws.workspaceId, acc - 1, acc, [d]);
    const g = await db.pool.query<{ id: number }>(
      `insert into nudge_group (workspace_id, assignee_key, local_day, delivery_state) values ($1, 0, '2026-11-19', 'posted') returning id`,
      [ws.workspaceId]);
    await db.pool.query(
      `update nudge set status = 'resolved', resolution = 'touch', resolution_detail = '{"by":"x"}', group_id = $2, delivery_state = 'posted'
       where workspace_id = $1`, [ws.workspaceId, g.rows[0]!.id]);
    await writeNudgePage(ws.workspaceId, acc - 1, acc, [d]);
    const r = await db.pool.query('select status, delivery_state, group_id, resolution, resolution_detail from nudge where workspace_id = $1', [ws.workspaceId]);
    // still pointing at the posted group, it would wait on that message for ever
    expect(r.rows).toEqual([{ status: 'queued', delivery_state: 'pending', group_id: null, resolution: null, resolution_detail: null }]);
  });

  it('refuses a nudge that points at another workspace’s account', async () => {
    const mine = await seedWorkspace(db.pool, { teamId: 'T0MINE0001' });
    const theirs = await seedWorkspace(db.pool, { teamId: 'T0THEIRS01' });
    const foreign = await account(theirs.workspaceId, 'Not yours');
    await expect(writeNudgePage(mine.workspaceId, foreign - 1, foreign, [draft(foreign, 0, 'x')]))
      .rejects.toThrow(/foreign key/);
    const n = await db.pool.query('select count(*)::int as n from nudge where account_id = $1', [foreign]);
    expect(n.rows[0].n).toBe(0);
  });

  it('builds the words only for the nudges it compares or writes: waiting ones stay keys', async () => {
    const ws = await seedWorkspace(db.pool, { teamId: 'T0LAZYWORD' });
    const [a, b] = [await account(ws.workspaceId, 'Waits'), await account(ws.workspaceId, 'Has a row')];
    const drafts = [draft(a, 0, 'waiting'), draft(b, 1, 'in line')];
    const asked: string[] = [];
    const page = (ds: typeof drafts): PageDrafts => ({
      // keys only: what a scan's judge hands over (no words on the key)
      keys: ds.map((d) => ({ accountId: d.accountId, kind: d.kind, dedupeKey: d.dedupeKey, priority: d.priority, suggestedProductId: d.suggestedProductId, valueAtStakeCents: d.valueAtStakeCents })),
      full: (k) => {
        asked.push(k.dedupeKey);
        return ds.find((d) => d.dedupeKey === k.dedupeKey)!;
      },
    });
    const scope = { ids: [a, b] };
    // b already has a queued row (the top of its rep's line)
    await writeNudgePage(ws.workspaceId, b - 1, b, [drafts[1]!]);
    const r = await writeScanPage(db.pool, ws.workspaceId, scope, page(drafts), NOW, { materialize: false });
    expect(r).toEqual({ written: 0, resolved: 0, joined: 0, waiting: 1 });
    // b's words were built to compare its content; a's never were
    expect(asked).toEqual([drafts[1]!.dedupeKey]);
    // changed words on b are written; a still waits without a row
    asked.length = 0;
    const changed = [drafts[0]!, { ...drafts[1]!, suggestion: 'new words' }];
    expect(await writeScanPage(db.pool, ws.workspaceId, scope, page(changed), NOW, { materialize: false }))
      .toEqual({ written: 1, resolved: 0, joined: 0, waiting: 1 });
    expect(asked).toEqual([drafts[1]!.dedupeKey]);
    const rows = await db.pool.query('select account_id, suggestion from nudge where workspace_id = $1', [ws.workspaceId]);
    expect(rows.rows).toEqual([{ account_id: b, suggestion: 'new words' }]);
    // materialized: the waiting one's words are built and it gets its row
    asked.length = 0;
    expect((await writeScanPage(db.pool, ws.workspaceId, scope, page(changed), NOW)).written).toBe(1);
    expect(asked).toEqual([drafts[0]!.dedupeKey, drafts[1]!.dedupeKey]);
  });
});

// The data functions that once took the Prisma client now run plain SQL on the pool: each
// returns exactly what the generated model (and the old Prisma reads) gave, instants included,
// and never reads another workspace's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountCard } from '../../src/data/account-card.ts';
import { HOME_NUDGES, loadHome } from '../../src/data/home.ts';
import { listMyNudges } from '../../src/data/my-nudges.ts';
import { saveSettings } from '../../src/data/settings.ts';
import { adoptWorkspaceTimezone, deactivateTeam, ensureWorkspace, setOrgTeamsStatus, WorkspaceCache } from '../../src/data/workspaces.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const at = (iso: string) => new Date(iso);

describe('workspaces on the pool', () => {
  it('creates a new workspace grouped, and reads it back field for field as the generated model', async () => {
    const row = await ensureWorkspace(db.pool, 'TNEW', 'EORG');
    expect(row.deliveryGrouping).toBe('grouped');
    expect(row.slackEnterpriseId).toBe('EORG');
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row).toEqual(await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: 'TNEW' } }));
    // a second contact finds the same row instead of creating one
    expect((await ensureWorkspace(db.pool, 'TNEW')).id).toBe(row.id);
  });

  it('the cache answers from memory within its TTL and reads again after forget', async () => {
    let now = 0;
    const cache = new WorkspaceCache(db.pool, 1_000, () => now);
    const first = await cache.get('TCACHE');
    await db.pool.query(`update workspace set name = 'renamed' where id = $1`, [first.id]);
    expect((await cache.get('TCACHE')).name).toBeNull();
    cache.forget(first.id);
    expect((await cache.get('TCACHE')).name).toBe('renamed');
    now = 5_000;
    await db.pool.query(`update workspace set name = 'again' where id = $1`, [first.id]);
    expect((await cache.get('TCACHE')).name).toBe('again');
  });

  it('switches status only within the org, and reports only the rows that changed', async () => {
    const a = await ensureWorkspace(db.pool, 'TORG1', 'EORG2');
    const b = await ensureWorkspace(db.pool, 'TORG2', 'EOTHER');
    expect(await setOrgTeamsStatus(db.pool, 'EORG2', ['TORG1', 'TORG2'], 'inactive')).toEqual([a.id]);
    expect(await setOrgTeamsStatus(db.pool, 'EORG2', ['TORG1'], 'inactive')).toEqual([]);
    expect(await deactivateTeam(db.pool, 'TORG2')).toEqual([b.id]);
    expect(await deactivateTeam(db.pool, 'TORG2')).toEqual([]);
  });
});

describe('adoptWorkspaceTimezone', () => {
  it('stamps updated_at in UTC whatever the session\'s timezone', async () => {
    const ws = await ensureWorkspace(db.pool, 'TADOPT');
    const client = await db.pool.connect();
    try {
      // a session nine hours off UTC: now() alone would store Tokyo's wall clock
      await client.query(`set timezone = 'Asia/Tokyo'`);
      expect(await adoptWorkspaceTimezone(client, ws.id, 'Europe/Paris', 'installer')).toBe(true);
    } finally {
      await client.query('reset timezone');
      client.release();
    }
    const row = await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    // an hour of headroom on a shared box; the bug is nine hours off
    expect(Math.abs(row.updatedAt.getTime() - Date.now())).toBeLessThan(60 * 60_000);
  });
});

describe('saveSettings on the pool', () => {
  const patch = {
    nudgeChannelId: 'C1', deliveryMode: 'owner_dm' as const, digestUserIds: ['U1', 'U2'], digestChannelId: null,
    digestTime: '08:30', timezone: 'Europe/Paris', stallFactor: 2.5, stallMinDays: 10, stallMaxDays: 80, defaultRhythmDays: 21, dailyNudgeBudget: 7,
  };

  it('writes every edited column and marks the timezone as a manager\'s choice', async () => {
    const ws = await ensureWorkspace(db.pool, 'TSET');
    await saveSettings(db.pool, ws.id, { ...patch, deliveryGrouping: 'single' });
    const row = await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    expect(row).toMatchObject({ ...patch, deliveryGrouping: 'single', timezoneSource: 'settings' });
  });

  it('keeps the timezone\'s source when a save leaves the timezone as it was', async () => {
    const ws = await ensureWorkspace(db.pool, 'TSET3');
    await db.pool.query(`update workspace set timezone = 'Europe/Paris', timezone_source = 'installer' where id = $1`, [ws.id]);
    await saveSettings(db.pool, ws.id, patch);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } })).timezoneSource).toBe('installer');
    await saveSettings(db.pool, ws.id, { ...patch, timezone: 'Asia/Tokyo' });
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } })).timezoneSource).toBe('settings');
  });

  it('leaves the grouping as it was when the patch has none (a modal opened before the setting existed)', async () => {
    const ws = await ensureWorkspace(db.pool, 'TSET2');
    await saveSettings(db.pool, ws.id, patch);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } })).deliveryGrouping).toBe('grouped');
  });
});

describe('account card and my nudges on the pool', () => {
  it('reads the card of an account in its workspace only, with its instants exact', async () => {
    const ws = await ensureWorkspace(db.pool, 'TCARD');
    const other = await ensureWorkspace(db.pool, 'TCARD2');
    const owner = await db.prisma.member.create({ data: { workspaceId: ws.id, slackUserId: 'UOWN', name: 'Olive' } });
    const product = await db.prisma.product.create({ data: { workspaceId: ws.id, name: 'Pro', nameKey: 'pro' } });
    const account = await db.prisma.account.create({
      data: { workspaceId: ws.id, name: 'Acme', nameKey: 'acme', ownerId: owner.id, segment: 'smb', createdAt: at('2024-01-02T03:04:05.678Z') },
    });
    await db.prisma.accountAlias.createMany({ data: ['ACME Inc', 'Acme Corp'].map((alias) => ({ workspaceId: ws.id, accountId: account.id, alias, aliasKey: alias.toLowerCase() })) });
    await db.prisma.holding.create({ data: { workspaceId: ws.id, accountId: account.id, productId: product.id, mrrCents: 9900, startedAt: at('2024-02-01T00:00:00.000Z') } });
    await db.prisma.holding.create({ data: { workspaceId: ws.id, accountId: account.id, productId: product.id, mrrCents: 1, startedAt: at('2023-01-01T00:00:00Z'), endedAt: at('2023-06-01T00:00:00Z') } });
    const now = at('2024-06-01T12:00:00Z');
    await db.prisma.conversation.createMany({
      data: [
        { workspaceId: ws.id, accountId: account.id, memberId: owner.id, occurredAt: at('2024-05-30T10:00:00.123Z'), kind: 'give', summary: 'sent a guide', nextStep: 'call', nextStepDue: at('2024-06-03T09:00:00Z') },
        { workspaceId: ws.id, accountId: account.id, occurredAt: at('2024-05-01T10:00:00Z'), kind: 'ask', summary: 'asked for a referral' },
        { workspaceId: ws.id, accountId: account.id, occurredAt: at('2023-01-01T10:00:00Z'), kind: 'give', summary: 'too old to count' },
      ],
    });
    await db.prisma.accountRollup.create({ data: { accountId: account.id, workspaceId: ws.id, touchCount: 3, medianGapDays: 12.5, lastTouchAt: at('2024-05-30T10:00:00.123Z') } });
    await db.prisma.nudge.create({ data: { workspaceId: ws.id, accountId: account.id, kind: 'follow_up_due', dedupeKey: 'k1', suggestion: 's', status: 'open' } });

    const card = await readAccountCard(db.pool, ws.id, account.id, now);
    expect(card).toEqual({
      id: account.id, name: 'Acme', aliases: ['ACME Inc', 'Acme Corp'], ownerSlackUserId: 'UOWN', ownerName: 'Olive', segment: 'smb', status: 'active',
      createdAt: at('2024-01-02T03:04:05.678Z'),
      holdings: [{ product: 'Pro', mrrCents: 9900, since: at('2024-02-01T00:00:00.000Z') }],
      lastTouches: [
        { at: at('2024-05-30T10:00:00.123Z'), medium: 'chat', kind: 'give', summary: 'sent a guide', bySlackUserId: 'UOWN', nextStep: 'call', nextStepDue: at('2024-06-03T09:00:00Z'), channelId: null, direction: null, messageCount: null },
        { at: at('2024-05-01T10:00:00Z'), medium: 'chat', kind: 'ask', summary: 'asked for a referral', bySlackUserId: null, nextStep: null, nextStepDue: null, channelId: null, direction: null, messageCount: null },
        { at: at('2023-01-01T10:00:00Z'), medium: 'chat', kind: 'give', summary: 'too old to count', bySlackUserId: null, nextStep: null, nextStepDue: null, channelId: null, direction: null, messageCount: null },
      ],
      channels: [],
      gives: 1, asks: 1, openNudges: 1, nextProducts: null, // its nudge is no cross-sell
      rollup: { touchCount: 3, medianGapDays: 12.5, lastTouchAt: at('2024-05-30T10:00:00.123Z'), nextStepDue: null },
    });
    expect(await readAccountCard(db.pool, other.id, account.id, now)).toBeNull();
  });

  it('lists the nudges a member holds, highest priority first, counting all of them', async () => {
    const ws = await ensureWorkspace(db.pool, 'TMINE');
    const me = await db.prisma.member.create({ data: { workspaceId: ws.id, slackUserId: 'UME' } });
    const you = await db.prisma.member.create({ data: { workspaceId: ws.id, slackUserId: 'UYOU' } });
    const product = await db.prisma.product.create({ data: { workspaceId: ws.id, name: 'Plus', nameKey: 'plus' } });
    const account = await db.prisma.account.create({ data: { workspaceId: ws.id, name: 'Beta', nameKey: 'beta' } });
    const nudge = (dedupeKey: string, data: object) =>
      db.prisma.nudge.create({ data: { workspaceId: ws.id, accountId: account.id, kind: 'cross_sell', dedupeKey, suggestion: dedupeKey, ...data } });
    await nudge('low', { status: 'open', assigneeId: me.id, priority: 1 });
    await nudge('high', { status: 'claimed', claimedById: me.id, priority: 9, suggestedProductId: product.id, valueAtStakeCents: 12_345n, channelId: 'C1', messageTs: '1.2' });
    await nudge('mid', { status: 'open', assigneeId: me.id, priority: 5 });
    await nudge('theirs', { status: 'open', assigneeId: you.id, priority: 10 });
    await nudge('done', { status: 'done', assigneeId: me.id, priority: 10 });
    await nudge('claimed-by-you', { status: 'claimed', assigneeId: me.id, claimedById: you.id, priority: 10 });

    const { nudges, total } = await listMyNudges(db.pool, ws.id, me.id, 2);
    expect(total).toBe(3);
    expect(nudges.map((n) => n.suggestion)).toEqual(['high', 'mid']);
    expect(nudges[0]).toEqual({
      id: expect.any(Number), kind: 'cross_sell', status: 'claimed', accountName: 'Beta', suggestion: 'high',
      productName: 'Plus', valueAtStakeCents: 12_345, channelId: 'C1', messageTs: '1.2',
    });
    expect(nudges[1]).toMatchObject({ productName: null, valueAtStakeCents: 0, channelId: null, messageTs: null });
    const elsewhere = await ensureWorkspace(db.pool, 'TMINE2');
    expect(await listMyNudges(db.pool, elsewhere.id, me.id)).toEqual({ nudges: [], total: 0 });
    // App Home lists the same nudges: its first HOME_NUDGES, and counts them all
    for (let i = 0; i < HOME_NUDGES; i++) await nudge(`more-${i}`, { status: 'open', assigneeId: me.id, priority: 2 });
    // an open nudge that once was mine (a claim before a snooze that woke) is its assignee's now
    await nudge('woke', { status: 'open', assigneeId: you.id, claimedById: me.id, priority: 10 });
    const home = await loadHome(db.pool, ws.id, 'UME', new Date());
    expect(home.nudges).toHaveLength(HOME_NUDGES);
    expect(home.nudgeCount).toBe(3 + HOME_NUDGES);
    expect(home.nudgeCount).toBe((await listMyNudges(db.pool, ws.id, me.id)).total);
  });
});

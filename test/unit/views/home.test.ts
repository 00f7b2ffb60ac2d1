// The App Home's nudge list: the header counts all of a member's live nudges, and when the list
// shows only the first few, it says how many more there are and where to see them.
import { describe, expect, it } from 'vitest';
import { cadenceSettings } from '../../../src/domain/cadence.ts';
import type { HomeData, HomeNudge } from '../../../src/domain/read-models.ts';
import { buildHomeView } from '../../../src/views/home.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';

const nudge = (id: number): HomeNudge => ({
  id, accountId: id, accountName: `Account ${id}`, kind: 'cross_sell', status: 'open', suggestion: 'Offer a usage review', valueAtStakeCents: 10_000, claimedByMe: false,
});
const data = (listed: number, total: number): HomeData => ({
  member: { id: 1, name: 'Ana' }, accounts: [], accountCount: 0, nudges: Array.from({ length: listed }, (_, i) => nudge(i + 1)), nudgeCount: total,
  week: { touches: 0, gives: 0, asks: 0 },
});
const opts = { cadence: cadenceSettings({ stallFactor: 2, stallMinDays: 14, stallMaxDays: 90, defaultRhythmDays: 30 }), now: new Date('2026-04-15T12:00:00Z'), timeZone: 'UTC' };

describe('App Home nudges', () => {
  it('counts every live nudge in the header and points to /nudges for the rest', () => {
    const view = buildHomeView(data(10, 14), opts);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Your open nudges (14)');
    expect(text).toContain('…and 4 more. See them all with `/nudges`.');
    expect(checkBlockKit('home', view)).toEqual([]);
  });

  it('groups big counts by thousands, as /nudges and the card do', () => {
    const view = buildHomeView({ ...data(10, 4_321), accountCount: 12_345, week: { touches: 0, gives: 1_234_567, asks: 1 } }, opts);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Your open nudges (4,321)');
    expect(text).toContain('…and 4,311 more.');
    expect(text).toContain('Your accounts by priority (12,345)');
    expect(text).toContain('…and 12,345 more.');
    expect(text).toContain('1,234,567 : 1');
  });

  it('says nothing more when the list is whole', () => {
    const text = JSON.stringify(buildHomeView(data(2, 2), opts).blocks);
    expect(text).toContain('Your open nudges (2)');
    expect(text).not.toContain('more. See them all');
  });

  it('dates an account\'s last touch in the zone it is given: 16 hours ago across midnight is yesterday', () => {
    const account = { id: 1, name: 'Acme', mrrCents: 1_000, products: 2, priority: 1, liveNudges: 0, lastTouchAt: new Date('2026-06-01T16:00:00Z'), touchCount: 5, medianGapDays: 7, createdAt: new Date('2025-01-01T00:00:00Z') };
    const at = { ...opts, now: new Date('2026-06-02T08:00:00Z') };
    const text = (timeZone: string) => JSON.stringify(buildHomeView({ ...data(0, 0), accounts: [account], accountCount: 1 }, { ...at, timeZone }).blocks);
    expect(text('Europe/London')).toContain('last touch yesterday');
    expect(text('Asia/Tokyo')).toContain('last touch today'); // 01:00 and 17:00 on 2 June there
  });
});

// The card's rhythm line from the stall rule: the rhythm shown is the account's own median gap
// between touches, and the cooling and stalled thresholds are shown apart from it (they were
// once shown as the rhythm: 2 × the median gap read as "usual rhythm").
import { describe, expect, it } from 'vitest';
import { MIN_TOUCHES_FOR_RHYTHM } from '../../../src/domain/cadence.ts';
import type { AccountCardRows } from '../../../src/data/account-card.ts';
import type { WorkspaceRow } from '../../../src/data/workspaces.ts';
import { cardData } from '../../../src/slack/flows/account.ts';
import { buildAccountCard } from '../../../src/views/account-card.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';

const now = new Date('2026-04-15T14:30:00Z');
const ws = { stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 30 } as WorkspaceRow;

function rows(rollup: AccountCardRows['rollup']): AccountCardRows {
  return {
    id: 7, name: 'Acme', aliases: [], ownerSlackUserId: null, ownerName: null, segment: null, status: 'active',
    createdAt: new Date('2025-01-01T00:00:00Z'), holdings: [], lastTouches: [], gives: 0, asks: 0, openNudges: 0, rollup,
  };
}
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('cardData: rhythm and thresholds', () => {
  it.each([
    {
      name: 'own history: the median gap is the rhythm; k × gap is when it cools',
      rollup: { touchCount: 6, medianGapDays: 14, lastTouchAt: daysAgo(5), nextStepDue: null },
      stall: { level: 'ok', daysSinceLastTouch: 5, rhythmDays: 14, coolingAfterDays: 28, stalledAfterDays: 60 },
      text: 'On rhythm — Usually every 14 days; quiet for 5 days (cooling after 28, stalled after 60).',
    },
    {
      name: 'past k × gap: cooling, the rhythm still the gap',
      rollup: { touchCount: 6, medianGapDays: 10, lastTouchAt: daysAgo(21), nextStepDue: null },
      stall: { level: 'cooling', daysSinceLastTouch: 21, rhythmDays: 10, coolingAfterDays: 20, stalledAfterDays: 60 },
      text: 'Cooling — Usually every 10 days; quiet for 21 days (cooling after 20, stalled after 60).',
    },
    {
      name: 'too few touches for a rhythm: the workspace default threshold only',
      rollup: { touchCount: MIN_TOUCHES_FOR_RHYTHM - 1, medianGapDays: 4, lastTouchAt: daysAgo(61), nextStepDue: null },
      stall: { level: 'stalled', daysSinceLastTouch: 61, rhythmDays: null, coolingAfterDays: 30, stalledAfterDays: 60 },
      text: 'Stalled — No usual rhythm yet; quiet for 61 days (cooling after 30, stalled after 60).',
    },
  ])('$name', ({ rollup, stall, text }) => {
    const data = cardData(rows(rollup), ws, now, 'UTC');
    expect(data.stall).toEqual({ ...stall, overdueNextStep: false });
    const all = mrkdwnTexts(buildAccountCard(data, { now, timeZone: 'UTC' }).blocks).join('\n');
    expect(all).toContain(text);
  });
});

describe('cardData: days quiet as the reader dates them', () => {
  it.each([
    // a touch Monday 17:00 read Tuesday 09:00 in London: 16 hours, but yesterday there
    ['Europe/London', '2026-06-01T16:00:00Z', '2026-06-02T08:00:00Z', 1, 'last touch yesterday'],
    // Sunday 20:00 read Tuesday 09:00: 37 hours, two dates back
    ['Europe/London', '2026-05-31T19:00:00Z', '2026-06-02T08:00:00Z', 2, 'quiet for 2 days'],
    // the reader's zone decides: 05:00 to 17:00 UTC on 1 June is one date in UTC, but crosses
    // midnight at UTC+14 (19:00 → 07:00) and at UTC−11 (18:00 → 06:00)
    ['UTC', '2026-06-01T05:00:00Z', '2026-06-01T17:00:00Z', 0, 'last touch today'],
    ['Pacific/Kiritimati', '2026-06-01T05:00:00Z', '2026-06-01T17:00:00Z', 1, 'last touch yesterday'],
    ['Pacific/Pago_Pago', '2026-06-01T05:00:00Z', '2026-06-01T17:00:00Z', 1, 'last touch yesterday'],
  ] as const)('in %s, touched %s, read %s', (zone, touched, read, days, words) => {
    const at = new Date(read);
    const data = cardData(rows({ touchCount: 6, medianGapDays: 14, lastTouchAt: new Date(touched), nextStepDue: null }), ws, at, zone);
    expect(data.stall.daysSinceLastTouch).toBe(days);
    expect(mrkdwnTexts(buildAccountCard(data, { now: at, timeZone: zone }).blocks).join('\n')).toContain(`On rhythm — Usually every 14 days; ${words} (cooling after 28`);
  });
});

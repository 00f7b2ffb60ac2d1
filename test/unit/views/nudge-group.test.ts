// The grouped message: one section + state + buttons per nudge, capped so it stays within
// Block Kit's 50 blocks ("and N more in /nudges"), hostile names escaped, moved nudges inert.
import { describe, expect, it } from 'vitest';
import { GROUP_MAX_LISTED } from '../../../src/domain/release.ts';
import type { NudgeCard, NudgeCardState } from '../../../src/domain/read-models.ts';
import { ACTIONS, BLOCKS } from '../../../src/views/ids.ts';
import { buildNudgeGroupMessage } from '../../../src/views/nudge-group.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { mrkdwnTexts, rawAngles } from '../../support/block-kit.ts';

const card = (id: number, state: NudgeCardState = { status: 'open' }, over: Partial<NudgeCard> = {}): NudgeCard => ({
  id,
  kind: 'cross_sell',
  accountName: `Account ${id}`,
  ownerSlackUserId: 'U0OWNER001',
  suggestion: 'Offer a free usage review before suggesting Analytics.',
  evidence: { headline: 'Holds Payroll only', heldProductIds: [1] },
  offerTitle: 'Usage review',
  productName: 'Analytics',
  valueAtStakeCents: 1_200_000,
  state,
  ...over,
});

const actionsOf = (blocks: any[]) => blocks.filter((b) => b.type === 'actions');

describe('buildNudgeGroupMessage', () => {
  it('shows the date of a day keyed with its UTC offset (a release after a zone move), not the key', () => {
    const msg = buildNudgeGroupMessage({ repSlackUserId: 'U0REP00001', localDay: '2026-12-01 UTC-08:00', cards: [card(1)] });
    const texts = mrkdwnTexts(msg.blocks).join('\n');
    expect(texts).toContain('For <@U0REP00001> · 2026-12-01 · highest value first');
    expect(texts).not.toContain('UTC-08:00');
  });

  it('lists each nudge with its own buttons, block ids carrying the nudge id', () => {
    const msg = buildNudgeGroupMessage({ repSlackUserId: 'U0REP00001', localDay: '2026-11-30', cards: [card(1), card(2, { status: 'claimed', by: 'U0ANA00001' }), card(3)] });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.text).toBe('3 nudges for <@U0REP00001> today: Account 1, Account 2, Account 3');
    const actions = actionsOf(msg.blocks as any[]);
    expect(actions.map((a) => a.block_id)).toEqual([1, 2, 3].map((id) => `${BLOCKS.nudgeActions}:${id}`));
    expect(actions[0].elements.map((e: any) => e.action_id)).toEqual([ACTIONS.nudgeClaim, ACTIONS.nudgeDone, ACTIONS.nudgeSnooze, ACTIONS.nudgeDismiss]);
    expect(actions[1].elements.map((e: any) => e.action_id)).toEqual([ACTIONS.nudgeDone, ACTIONS.nudgeSnooze, ACTIONS.nudgeDismiss]);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('Claimed by <@U0ANA00001>');
  });

  it('a done, dismissed or moved nudge keeps its line and loses its buttons', () => {
    const msg = buildNudgeGroupMessage({
      repSlackUserId: null, localDay: '2026-11-30',
      cards: [card(1, { status: 'done', by: 'U0ANA00001' }), card(2, { status: 'dismissed', by: 'U0ANA00001', reason: 'Not a fit' }), card(3), card(4)],
      movedIds: new Set([3]),
    });
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(text).toContain('Done by <@U0ANA00001>');
    expect(text).toContain('Dismissed by <@U0ANA00001>: Not a fit');
    expect(text).toContain('posted again as a new message');
    expect(actionsOf(msg.blocks as any[]).map((a) => a.block_id)).toEqual([`${BLOCKS.nudgeActions}:4`]);
    expect(msg.text).toContain('for the team today');
  });

  it(`caps at ${GROUP_MAX_LISTED} nudges and points to /nudges for the rest`, () => {
    const cards = Array.from({ length: 23 }, (_, i) => card(i + 1));
    const msg = buildNudgeGroupMessage({ repSlackUserId: 'U0REP00001', localDay: '2026-11-30', cards });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(actionsOf(msg.blocks as any[])).toHaveLength(GROUP_MAX_LISTED);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain(`…and ${23 - GROUP_MAX_LISTED} more in \`/nudges\``);
    expect((msg.blocks![0] as any).text.text).toBe("Today's nudges: 23 accounts to give to");
  });

  it('lists fewer when their text would pass what one message holds, counting the rest, hostile text escaped', () => {
    const hostile = `<!channel> <@U123> & ${'x'.repeat(5000)}`;
    const cards = Array.from({ length: 23 }, (_, i) => card(i + 1, { status: 'open' }, { accountName: hostile, suggestion: hostile, offerTitle: hostile }));
    const msg = buildNudgeGroupMessage({ repSlackUserId: 'U0REP00001', localDay: '2026-11-30', cards });
    expect(checkBlockKit('message', msg)).toEqual([]);
    const listed = actionsOf(msg.blocks as any[]).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(GROUP_MAX_LISTED);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain(`…and ${23 - listed} more in \`/nudges\``);
    for (const t of mrkdwnTexts(msg.blocks)) expect(rawAngles(t)).toBe(false);
  });
});

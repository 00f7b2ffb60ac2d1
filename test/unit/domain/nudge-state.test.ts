import { describe, expect, it } from 'vitest';
import { actionForReaction, ALLOWED_FROM, deliveryKey, mayActFor, snoozeUntil } from '../../../src/domain/nudge-state.ts';

describe('snoozeUntil', () => {
  it.each([
    ['week', '2026-01-31T10:00:00.000Z', '2026-02-07T10:00:00.000Z'],
    ['month', '2026-01-31T10:00:00.000Z', '2026-02-28T10:00:00.000Z'],
    ['month', '2028-01-31T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
    ['quarter', '2026-11-30T10:00:00.000Z', '2027-02-28T10:00:00.000Z'],
    ['quarter', '2026-03-15T10:00:00.000Z', '2026-06-15T10:00:00.000Z'],
  ] as const)('%s from %s is %s', (option, from, to) => {
    expect(snoozeUntil(option, new Date(from)).toISOString()).toBe(to);
  });
});

describe('reactions and transitions', () => {
  it('maps the four shortcut emoji, with skin tones, and ignores others', () => {
    expect(actionForReaction('eyes')).toEqual({ action: 'claim' });
    expect(actionForReaction('white_check_mark')).toEqual({ action: 'done' });
    expect(actionForReaction('zzz')).toEqual({ action: 'snooze', snooze: 'week' });
    expect(actionForReaction('x::skin-tone-3')).toEqual({ action: 'dismiss' });
    expect(actionForReaction('tada')).toBeNull();
  });

  it('never lets a settled nudge move again', () => {
    for (const from of Object.values(ALLOWED_FROM)) {
      expect(from).not.toContain('done');
      expect(from).not.toContain('dismissed');
      expect(from).not.toContain('snoozed');
    }
  });

  it('gives each posting generation its own reconciliation key', () => {
    expect(deliveryKey(1, 2, 0)).not.toBe(deliveryKey(1, 2, 1));
  });
});

describe('undo window', () => {
  it('is open until UNDO_WINDOW_MS after the change, exclusive', async () => {
    const { canUndo, undoUntil, UNDO_WINDOW_MS } = await import('../../../src/domain/nudge-state.ts');
    const at = new Date('2026-11-30T10:00:00Z');
    expect(undoUntil(at).getTime() - at.getTime()).toBe(UNDO_WINDOW_MS);
    expect(canUndo(at, at)).toBe(true);
    expect(canUndo(at, new Date(at.getTime() + UNDO_WINDOW_MS - 1))).toBe(true);
    expect(canUndo(at, new Date(at.getTime() + UNDO_WINDOW_MS))).toBe(false);
  });
});

describe('who may act for the holder (release a claim, word a snooze)', () => {
  it.each([
    ['the holder themself', 'U0ALICE', 'U0ALICE', false, true],
    ['a teammate', 'U0ALICE', 'U0CAROL', false, false],
    ['a manager', 'U0ALICE', 'U0MIA', true, true],
    ['a teammate, when no holder is known', null, 'U0CAROL', false, false],
    ['a manager, when no holder is known', null, 'U0MIA', true, true],
  ] as const)('%s', (_who, holder, actor, manager, may) => {
    expect(mayActFor(holder, actor, manager)).toBe(may);
  });
});

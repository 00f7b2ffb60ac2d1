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

describe('snoozeUntil in the assignee\'s zone: calendar weeks and months there, then a working morning', () => {
  const MON_FRI = [1, 2, 3, 4, 5] as const;
  // each row: the local moment it is snoozed, and the local working morning (09:00) it comes back
  it.each([
    // a month never skips into the month after: 31 Mar + 1 month is Thu 30 Apr, not Fri 1 May (the UTC date was 30 Mar)
    ['month', 'Australia/Sydney', '2026-03-31T09:30:00+11:00', '2026-04-30T09:00:00.000+10:00'],
    // just after local midnight the UTC date is the day before: Tue 10 Mar + 1 month is Fri 10 Apr, not Thu 9 Apr
    ['month', 'Australia/Sydney', '2026-03-10T00:30:00+11:00', '2026-04-10T09:00:00.000+10:00'],
    // UTC−11: Fri 30 Jan + 1 month is Sat 28 Feb there (1 Mar was never a candidate), so Mon 2 Mar
    ['month', 'Pacific/Pago_Pago', '2026-01-30T14:00:00-11:00', '2026-03-02T09:00:00.000-11:00'],
    ['quarter', 'Pacific/Pago_Pago', '2026-04-30T18:00:00-11:00', '2026-07-30T09:00:00.000-11:00'],
    // UTC+14: 31 Mar + 1 month is Thu 30 Apr there, though UTC is still on 30 Mar
    ['month', 'Pacific/Kiritimati', '2026-03-31T10:00:00+14:00', '2026-04-30T09:00:00.000+14:00'],
    // a week is seven local days, not 168 hours, across each DST change:
    // London springs forward on Sun 29 Mar 2026: Tue 23:30 + a week is Tue 31 Mar, not Wed 1 Apr
    ['week', 'Europe/London', '2026-03-24T23:30:00+00:00', '2026-03-31T09:00:00.000+01:00'],
    // New York falls back on Sun 1 Nov 2026: Tue 00:30 + a week is Tue 3 Nov, not Mon 2 Nov
    ['week', 'America/New_York', '2026-10-27T00:30:00-04:00', '2026-11-03T09:00:00.000-05:00'],
    // Sydney falls back on Sun 5 Apr 2026: Tue 00:30 + a week is Tue 7 Apr, not Mon 6 Apr
    ['week', 'Australia/Sydney', '2026-03-31T00:30:00+11:00', '2026-04-07T09:00:00.000+10:00'],
    // Sydney springs forward on Sun 4 Oct 2026: Mon 23:30 + a week is Mon 5 Oct, not Tue 6 Oct
    ['week', 'Australia/Sydney', '2026-09-28T23:30:00+10:00', '2026-10-05T09:00:00.000+11:00'],
  ] as const)('%s in %s from %s comes back %s', (option, timeZone, from, back) => {
    expect(snoozeUntil(option, new Date(from), { timeZone, workDays: MON_FRI }).toISOString()).toBe(new Date(back).toISOString());
  });

  it('an unknown zone reads as UTC rather than failing the snooze', () => {
    expect(snoozeUntil('month', new Date('2026-01-31T10:00:00Z'), { timeZone: 'Mars/Olympus', workDays: MON_FRI }).toISOString()).toBe('2026-03-02T09:00:00.000Z');
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

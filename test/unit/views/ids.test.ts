import { describe, expect, it } from 'vitest';
import { accountIdFromChooseAction, ACTION_PATTERNS, ACTIONS, BLOCKS, CALLBACKS, chooseAccountActionId, SNOOZE_OPTIONS } from '../../../src/views/ids.ts';

describe('slack ids', () => {
  it.each([
    ['ACTIONS', ACTIONS],
    ['BLOCKS', BLOCKS],
    ['CALLBACKS', CALLBACKS],
    ['SNOOZE_OPTIONS', SNOOZE_OPTIONS],
  ])('%s are unique, readable snake_case within 255 chars', (_name, ids) => {
    const values = Object.values(ids);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) {
      expect(v).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(v.length).toBeLessThanOrEqual(255);
    }
  });

  it('keeps the ids other code and posted messages depend on', () => {
    expect(ACTIONS.nudgeClaim).toBe('nudge_claim');
    expect(CALLBACKS.logModal).toBe('log_modal');
    expect(ACTIONS.logAccount).toBe('log_account');
  });

  it.each([
    [1, 'choose_account:1'],
    [987654321, 'choose_account:987654321'],
  ])('choose button %d ↔ %s', (id, actionId) => {
    expect(chooseAccountActionId(id)).toBe(actionId);
    expect(ACTION_PATTERNS.chooseAccount.test(actionId)).toBe(true);
    expect(accountIdFromChooseAction(actionId)).toBe(id);
  });

  it.each(['choose_account', 'choose_account:', 'choose_account:abc', 'choose_account:1;drop', 'nudge_claim', ''])(
    'rejects %j as a choose action',
    (actionId) => {
      expect(accountIdFromChooseAction(actionId)).toBeNull();
    },
  );
});

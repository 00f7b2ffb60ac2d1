import { describe, expect, it } from 'vitest';
import { accountIdFromChooseAction, ACTION_PATTERNS, ACTIONS, BLOCKS, CALLBACKS, chooseAccountActionId, isRowId, MAX_ROW_ID, rowIdOf, SNOOZE_OPTIONS } from '../../../src/views/ids.ts';

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

  it.each([
    'choose_account', 'choose_account:', 'choose_account:abc', 'choose_account:1;drop', 'nudge_claim', '',
    'choose_account:0', 'choose_account:2147483648', 'choose_account:99999999999', 'choose_account:99999999999999999999999',
  ])(
    'rejects %j as a choose action',
    (actionId) => {
      expect(accountIdFromChooseAction(actionId)).toBeNull();
    },
  );
});

describe('row ids from payload text (rowIdOf): a Postgres int4 serial, or null', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['007', 7],
    ['2147483647', MAX_ROW_ID],
  ])('%j → %d', (text, id) => {
    expect(rowIdOf(text)).toBe(id);
  });

  it.each([
    // past int4: Postgres would refuse the query (22003), so no row can have it
    '2147483648', '9999999999', '99999999999', '999999999999999', '99999999999999999999999',
    // not plain digits
    '0', '00', '-1', '+1', '1.0', '1e3', '0x10', ' 1', '1 ', '１', '٣', 'abc', '', null, undefined,
  ])('%j → null', (text) => {
    expect(rowIdOf(text)).toBeNull();
  });

  it.each([
    [1, true],
    [MAX_ROW_ID, true],
    [MAX_ROW_ID + 1, false],
    [99999999999, false],
    [1e23, false],
    [0, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    [Infinity, false],
    ['1', false],
    [null, false],
  ])('isRowId(%j) is %s', (v, ok) => {
    expect(isRowId(v)).toBe(ok);
  });
});

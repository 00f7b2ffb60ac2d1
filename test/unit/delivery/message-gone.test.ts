// Which deletions are Tend's own post (delivery/message-gone.ts readOwnPostDeletion): the HTTP
// edge asks it of every deletion, so it must say no to everything else without a lookup.
import { describe, expect, it } from 'vitest';
import { isMessageNotFound, readOwnPostDeletion } from '../../../src/delivery/message-gone.ts';
import { TransientDeliveryError } from '../../../src/delivery/port.ts';

const own = { botUserId: 'U0TENDBOT1', botId: 'B0TENDBOT1' };
const deletion = (prev: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
  type: 'message', subtype: 'message_deleted', channel: 'C0NUDGES01', ts: '1700000100.000200', deleted_ts: '1700000000.000100',
  ...(prev ? { previous_message: { type: 'message', ts: '1700000000.000100', ...prev } } : {}), ...extra,
});

describe('readOwnPostDeletion', () => {
  it.each([
    ['the bot user posted it', deletion({ user: 'U0TENDBOT1', bot_id: 'B0XXXXXXXX' }), own, { channel: 'C0NUDGES01', ts: '1700000000.000100' }],
    ['the bot id posted it (no user known)', deletion({ bot_id: 'B0TENDBOT1' }), own, { channel: 'C0NUDGES01', ts: '1700000000.000100' }],
    ['the edge knows only the bot user', deletion({ user: 'U0TENDBOT1', bot_id: 'B0TENDBOT1' }), { botUserId: 'U0TENDBOT1' }, { channel: 'C0NUDGES01', ts: '1700000000.000100' }],
    ['a person\'s message', deletion({ user: 'U0TENDBOT1' }), own, null],
    ['another bot\'s message', deletion({ user: 'U0OTHERBOT', bot_id: 'B0OTHERBOT' }), own, null],
    ['no previous message', deletion(undefined), own, null],
    ['Tend unknown', deletion({ user: 'U0TENDBOT1', bot_id: 'B0TENDBOT1' }), {}, null],
    ['an edit', deletion({ user: 'U0TENDBOT1', bot_id: 'B0TENDBOT1' }, { subtype: 'message_changed' }), own, null],
    ['a bad ts', deletion({ user: 'U0TENDBOT1', bot_id: 'B0TENDBOT1' }, { deleted_ts: 'x' }), own, null],
    ['a bad channel', deletion({ user: 'U0TENDBOT1', bot_id: 'B0TENDBOT1' }, { channel: '../x' }), own, null],
  ])('%s', (_what, event, who, expected) => {
    expect(readOwnPostDeletion(event, who)).toEqual(expected);
  });
});

describe('isMessageNotFound', () => {
  it('reads the port\'s error and the Web API\'s', () => {
    expect(isMessageNotFound(new TransientDeliveryError('message_not_found', false))).toBe(true);
    expect(isMessageNotFound({ data: { error: 'message_not_found' } })).toBe(true);
    expect(isMessageNotFound(new TransientDeliveryError('internal_error'))).toBe(false);
    expect(isMessageNotFound(null)).toBe(false);
  });
});

// The Slack error table: each code's meaning for the queue, the error the delivery port turns
// it into (the same table read twice must agree), and the fix a manager is told.
import { describe, expect, it } from 'vitest';
import { classifySlackError, PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../../src/delivery/port.ts';
import { SLACK_ERRORS, slackErrorCode, slackFailure, slackRefusalFix, type SlackFailure } from '../../../src/domain/slack-errors.ts';
import { buildDeliveryBlockedMessage } from '../../../src/views/nudge.ts';

describe('slackFailure', () => {
  it.each<[string, SlackFailure]>([
    ['ratelimited', 'rate_limited'],
    ['internal_error', 'maybe_done'],
    ['fatal_error', 'maybe_done'],
    ['channel_not_found', 'channel'],
    ['not_in_channel', 'channel'],
    ['is_archived', 'channel'],
    ['invalid_auth', 'workspace'],
    ['token_revoked', 'workspace'],
    ['missing_scope', 'workspace'],
    ['service_unavailable', 'retry'],
    ['msg_too_long', 'message'],
    ['invalid_blocks', 'message'],
    ['toString', 'retry'], // not a row: an inherited property of the table is no code
  ])('%s → %s', (code, failure) => {
    expect(slackFailure(code)).toBe(failure);
  });

  it('the delivery port raises the error each row names', () => {
    for (const code of Object.keys(SLACK_ERRORS)) {
      const err = classifySlackError(code, 2);
      const failure = slackFailure(code);
      if (failure === 'rate_limited') expect(err).toBeInstanceOf(RateLimitedError);
      else if (failure === 'channel' || failure === 'workspace' || failure === 'message') expect(err).toMatchObject({ constructor: PermanentDeliveryError, code, scope: failure });
      else expect(err).toMatchObject({ constructor: TransientDeliveryError, maybeDelivered: failure === 'maybe_done' });
    }
  });
});

describe('slackRefusalFix', () => {
  it.each([
    ['channel_not_found', 'channel', '/invite @Tend'],
    ['is_archived', 'channel', 'archived'],
    ['invalid_auth', 'workspace', 'Reinstall Tend'],
  ] as const)('%s (%s): %s', (code, scope, words) => {
    expect(slackRefusalFix(code, scope)).toContain(words);
    expect(buildDeliveryBlockedMessage(scope === 'workspace' ? '*' : 'C0GONE0001', code).blocks[0]).toMatchObject({ text: { text: expect.stringContaining(words) } });
  });

  it('an archived channel is not answered with an invite', () => {
    expect(slackRefusalFix('is_archived', 'channel')).not.toContain('/invite');
  });
});

describe('slackErrorCode', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a Web API error', Object.assign(new Error('An API error occurred: channel_not_found'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'channel_not_found' } }), 'channel_not_found'],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), undefined],
    ['a non-string code', { data: { error: 42 } }, undefined],
    ['nothing', undefined, undefined],
    ['null', null, undefined],
  ])('%s', (_what, err, code) => {
    expect(slackErrorCode(err)).toBe(code);
  });
});

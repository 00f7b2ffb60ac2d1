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
    // chat.postMessage's refusals by the channel's own rules, and conversations.open's of a person: for good
    ['restricted_action', 'channel'],
    ['restricted_action_read_only_channel', 'channel'],
    ['restricted_action_thread_only_channel', 'channel'],
    ['ekm_access_denied', 'channel'],
    ['no_permission', 'channel'],
    ['user_disabled', 'channel'],
    ['user_not_visible', 'channel'],
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
  const nudges = { kind: 'channel', setting: 'nudge channel' } as const;
  const digest = { kind: 'channel', setting: 'digest channel' } as const;
  it.each([
    ['channel_not_found', nudges, '/invite @Tend'],
    ['channel_not_found', nudges, 'another nudge channel'],
    ['channel_not_found', digest, 'another digest channel'],
    ['is_archived', nudges, 'archived'],
    ['is_archived', digest, 'another digest channel'],
    ['restricted_action_read_only_channel', nudges, 'Let it post there and save `/tend settings` again'],
    ['user_not_found', { kind: 'dm' }, '/account owner'],
    ['invalid_auth', { kind: 'workspace' }, 'Reinstall Tend'],
  ] as const)('%s (%o): %s', (code, place, words) => {
    expect(slackRefusalFix(code, place)).toContain(words);
  });

  it('an archived or read-only channel is not answered with an invite', () => {
    expect(slackRefusalFix('is_archived', nudges)).not.toContain('/invite');
    expect(slackRefusalFix('restricted_action_read_only_channel', nudges)).not.toContain('/invite');
  });
});

describe('buildDeliveryBlockedMessage', () => {
  const body = (m: ReturnType<typeof buildDeliveryBlockedMessage>) => (m.blocks[0] as { text: { text: string } }).text.text;

  it('names the channel, the code, the fix and where nudges are meanwhile', () => {
    const text = body(buildDeliveryBlockedMessage('C0GONE0001', 'channel_not_found'));
    expect(text).toContain('post nudges to <#C0GONE0001>');
    expect(text).toContain('`channel_not_found`');
    expect(text).toContain('/invite @Tend');
    expect(text).toContain('App Home');
  });

  it('a digest channel: the fix names the digest channel, and the digest comes by DM meanwhile', () => {
    const text = body(buildDeliveryBlockedMessage('C0GONE0001', 'is_archived', 'digest channel'));
    expect(text).toContain('post the digest to <#C0GONE0001>');
    expect(text).toContain('choose another digest channel');
    expect(text).toContain('the digest comes to you by DM');
  });

  it('a person Tend may not DM is mentioned, with an owner change as the fix, not an invite', () => {
    const text = body(buildDeliveryBlockedMessage('U0GONEREP1', 'user_not_found'));
    expect(text).toContain('send nudges to <@U0GONEREP1> by DM');
    expect(text).toContain('/account owner');
    expect(text).not.toContain('/invite');
  });

  it('the workspace: reinstall', () => {
    expect(body(buildDeliveryBlockedMessage('*', 'invalid_auth'))).toContain('Reinstall Tend');
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

// Slack's id shapes (src/domain/slack-ids.ts), the one copy every view, parser and listener uses.
import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, CONVERSATION_ID, isChannelId, isTeamId, isUserId, SLACK_TS, slackEventTime, TEAM_ID, USER_ID, WORKSPACE_TEAM_ID } from '../../../src/domain/slack-ids.ts';

describe('Slack id shapes', () => {
  it.each<[string, RegExp, string[], string[]]>([
    ['user', USER_ID, ['U024BE7LH', 'W012A3CDE', `U${'A'.repeat(40)}`], ['u024be7lh', 'C024BE7LH', 'U1', `U${'A'.repeat(41)}`, '<@U024BE7LH>', 'U024 BE7LH']],
    ['channel', CHANNEL_ID, ['C024BE91L', 'G0PRIVATE1'], ['D024BE91L', 'C0', 'C024BE91L\n', '#general']],
    ['conversation', CONVERSATION_ID, ['C024BE91L', 'G0PRIVATE1', 'D024BE91L'], ['U024BE7LH', 'd024be91l']],
    ['team', TEAM_ID, ['T024BE7LD', 'E0ORG00001'], ['U024BE7LH', 'T0-BAD', '']],
    ['workspace team', WORKSPACE_TEAM_ID, ['T024BE7LD'], ['E0ORG00001']],
    ['message ts', SLACK_TS, ['1764500000.000100', '176450000.1'], ['1764500000', 'x.000100', '1764500000.0001000']],
  ])('%s: accepts its shape only', (_name, re, good, bad) => {
    for (const g of good) expect(re.test(g), g).toBe(true);
    for (const b of bad) expect(re.test(b), b).toBe(false);
  });

  it('the guards take unknown values', () => {
    expect([isUserId('U024BE7LH'), isUserId(42), isUserId(undefined)]).toEqual([true, false, false]);
    expect([isChannelId('C024BE91L'), isChannelId(null)]).toEqual([true, false]);
    expect([isTeamId('E0ORG00001'), isTeamId({})]).toEqual([true, false]);
  });
});

describe('slackEventTime: when Slack says an event happened', () => {
  it.each([
    ['the event ts, to the millisecond', '1614799017.000700', 1614799018, 1614799017000],
    ['the event ts, microseconds cut', '1614799017.999999', undefined, 1614799017999],
    ['the envelope time without a ts', undefined, 1614799018, 1614799018000],
    ['the envelope time when the ts is malformed', '1614799017', 1614799018, 1614799018000],
  ])('%s', (_what, eventTs, eventTime, ms) => {
    expect(slackEventTime(eventTs, eventTime)?.getTime()).toBe(ms);
  });

  it.each([
    ['nothing', undefined, undefined],
    ['a ts with text around it', 'x1614799017.000700', undefined],
    ['a number as ts and a string as time', 1614799017.0007, '1614799018'],
    ['a fractional or negative time', undefined, -5],
    ['a time beyond a safe integer', undefined, 2 ** 60],
  ])('null for %s', (_what, eventTs, eventTime) => {
    expect(slackEventTime(eventTs, eventTime)).toBeNull();
  });
});

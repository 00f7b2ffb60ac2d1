// Slack's id shapes (src/domain/slack-ids.ts), the one copy every view, parser and listener uses.
import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, CONVERSATION_ID, isChannelId, isTeamId, isUserId, SLACK_TS, TEAM_ID, USER_ID, WORKSPACE_TEAM_ID } from '../../../src/domain/slack-ids.ts';

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

import { describe, expect, it } from 'vitest';
import { mrkdwnForTerminal, renderForTerminal } from '../../../src/delivery/outbox.ts';

describe('mrkdwnForTerminal', () => {
  it.each([
    [':red_circle: Stalled', '🔴 Stalled'],
    [':large_green_circle: Open: nobody has claimed it yet', '🟢 Open: nobody has claimed it yet'],
    [':white_check_mark: Done by <@U0ALICE001>', '✅ Done by @U0ALICE001'],
    ['posted in <#C0NUDGES01|nudges>', 'posted in #nudges'],
    ['see <https://example.com/a?b=1|the report>', 'see the report (https://example.com/a?b=1)'],
    ['<https://example.com>', 'https://example.com'],
    ['<!here> wake up', '@here wake up'],
    // someone's escaped text shows as they typed it, not as a mention
    ['said &lt;!channel&gt; &amp; &lt;@U123&gt;', 'said <!channel> & <@U123>'],
    [':not_an_emoji_name: stays', ':not_an_emoji_name: stays'],
    ['10:30:45 is a time', '10:30:45 is a time'],
    ['مرحبا :x: שלום', 'مرحبا ❌ שלום'],
  ])('%s', (input, expected) => {
    expect(mrkdwnForTerminal(input)).toBe(expected);
  });
});

describe('renderForTerminal', () => {
  it('renders header, section, fields, context and buttons as readable lines', () => {
    const text = renderForTerminal({
      channel: 'C1',
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Cross-sell: Acme' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Why*\n• Holds one product' }, fields: [{ type: 'mrkdwn', text: '*Owner*\n<@U0ALICE001>' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: ':large_green_circle: Open' }] },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Claim' }, action_id: 'a' }] },
      ],
    });
    expect(text).toBe('== Cross-sell: Acme ==\n*Why*\n• Holds one product\n  *Owner*\n@U0ALICE001\n  (🟢 Open)\n  [Claim]');
  });

  it('falls back to the message text when there are no blocks', () => {
    expect(renderForTerminal({ channel: 'C1', text: ':zzz: later' })).toBe('💤 later');
  });
});

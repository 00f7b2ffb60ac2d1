// findOversize: which text in a Slack request body is over its cap, and how it is answered
// (a field error only for a submitted form with a usable block_id).
import { describe, expect, it } from 'vitest';
import { findOversize } from '../../../../src/slack/middleware/input-caps.ts';

const x = (n: number) => 'x'.repeat(n);
const state = (blockId: string, el: Record<string, unknown>) => ({ values: { [blockId]: { act: el } } });

describe('findOversize', () => {
  it.each<[string, unknown, unknown]>([
    ['a /log at its cap', { command: '/log', text: x(8_000) }, null],
    ['a /log over its cap', { command: '/log', text: x(8_001) }, { kind: 'command', command: '/log', length: 8_001, max: 8_000 }],
    ['an unknown command over the default cap', { command: '/other', text: x(4_001) }, { kind: 'command', command: '/other', length: 4_001, max: 4_000 }],
    ['a submitted field over 3,000', { type: 'view_submission', view: { state: state('summary', { type: 'plain_text_input', value: x(3_001) }) } },
      { kind: 'field', blockId: 'summary', length: 3_001, max: 3_000 }],
    ['a submitted field at 3,000', { type: 'view_submission', view: { state: state('summary', { type: 'plain_text_input', value: x(3_000) }) } }, null],
    ['a picked option over 150', { type: 'view_submission', view: { state: state('pick', { type: 'static_select', selected_option: { value: x(151) } }) } },
      { kind: 'field', blockId: 'pick', length: 151, max: 150 }],
    ['one of several picked options over 150', { type: 'view_submission', view: { state: state('pick', { selected_options: [{ value: 'a' }, { value: x(151) }] }) } },
      { kind: 'field', blockId: 'pick', length: 151, max: 150 }],
    ['a field under a block_id too long to key an error', { type: 'view_submission', view: { state: state(x(256), { value: x(3_001) }) } },
      { kind: 'other', where: 'view state', length: 3_001, max: 3_000 }],
    ['a closed view over its cap', { type: 'view_closed', view: { state: state('summary', { value: x(3_001) }) } }, { kind: 'other', where: 'view state', length: 3_001, max: 3_000 }],
    ['private_metadata over 3,000', { type: 'view_submission', view: { private_metadata: x(3_001) } }, { kind: 'other', where: 'private_metadata', length: 3_001, max: 3_000 }],
    ['a button value over 2,000', { type: 'block_actions', actions: [{ value: '1' }, { value: x(2_001) }] }, { kind: 'other', where: 'action value', length: 2_001, max: 2_000 }],
    ['a select\'s option value over 150', { type: 'block_actions', actions: [{ selected_option: { value: x(151) } }] }, { kind: 'other', where: 'action value', length: 151, max: 150 }],
    ['a click in a modal whose typed state is over (not a field error)', { type: 'block_actions', actions: [{ value: '1' }], view: { state: state('summary', { value: x(3_001) }) } },
      { kind: 'other', where: 'view state', length: 3_001, max: 3_000 }],
    ['an option query over 150', { type: 'block_suggestion', value: x(151) }, { kind: 'options', length: 151, max: 150 }],
    ['an option query at 150', { type: 'block_suggestion', value: x(150) }, null],
    ['an event text over 40,000', { type: 'event_callback', event: { type: 'message', text: x(40_001) } }, { kind: 'other', where: 'event message', length: 40_001, max: 40_000 }],
    // Slack's limit counts the text as typed: '&' arrives as '&amp;', five characters for one
    ['40,000 typed \'&\' (200,000 encoded) fit', { type: 'event_callback', event: { type: 'message', text: '&amp;'.repeat(40_000) } }, null],
    ['40,001 typed \'<\' do not', { type: 'event_callback', event: { type: 'message', text: '&lt;'.repeat(40_001) } }, { kind: 'other', where: 'event message', length: 40_001, max: 40_000 }],
    ['encoded text over five times the limit is not scanned', { type: 'event_callback', event: { type: 'message', text: x(200_001) } }, { kind: 'other', where: 'event message', length: 200_001, max: 40_000 }],
    ['the shortcut on any message goes on (it opens the form with the start)', { type: 'message_action', message: { text: x(40_001) } }, null],
    ['a reaction name over 100', { type: 'event_callback', event: { type: 'reaction_added', reaction: x(101) } }, { kind: 'other', where: 'event reaction_added', length: 101, max: 100 }],
    ['an ordinary event', { type: 'event_callback', event: { type: 'reaction_added', reaction: 'eyes' } }, null],
    ['not an object', 'command=/log', null],
    ['malformed parts are skipped', { type: 'block_actions', actions: [null, 'x', { value: 5 }], view: { state: { values: { b: null, c: { a: null } } } } }, null],
  ])('%s', (_label, body, expected) => {
    expect(findOversize(body)).toEqual(expected);
  });
});

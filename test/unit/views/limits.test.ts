import { describe, expect, it } from 'vitest';
import { checkBlockKit } from '../../support/block-kit-limits.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string, extra: object = {}) => ({ type: 'section', text: md(text), ...extra });
const button = (text: string, extra: object = {}) => ({ type: 'button', text: plain(text), action_id: 'a', ...extra });
const option = (text: string, value: string) => ({ text: plain(text), value });
const modal = (extra: object = {}) => ({ type: 'modal', title: plain('Title'), blocks: [], ...extra });

describe('checkBlockKit: valid payloads', () => {
  it.each<[string, 'message' | 'modal' | 'home', unknown]>([
    ['empty message with text', 'message', { text: 'hi' }],
    ['bare blocks array', 'message', [section('hi')]],
    ['50 blocks in a message', 'message', { blocks: Array.from({ length: 50 }, () => ({ type: 'divider' })) }],
    ['section at 3,000 chars', 'message', { blocks: [section('x'.repeat(3000))] }],
    ['10 fields of 2,000', 'message', { blocks: [{ type: 'section', fields: Array.from({ length: 10 }, () => md('y'.repeat(2000))) }] }],
    ['header at 150', 'message', { blocks: [{ type: 'header', text: plain('h'.repeat(150)) }] }],
    ['25 buttons', 'message', { blocks: [{ type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button('b', { action_id: `a${i}` })) }] }],
    ['button 75 / value 2,000', 'message', { blocks: [{ type: 'actions', elements: [button('b'.repeat(75), { value: 'v'.repeat(2000) })] }] }],
    ['100 blocks in a modal', 'modal', modal({ blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) })],
    ['modal title 24', 'modal', modal({ title: plain('t'.repeat(24)), submit: plain('s'.repeat(24)), close: plain('c'.repeat(24)) })],
    ['home with metadata 3,000', 'home', { type: 'home', blocks: [], private_metadata: 'm'.repeat(3000) }],
  ])('%s', (_label, surface, payload) => {
    expect(checkBlockKit(surface, payload)).toEqual([]);
  });
});

describe('checkBlockKit: violations', () => {
  it.each<[string, 'message' | 'modal' | 'home', unknown, RegExp]>([
    ['51 blocks in a message', 'message', { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, /51 blocks, max 50/],
    ['101 blocks in a modal', 'modal', modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), /101 blocks, max 100/],
    ['101 blocks on home', 'home', { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, /max 100/],
    ['section over 3,000', 'message', { blocks: [section('x'.repeat(3001))] }, /text\.text is 3001 chars, max 3000/],
    ['empty section text', 'message', { blocks: [section('')] }, /must not be empty/],
    ['section without text or fields', 'message', { blocks: [{ type: 'section' }] }, /needs text or fields/],
    ['11 fields', 'message', { blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => md('f')) }] }, /11 fields, max 10/],
    ['field over 2,000', 'message', { blocks: [{ type: 'section', fields: [md('f'.repeat(2001))] }] }, /fields\[0\]\.text is 2001/],
    ['header over 150', 'message', { blocks: [{ type: 'header', text: plain('h'.repeat(151)) }] }, /max 150/],
    ['mrkdwn header', 'message', { blocks: [{ type: 'header', text: md('h') }] }, /must be plain_text/],
    ['11 context elements', 'message', { blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => md('c')) }] }, /11 elements, max 10/],
    ['26 actions', 'message', { blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', { action_id: `a${i}` })) }] }, /26 elements, max 25/],
    ['button text 76', 'message', { blocks: [{ type: 'actions', elements: [button('b'.repeat(76))] }] }, /text\.text is 76 chars, max 75/],
    ['button value 2,001', 'message', { blocks: [{ type: 'actions', elements: [button('b', { value: 'v'.repeat(2001) })] }] }, /value is 2001 chars, max 2000/],
    ['button style', 'message', { blocks: [{ type: 'actions', elements: [button('b', { style: 'blue' })] }] }, /primary or danger/],
    ['action_id 256', 'message', { blocks: [{ type: 'actions', elements: [button('b', { action_id: 'a'.repeat(256) })] }] }, /action_id is 256 chars/],
    ['duplicate action_id in a block', 'message', { blocks: [{ type: 'actions', elements: [button('b'), button('c')] }] }, /action_id "a" is repeated/],
    ['block_id 256', 'message', { blocks: [{ type: 'divider', block_id: 'b'.repeat(256) }] }, /block_id is 256 chars/],
    ['duplicate block_id', 'message', { blocks: [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }] }, /block_id "x" is not unique/],
    ['modal title 25', 'modal', modal({ title: plain('t'.repeat(25)) }), /title\.text is 25 chars, max 24/],
    ['modal submit 25', 'modal', modal({ submit: plain('s'.repeat(25)) }), /submit\.text is 25/],
    ['modal close 25', 'modal', modal({ close: plain('c'.repeat(25)) }), /close\.text is 25/],
    ['modal without title', 'modal', { type: 'modal', blocks: [] }, /needs a title/],
    ['modal input without submit', 'modal', modal({ blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'x' } }] }), /needs submit/],
    ['private_metadata 3,001', 'modal', modal({ private_metadata: 'm'.repeat(3001) }), /private_metadata is 3001 chars, max 3000/],
    ['callback_id 256', 'modal', modal({ callback_id: 'c'.repeat(256) }), /callback_id is 256/],
    ['wrong view type', 'home', { type: 'modal', blocks: [] }, /type must be "home"/],
    ['option text 76', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', options: [option('o'.repeat(76), 'v')] } }] }), /option\.text\.text is 76 chars, max 75/],
    ['option value 151', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', options: [option('o', 'v'.repeat(151))] } }] }), /option\.value is 151 chars, max 150/],
    ['11 radio buttons', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'radio_buttons', action_id: 'r', options: Array.from({ length: 11 }, (_, i) => option('o', `v${i}`)) } }] }), /11 options, max 10/],
    ['plain_text_input max_length 3,001', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'p', max_length: 3001 } }] }), /max_length is 3001/],
    ['placeholder 151', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'p', placeholder: plain('p'.repeat(151)) } }] }), /placeholder\.text is 151/],
    ['bad initial_date', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'datepicker', action_id: 'd', initial_date: '15/04/2026' } }] }), /YYYY-MM-DD/],
    ['confirm title 101', 'message', { blocks: [{ type: 'actions', elements: [button('b', { confirm: { title: plain('t'.repeat(101)), text: plain('x'), confirm: plain('y'), deny: plain('n') } })] }] }, /confirm\.title\.text is 101/],
    ['message text over 40,000', 'message', { text: 'x'.repeat(40_001) }, /max 40000/],
    ['markdown blocks over 12,000 together', 'message', { blocks: [{ type: 'markdown', text: 'm'.repeat(7000) }, { type: 'markdown', text: 'm'.repeat(7000) }] }, /total 14000 chars, max 12000/],
    ['not an object', 'message', 'hello', /must be an object/],
  ])('%s', (_label, surface, payload, violation) => {
    const v = checkBlockKit(surface, payload);
    expect(v.length).toBeGreaterThan(0);
    expect(v.join('\n')).toMatch(violation);
  });

  it('reports every problem, each naming where it is', () => {
    const v = checkBlockKit('message', { blocks: [section('x'.repeat(3001)), { type: 'header', text: plain('h'.repeat(151)) }] });
    expect(v).toHaveLength(2);
    expect(v[0]).toMatch(/^blocks\[0\] \(section\)/);
    expect(v[1]).toMatch(/^blocks\[1\] \(header\)/);
  });
});

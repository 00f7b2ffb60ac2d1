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
    ['10 fields of 2,000 in a modal', 'modal', modal({ blocks: [{ type: 'section', fields: Array.from({ length: 10 }, () => md('y'.repeat(2000))) }] })],
    ['10 fields of 1,200 in a message: 12,000 in all', 'message', { blocks: [{ type: 'section', fields: Array.from({ length: 10 }, () => md('y'.repeat(1200))) }] }],
    ['100 options of 75 / 150 with a 150 placeholder', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', placeholder: plain('p'.repeat(150)), options: Array.from({ length: 100 }, (_, i) => option('o'.repeat(75), String(i).padStart(150, 'v'))) } }] })],
    ['10 context elements of 3,000 on home', 'home', { type: 'home', blocks: [{ type: 'context', elements: Array.from({ length: 10 }, () => md('c'.repeat(3000))) }] }],
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
    ['51 blocks in a message', 'message', { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, /^\/blocks: no more than 50 items allowed \(51 blocks/],
    ['101 blocks in a modal', 'modal', modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), /^\/blocks: no more than 100 items allowed \(101 blocks in a modal/],
    ['101 blocks on home', 'home', { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, /no more than 100 items allowed/],
    ['section over 3,000', 'message', { blocks: [section('x'.repeat(3001))] }, /^\/blocks\/0\/text\/text: must be less than 3001 characters \(is 3001\)/],
    ['empty section text', 'message', { blocks: [section('')] }, /\/blocks\/0\/text\/text: must be more than 0 characters/],
    ['section without text or fields', 'message', { blocks: [{ type: 'section' }] }, /must provide text or fields/],
    ['11 fields', 'message', { blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => md('f')) }] }, /\/fields: no more than 10 items allowed/],
    ['field over 2,000', 'message', { blocks: [{ type: 'section', fields: [md('f'.repeat(2001))] }] }, /\/fields\/0\/text: must be less than 2001 characters/],
    ['header over 150', 'message', { blocks: [{ type: 'header', text: plain('h'.repeat(151)) }] }, /\/text\/text: must be less than 151 characters/],
    ['mrkdwn header', 'message', { blocks: [{ type: 'header', text: md('h') }] }, /must be a plain_text text object/],
    ['11 context elements', 'message', { blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => md('c')) }] }, /\/elements: no more than 10 items allowed/],
    ['26 actions', 'message', { blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', { action_id: `a${i}` })) }] }, /\/elements: no more than 25 items allowed/],
    ['button text 76', 'message', { blocks: [{ type: 'actions', elements: [button('b'.repeat(76))] }] }, /\/elements\/0\/text\/text: must be less than 76 characters/],
    ['button value 2,001', 'message', { blocks: [{ type: 'actions', elements: [button('b', { value: 'v'.repeat(2001) })] }] }, /\/elements\/0\/value: must be less than 2001 characters/],
    ['button style', 'message', { blocks: [{ type: 'actions', elements: [button('b', { style: 'blue' })] }] }, /style: must be one of primary, danger/],
    ['action_id 256', 'message', { blocks: [{ type: 'actions', elements: [button('b', { action_id: 'a'.repeat(256) })] }] }, /action_id: must be less than 256 characters/],
    ['duplicate action_id in a block', 'message', { blocks: [{ type: 'actions', elements: [button('b'), button('c')] }] }, /duplicate action_id: a/],
    ['block_id 256', 'message', { blocks: [{ type: 'divider', block_id: 'b'.repeat(256) }] }, /block_id: must be less than 256 characters/],
    ['duplicate block_id', 'message', { blocks: [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }] }, /duplicate block_id: x/],
    ['modal title 25', 'modal', modal({ title: plain('t'.repeat(25)) }), /^\/title\/text: must be less than 25 characters/],
    ['modal submit 25', 'modal', modal({ submit: plain('s'.repeat(25)) }), /^\/submit\/text: must be less than 25/],
    ['modal close 25', 'modal', modal({ close: plain('c'.repeat(25)) }), /^\/close\/text: must be less than 25/],
    ['modal without title', 'modal', { type: 'modal', blocks: [] }, /missing required field: title/],
    ['modal input without submit', 'modal', modal({ blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'x' } }] }), /must provide submit when the view contains input blocks/],
    ['private_metadata 3,001', 'modal', modal({ private_metadata: 'm'.repeat(3001) }), /private_metadata: must be less than 3001 characters/],
    ['callback_id 256', 'modal', modal({ callback_id: 'c'.repeat(256) }), /callback_id: must be less than 256/],
    ['wrong view type', 'home', { type: 'modal', blocks: [] }, /\/type: must be 'home'/],
    ['option text 76', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', options: [option('o'.repeat(76), 'v')] } }] }), /\/options\/0\/text\/text: must be less than 76 characters/],
    ['option value 151', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', options: [option('o', 'v'.repeat(151))] } }] }), /\/options\/0\/value: must be less than 151 characters/],
    ['11 radio buttons', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'radio_buttons', action_id: 'r', options: Array.from({ length: 11 }, (_, i) => option('o', `v${i}`)) } }] }), /\/options: no more than 10 items allowed/],
    ['plain_text_input max_length 3,001', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'p', max_length: 3001 } }] }), /max_length: must be no more than 3000 \(is 3001\)/],
    ['placeholder 151', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'p', placeholder: plain('p'.repeat(151)) } }] }), /placeholder\/text: must be less than 151/],
    ['bad initial_date', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'datepicker', action_id: 'd', initial_date: '15/04/2026' } }] }), /initial_date: must be a date as YYYY-MM-DD/],
    ['confirm title 101', 'message', { blocks: [{ type: 'actions', elements: [button('b', { confirm: { title: plain('t'.repeat(101)), text: plain('x'), confirm: plain('y'), deny: plain('n') } })] }] }, /confirm\/title\/text: must be less than 101/],
    ['message text over 40,000', 'message', { text: 'x'.repeat(40_001) }, /^\/text: is truncated after 40000 characters \(is 40001\)/],
    ['markdown blocks over 12,000 together', 'message', { blocks: [{ type: 'markdown', text: 'm'.repeat(7000) }, { type: 'markdown', text: 'm'.repeat(7000) }] }, /^\/blocks: blocks' text must be less than 12001 characters in all \(is 14000\)/],
    ['sections adding up past 12,000', 'message', { blocks: Array.from({ length: 5 }, () => section('x'.repeat(2500))) }, /^\/blocks: blocks' text must be less than 12001 characters in all \(is 12500\)/],
    ['fields, context and buttons count towards the total', 'message', { blocks: [
      { type: 'section', fields: Array.from({ length: 5 }, () => md('f'.repeat(2000))) },
      { type: 'context', elements: [md('c'.repeat(1990))] },
      { type: 'actions', elements: [button('b'.repeat(11))] },
    ] }, /in all \(is 12001\)/],
    ['101 static_select options', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', options: Array.from({ length: 101 }, (_, i) => option('o', `v${i}`)) } }] }), /element\/options: no more than 100 items allowed/],
    ['6 overflow options', 'message', { blocks: [{ type: 'section', text: md('x'), accessory: { type: 'overflow', action_id: 'o', options: Array.from({ length: 6 }, (_, i) => option('o', `v${i}`)) } }] }, /accessory\/options: no more than 5 items allowed/],
    ['option description 76', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'radio_buttons', action_id: 'r', options: [{ ...option('o', 'v'), description: plain('d'.repeat(76)) }] } }] }), /options\/0\/description\/text: must be less than 76/],
    ['option group label 76', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', option_groups: [{ label: plain('g'.repeat(76)), options: [option('o', 'v')] }] } }] }), /option_groups\/0\/label\/text: must be less than 76/],
    ['initial option value 151', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'external_select', action_id: 's', initial_option: option('o', 'v'.repeat(151)) } }] }), /initial_option\/value: must be less than 151/],
    ['option without a value', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'static_select', action_id: 's', options: [{ text: plain('o') }] } }] }), /options\/0: missing required field: value/],
    ['select placeholder 151', 'message', { blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', placeholder: plain('p'.repeat(151)), options: [option('o', 'v')] }] }] }, /elements\/0\/placeholder\/text: must be less than 151/],
    ['confirm text 301', 'message', { blocks: [{ type: 'actions', elements: [button('b', { confirm: { title: plain('t'), text: plain('x'.repeat(301)), confirm: plain('y'), deny: plain('n') } })] }] }, /confirm\/text\/text: must be less than 301/],
    ['confirm button 31', 'message', { blocks: [{ type: 'actions', elements: [button('b', { confirm: { title: plain('t'), text: plain('x'), confirm: plain('y'.repeat(31)), deny: plain('n') } })] }] }, /confirm\/confirm\/text: must be less than 31/],
    ['context element over 3,000', 'message', { blocks: [{ type: 'context', elements: [md('c'.repeat(3001))] }] }, /elements\/0\/text: must be less than 3001/],
    ['empty context', 'message', { blocks: [{ type: 'context', elements: [] }] }, /elements: must provide at least 1 item/],
    ['initial_value past max_length', 'modal', modal({ submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: { type: 'plain_text_input', action_id: 'p', max_length: 10, initial_value: 'x'.repeat(11) } }] }), /initial_value: must be less than 11 characters/],
    ['markdown block in a modal', 'modal', modal({ blocks: [{ type: 'markdown', text: 'm' }] }), /only supported in messages/],
    ['not an object', 'message', 'hello', /must provide an object/],
  ])('%s', (_label, surface, payload, violation) => {
    const v = checkBlockKit(surface, payload);
    expect(v.length).toBeGreaterThan(0);
    expect(v.join('\n')).toMatch(violation);
  });

  it('reports every problem, each naming where it is', () => {
    const v = checkBlockKit('message', { blocks: [section('x'.repeat(3001)), { type: 'header', text: plain('h'.repeat(151)) }] });
    expect(v).toHaveLength(2);
    expect(v[0]).toMatch(/^\/blocks\/0\/text\/text: /);
    expect(v[1]).toMatch(/^\/blocks\/1\/text\/text: /);
  });
});

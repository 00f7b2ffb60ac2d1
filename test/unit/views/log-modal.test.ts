import { describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../../src/views/ids.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import {
  buildAccountOptions,
  buildLogModal,
  encodeLogModalMetadata,
  logSourceKey,
  parseLogModalMetadata,
  readLogModal,
  type LogModalInitial,
} from '../../../src/views/log-modal.ts';

type Obj = Record<string, any>;
const blockById = (view: Obj, id: string): Obj => view.blocks.find((b: Obj) => b.block_id === id);

const HOSTILE: [string, string][] = [
  ['empty', ''],
  ['spaces', '   '],
  ['channel', '<!channel>'],
  ['user', '<@U123>'],
  ['sql', "Robert'); DROP TABLE conversation;--"],
  ['emoji', '👨‍👩‍👧‍👦🇫🇷😀'.repeat(20)],
  ['arabic', 'شركة الاتصالات'],
  ['hebrew', 'חברה בע"מ'],
  ['null bytes', 'a\u0000b'],
  ['10,000 chars', 'x'.repeat(10_000)],
];

describe('buildLogModal', () => {
  it('builds the empty form', () => {
    const view = buildLogModal();
    expect(checkBlockKit('modal', view)).toEqual([]);
    expect(view.callback_id).toBe(CALLBACKS.logModal);
    const account = blockById(view, BLOCKS.logAccount).element;
    expect(account).toMatchObject({ type: 'external_select', action_id: ACTIONS.logAccount, min_query_length: 1 });
    expect(account.initial_option).toBeUndefined();
    expect(blockById(view, BLOCKS.logMedium).element.type).toBe('static_select');
    expect(blockById(view, BLOCKS.logKind).element.options.map((o: Obj) => o.value)).toEqual(['give', 'ask', 'neutral']);
    expect(blockById(view, BLOCKS.logSummary).element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(blockById(view, BLOCKS.logDueDate).element.type).toBe('datepicker');
    expect(blockById(view, BLOCKS.logDueDate).optional).toBe(true);
    expect(view.private_metadata).toBe('{}');
  });

  it('pre-fills every field', () => {
    const initial: LogModalInitial = {
      account: { id: 42, name: 'Acme' }, medium: 'call', kind: 'give', summary: 'Usage review', nextStep: 'Send pricing', dueDate: '2026-05-01',
    };
    const view = buildLogModal({ initial, metadata: { channelId: 'C123', nudgeId: 7, origin: 'nudge' } });
    expect(checkBlockKit('modal', view)).toEqual([]);
    expect(blockById(view, BLOCKS.logAccount).element.initial_option).toEqual({ text: { type: 'plain_text', text: 'Acme' }, value: '42' });
    expect(blockById(view, BLOCKS.logMedium).element.initial_option.value).toBe('call');
    expect(blockById(view, BLOCKS.logKind).element.initial_option.value).toBe('give');
    expect(blockById(view, BLOCKS.logSummary).element.initial_value).toBe('Usage review');
    expect(blockById(view, BLOCKS.logNextStep).element.initial_value).toBe('Send pricing');
    expect(blockById(view, BLOCKS.logDueDate).element.initial_date).toBe('2026-05-01');
    expect(parseLogModalMetadata(view.private_metadata)).toEqual({ channelId: 'C123', nudgeId: 7, origin: 'nudge' });
  });

  it.each(HOSTILE)('stays within limits with %s pre-filled', (_label, text) => {
    const view = buildLogModal({
      initial: { account: { id: 1, name: text }, summary: text, nextStep: text, dueDate: text },
      metadata: { channelId: text, origin: text, messageTs: text },
    });
    expect(checkBlockKit('modal', view)).toEqual([]);
    // editable text is pre-filled verbatim (never escaped), only cut to the limit
    const summary = blockById(view, BLOCKS.logSummary).element.initial_value;
    if (text) expect(text.startsWith(summary.replace(/…$/, ''))).toBe(true);
    expect(blockById(view, BLOCKS.logDueDate).element.initial_date).toBeUndefined();
  });
});

describe('account options', () => {
  it('cuts names to 75 and caps at 100 options', () => {
    const accounts = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, name: `${'<!channel> '.repeat(20)}${i}` }));
    const { options } = buildAccountOptions(accounts);
    expect(options).toHaveLength(100);
    for (const o of options) expect(o.text.text.length).toBeLessThanOrEqual(75);
    expect(checkBlockKit('modal', { type: 'modal', title: { type: 'plain_text', text: 'T' }, submit: { type: 'plain_text', text: 'S' }, blocks: [
      { type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'static_select', action_id: 'x', options } },
    ] })).toEqual([]);
  });
});

describe('private_metadata', () => {
  it.each([
    ['', {}],
    ['not json', {}],
    ['null', {}],
    ['[1,2]', {}],
    ['{"nudgeId":"7","channelId":5}', {}],
    ['{"__proto__":{"x":1},"nudgeId":3}', { nudgeId: 3 }],
  ])('parse %j', (raw, expected) => {
    expect(parseLogModalMetadata(raw)).toEqual(expected);
  });

  it('drops over-long or malformed values instead of breaking the 3,000 limit', () => {
    const raw = encodeLogModalMetadata({ messageTs: '1'.repeat(5000), origin: 'o'.repeat(5000), channelId: '<!channel>' });
    expect(raw).toBe('{}');
  });

  it("keys a shortcut's touch by the message and the submitter, whatever the metadata claims", () => {
    const meta = parseLogModalMetadata(encodeLogModalMetadata({ channelId: 'C0GENERAL1', messageTs: '1700000000.000100', origin: 'shortcut' }));
    expect(logSourceKey(meta, 'U0CAROL001', 'V1')).toBe('shortcut:C0GENERAL1:1700000000.000100:U0CAROL001');
    expect(logSourceKey(meta, 'U0ALICE001', 'V2')).toBe('shortcut:C0GENERAL1:1700000000.000100:U0ALICE001');
    // a key written whole into the metadata (as forms opened before carried it) lends only its message
    const forged = parseLogModalMetadata(JSON.stringify({ channelId: 'C0GENERAL1', sourceKey: 'shortcut:C0GENERAL1:1700000000.000100:U0ALICE001' }));
    expect(logSourceKey(forged, 'U0CAROL001', 'V3')).toBe('shortcut:C0GENERAL1:1700000000.000100:U0CAROL001');
    expect(logSourceKey({ channelId: 'C0GENERAL1' }, 'U0CAROL001', 'V4')).toBe('modal:V4');
  });
});

// A view_submission state.values as Slack sends it.
function state(o: { account?: string | null; medium?: string; kind?: string; summary?: string; next?: string; date?: string | null }) {
  return {
    values: {
      [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: o.account ? { text: { type: 'plain_text', text: 'Acme' }, value: o.account } : null } },
      [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: o.medium ? { value: o.medium } : null } },
      [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: o.kind ? { value: o.kind } : null } },
      [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: o.summary ?? null } },
      [BLOCKS.logNextStep]: { [ACTIONS.logNextStep]: { type: 'plain_text_input', value: o.next ?? null } },
      [BLOCKS.logDueDate]: { [ACTIONS.logDueDate]: { type: 'datepicker', selected_date: o.date ?? null } },
    },
  };
}

describe('readLogModal', () => {
  const now = new Date('2026-04-15T14:30:00Z'); // 10:30 in New York
  const tz = 'America/New_York';

  it('reads a full submission', () => {
    const r = readLogModal(state({ account: '42', medium: 'call', kind: 'give', summary: '  Usage review\u0000 ', next: 'Send pricing', date: '2026-04-17' }), now, tz);
    expect(r).toEqual({
      ok: true,
      value: { accountId: 42, medium: 'call', kind: 'give', summary: 'Usage review', nextStep: 'Send pricing', nextStepDue: new Date('2026-04-17T13:00:00Z') },
    });
  });

  it('accepts view.state.values directly and defaults medium and kind', () => {
    const r = readLogModal(state({ account: '42', summary: 'hi' }).values, now, tz);
    expect(r).toEqual({ ok: true, value: { accountId: 42, medium: 'chat', kind: 'neutral', summary: 'hi' } });
  });

  it.each(HOSTILE.filter(([label]) => !['empty', 'spaces', '10,000 chars'].includes(label)))('keeps a %s summary verbatim', (_label, text) => {
    const r = readLogModal(state({ account: '1', summary: text }), now, tz);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.summary).toBe(text.replace(/\u0000/g, ''));
  });

  it.each<[string, Parameters<typeof state>[0], Record<string, RegExp>]>([
    ['no account', { summary: 'hi' }, { [BLOCKS.logAccount]: /Choose an account/ }],
    ['forged account id', { account: '1; DROP TABLE', summary: 'hi' }, { [BLOCKS.logAccount]: /Choose an account/ }],
    ['empty summary', { account: '1', summary: '' }, { [BLOCKS.logSummary]: /few words/ }],
    ['only spaces', { account: '1', summary: '    ' }, { [BLOCKS.logSummary]: /few words/ }],
    ['10,000 characters', { account: '1', summary: 'x'.repeat(10_000) }, { [BLOCKS.logSummary]: /3,000/ }],
    ['past due date', { account: '1', summary: 'hi', next: 'x', date: '2026-04-14' }, { [BLOCKS.logDueDate]: /passed/ }],
    ['date without next step', { account: '1', summary: 'hi', date: '2026-04-20' }, { [BLOCKS.logNextStep]: /due on that date/ }],
    ['malformed date', { account: '1', summary: 'hi', next: 'x', date: 'friday' }, { [BLOCKS.logDueDate]: /calendar/ }],
  ])('%s → errors by block', (_label, input, expected) => {
    const r = readLogModal(state(input), now, tz);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(Object.keys(expected).sort());
    for (const [block, re] of Object.entries(expected)) expect(r.errors[block]).toMatch(re);
  });

  it.each([null, undefined, 'string', 42, {}, { values: null }])('survives a malformed state %j', (s) => {
    const r = readLogModal(s, now, tz);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors)).toEqual([BLOCKS.logAccount, BLOCKS.logSummary]);
  });
});

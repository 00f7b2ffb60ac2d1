import { describe, expect, it } from 'vitest';
import { accountIdFromChooseAction, ACTIONS } from '../../../src/views/ids.ts';
import { buildChooseAccount, buildUnknownAccount, decodeChoice, encodeChoice, MAX_REF_LENGTH } from '../../../src/views/choose.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';

type Obj = Record<string, any>;
const buttons = (blocks: unknown[]): Obj[] => (blocks as Obj[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

const HOSTILE: [string, string][] = [
  ['empty', ''],
  ['spaces', '   '],
  ['channel', '<!channel>'],
  ['user', '<@U123|bob>'],
  ['sql', "'; DROP TABLE account;--"],
  ['emoji', '👨‍👩‍👧‍👦🇫🇷😀'.repeat(30)],
  ['arabic', 'شركة الاتصالات'],
  ['hebrew', 'חברה בע"מ'],
  ['null bytes', 'a\u0000b'],
  ['10,000 chars', '<'.repeat(10_000)],
];

describe('buildChooseAccount', () => {
  const items = [
    { id: 1, name: 'Acme Corporation', hint: 'owner Maria' },
    { id: 2, name: 'Acme Labs' },
    { id: 3, name: 'Acme <!channel>' },
  ];

  it('offers one button per account with its own action_id and value', () => {
    const msg = buildChooseAccount({ query: 'acme', items, ref: 'log:abc' });
    expect(checkBlockKit('message', msg)).toEqual([]);
    const b = buttons(msg.blocks);
    expect(b.map((x) => accountIdFromChooseAction(x.action_id))).toEqual([1, 2, 3]);
    expect(b.map((x) => x.text.text)).toEqual(['Acme Corporation', 'Acme Labs', 'Acme <!channel>']); // plain_text: shown as is
    expect(b.map((x) => decodeChoice(x.value))).toEqual([
      { accountId: 1, ref: 'log:abc' },
      { accountId: 2, ref: 'log:abc' },
      { accountId: 3, ref: 'log:abc' },
    ]);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    expect(all).toContain('“acme”');
    expect(all).toContain('*Acme Corporation*: owner Maria');
    expect(all).not.toMatch(/[<>]/);
  });

  it('adds a create button and a narrow-it-down hint when asked', () => {
    const msg = buildChooseAccount({ query: 'acme', items, total: 12, allowCreate: true });
    expect(checkBlockKit('message', msg)).toEqual([]);
    const b = buttons(msg.blocks);
    expect(b.at(-1)).toMatchObject({ action_id: ACTIONS.createAccount, text: { text: 'Create “acme”' } });
    expect(decodeChoice(b.at(-1)!.value)).toEqual({ name: 'acme' });
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('Showing 3 of 12 matches');
  });

  it('shows at most 5 accounts', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ id: i + 1, name: `Zeta ${i}` }));
    const msg = buildChooseAccount({ query: 'zeta', items: many });
    expect(buttons(msg.blocks)).toHaveLength(5);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('Showing 5 of 9');
  });

  it.each(HOSTILE)('stays valid and escaped with a %s query and names', (_label, text) => {
    const msg = buildChooseAccount({ query: text, items: [{ id: 1, name: text, hint: text }, { id: 2, name: text }], allowCreate: true });
    expect(checkBlockKit('message', msg)).toEqual([]);
    for (const t of [...mrkdwnTexts(msg.blocks), msg.text]) expect(t.replace(/&lt;|&gt;|&amp;/g, '')).not.toMatch(/[<>]/);
  });

  it('refuses a ref too long for a button value', () => {
    expect(() => buildChooseAccount({ query: 'a', items, ref: 'r'.repeat(MAX_REF_LENGTH + 1) })).toThrow(RangeError);
    expect(checkBlockKit('message', buildChooseAccount({ query: 'x'.repeat(10_000), items, ref: 'r'.repeat(MAX_REF_LENGTH), allowCreate: true }))).toEqual([]);
  });
});

describe('buildUnknownAccount', () => {
  it('offers to create it', () => {
    const msg = buildUnknownAccount({ query: 'Initech', ref: 'k1' });
    expect(checkBlockKit('message', msg)).toEqual([]);
    const [b] = buttons(msg.blocks);
    expect(b).toMatchObject({ action_id: ACTIONS.createAccount, text: { type: 'plain_text', text: 'Create “Initech”' } });
    expect(decodeChoice(b!.value)).toEqual({ name: 'Initech', ref: 'k1' });
    expect(mrkdwnTexts(msg.blocks)[0]).toBe('I don\'t know an account called “Initech”. Create it?');
  });

  it.each<[string, string]>([
    ['no letters', '!!!'],
    ['empty', ''],
    ['too long', 'x'.repeat(10_000)],
  ])('does not offer to create a name with %s', (_label, query) => {
    const msg = buildUnknownAccount({ query });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(buttons(msg.blocks)).toEqual([]);
  });

  it('can be told not to offer creation', () => {
    expect(buttons(buildUnknownAccount({ query: 'Initech', canCreate: false }).blocks)).toEqual([]);
  });

  it.each(HOSTILE)('stays valid and escaped with a %s query', (_label, text) => {
    const msg = buildUnknownAccount({ query: text });
    expect(checkBlockKit('message', msg)).toEqual([]);
    for (const t of [...mrkdwnTexts(msg.blocks), msg.text]) expect(t.replace(/&lt;|&gt;|&amp;/g, '')).not.toMatch(/[<>]/);
  });
});

describe('choice values', () => {
  it.each([
    [{ accountId: 7 }],
    [{ accountId: 7, ref: 'x' }],
    [{ name: 'Acme <!channel>' }],
    [{ name: 'شركة', ref: '' }],
  ])('round-trips %j', (choice) => {
    expect(decodeChoice(encodeChoice(choice))).toEqual(choice);
  });

  it.each([undefined, '', 'nope', '42', 'null', '{"accountId":-1}', '{"accountId":1.5}', '{"accountId":"1"}', '{"name":42}', '{}'])('rejects %j', (raw) => {
    expect(decodeChoice(raw)).toBeNull();
  });

  it('reads a name as it is: the create action checks it (parseAccountName) and answers a bad one', () => {
    expect(decodeChoice('{"name":"!!!"}')).toEqual({ name: '!!!' });
  });
});

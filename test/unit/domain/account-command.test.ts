import { describe, expect, it } from 'vitest';
import { ACCOUNT_HELP, parseAccountCommand, parseAccountName, parseUserRef, type AccountCommand } from '../../../src/domain/account-command.ts';

describe('parseAccountCommand: verbs', () => {
  it.each<[string, AccountCommand]>([
    ['', { verb: 'help' }],
    ['   ', { verb: 'help' }],
    ['help', { verb: 'help' }],
    ['HELP', { verb: 'help' }],
    ['Acme', { verb: 'show', accountText: 'Acme' }],
    ['show Acme Corp', { verb: 'show', accountText: 'Acme Corp' }],
    ['show "Owner Bank"', { verb: 'show', accountText: 'Owner Bank' }],
    ['Société Générale', { verb: 'show', accountText: 'Société Générale' }],
    ['add Acme', { verb: 'add', name: 'Acme', aliases: [] }],
    [
      'add Acme Corporation aka Acme, ACME Inc owner <@U123ABC|maria> segment enterprise',
      { verb: 'add', name: 'Acme Corporation', aliases: ['Acme', 'ACME Inc'], owner: { userId: 'U123ABC' }, segment: 'enterprise' },
    ],
    ['add Initech owner <@W0ABC>', { verb: 'add', name: 'Initech', aliases: [], owner: { userId: 'W0ABC' } }],
    ['add Initech segment mid market owner me', { verb: 'add', name: 'Initech', aliases: [], segment: 'mid market', owner: { self: true } }],
    ['add Initech owner @maria', { verb: 'add', name: 'Initech', aliases: [], owner: { name: 'maria' } }],
    ['add "Owner Bank" aka OB', { verb: 'add', name: 'Owner Bank', aliases: ['OB'] }],
    // a comma inside quotes (straight or curly) is part of the alias; the quotes are not
    ['add Globex Corporation aka "Globex, Inc", GX', { verb: 'add', name: 'Globex Corporation', aliases: ['Globex, Inc', 'GX'] }],
    ['add Globex Corporation aka “Globex, Inc”, GX', { verb: 'add', name: 'Globex Corporation', aliases: ['Globex, Inc', 'GX'] }],
    ['add Globex Corporation aka GX, "Globex, Inc, Ltd"', { verb: 'add', name: 'Globex Corporation', aliases: ['GX', 'Globex, Inc, Ltd'] }],
    ['add Acme aka acme, ACME, Acmé, Acme Co', { verb: 'add', name: 'Acme', aliases: ['Acme Co'] }], // same keys dropped
    ['Acme +Reporting 1,200/mo', { verb: 'holding_add', accountText: 'Acme', productText: 'Reporting', cents: 120_000 }],
    ['Acme Corp +Data Warehouse $1.2k', { verb: 'holding_add', accountText: 'Acme Corp', productText: 'Data Warehouse', cents: 120_000 }],
    ['Acme +Reporting 2 1,200', { verb: 'holding_add', accountText: 'Acme', productText: 'Reporting 2', cents: 120_000 }],
    ['Acme + Reporting 14,400/yr', { verb: 'holding_add', accountText: 'Acme', productText: 'Reporting', cents: 120_000 }],
    ['Acme +Reporting €900 per month', { verb: 'holding_add', accountText: 'Acme', productText: 'Reporting', cents: 90_000 }],
    ['Acme -Reporting', { verb: 'holding_remove', accountText: 'Acme', productText: 'Reporting' }],
    ['Coca-Cola -Data Warehouse', { verb: 'holding_remove', accountText: 'Coca-Cola', productText: 'Data Warehouse' }],
    ['C+ Labs', { verb: 'show', accountText: 'C+ Labs' }],
    ['rename Acme to Acme Corporation', { verb: 'rename', accountText: 'Acme', newName: 'Acme Corporation' }],
    ['rename Back to School to BTS', { verb: 'rename', accountText: 'Back to School', newName: 'BTS' }],
    ['rename Back to School -> Back 2 School', { verb: 'rename', accountText: 'Back to School', newName: 'Back 2 School' }],
    ['rename acme to ACME', { verb: 'rename', accountText: 'acme', newName: 'ACME' }],
    ['owner Acme <@U123|maria>', { verb: 'set_owner', accountText: 'Acme', owner: { userId: 'U123' } }],
    ['owner Acme Corp to <@U123>', { verb: 'set_owner', accountText: 'Acme Corp', owner: { userId: 'U123' } }],
    ['owner Acme me', { verb: 'set_owner', accountText: 'Acme', owner: { self: true } }],
    ['owner Acme @maria', { verb: 'set_owner', accountText: 'Acme', owner: { name: 'maria' } }],
  ])('%j', (text, expected) => {
    expect(parseAccountCommand(text)).toEqual({ ok: true, value: expected });
  });
});

describe('parseAccountCommand: hostile input', () => {
  it.each<[string, string, AccountCommand]>([
    ['channel mention as a name', '<!channel>', { verb: 'show', accountText: '<!channel>' }],
    ['user mention as a name', 'show <@U123>', { verb: 'show', accountText: '<@U123>' }],
    ['SQL-looking name', "add Robert'); DROP TABLE account;--", { verb: 'add', name: "Robert'); DROP TABLE account;--", aliases: [] }],
    ['Arabic', 'add شركة الاتصالات aka الاتصالات', { verb: 'add', name: 'شركة الاتصالات', aliases: ['الاتصالات'] }],
    ['Hebrew', 'חברה בע"מ +Reporting 1200', { verb: 'holding_add', accountText: 'חברה בע"מ', productText: 'Reporting', cents: 120_000 }],
    ['emoji', 'add 🚀 Rocket Co', { verb: 'add', name: '🚀 Rocket Co', aliases: [] }],
    ['null bytes', 'add Ac\u0000me', { verb: 'add', name: 'Acme', aliases: [] }],
  ])('%s', (_label, text, expected) => {
    expect(parseAccountCommand(text)).toEqual({ ok: true, value: expected });
  });
});

describe('parseAccountCommand: errors', () => {
  it.each<[string, string, string, RegExp]>([
    ['show without a name', 'show', 'missing_name', /which account/i],
    ['add without a name', 'add', 'missing_name', /which account/i],
    ['add punctuation', 'add !!!', 'bad_name', /no letters or digits/],
    ['add 3,000 chars', 'add ' + 'x'.repeat(3_000), 'name_too_long', /3,000 characters/],
    ['show 3,000 chars', 'y'.repeat(3_000), 'name_too_long', /150/],
    ['10,000 chars: over the cap, not read', 'add ' + 'x'.repeat(10_000), 'too_long', /^That's 10,004 characters; \/account takes up to 4,000\.$/],
    ['far too many aliases: counted, not read', 'add Acme aka ' + 'a,'.repeat(500), 'too_many_aliases', /501 aliases/],
    ['too many aliases', 'add Acme aka ' + Array.from({ length: 25 }, (_, i) => `alias${i}`).join(', '), 'too_many_aliases', /25 aliases/],
    ['owner clause without a user', 'add Acme owner', 'missing_user', /mention someone/],
    ['owner with a broken mention', 'add Acme owner <!channel>', 'missing_user', /mention someone/],
    ['negative price', 'Acme +Reporting -5', 'bad_price', /negative/],
    ['zero price', 'Acme +Reporting 0', 'bad_price', /more than zero/],
    ['absurd price', 'Acme +Reporting $99,999,999,999', 'bad_price', /check the number/],
    ['non-numeric price', 'Acme +Reporting free', 'missing_price', /per month/],
    ['no price', 'Acme +Reporting', 'missing_price', /per month/],
    ['no product', 'Acme +!!! 1200', 'missing_product', /no letters or digits/],
    ['rename without "to"', 'rename Acme', 'missing_new_name', /rename <old> to <new>/],
    ['rename to nothing', 'rename Acme to ', 'missing_new_name', /rename <old> to <new>/],
    ['rename to the same', 'rename Acme to Acme', 'same_name', /already its name/],
    ['owner without mention', 'owner Acme', 'missing_user', /Mention the new owner/],
    ['owner with only a mention', 'owner <@U123>', 'missing_user', /Mention the new owner/],
  ])('%s → %s', (_label, text, code, message) => {
    const r = parseAccountCommand(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
    expect(r.error.message.length).toBeLessThan(400);
    expect(r.error.example).toMatch(/^\/account /);
  });
});

describe('parseAccountName: the name of an account to create, wherever it comes from', () => {
  // the "Create" button's value can be forged: it must get exactly what `/account add` gives
  it.each([
    ['a plain name', 'Acme Corporation'],
    ['a control character, newlines and a bidi override', '\u0007evil\n\n*bold*\u202E Corp'],
    ['a NUL and trailing commas', 'Ac\u0000me,, '],
    ['no letters or digits', ' !!! '],
    ['nothing', '\u0007\n'],
    ['over the limit', '\u0007evil\n\n*bold* ' + 'x'.repeat(1800) + '\u202E'],
    ['at the limit', 'y'.repeat(150)],
  ])('%s: the same as /account add', (_label, name) => {
    const add = parseAccountCommand(`add "${name}"`); // quoted: no keyword ends the name early
    expect(parseAccountName(name)).toEqual(add.ok ? { ok: true, value: (add.value as { name: string }).name } : add);
  });

  it('cleans, refuses with a friendly coded error, and never keeps a control character', () => {
    expect(parseAccountName('\u0007evil\n\n*bold*\u202E Corp')).toEqual({ ok: true, value: 'evil *bold*\u202E Corp' });
    const long = parseAccountName('\u0007evil ' + 'x'.repeat(1800));
    expect(long.ok || long.error).toMatchObject({ code: 'name_too_long', message: 'That name is 1,805 characters; keep it under 150.' });
    const empty = parseAccountName('\u0007 !!! ');
    expect(empty.ok || empty.error).toMatchObject({ code: 'bad_name', message: '"!!!" has no letters or digits to find it by.' });
  });
});

describe('parseUserRef', () => {
  it.each([
    ['<@U123|maria>', { userId: 'U123' }],
    ['<@U123>', { userId: 'U123' }],
    ['<@W9Z8Y7>', { userId: 'W9Z8Y7' }],
    ['me', { self: true }],
    ['@maria', { name: 'maria' }],
    ['Maria Lopez', { name: 'Maria Lopez' }],
    ['<!channel>', null],
    ['<@u123>', null],
    ['', null],
    ['@', null],
    ['x'.repeat(200), null],
  ])('%j', (text, expected) => {
    expect(parseUserRef(text)).toEqual(expected);
  });
});

it('ACCOUNT_HELP documents every verb', () => {
  for (const word of ['show', 'add', 'aka', 'owner', 'segment', '+', '-', 'rename']) expect(ACCOUNT_HELP).toContain(word);
});

import { describe, expect, it } from 'vitest';
import { parseChoice, parseInstant, parseInteger, parseMoney, parseSlackUser, parseText } from '../../../src/import/values.ts';

describe('parseInstant', () => {
  it.each([
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['2024/3/5', '2024-03-05T00:00:00.000Z'],
    [' 2024-03-05 14:30 ', '2024-03-05T14:30:00.000Z'],
    ['2024-03-05T14:30:15Z', '2024-03-05T14:30:15.000Z'],
    ['2024-03-05T14:30:15.1234567Z', '2024-03-05T14:30:15.123Z'],
    ['2024-03-05T14:30:00+02:00', '2024-03-05T12:30:00.000Z'],
    ['2024-03-05T14:30:00-0530', '2024-03-05T20:00:00.000Z'],
    ['2024-03-05 01:00:00+02', '2024-03-04T23:00:00.000Z'],
    ['2024-03-05 14:30 UTC', '2024-03-05T14:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (input, iso) => {
    const r = parseInstant(input);
    expect(r.ok && r.value.toISOString()).toBe(iso);
  });

  it.each([
    ['05/03/2024', /ambiguous/],
    ['3.5.24', /ambiguous/],
    ['2023-02-29', /not a real date/],
    ['2024-13-01', /not a real date/],
    ['2024-01-01 24:00', /not a real date/],
    ['2024-01-01 10:60', /not a real date/],
    ['1850-01-01', /outside/],
    ['next tuesday', /not a date/],
  ])('%s is refused (%s)', (input, reason) => {
    const r = parseInstant(input);
    expect(r.ok ? 'accepted' : r.error).toMatch(reason);
  });
});

describe('parseMoney', () => {
  it.each([
    ['1,200', 120_000],
    ['$1.2k', 120_000],
    ['1200.50', 120_050],
    ['€ 99', 9_900],
    ['14,400/yr', 120_000],
    ['0', 0],
    ['$0.00', 0],
  ])('%s → %i cents', (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: cents });
  });

  it.each([['abc'], ['-5'], ['1.200'], ['12,50']])('%s is refused without Slack advice', (input) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).not.toMatch(/Try `/);
  });
});

describe('parseSlackUser', () => {
  it.each([
    ['U024BE7LH', 'U024BE7LH'],
    [' u024be7lh ', 'U024BE7LH'],
    ['<@U024BE7LH>', 'U024BE7LH'],
    ['<@W123ABC|jane>', 'W123ABC'],
  ])('%s → %s', (input, id) => expect(parseSlackUser(input)).toEqual({ ok: true, value: id }));

  it.each([['jane@example.com'], ['Jane Doe'], ['C024BE7LH']])('%s is refused', (input) => {
    expect(parseSlackUser(input).ok).toBe(false);
  });
});

describe('parseInteger and parseChoice', () => {
  it.each([['3', 3], ['-2', -2], ['1,000', 1000]])('integer %s → %i', (input, n) => expect(parseInteger(input)).toEqual({ ok: true, value: n }));
  it.each([['1.5'], ['x'], ['99999999999']])('integer %s is refused', (input) => expect(parseInteger(input).ok).toBe(false));

  const kinds = ['call', 'meeting', 'email'] as const;
  it.each([
    ['Call', 'call'],
    [' EMAIL ', 'email'],
    ['phone call', 'call'],
    ['Phone_Call', 'call'],
  ])('choice %s → %s', (input, value) => expect(parseChoice(input, kinds, { 'phone call': 'call' })).toEqual({ ok: true, value }));
  it('names the choices when it refuses', () => {
    expect(parseChoice('fax', kinds)).toEqual({ ok: false, error: '"fax" is not one of call, meeting, email' });
  });
});

describe('parseText', () => {
  it('keeps mentions, emoji, RTL and quotes verbatim, folding CRLF', () => {
    const s = 'Hi <!channel> 👋🏽 "quoted" — مرحبا بالعالم\r\nline two';
    expect(parseText(s, 1000)).toEqual({ ok: true, value: 'Hi <!channel> 👋🏽 "quoted" — مرحبا بالعالم\nline two' });
  });
  it('refuses text over the limit with its length', () => {
    expect(parseText('x'.repeat(11), 10)).toEqual({ ok: false, error: 'is 11 characters long; the limit is 10' });
  });
});

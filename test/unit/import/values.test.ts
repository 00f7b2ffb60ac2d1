import { describe, expect, it } from 'vitest';
import { dateOrderOf, parseChoice, parseInstant, parseInteger, parseMoney, parseSlackUser, parseText } from '../../../src/import/values.ts';

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
    ['45356', /not a date/], // a spreadsheet's serial day number is not read
  ])('%s is refused (%s)', (input, reason) => {
    const r = parseInstant(input);
    expect(r.ok ? 'accepted' : r.error).toMatch(reason);
  });

  // a month written as a word cannot be misread, whatever the column's order: read without one
  it.each([
    ['Mar 15, 2024', '2024-03-15T00:00:00.000Z'],
    ['March 15th 2024', '2024-03-15T00:00:00.000Z'],
    ['mar 15,2024', '2024-03-15T00:00:00.000Z'],
    ['Mar. 15, 2024', '2024-03-15T00:00:00.000Z'],
    ['Sept 5, 2024', '2024-09-05T00:00:00.000Z'],
    ['15 Mar 2024', '2024-03-15T00:00:00.000Z'],
    ['15-Mar-2024', '2024-03-15T00:00:00.000Z'],
    ['Fri, 15 Mar 2024', '2024-03-15T00:00:00.000Z'],
    ['Tuesday, March 5, 2024', '2024-03-05T00:00:00.000Z'],
    ['Thurs, Mar 14, 2024', '2024-03-14T00:00:00.000Z'],
    ['Mar 15, 2024 2:30 PM', '2024-03-15T14:30:00.000Z'],
    ['Mar 15 2024 2:30 p.m.', '2024-03-15T14:30:00.000Z'],
    ['Mar 15, 2024 12:05 am', '2024-03-15T00:05:00.000Z'],
    ['Mar 15, 2024 at 14:30', '2024-03-15T14:30:00.000Z'],
    ['5 March 2024 09:15:30', '2024-03-05T09:15:30.000Z'],
  ])('%s → %s', (input, iso) => {
    const r = parseInstant(input);
    expect(r.ok && r.value.toISOString()).toBe(iso);
  });

  it.each([
    ['Feb 30, 2024', /not a real date/],
    ['Mon, 15 Mar 2024', /not a real date/], // 15 March 2024 was a Friday
    ['Sunny, 17 Mar 2024', /not a real date/], // a Sunday, but no weekday's name
    ['Mar 15 2024 3:00 m', /not a date/],
    ['Mar 15, 2024 13:30 PM', /not a real date/],
    ['Mar 15, 2024 24:00', /not a real date/],
    ['15-Mar-24', /two-digit year/],
    ['Dec 1, 1850', /outside/],
    ['Foo 15, 2024', /not a date/],
    ['March 2024', /not a date/],
    [`${'Mar '.repeat(40)}15, 2024`, /not a date/],
  ])('%s is refused (%s)', (input, reason) => {
    const r = parseInstant(input);
    expect(r.ok ? 'accepted' : r.error).toMatch(reason);
  });

  // a locale date is read in the order its column settled (dateOrderOf); an ISO one in any
  it.each([
    ['13/05/2024', 'dmy', '2024-05-13T00:00:00.000Z'],
    ['5.3.2024', 'dmy', '2024-03-05T00:00:00.000Z'],
    ['05-03-2024', 'dmy', '2024-03-05T00:00:00.000Z'],
    ['5/3/2024', 'mdy', '2024-05-03T00:00:00.000Z'],
    ['5/14/2024', 'mdy', '2024-05-14T00:00:00.000Z'],
    ['5/3/2024 2:22 PM', 'mdy', '2024-05-03T14:22:00.000Z'],
    ['12/1/2024, 12:05 am', 'mdy', '2024-12-01T00:05:00.000Z'],
    ['5/3/2024 2:22 p.m.', 'mdy', '2024-05-03T14:22:00.000Z'],
    ['5/3/2024 2:22P', 'mdy', '2024-05-03T14:22:00.000Z'],
    ['13.05.2024 14:30:15', 'dmy', '2024-05-13T14:30:15.000Z'],
    ['2024-03-05T14:30:00+02:00', 'dmy', '2024-03-05T12:30:00.000Z'],
  ] as const)('%s read %s → %s', (input, order, iso) => {
    const r = parseInstant(input, order);
    expect(r.ok && r.value.toISOString()).toBe(iso);
  });

  it.each([
    ['13/05/2024', 'mdy', /not a real date/],
    ['31/02/2024', 'dmy', /not a real date/],
    ['5/3/2024 13:00 PM', 'mdy', /not a real date/],
    ['5.3.24', 'dmy', /two-digit year/],
    ['5/3/2024 2:22 m', 'mdy', /not a date/], // an hour's half is a or p, with its m or not
    ['5/3/2024 2:22 .', 'mdy', /not a date/],
  ] as const)('%s read %s is refused (%s)', (input, order, reason) => {
    const r = parseInstant(input, order);
    expect(r.ok ? 'accepted' : r.error).toMatch(reason);
  });
});

describe('dateOrderOf', () => {
  const cells = (...xs: string[]) => xs.map((cell, i) => ({ line: i + 2, cell }));
  it.each([
    [['13/05/2024', '01/02/2024'], 'dmy'],
    [['5/3/2024', '5/14/2024', '2024-01-01'], 'mdy'],
    [['01.02.2024', '', 'n/a', '31.12.2023 10:00'], 'dmy'],
    [['05/03/2024', '2024-05-13'], null], // an ISO date tells nothing of the others
    [['5/3/2024', '13/13/2024'], null], // no real date either way
    [[], null],
  ] as const)('%j → %s', (xs, order) => {
    expect(dateOrderOf(cells(...xs))).toEqual({ ok: true, order });
  });

  it('returns the first cell of each order when a column has both', () => {
    expect(dateOrderOf(cells('1/2/2024', '13/05/2024', '20/05/2024', '5/14/2024'))).toEqual({ ok: false, dmy: { line: 3, cell: '13/05/2024' }, mdy: { line: 5, cell: '5/14/2024' } });
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
    ['₩0', 0],
    ['US$0', 0],
    ['0 EUR', 0],
  ])('%s → %i cents', (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: cents });
  });

  it.each([['abc'], ['-5'], ['1.200'], ['1,2345']])('%s is refused without Slack advice', (input) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).not.toMatch(/Try `/);
  });

  // a comma-delimited file writes a dot for decimals, a semicolon-delimited one a comma; a
  // number that can be read one way only is read so in both
  const AMBIGUOUS = 'ambiguous';
  it.each([
    ['1.234,56', 123_456, 123_456],
    ['1,234.56', 123_456, 123_456],
    ['1.200,00 €', 120_000, 120_000],
    ['€1.234.567', 123_456_700, 123_456_700],
    ['1,234,567', 123_456_700, 123_456_700],
    ['99,50', 9_950, 9_950],
    ['99,5', 9_950, 9_950],
    ['99.5', 9_950, 9_950],
    ['1 200,50', 120_050, 120_050],
    ['1\u00a0200', 120_000, 120_000],
    ["CHF 1'200.00", 120_000, 120_000],
    ['$1.2k', 120_000, 120_000],
    ['0,00', 0, 0],
    ['1.200', AMBIGUOUS, 120_000],
    ['1,200', 120_000, AMBIGUOUS],
    ['14,400/yr', 120_000, AMBIGUOUS],
    ['12.000/yr', AMBIGUOUS, 100_000],
  ])('%s: comma file %s, semicolon file %s', (input, comma, semicolon) => {
    const read = (decimalComma: boolean) => {
      const r = parseMoney(input, { decimalComma });
      return r.ok ? r.value : /^Is "/.test(r.error) ? AMBIGUOUS : r.error;
    };
    expect([read(false), read(true)]).toEqual([comma, semicolon]);
  });

  it.each([
    ['1,200', false, 'Is "1,200" 1.2 or 1200? In a semicolon-delimited file the comma marks decimals: write `1.200` or `1200` for thousands'],
    // four digits before the comma: advice in the file's own marks, not back what was typed
    ['1234,567', false, 'Is "1234,567" 1234.567 or 1234567? In a semicolon-delimited file the comma marks decimals: write `1.234.567` or `1234567` for thousands'],
    ['1234.567', true, 'Is "1234.567" 1234567 or 1234.56? Write `1,234,567` or `1234567` for thousands.'],
  ])('says what %j could mean (comma file: %s), and how to write each in that file', (input, commaFile, error) => {
    expect(parseMoney(input, { decimalComma: !commaFile })).toEqual({ ok: false, error });
  });

  it('reads each way of writing it the advice gives', () => {
    expect(['1.234.567', '1234567'].map((n) => parseMoney(n, { decimalComma: true }))).toEqual([{ ok: true, value: 123_456_700 }, { ok: true, value: 123_456_700 }]);
    expect(['1,234,567', '1234567'].map((n) => parseMoney(n))).toEqual([{ ok: true, value: 123_456_700 }, { ok: true, value: 123_456_700 }]);
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

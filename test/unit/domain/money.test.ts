import { describe, expect, it } from 'vitest';
import { currencyOf, currencyOfCode, formatMoney, isZeroAmount, MAX_MRR_CENTS, parseMrr, sameCurrency, splitTrailingPrice } from '../../../src/domain/money.ts';

describe('parseMrr accepts', () => {
  it.each([
    ['1,200/mo', 120_000],
    ['1200', 120_000],
    ['$1.2k', 120_000],
    ['€900 per month', 90_000],
    ['14,400/yr', 120_000],
    ['14400 per year', 120_000],
    ['$14.4k annual', 120_000],
    ['1200 usd', 120_000],
    ['USD 1200/month', 120_000],
    ['£99.50', 9_950],
    ['0.5', 50],
    ['1.5m', 150_000_000],
    ['1,234,567', 123_456_700],
    ['  900  monthly ', 90_000],
    ['100 mrr', 10_000],
    ['1000/yr', 8_333], // 83.333… rounds to the cent
    ['１２００', 120_000], // full-width digits
    [String(MAX_MRR_CENTS / 100), MAX_MRR_CENTS],
  ])('%j → %d cents', (text, cents) => {
    expect(parseMrr(text)).toEqual({ ok: true, cents });
  });
});

describe('parseMrr rejects, kindly', () => {
  it.each([
    ['', /add a price/i],
    ['   ', /add a price/i],
    ['-5', /negative/i],
    ['−1,200/mo', /negative/i],
    ['$-5', /negative/i],
    ['0', /more than zero/i],
    ['$0.00/mo', /more than zero/i],
    ['free', /isn't a number/i],
    ['abc', /isn't a number/i],
    ['<!channel>', /isn't a number/i],
    ["1200'; DROP TABLE holding;--", /isn't a single price/i],
    ['1.200', /1200 or 1\.20/],
    ['12,50', /dot for cents/i],
    ['2 1,200', /single price/i],
    ['1e6', /single price/i],
    ['$99,999,999,999', /more than \$10,000,000\/mo/],
    ['0.01/yr', /less than a cent/i],
    ['0.001', /at most 2 decimals/i],
    ['1200/mo per year', /one period/i],
    ['12.345', /1234|12\.34/],
    ['😀', /isn't a number/i],
    ['ألف', /isn't a number/i],
    ['12\u000000', /single price/i],
    ['€100 USD', /two currencies \(€ and USD\)/],
    ['-₩5', /negative/i],
    ['-US$5', /negative/i],
    ['-EUR 5', /negative/i],
  ])('%s', (text, message) => {
    const r = parseMrr(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.error.length).toBeLessThan(300);
    }
  });

  it('rejects 10,000 digits as too large without overflowing', () => {
    const r = parseMrr('9'.repeat(10_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/more than \$10,000,000\/mo/);
  });

  it('rejects 10,000 characters of text', () => {
    expect(parseMrr('x'.repeat(10_000)).ok).toBe(false);
  });

  it('every error includes an example of the right form', () => {
    for (const text of ['', '-5', 'abc', '0', '$99,999,999,999']) {
      const r = parseMrr(text);
      expect(!r.ok && /`[^`]+`/.test(r.error)).toBe(true);
    }
  });
});

describe('currencyOf', () => {
  const USD_LIKE = ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'];
  it.each([
    ['1200', null],
    ['€1.200,00', { label: '€', codes: ['EUR'] }],
    ['1000 JPY', { label: 'JPY', codes: ['JPY'] }],
    ['100EUR', { label: 'EUR', codes: ['EUR'] }],
    ['¥1000', { label: '¥', codes: ['JPY', 'CNY'] }],
    ['¥1000 JPY', { label: 'JPY', codes: ['JPY'] }],
    ['$99/mo', { label: '$', codes: USD_LIKE }],
    ['US$99', { label: 'US$', codes: ['USD'] }],
    ['A$99', { label: 'A$', codes: ['AUD'] }],
    ['usd $ 1.2 k', { label: 'USD', codes: ['USD'] }],
    ['Europe 100', null],
  ])('%j → %j', (text, currency) => {
    expect(currencyOf(text)).toEqual({ ok: true, currency });
  });

  it('refuses an amount naming two currencies', () => {
    expect(currencyOf('€100 USD')).toEqual({ ok: false, error: 'names two currencies (€ and USD)' });
  });

  it.each([
    ['EUR', { label: 'EUR', codes: ['EUR'] }],
    [' jpy ', { label: 'JPY', codes: ['JPY'] }],
    ['€', { label: '€', codes: ['EUR'] }],
    ['XTS', { label: 'XTS', codes: ['XTS'] }],
    ['', null],
  ])('a currency column cell %j → %j', (cell, currency) => {
    expect(currencyOfCode(cell)).toEqual(currency);
  });
});

describe('sameCurrency', () => {
  const dollar = { label: '$', codes: ['USD', 'CAD', 'AUD'] };
  it.each([
    ['$ and USD are USD, written USD', dollar, { label: 'USD', codes: ['USD'] }, { label: 'USD', codes: ['USD'] }],
    ['either way round', { label: 'USD', codes: ['USD'] }, dollar, { label: 'USD', codes: ['USD'] }],
    ['¥ and JPY', { label: '¥', codes: ['JPY', 'CNY'] }, { label: 'JPY', codes: ['JPY'] }, { label: 'JPY', codes: ['JPY'] }],
    ['€ and USD cannot be one', { label: '€', codes: ['EUR'] }, { label: 'USD', codes: ['USD'] }, null],
  ])('%s', (_, a, b, both) => {
    expect(sameCurrency(a, b)).toEqual(both);
  });
});

describe('one table of currencies', () => {
  // every symbol and code is read the same way wherever an amount is looked at
  it.each(['₩1,200', 'US$1,200', 'A$1,200', 'KRW 1,200', '1,200 EUR', '€1,200'])('%s starts a price after a name', (price) => {
    expect(splitTrailingPrice(`Reporting Plus ${price}`)).toEqual({ name: 'Reporting Plus', cents: 120_000 });
  });

  it.each([
    ['0', true], ['€0', true], ['₩0', true], ['US$0', true], ['0 EUR', true], ['A$ 0.00', true], ['0krw', true],
    ['0.5', false], ['€5', false], ['$0/mo', false], ['', false],
  ])('isZeroAmount(%j) is %s', (text, zero) => {
    expect(isZeroAmount(text)).toBe(zero);
  });
});

describe('formatMoney', () => {
  it.each([
    [120_000, '$1,200/mo'],
    [120_050, '$1,200.50/mo'],
    [0, '$0/mo'],
    [5, '$0.05/mo'],
    [-500, '-$5/mo'],
    [MAX_MRR_CENTS, '$10,000,000/mo'],
  ])('%d → %j', (cents, text) => {
    expect(formatMoney(cents)).toBe(text);
  });

  it('takes another symbol and can drop the period', () => {
    expect(formatMoney(90_000, { symbol: '€' })).toBe('€900/mo');
    expect(formatMoney(90_000, { period: false })).toBe('$900');
  });

  it('round-trips with parseMrr', () => {
    for (const cents of [1, 99, 120_000, 120_050, 123_456_789]) {
      expect(parseMrr(formatMoney(cents))).toEqual({ ok: true, cents });
    }
  });
});

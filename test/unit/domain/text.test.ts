import { describe, expect, it } from 'vitest';
import { cleanInput, escapeMrkdwn, escapeTruncate, mrkdwnFallback, nameKey, truncate } from '../../../src/domain/text.ts';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here> now', '&lt;!here&gt; now'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<@U123|bob>', '&lt;@U123|bob&gt;'],
    ['<http://x|y>', '&lt;http://x|y&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt; already', '&amp;lt; already'],
    ['*bold* _it_ `code` ~s~', '*bold* _it_ `code` ~s~'],
    ["'; DROP TABLE account;--", "'; DROP TABLE account;--"],
    ['شركة <الاتصالات>', 'شركة &lt;الاتصالات&gt;'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('leaves no raw angle brackets in 10,000 hostile characters', () => {
    const out = escapeMrkdwn('<!channel>&'.repeat(1000));
    expect(out).not.toMatch(/[<>]/);
    expect(out.match(/&(?!amp;|lt;|gt;)/g)).toBeNull();
  });
});

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['hello world', 6, 'hello…'],
    ['abc', 0, ''],
    ['abc', 1, '…'],
    ['', 5, ''],
  ])('truncate(%j, %d) = %j', (s, max, expected) => {
    expect(truncate(s, max)).toBe(expected);
  });

  it.each([
    ['family emoji (ZWJ sequence)', 'ab👨‍👩‍👧‍👦cd'],
    ['flag', 'ab🇫🇷🇩🇪'],
    ['surrogate pair', 'ab😀😀😀'],
    ['skin tone', 'ab👍🏽👍🏽'],
    ['combining accents', 'abe\u0301e\u0301e\u0301'],
  ])('never splits a grapheme: %s', (_label, s) => {
    for (let max = 1; max <= s.length; max++) {
      const out = truncate(s, max);
      expect(out.length).toBeLessThanOrEqual(max);
      const body = out.endsWith('…') ? out.slice(0, -1) : out;
      expect(s.startsWith(body)).toBe(true);
      // no lone surrogate at the cut
      expect(/[\uD800-\uDBFF]$/.test(body)).toBe(false);
      // the cut is at a grapheme boundary
      const boundaries = new Set([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.index));
      boundaries.add(s.length);
      expect(boundaries.has(body.length)).toBe(true);
    }
  });

  it('cuts 10,000 characters to the limit', () => {
    const out = truncate('x'.repeat(10_000), 3000);
    expect(out).toHaveLength(3000);
    expect(out.endsWith('…')).toBe(true);
  });

  it('keeps RTL text intact when it fits and cuts it cleanly when not', () => {
    expect(truncate('שלום עולם', 20)).toBe('שלום עולם');
    expect(truncate('שלום עולם', 5)).toBe('שלום…');
  });
});

describe('escapeTruncate', () => {
  it('fits the escaped text within max and never cuts an entity', () => {
    const out = escapeTruncate('<'.repeat(100), 21);
    expect(out.length).toBeLessThanOrEqual(21);
    expect(out).toBe('&lt;'.repeat(5) + '…');
  });
  it('returns the escaped text unchanged when it fits', () => {
    expect(escapeTruncate('<!here>', 100)).toBe('&lt;!here&gt;');
  });
});

describe('cleanInput', () => {
  it.each([
    ['  hello  ', 'hello'],
    ['a\u0000b', 'ab'],
    ['a\u0007b\u001Bc\u007Fd\u0085e', 'abcde'],
    ['line1\r\nline2\rline3', 'line1\nline2\nline3'],
    ['tab\tkept\nnewline kept', 'tab\tkept\nnewline kept'],
    ['e\u0301', 'é'], // NFC
    ['\u0000\u0000', ''],
    ['   ', ''],
    ['<!channel>', '<!channel>'],
    ["'; DROP TABLE x;--", "'; DROP TABLE x;--"],
    ['مرحبا', 'مرحبا'],
    ['a\uD800b', 'a\uFFFDb'], // lone surrogate
    ['😀', '😀'],
  ])('%j → %j', (input, expected) => {
    expect(cleanInput(input)).toBe(expected);
  });
});

describe('nameKey', () => {
  it.each([
    ['Société Générale, Inc.', 'societe generale inc'],
    ['societe  generale inc', 'societe generale inc'],
    ['ACME', 'acme'],
    ['  Acme   Corp  ', 'acme corp'],
    ['McDonald’s', 'mcdonalds'],
    ["McDonald's", 'mcdonalds'],
    ['Straße AG', 'strasse ag'],
    ['Ørsted', 'orsted'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['AT&T', 'at t'],
    ['<!channel>', 'channel'],
    ['!!!', ''],
    ['', ''],
    ['😀', ''],
    ['Zero\u200Bwidth', 'zerowidth'],
    ['شركة الاتصالات', 'شركة الاتصالات'],
    ['חברה בע"מ', 'חברה בע מ'],
  ])('%j → %j', (input, expected) => {
    expect(nameKey(input)).toBe(expected);
  });

  it('gives equal keys to names that differ only in case, accents and punctuation', () => {
    expect(nameKey('Société Générale, Inc.')).toBe(nameKey('SOCIETE GENERALE INC'));
    expect(nameKey('Café-Noir')).toBe(nameKey('cafe noir'));
  });
});

describe('mrkdwnFallback: the notification text of a message', () => {
  it.each([
    ['bold dropped', 'Added *Acme*.', 'Added Acme.'],
    ['a name with an underscore kept whole', 'Added *Acme_Corp* (aka ACME_EU).', 'Added Acme_Corp (aka ACME_EU).'],
    ['emoji codes kept', ':white_check_mark: Added *x*. :broken_chain:', ':white_check_mark: Added x. :broken_chain:'],
    ['italic and code dropped', '_none_ yet; try `/tend catalog`', 'none yet; try /tend catalog'],
    ['a lone star kept', 'rated 5 * by them', 'rated 5 * by them'],
    ['marks inside words kept', 'x*y*z and snake_case_name', 'x*y*z and snake_case_name'],
    ['a span per line only', '*open\nclose*', '*open\nclose*'],
    ['in brackets', '(*bold*)', '(bold)'],
  ])('%s', (_what, mrkdwn, plain) => {
    expect(mrkdwnFallback(mrkdwn)).toBe(plain);
  });

  it('stays linear on long adversarial text', () => {
    for (const s of [' *a'.repeat(20_000), ` *${'a'.repeat(60_000)}`, '*_`'.repeat(20_000)]) {
      const t = performance.now();
      mrkdwnFallback(s);
      expect(performance.now() - t).toBeLessThan(200);
    }
  });
});

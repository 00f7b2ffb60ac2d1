import { describe, expect, it } from 'vitest';
import { parseLogCommand } from '../../../src/domain/log-command.ts';
import { buildDbUnavailableMessage, buildErrorMessage, buildWarningsBlock, inlineCode } from '../../../src/views/errors.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { mrkdwnTexts, rawAngles } from '../../support/block-kit.ts';


const HOSTILE: [string, string][] = [
  ['empty', ''],
  ['spaces', '     '],
  ['channel', '<!channel> <!here> <!everyone>'],
  ['user', '<@U123> <@U123|bob>'],
  ['link', '<http://evil.example|click me>'],
  ['sql', "Robert'); DROP TABLE conversation;--"],
  ['emoji', '👨‍👩‍👧‍👦🇫🇷😀 :tada:'],
  ['arabic', 'شركة الاتصالات: مكالمة جيدة'],
  ['hebrew', 'חברה בע"מ: שיחה טובה'],
  ['null bytes', 'a\u0000b\u0000c'],
  ['backticks', '```<!channel>``` `x` ````'],
  ['10,000 chars', 'x'.repeat(10_000)],
  ['10,000 angle brackets', '<'.repeat(10_000)],
];

describe('buildErrorMessage', () => {
  it.each(HOSTILE)('is valid and escaped for %s user text', (_label, text) => {
    const msg = buildErrorMessage({ code: 'x', message: `Couldn't use "${text}".`, example: `/log ${text}: call` });
    expect(checkBlockKit('message', msg)).toEqual([]);
    for (const t of mrkdwnTexts(msg.blocks)) expect(rawAngles(t)).toBe(false);
    expect(rawAngles(msg.text)).toBe(false);
  });

  it('shows the message and the example', () => {
    const r = parseLogCommand('Acme:', { now: new Date(), timeZone: 'UTC' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msg = buildErrorMessage(r.error);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    expect(all).toContain(r.error.message);
    expect(all).toContain('`/log Acme: call, walked them through the usage review #give`');
  });
});

describe('inlineCode', () => {
  it.each([
    ['plain', '`plain`'],
    ['<!here>', '`&lt;!here&gt;`'],
    ['a`b', "`a'b`"],
    ['', ''],
  ])('%j → %j', (s, expected) => {
    expect(inlineCode(s)).toBe(expected);
  });
});

describe('buildDbUnavailableMessage', () => {
  it.each(HOSTILE)('echoes %s safely inside code blocks', (_label, typed) => {
    const msg = buildDbUnavailableMessage(typed);
    expect(checkBlockKit('message', msg)).toEqual([]);
    const texts = mrkdwnTexts(msg.blocks);
    expect(texts[0]).toMatch(/wasn't saved/);
    for (const t of texts) expect(rawAngles(t)).toBe(false);
    const code = texts.filter((t) => t.startsWith('```'));
    expect(code.length).toBeGreaterThan(0);
    for (const c of code) {
      expect(c.endsWith('```')).toBe(true);
      // no fence inside the body: the user's backticks cannot close the block
      expect(c.slice(3, -3)).not.toMatch(/```/);
    }
  });

  it('gives back exactly what was typed when it fits', () => {
    const typed = 'Acme: <!channel> & <@U1> said ```hi``` 👨‍👩‍👧‍👦 שלום';
    const body = mrkdwnTexts(buildDbUnavailableMessage(typed).blocks)
      .filter((t) => t.startsWith('```'))
      .map((t) => t.slice(3, -3))
      .join('')
      .replace(/\u200B/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(body).toBe(`/log ${typed}`);
  });

  it('splits a long text over several blocks and says when it had to cut', () => {
    const long = buildDbUnavailableMessage('y'.repeat(10_000), '/account');
    expect(mrkdwnTexts(long.blocks).filter((t) => t.startsWith('```'))).toHaveLength(4);
    expect(mrkdwnTexts(long.blocks).join('')).toContain('/account yyy');
    const huge = buildDbUnavailableMessage('<'.repeat(10_000));
    expect(mrkdwnTexts(huge.blocks).join(' ')).toMatch(/cut off/);
  });
});

describe('buildWarningsBlock', () => {
  it('is empty without warnings', () => {
    expect(buildWarningsBlock([])).toEqual([]);
  });
  it.each(HOSTILE)('is valid with a %s warning', (_label, text) => {
    const blocks = buildWarningsBlock([`I couldn't find a date in "${text}"`, text]);
    expect(checkBlockKit('message', { blocks })).toEqual([]);
    for (const t of mrkdwnTexts(blocks)) expect(rawAngles(t)).toBe(false);
  });
});

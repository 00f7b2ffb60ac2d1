// The caps on inbound text: one per command, Slack's own limits for the rest, and room for the
// longest text each grammar accepts (so no valid command is ever refused by its cap).
import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, MAX_NAME_LENGTH, MAX_SEGMENT_LENGTH, parseAccountCommand } from '../../../src/domain/account-command.ts';
import { MAX_OFFER_TITLE, MAX_PRODUCT_NAME, parseCatalogCommand } from '../../../src/domain/catalog-command.ts';
import { commandTextLimit, INPUT_LIMITS, overCap, tooLongText } from '../../../src/domain/input-limits.ts';

describe('input caps', () => {
  it.each([
    ['/log', 8_000],
    ['/account', 4_000],
    ['/tend', 2_000],
    ['/nudges', 100],
    ['/unknown', 4_000],
    ['constructor', 4_000], // a command name is never looked up on Object.prototype
  ])('%s takes up to %i characters', (command, max) => {
    expect(commandTextLimit(command)).toBe(max);
  });

  it('Slack\'s own limits for fields, values and events', () => {
    expect(INPUT_LIMITS).toMatchObject({ textField: 3_000, privateMetadata: 3_000, actionValue: 2_000, optionValue: 150, eventText: 40_000 });
  });

  it('overCap: the length and the cap when over, null at or under it and for non-text', () => {
    expect(overCap('x'.repeat(11), 10)).toEqual({ length: 11, max: 10 });
    expect(overCap('x'.repeat(10), 10)).toBeNull();
    expect(overCap(undefined, 10)).toBeNull();
    expect(overCap(12345678901, 10)).toBeNull();
  });

  it('says how long and the cap, in thousands, and nothing of the text', () => {
    expect(tooLongText('/log', { length: 60_000, max: 8_000 })).toBe("That's 60,000 characters; /log takes up to 8,000.");
  });

  it('/account: the longest valid add (a longest name, 20 longest aliases, an owner, a segment) fits under the cap', () => {
    const name = 'N'.repeat(MAX_NAME_LENGTH);
    const aliases = Array.from({ length: MAX_ALIASES }, (_, i) => `${String(i).padStart(2, '0')}${'a'.repeat(MAX_NAME_LENGTH - 2)}`);
    const text = `add ${name} aka ${aliases.join(', ')} owner <@U0123456789|someone.with.a.long.name> segment ${'s'.repeat(MAX_SEGMENT_LENGTH)}`;
    expect(text.length).toBeLessThanOrEqual(commandTextLimit('/account'));
    expect(parseAccountCommand(text)).toMatchObject({ ok: true, value: { verb: 'add', aliases } });
  });

  it('/tend: the longest valid offer and product fit under the cap', () => {
    const offer = `offer add ${'P'.repeat(MAX_PRODUCT_NAME)}: a free review ${'t'.repeat(MAX_OFFER_TITLE - 14)}`;
    expect(offer.length).toBeLessThanOrEqual(commandTextLimit('/tend'));
    expect(parseCatalogCommand(offer)).toMatchObject({ ok: true, value: { verb: 'offer_add' } });
    const product = `product add ${'P'.repeat(MAX_PRODUCT_NAME)} usd $ 1,200.50 per month`;
    expect(parseCatalogCommand(product)).toMatchObject({ ok: true, value: { verb: 'product_add', cents: 120_050 } });
  });

  it('the command parsers refuse over-cap text themselves, whoever calls them', () => {
    expect(parseCatalogCommand('product add ' + 'x'.repeat(3_000))).toMatchObject({ ok: false, error: { code: 'too_long', message: "That's 3,012 characters; /tend takes up to 2,000." } });
  });
});

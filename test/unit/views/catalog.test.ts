// The catalog answers: names and titles repeated in a hint are cut between characters, never
// inside an emoji (half of one is a lone surrogate, which Slack shows as "�" or refuses).
import { describe, expect, it } from 'vitest';
import { buildCatalog, buildOfferAdded, buildProductAdded } from '../../../src/views/catalog.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { illFormed } from '../../support/well-formed.ts';

// 79 UTF-16 units: a cut at 60 lands between the two halves of the 30th emoji
const LONG = 'a' + '😀'.repeat(39);

describe('names cut in the catalog answers', () => {
  it.each([
    ['a product added (the offer hint)', buildProductAdded({ name: LONG, cents: null, created: true })],
    ['the catalog (a product with no offer yet)', buildCatalog([{ name: LONG, listMrrCents: 0, active: true, holders: 1, offers: [] }])],
    ['an offer added with no kind word (the "add it again" hint)', buildOfferAdded({ product: LONG, kind: 'usage_review', title: `${LONG} review`, created: true, kindFrom: 'default' })],
  ])('%s: no half emoji, within Block Kit', (_name, msg) => {
    expect(illFormed(msg)).toEqual([]);
    expect(checkBlockKit('message', msg)).toEqual([]);
    // still cut: the hint shows the start of the name and says it was cut
    expect(JSON.stringify(msg.blocks)).toContain(`a${'😀'.repeat(29)}…`);
  });
});

// The catalog answers: names and titles repeated in a hint are cut between characters, never
// inside an emoji (half of one is a lone surrogate, which Slack shows as "�" or refuses).
import { describe, expect, it } from 'vitest';
import { buildCatalog, buildOfferAdded, buildProductAdded, CATALOG_MAX_LISTED } from '../../../src/views/catalog.ts';
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

describe('a large catalog stays one message Slack accepts', () => {
  const offer = (j: number) => ({ kind: 'workshop' as const, title: `Workshop ${j}: a half-day session on their dashboards, with a written benchmark against peers & next steps` });
  const product = (i: number, offers: number) => ({ name: `Product ${i} for mid-market finance teams`, listMrrCents: 120_000, active: true, holders: 1234, offers: Array.from({ length: offers }, (_, j) => offer(j)) });
  const text = (msg: ReturnType<typeof buildCatalog>) => JSON.stringify(msg.blocks);

  it('lists the products that fit, then says how many more and where the whole catalog is', () => {
    // the real catalog that passed Slack's text limit: 100 products, 300 offers
    const msg = buildCatalog(Array.from({ length: 100 }, (_, i) => product(i, 3)));
    expect(checkBlockKit('message', msg)).toEqual([]);
    const listed = msg.blocks.filter((b) => b.type === 'section').length;
    expect(listed).toBeGreaterThan(10);
    expect(listed).toBeLessThan(100);
    expect(text(msg)).toContain(`…and ${100 - listed} more products.`);
    expect(text(msg)).toContain('`npm run export -- products` and `npm run export -- offers`');
    expect(text(msg)).toContain('Every offer of a product: `/tend products <name>`');
    expect((msg.blocks[0] as any).text.text).toBe('Your products (100)');
  });

  it(`lists ${CATALOG_MAX_LISTED} at most, short ones included`, () => {
    const msg = buildCatalog(Array.from({ length: 100 }, (_, i) => product(i, 1)));
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.blocks.filter((b) => b.type === 'section')).toHaveLength(CATALOG_MAX_LISTED);
    expect(text(msg)).toContain(`…and ${100 - CATALOG_MAX_LISTED} more products.`);
  });

  it('counts the offers past ten under their product', () => {
    const msg = buildCatalog([product(1, 14)]);
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(text(msg)).toContain('…and 4 more offers: `/tend products Product 1 for mid-market finance teams`');
    expect(text(msg)).toContain('npm run export -- offers');
  });

  it('says nothing of more when it lists everything', () => {
    const msg = buildCatalog([product(1, 2), product(2, 0)]);
    expect(text(msg)).not.toContain('more');
    expect(text(msg)).not.toContain('npm run export');
  });
});

describe('/tend products <name>: the matching products with every offer', () => {
  const offer = (j: number) => ({ kind: 'workshop' as const, title: `Workshop ${j}: a half-day session on their dashboards, with a written benchmark against peers & next steps` });
  const product = (name: string, offers: number) => ({ name, listMrrCents: 120_000, active: true, holders: 12, offers: Array.from({ length: offers }, (_, j) => offer(j)) });
  const text = (msg: ReturnType<typeof buildCatalog>) => JSON.stringify(msg.blocks);

  it('lists a product\'s 30 offers in full, in sections of at most 3,000 characters', () => {
    const msg = buildCatalog([product('Analytics', 30)], { search: 'analytics', total: 100 });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect((msg.blocks[0] as any).text.text).toBe('Products matching “analytics” (1 of 100)');
    for (let j = 0; j < 30; j++) expect(text(msg)).toContain(`Workshop ${j}:`);
    expect(msg.blocks.filter((b) => b.type === 'section').length).toBeGreaterThan(1);
    expect(text(msg)).not.toContain('more offer');
  });

  it('a product with more offers than one message holds: those that fit, and how many more', () => {
    const msg = buildCatalog([product('Analytics', 400)], { search: 'analytics', total: 1 });
    expect(checkBlockKit('message', msg)).toEqual([]);
    const shown = (text(msg).match(/Workshop \d+:/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(text(msg)).toContain(`…and ${400 - shown} more offers that do not fit one message`);
  });

  it('many matches: the products that fit, then how many more and to narrow the search', () => {
    const msg = buildCatalog(Array.from({ length: 60 }, (_, i) => product(`Analytics ${i}`, 8)), { search: 'analytics', total: 60 });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(text(msg)).toMatch(/…and \d+ more products: add words to narrow the search\./);
  });

  it('a match escapes the search in the message text (the notification), as the no-match answer does', () => {
    const msg = buildCatalog([product('Channel Insights', 2)], { search: '<!channel> insights', total: 7 });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.text).not.toContain('<!channel>');
    expect(msg.text).toBe('Products matching “&lt;!channel&gt; insights” (1 of 7)');
    // the header is plain text, shown as typed
    expect((msg.blocks[0] as any).text.text).toBe('Products matching “<!channel> insights” (1 of 7)');
  });

  it('no match says so, escaped, and points at the whole list', () => {
    const msg = buildCatalog([], { search: '<!channel> *x*', total: 7 });
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.text).not.toContain('<!channel>');
    expect(text(msg)).toContain('&lt;!channel&gt;');
    expect(text(msg)).toContain('(the catalog has 7 products)');
    expect(text(msg)).toContain('/tend products');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFER_KIND, offerKindOf, parseCatalogCommand, productMatches } from '../../../src/domain/catalog-command.ts';

describe('parseCatalogCommand', () => {
  it.each([
    ['products', { verb: 'products', search: null }],
    ['PRODUCTS', { verb: 'products', search: null }],
    ['product', { verb: 'products', search: null }],
    ['product list', { verb: 'products', search: null }],
    // a name, or part of one: those products with every offer
    ['products analytics', { verb: 'products', search: 'analytics' }],
    ['products  Data   Connectors ', { verb: 'products', search: 'Data Connectors' }],
    ['products "Plan 2"', { verb: 'products', search: 'Plan 2' }],
    ['product Reporting', { verb: 'products', search: 'Reporting' }],
    ['product list rep', { verb: 'products', search: 'rep' }],
    // `products list` and `products add` as `product …`; any other word is part of a name
    ['products list', { verb: 'products', search: null }],
    ['Products List rep', { verb: 'products', search: 'rep' }],
    ['products add Reporting 1,200/mo', { verb: 'product_add', name: 'Reporting', cents: 120_000 }],
    ['products New Relic', { verb: 'products', search: 'New Relic' }],
    ['products All Access', { verb: 'products', search: 'All Access' }],
    ['products Change Management', { verb: 'products', search: 'Change Management' }],
    ['products <!channel>', { verb: 'products', search: '<!channel>' }],
    ['products ' + 'x'.repeat(300), { verb: 'products', search: 'x'.repeat(79) + '…' }],
    ['product add Reporting', { verb: 'product_add', name: 'Reporting', cents: null }],
    ['product add Reporting 1,200/mo', { verb: 'product_add', name: 'Reporting', cents: 120_000 }],
    // a sentence's end after a price or a verb goes; a name keeps its own
    ['product add Reporting 1,200/mo.', { verb: 'product_add', name: 'Reporting', cents: 120_000 }],
    ['product add Acme Inc.', { verb: 'product_add', name: 'Acme Inc.', cents: null }],
    ['products.', { verb: 'products', search: null }],
    ['products analytics?', { verb: 'products', search: 'analytics' }],
    ['offer add Analytics: usage review (workshop).', { verb: 'offer_add', productText: 'Analytics', kind: 'workshop', title: 'usage review', kindFrom: 'named' }],
    ['offer add Analytics: free usage review!', { verb: 'offer_add', productText: 'Analytics', kind: 'usage_review', title: 'free usage review', kindFrom: 'words' }],
    ['product add  Plan 2   $900 per month', { verb: 'product_add', name: 'Plan 2', cents: 90_000 }],
    ['product add Analytics Pro 14,400/yr', { verb: 'product_add', name: 'Analytics Pro', cents: 120_000 }],
    ['product add "Data Connectors"', { verb: 'product_add', name: 'Data Connectors', cents: null }],
    ['product new Réseau Société', { verb: 'product_add', name: 'Réseau Société', cents: null }],
    ['product add 🚀 Rocket', { verb: 'product_add', name: '🚀 Rocket', cents: null }],
    ['product add <!channel> Suite', { verb: 'product_add', name: '<!channel> Suite', cents: null }],
    ['offer add Reporting: free review of their dashboards', { verb: 'offer_add', productText: 'Reporting', kind: 'usage_review', title: 'free review of their dashboards', kindFrom: 'words' }],
    ['offer add Analytics: a 30-day trial of Forecasting', { verb: 'offer_add', productText: 'Analytics', kind: 'trial', title: 'a 30-day trial of Forecasting', kindFrom: 'words' }],
    ['offer add Alerts: benchmark report vs peers', { verb: 'offer_add', productText: 'Alerts', kind: 'benchmark_report', title: 'benchmark report vs peers', kindFrom: 'words' }],
    ['offers add "Plan 2": onboarding workshop', { verb: 'offer_add', productText: 'Plan 2', kind: 'workshop', title: 'onboarding workshop', kindFrom: 'words' }],
    ['offer add Support: intro to our partner network', { verb: 'offer_add', productText: 'Support', kind: 'introduction', title: 'intro to our partner network', kindFrom: 'words' }],
    ['offer add Support: admin training webinar', { verb: 'offer_add', productText: 'Support', kind: 'training', title: 'admin training webinar', kindFrom: 'words' }],
    // no kind word: the default kind, said so in the answer (views/catalog.ts)
    ['offer add Training: something nice', { verb: 'offer_add', productText: 'Training', kind: DEFAULT_OFFER_KIND, title: 'something nice', kindFrom: 'default' }],
    ["offer add Reporting: '; drop table offer; --", { verb: 'offer_add', productText: 'Reporting', kind: DEFAULT_OFFER_KIND, title: "'; drop table offer; --", kindFrom: 'default' }],
    // a trailing (word) names the kind outright and leaves the title
    // a CJK keyboard's full-width colon separates as ":" does
    ['offer add Reporting：free review of their dashboards', { verb: 'offer_add', productText: 'Reporting', kind: 'usage_review', title: 'free review of their dashboards', kindFrom: 'words' }],
    ['offer add Training: something nice (workshop)', { verb: 'offer_add', productText: 'Training', kind: 'workshop', title: 'something nice', kindFrom: 'named' }],
    ['offer add Training: something nice (Intro)', { verb: 'offer_add', productText: 'Training', kind: 'introduction', title: 'something nice', kindFrom: 'named' }],
    // brackets that name no kind are part of the title
    ['offer add Training: lunch (free)', { verb: 'offer_add', productText: 'Training', kind: DEFAULT_OFFER_KIND, title: 'lunch (free)', kindFrom: 'default' }],
  ])('%s', (text, value) => {
    expect(parseCatalogCommand(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['product add', 'missing_name'],
    ['product add   ', 'missing_name'],
    ['product add !!!', 'bad_name'],
    ['product add ' + 'x'.repeat(81), 'name_too_long'],
    ['product add Reporting -5/mo', 'bad_price'],
    ['product add Reporting 1.200', 'bad_price'],
    ['product remove Reporting', 'unknown_verb'],
    ['offer add Reporting free review', 'missing_colon'],
    ['offer add : free review', 'missing_product'],
    ['offer add Reporting:', 'missing_title'],
    ['offer add Reporting:    ', 'missing_title'],
    ['offer add Reporting: ' + 'review '.repeat(40), 'title_too_long'],
    ['offer delete Reporting', 'unknown_verb'],
  ])('%s → %s, with a message and an example', (text, code) => {
    const r = parseCatalogCommand(text);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
      expect(r.error.example).toMatch(/^\/tend /);
    }
  });

  it('leaves the other /tend verbs to their handlers', () => {
    for (const text of ['', 'help', 'settings', 'scan', 'digest', 'nonsense words']) expect(parseCatalogCommand(text)).toBeNull();
  });
});

describe('offerKindOf', () => {
  it.each([
    ['Free health check of their setup', 'usage_review'],
    ['Quarterly check-up', 'usage_review'],
    ['Benchmark review against peers', 'benchmark_report'],
    ['Pilot for one team', 'trial'],
    ['Enablement session for admins', 'workshop'],
    ['Referral to a partner', 'introduction'],
    ['Something nice', null],
  ])('%s → %s', (title, kind) => {
    expect(offerKindOf(title)).toBe(kind);
  });
});

describe('productMatches: the searched words in a product name', () => {
  it.each([
    ['Analytics Pro', 'analytics', true],
    ['Analytics Pro', 'ANALYTICS pro', true],
    ['Réseau Société', 'reseau', true],
    ['Data-Connectors', 'data connectors', true],
    ['Reporting', 'port', true],
    ['Reporting', 'analytics', false],
    ['Reporting', '!!!', false],
    ['Reporting', '', false],
  ])('%s ~ %s', (name, search, expected) => {
    expect(productMatches(name, search)).toBe(expected);
  });
});

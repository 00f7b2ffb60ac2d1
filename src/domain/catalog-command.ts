// The catalog verbs of `/tend`: list the products, add a product, add a give-first offer to
// one. Pure parsing into commands; resolving names to rows is the caller's job.
import { commandTextLimit, tooLongText } from './input-limits.ts';
import { splitTrailingPrice } from './money.ts';
import { cleanInput, nameKey, trimEndWhere, truncate, unquote } from './text.ts';
import type { CommandError, OfferKind } from './vocabulary.ts';

export type CatalogCommand =
  /** search: a product name or part of one (`/tend products analytics`): only those, every offer listed */
  | { verb: 'products'; search: string | null }
  | { verb: 'product_add'; name: string; cents: number | null }
  | { verb: 'offer_add'; productText: string; kind: OfferKind; title: string; kindFrom: KindSource };

/** Where an offer's kind came from: a word in its title, a `(word)` at its end, or the default. */
export type KindSource = 'words' | 'named' | 'default';

/** The kind of an offer whose words name none: a review of their usage is the most general give. */
export const DEFAULT_OFFER_KIND: OfferKind = 'usage_review';

/** Punctuation that ends a sentence, not a verb or a title. */
const SENTENCE_END = /[.!?,;:]/;

export type CatalogParse = { ok: true; value: CatalogCommand } | { ok: false; error: CommandError };

export const MAX_PRODUCT_NAME = 80;
export const MAX_OFFER_TITLE = 200;

/** The word people use for each kind of give: what `/tend products` shows, and what help and errors list. */
export const OFFER_KIND_WORD: Record<OfferKind, string> = {
  trial: 'trial',
  workshop: 'workshop',
  usage_review: 'review',
  benchmark_report: 'benchmark',
  training: 'training',
  introduction: 'intro',
};
const KIND_WORDS_LIST = Object.values(OFFER_KIND_WORD);

export const CATALOG_EXAMPLES = {
  products: '/tend products',
  productAdd: '/tend product add Reporting 1,200/mo',
  offerAdd: '/tend offer add Reporting: free review of their dashboards',
} as const;

export const CATALOG_HELP = [
  '• `/tend products` — the catalog with its give-first offers; `/tend products <name>` — the products whose name has those words, with every offer.',
  `• \`/tend product add <name> [list price]\` — a new product (managers). \`${CATALOG_EXAMPLES.productAdd}\``,
  `• \`/tend offer add <product>: <what you give>\` — a give-first offer for a product (managers); its kind (${KIND_WORDS_LIST.join(', ')}) is read from the words or a \`(word)\` at the end, else it is a review. \`${CATALOG_EXAMPLES.offerAdd}\``,
].join('\n');

// The first kind whose words appear in the title; order settles titles with two ("benchmark review").
const KIND_WORDS: [OfferKind, RegExp][] = [
  ['benchmark_report', /\b(benchmark\w*|report\w*|comparison|compare)\b/],
  ['usage_review', /\b(review\w*|audit\w*|health ?check\w*|check ?up\w*|assessment)\b/],
  ['trial', /\b(trial\w*|pilot\w*|try|free month|sandbox)\b/],
  ['workshop', /\b(workshop\w*|session\w*|hackathon)\b/],
  ['training', /\b(training\w*|course\w*|webinar\w*|coaching|lesson\w*|enablement)\b/],
  ['introduction', /\b(intro\w*|referral\w*|connect\w*|meet)\b/],
];

/** The kind of give an offer title describes, or null when no word says. */
export function offerKindOf(title: string): OfferKind | null {
  const words = nameKey(title);
  for (const [kind, re] of KIND_WORDS) if (re.test(words)) return kind;
  return null;
}

/** The kind a single word names ("workshop", "review", "intro"…), or null. */
export function kindOfWord(word: string): OfferKind | null {
  const w = word.toLowerCase();
  const exact = (Object.entries(OFFER_KIND_WORD) as [OfferKind, string][]).find(([, x]) => x === w);
  return exact ? exact[0] : offerKindOf(w);
}

/** "trial, workshop, … or intro": the kind words as help and answers list them. */
export const KIND_WORDS_TEXT = `${KIND_WORDS_LIST.slice(0, -1).join(', ')} or ${KIND_WORDS_LIST.at(-1)}`;

function fail(code: string, message: string, example: string): CatalogParse {
  return { ok: false, error: { code, message, example } };
}

function parseProductAdd(rest: string): CatalogParse {
  const ex = CATALOG_EXAMPLES.productAdd;
  // a price then a sentence's end ("Reporting 1,200/mo."); a name keeps its own ("Acme Inc.", "Yahoo!")
  const bare = trimEndWhere(rest, SENTENCE_END);
  const priced = splitTrailingPrice(bare);
  const split = priced.cents !== null ? priced : splitTrailingPrice(trimEndWhere(rest, /[,;:]/));
  if (split.cents === null && split.error) return fail('bad_price', split.error, ex);
  const name = unquote(split.name);
  if (!name) return fail('missing_name', 'Name the product after `product add`.', ex);
  if (name.length > MAX_PRODUCT_NAME) return fail('name_too_long', `That name is ${name.length.toLocaleString('en-US')} characters; keep it under ${MAX_PRODUCT_NAME}.`, ex);
  if (!nameKey(name)) return fail('bad_name', `"${truncate(name, 40)}" has no letters or digits to find it by.`, ex);
  return { ok: true, value: { verb: 'product_add', name, cents: split.cents } };
}

function parseOfferAdd(rest: string): CatalogParse {
  const ex = CATALOG_EXAMPLES.offerAdd;
  const colon = rest.search(/[:：﹕]/); // a CJK keyboard's full-width colon too
  if (colon < 0) return fail('missing_colon', 'Put a colon between the product and what you give.', ex);
  const productText = unquote(rest.slice(0, colon));
  // a trailing "(workshop)" names the kind outright and is not part of the title
  // nor is a sentence's end: "usage review (workshop)." is a workshop called "usage review"
  const typed = trimEndWhere(rest.slice(colon + 1).trim(), SENTENCE_END);
  const named = /^(.*?)\s*\(\s*([a-z]+)\s*\)$/i.exec(typed);
  const namedKind = named ? kindOfWord(named[2]!) : null;
  const title = (namedKind && named ? named[1]! : typed).trim();
  if (!nameKey(productText)) return fail('missing_product', 'Name the product before the colon.', ex);
  if (!title) return fail('missing_title', 'Say what you give after the colon, in a few words.', ex);
  if (title.length > MAX_OFFER_TITLE) return fail('title_too_long', `That is ${title.length.toLocaleString('en-US')} characters; keep what you give under ${MAX_OFFER_TITLE}.`, ex);
  if (namedKind) return { ok: true, value: { verb: 'offer_add', productText, kind: namedKind, title, kindFrom: 'named' } };
  const kind = offerKindOf(title);
  return { ok: true, value: { verb: 'offer_add', productText, kind: kind ?? DEFAULT_OFFER_KIND, title, kindFrom: kind ? 'words' : 'default' } };
}

/** Verbs people try on a product that Slack does not offer (a CSV import edits the catalog). */
const PRODUCT_CHANGES = new Set(['remove', 'delete', 'del', 'rm', 'drop', 'rename', 'edit', 'update', 'change', 'retire', 'set']);

/** The words after the first `words` of the text, unquoted and bounded as a name; null when none. */
function productSearch(text: string, words: number): string | null {
  const rest = unquote(trimEndWhere(text.split(' ').slice(words).join(' ').trim(), SENTENCE_END));
  return rest ? truncate(rest, MAX_PRODUCT_NAME) : null;
}

/**
 * Whether a product's name has the searched words (case, accents and punctuation ignored, as
 * names are matched everywhere: domain/text.ts nameKey). Words that fold to nothing match none.
 */
export function productMatches(name: string, search: string): boolean {
  const key = nameKey(search);
  return key !== '' && nameKey(name).includes(key);
}

/**
 * `/tend` text after cleaning, if it is a catalog verb: `products`, `product add …`,
 * `offer add …`. Returns null for any other verb (the caller handles those).
 */
export function parseCatalogCommand(raw: string): CatalogParse | null {
  // the listeners refuse this already; checked again before any pattern runs, whoever calls
  const max = commandTextLimit('/tend');
  if (raw.length > max) return fail('too_long', tooLongText('/tend', { length: raw.length, max }), CATALOG_EXAMPLES.products);
  const text = cleanInput(raw).replace(/\s+/g, ' ').trim();
  const m = /^(\S+)(?: (\S+))?(?: (.*))?$/.exec(text);
  if (!m) return null;
  // "products.", "offer add …(workshop).": a sentence's end is not part of a verb
  const verb = trimEndWhere(m[1]!.toLowerCase(), SENTENCE_END);
  const sub = m[2] === undefined ? undefined : trimEndWhere(m[2].toLowerCase(), SENTENCE_END);
  const rest = m[3] ?? '';
  if (verb === 'product' || verb === 'products') {
    if (sub === undefined || sub === 'list') return { ok: true, value: { verb: 'products', search: productSearch(text, 2) } };
    if (sub === 'add' || (verb === 'product' && sub === 'new')) return parseProductAdd(rest);
    // a change Tend does not make from Slack is said so, not searched for as a name; after
    // `products` every other word is part of a name ("products New Relic", "products Change Management")
    if (verb === 'product' && PRODUCT_CHANGES.has(sub)) return fail('unknown_verb', 'For products I know `/tend products [name]` and `/tend product add`.', CATALOG_EXAMPLES.productAdd);
    // `/tend product analytics`: one product looked up by name
    return { ok: true, value: { verb: 'products', search: productSearch(text, 1) } };
  }
  if (verb === 'offer' || verb === 'offers') {
    if (sub === 'add' || sub === 'new') return parseOfferAdd(rest);
    return fail('unknown_verb', 'For offers I know `/tend offer add <product>: <what you give>`.', CATALOG_EXAMPLES.offerAdd);
  }
  return null;
}

// The catalog as `/tend products` shows it, and the answers to adding a product or an offer.
// Pure; every name and title is escaped, and cut with truncate (never inside an emoji). The
// list stops where the message would pass Block Kit's limits (views/block-kit.ts) and says how
// many products and offers it left out, and where the whole catalog is.
import type { types } from '@slack/bolt';
import { CATALOG_EXAMPLES, KIND_WORDS_TEXT, OFFER_KIND_WORD, type KindSource } from '../domain/catalog-command.ts';
import type { CatalogListing } from '../domain/read-models.ts';
import { formatMoney } from '../domain/money.ts';
import { escapeMrkdwn, escapeTruncate, mrkdwnFallback, truncate } from '../domain/text.ts';
import { plural } from '../domain/words.ts';
import type { OfferKind, SlackMessage } from '../domain/vocabulary.ts';
import { BLOCK_KIT, blockTextLength, howManyFit } from './block-kit.ts';

/** What the list shows of a product: the data layer's row without its id. */
export type CatalogView = Omit<CatalogListing, 'id'>;

/** Products listed at most: one block each, with the header and the closing line. */
export const CATALOG_MAX_LISTED = BLOCK_KIT.messageBlocks - 5;
/** Offers listed under one product at most; the rest are counted. */
export const CATALOG_OFFERS_LISTED = 10;
/** Where the rest is when the list is cut: one product's every offer in Slack, the whole catalog as files. */
const WHOLE_CATALOG = 'Every offer of a product: `/tend products <name>`. The whole catalog: `npm run export -- products` and `npm run export -- offers` where Tend runs.';

const code = (s: string) => '`' + escapeMrkdwn(s.replace(/`/g, "'")) + '`';
const bold = (s: string, max = 80) => `*${escapeTruncate(s, max)}*`;

const offerLine = (o: CatalogView['offers'][number]) => `• :gift: ${escapeTruncate(o.title, 200)} _(${OFFER_KIND_WORD[o.kind]})_`;

function productHead(p: CatalogView): string {
  const facts = [
    p.listMrrCents > 0 ? `list ${formatMoney(p.listMrrCents)}` : null,
    `held by ${p.holders.toLocaleString('en-US')} account${p.holders === 1 ? '' : 's'}`,
    p.active ? null : 'retired',
  ].filter(Boolean).join(' · ');
  return `${bold(p.name)} — ${facts}`;
}

function productBlock(p: CatalogView): types.SectionBlock {
  const unlisted = p.offers.length - CATALOG_OFFERS_LISTED;
  const offers = p.offers.length
    ? p.offers.slice(0, CATALOG_OFFERS_LISTED).map(offerLine)
      .concat(unlisted > 0 ? [`• _…and ${plural(unlisted, 'more offer')}: ${code(`/tend products ${truncate(p.name, 60)}`)}_`] : []).join('\n')
    : `• _No give-first offer yet:_ ${code(`/tend offer add ${truncate(p.name, 60)}: …`)}`;
  return { type: 'section', text: { type: 'mrkdwn', text: `${productHead(p)}\n${offers}` } };
}

/** One product with every offer, in as many sections as a section's 3,000 characters need. */
function productBlocksInFull(p: CatalogView): types.SectionBlock[] {
  if (p.offers.length === 0) return [productBlock(p)];
  const sections: string[] = [productHead(p)];
  for (const line of p.offers.map(offerLine)) {
    const last = sections[sections.length - 1]!;
    if (last.length + 1 + line.length <= BLOCK_KIT.sectionText) sections[sections.length - 1] = `${last}\n${line}`;
    else sections.push(line);
  }
  return sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

function closing(unlistedProducts: number, cut: boolean): types.ContextBlock {
  const more = unlistedProducts > 0 ? `…and ${plural(unlistedProducts, 'more product')}. ` : '';
  const whole = cut ? `${WHOLE_CATALOG} ` : '';
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `${more}${whole}Managers: ${code('/tend product add <name> [price]')} · ${code('/tend offer add <product>: <what you give>')}` }] };
}

/**
 * `/tend products`; with `search` (`/tend products analytics`), the products whose name has
 * those words, each with every offer, as far as one message holds them.
 */
export function buildCatalog(products: readonly CatalogView[], opts: { search?: string; total?: number } = {}): SlackMessage {
  if (opts.search !== undefined) return buildCatalogSearch(products, opts.search, opts.total ?? products.length);
  if (products.length === 0) {
    return {
      text: 'No products in the catalog yet',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: ':package: Your catalog is empty, so Tend has nothing to suggest yet.' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `A manager adds products with ${code(CATALOG_EXAMPLES.productAdd)}, then a give-first offer with ${code(CATALOG_EXAMPLES.offerAdd)}.` }] },
      ],
    };
  }
  const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: `Your products (${products.length.toLocaleString('en-US')})` } };
  const candidates = products.slice(0, CATALOG_MAX_LISTED).map(productBlock);
  // room for the header and the longest closing line; then as many products as fit
  const room = BLOCK_KIT.messageBlocksText - blockTextLength(header) - blockTextLength(closing(products.length, true));
  const listed = candidates.slice(0, howManyFit(candidates, blockTextLength, room));
  const cut = listed.length < products.length || products.slice(0, listed.length).some((p) => p.offers.length > CATALOG_OFFERS_LISTED);
  return { text: `Your products (${products.length.toLocaleString('en-US')})`, blocks: [header, ...listed, closing(products.length - listed.length, cut)] };
}

function buildCatalogSearch(products: readonly CatalogView[], search: string, total: number): SlackMessage {
  const asked = `“${escapeTruncate(search, 80)}”`;
  if (products.length === 0) {
    return note(
      `:mag: No product's name has ${asked} (the catalog has ${plural(total, 'product')}).`,
      `All of them: ${code(CATALOG_EXAMPLES.products)}. Managers add one with ${code(CATALOG_EXAMPLES.productAdd)}.`,
    );
  }
  const title = `Products matching “${truncate(search.replace(/\s+/g, ' '), 80)}” (${products.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`;
  const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: truncate(title, BLOCK_KIT.headerText) } };
  const end = (unlisted: number, offersLeft: number): types.ContextBlock => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: [
      unlisted > 0 ? `…and ${plural(unlisted, 'more product')}: add words to narrow the search.` : null,
      offersLeft > 0 ? `…and ${plural(offersLeft, 'more offer')} that do not fit one message: \`npm run export -- offers\` where Tend runs.` : null,
      `All products: ${code(CATALOG_EXAMPLES.products)}`,
    ].filter(Boolean).join(' ') }],
  });
  const blocks: types.KnownBlock[] = [header];
  // each product whole, while the message holds it (its blocks and its text)
  let used = blockTextLength(header) + blockTextLength(end(products.length, 1));
  let listed = 0;
  let offersLeft = 0;
  for (const p of products) {
    const full = productBlocksInFull(p);
    const cost = blockTextLength(full);
    if (blocks.length + full.length + 1 <= BLOCK_KIT.messageBlocks && used + cost <= BLOCK_KIT.messageBlocksText) {
      blocks.push(...full);
      used += cost;
      listed += 1;
      continue;
    }
    // the first product alone too long for one message: its head and the offers that fit
    if (listed === 0) {
      const lines = p.offers.map(offerLine);
      const n = howManyFit(lines, (l) => l.length + 1, Math.min(BLOCK_KIT.sectionText, BLOCK_KIT.messageBlocksText - used) - productHead(p).length);
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: [productHead(p), ...lines.slice(0, n)].join('\n') } });
      offersLeft = p.offers.length - n;
      listed = 1;
    }
    break;
  }
  blocks.push(end(products.length - listed, offersLeft));
  // the header is plain text; the message text is read as mrkdwn (notifications), so the search is escaped there
  return { text: escapeMrkdwn(title), blocks };
}

function note(text: string, next?: string): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (next) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: next }] });
  return { text: mrkdwnFallback(text), blocks };
}

export function buildProductAdded(p: { name: string; cents: number | null; created: boolean }): SlackMessage {
  if (!p.created) return note(`:information_source: ${bold(p.name)} is already in the catalog, so nothing changed.`, `See it with ${code(CATALOG_EXAMPLES.products)}.`);
  const price = p.cents ? ` at a list price of ${formatMoney(p.cents)}` : '';
  return note(
    `:white_check_mark: Added ${bold(p.name)} to the catalog${price}.`,
    `Next: what do you give before you ask for it? ${code(`/tend offer add ${truncate(p.name, 60)}: free review of their setup`)}`,
  );
}

export function buildOfferAdded(o: { product: string; kind: OfferKind; title: string; created: boolean; kindFrom?: KindSource; kindChanged?: boolean }): SlackMessage {
  const kind = OFFER_KIND_WORD[o.kind];
  if (o.kindChanged) return note(`:white_check_mark: ${bold(o.product)}'s offer "${escapeTruncate(o.title, 200)}" is now a ${kind}.`);
  if (!o.created) return note(`:information_source: ${bold(o.product)} already has that offer, so nothing changed.`);
  // no word named the kind: say which one it took and how to name another
  const how = o.kindFrom === 'default'
    ? `No word in it named a kind, so I made it a ${kind}. For another kind, add it again with the kind at the end: ${code(`/tend offer add ${truncate(o.product, 60)}: ${truncate(o.title, 60)} (workshop)`)} (${KIND_WORDS_TEXT}).`
    : 'The next scan suggests it to reps before they mention the product.';
  return note(`:gift: ${bold(o.product)} now has a give-first offer (${kind}): ${escapeTruncate(o.title, 200)}`, how);
}

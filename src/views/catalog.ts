// The catalog as `/tend products` shows it, and the answers to adding a product or an offer.
// Pure; every name and title is escaped, and cut with truncate (never inside an emoji). The
// list stops where the message would pass Block Kit's limits (views/block-kit.ts) and says how
// many products and offers it left out, and where the whole catalog is.
import type { types } from '@slack/bolt';
import { CATALOG_EXAMPLES, KIND_WORDS_TEXT, OFFER_KIND_WORD, type KindSource } from '../domain/catalog-command.ts';
import type { CatalogListing } from '../domain/read-models.ts';
import { formatMoney } from '../domain/money.ts';
import { escapeMrkdwn, escapeTruncate, truncate } from '../domain/text.ts';
import { plural } from '../domain/words.ts';
import type { OfferKind, SlackMessage } from '../domain/vocabulary.ts';
import { BLOCK_KIT, blockTextLength, howManyFit } from './block-kit.ts';

/** What the list shows of a product: the data layer's row without its id. */
export type CatalogView = Omit<CatalogListing, 'id'>;

/** Products listed at most: one block each, with the header and the closing line. */
export const CATALOG_MAX_LISTED = BLOCK_KIT.messageBlocks - 5;
/** Offers listed under one product at most; the rest are counted. */
export const CATALOG_OFFERS_LISTED = 10;
/** Where the whole catalog is when the list is cut: Slack has no command for more of it. */
const WHOLE_CATALOG = 'The whole catalog, every offer included: `npm run export -- products` and `npm run export -- offers` where Tend runs.';

const code = (s: string) => '`' + escapeMrkdwn(s.replace(/`/g, "'")) + '`';
const bold = (s: string, max = 80) => `*${escapeTruncate(s, max)}*`;

function productBlock(p: CatalogView): types.SectionBlock {
  const facts = [
    p.listMrrCents > 0 ? `list ${formatMoney(p.listMrrCents)}` : null,
    `held by ${p.holders.toLocaleString('en-US')} account${p.holders === 1 ? '' : 's'}`,
    p.active ? null : 'retired',
  ].filter(Boolean).join(' · ');
  const unlisted = p.offers.length - CATALOG_OFFERS_LISTED;
  const offers = p.offers.length
    ? p.offers.slice(0, CATALOG_OFFERS_LISTED).map((o) => `• :gift: ${escapeTruncate(o.title, 200)} _(${OFFER_KIND_WORD[o.kind]})_`)
      .concat(unlisted > 0 ? [`• _…and ${plural(unlisted, 'more offer')}_`] : []).join('\n')
    : `• _No give-first offer yet:_ ${code(`/tend offer add ${truncate(p.name, 60)}: …`)}`;
  return { type: 'section', text: { type: 'mrkdwn', text: `${bold(p.name)} — ${facts}\n${offers}` } };
}

function closing(unlistedProducts: number, cut: boolean): types.ContextBlock {
  const more = unlistedProducts > 0 ? `…and ${plural(unlistedProducts, 'more product')}. ` : '';
  const whole = cut ? `${WHOLE_CATALOG} ` : '';
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `${more}${whole}Managers: ${code('/tend product add <name> [price]')} · ${code('/tend offer add <product>: <what you give>')}` }] };
}

/** `/tend products`. */
export function buildCatalog(products: readonly CatalogView[]): SlackMessage {
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

function note(text: string, next?: string): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (next) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: next }] });
  return { text: text.replace(/[*_]/g, ''), blocks };
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

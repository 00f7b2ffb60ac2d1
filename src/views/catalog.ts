// The catalog as `/tend products` shows it, and the answers to adding a product or an offer.
// Pure; every name and title is escaped, and cut with truncate (never inside an emoji).
import type { types } from '@slack/bolt';
import { CATALOG_EXAMPLES, KIND_WORDS_TEXT, OFFER_KIND_WORD, type KindSource } from '../domain/catalog-command.ts';
import type { CatalogListing } from '../domain/read-models.ts';
import { formatMoney } from '../domain/money.ts';
import { escapeMrkdwn, escapeTruncate, truncate } from '../domain/text.ts';
import type { OfferKind, SlackMessage } from '../domain/vocabulary.ts';

/** What the list shows of a product: the data layer's row without its id. */
export type CatalogView = Omit<CatalogListing, 'id'>;

// a message holds 50 blocks: header, the products, and a closing context
const MAX_LISTED = 45;

const code = (s: string) => '`' + escapeMrkdwn(s.replace(/`/g, "'")) + '`';
const bold = (s: string, max = 80) => `*${escapeTruncate(s, max)}*`;

function productBlock(p: CatalogView): types.SectionBlock {
  const facts = [
    p.listMrrCents > 0 ? `list ${formatMoney(p.listMrrCents)}` : null,
    `held by ${p.holders.toLocaleString('en-US')} account${p.holders === 1 ? '' : 's'}`,
    p.active ? null : 'retired',
  ].filter(Boolean).join(' · ');
  const offers = p.offers.length
    ? p.offers.slice(0, 10).map((o) => `• :gift: ${escapeTruncate(o.title, 200)} _(${OFFER_KIND_WORD[o.kind]})_`).join('\n')
    : `• _No give-first offer yet:_ ${code(`/tend offer add ${truncate(p.name, 60)}: …`)}`;
  return { type: 'section', text: { type: 'mrkdwn', text: `${bold(p.name)} — ${facts}\n${offers}` } };
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
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: `Your products (${products.length})` } }];
  for (const p of products.slice(0, MAX_LISTED)) blocks.push(productBlock(p));
  const more = products.length > MAX_LISTED ? `${products.length - MAX_LISTED} more not shown. ` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${more}Managers: ${code('/tend product add <name> [price]')} · ${code('/tend offer add <product>: <what you give>')}` }] });
  return { text: `Your products (${products.length})`, blocks };
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

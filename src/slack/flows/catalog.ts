// `/tend products`, `/tend product add`, `/tend offer add`: anyone sees the catalog; managers
// change it (see managerGate for who they are).
import { CATALOG_EXAMPLES, productMatches, type CatalogCommand } from '../../domain/catalog-command.ts';
import { addOffer, addProduct, listCatalog } from '../../data/catalog.ts';
import type { Runtime } from '../../runtime.ts';
import { buildCatalog, buildOfferAdded, buildProductAdded } from '../../views/catalog.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { resolveProduct } from './account.ts';
import { managerGate, type Caller } from './caller.ts';

function withNote(m: SlackMessage, note: string | undefined): SlackMessage {
  if (!note) return m;
  return { text: `${m.text} ${note}`, blocks: [...m.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }] };
}

export async function runCatalogCommand(rt: Runtime, c: Caller, cmd: CatalogCommand): Promise<SlackMessage> {
  const ws = c.workspace.id;
  if (cmd.verb === 'products') {
    const all = await listCatalog(rt.db.pool, ws);
    const { search } = cmd;
    // a catalog is a few hundred rows at most: matched here, by the one name rule
    return search === null ? buildCatalog(all) : buildCatalog(all.filter((p) => productMatches(p.name, search)), { search, total: all.length });
  }
  const gate = await managerGate(rt, c, 'change the catalog (`/tend products` shows what is there)');
  if (!gate.ok) return gate.message;
  if (cmd.verb === 'product_add') {
    const added = await addProduct(rt.db.pool, ws, cmd.name, cmd.cents);
    return withNote(buildProductAdded({ name: added.name, cents: cmd.cents, created: added.created }), gate.note);
  }
  const product = await resolveProduct(rt, c, cmd.productText, CATALOG_EXAMPLES.offerAdd);
  if (!product.ok) return product.message;
  const added = await addOffer(rt.db.pool, ws, product.product.id, cmd.kind, cmd.title, { setKind: cmd.kindFrom === 'named' });
  return withNote(buildOfferAdded({ product: product.product.name, kind: cmd.kind, title: cmd.title, kindFrom: cmd.kindFrom, ...added }), gate.note);
}

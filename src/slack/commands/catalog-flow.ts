// `/tend products`, `/tend product add`, `/tend offer add`: anyone sees the catalog; managers
// change it (on a new install the first person to try becomes the manager, as with settings).
import { CATALOG_EXAMPLES, type CatalogCommand } from '../../domain/catalog-command.ts';
import { addOffer, addProduct, listCatalog } from '../../data/catalog.ts';
import type { Runtime } from '../../runtime.ts';
import { buildCatalog, buildOfferAdded, buildProductAdded } from '../../views/catalog.ts';
import type { SlackMessage } from '../../views/errors.ts';
import { resolveProduct } from './account-flow.ts';
import { managerRole, NEW_MANAGER_NOTE, type Caller } from './caller.ts';

const onlyManagers: SlackMessage = {
  text: 'Only managers can change the catalog.',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':lock: Only managers can change the catalog. Ask one of them, or see `/tend products` for what is there.' } }],
};

function withNewManagerNote(m: SlackMessage, role: 'manager' | 'new_manager'): SlackMessage {
  if (role === 'manager') return m;
  return { text: `${m.text} ${NEW_MANAGER_NOTE}`, blocks: [...m.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: NEW_MANAGER_NOTE }] }] };
}

export async function runCatalogCommand(rt: Runtime, c: Caller, cmd: CatalogCommand): Promise<SlackMessage> {
  const ws = c.workspace.id;
  if (cmd.verb === 'products') return buildCatalog(await listCatalog(rt.db.pool, ws));
  const role = await managerRole(rt, c);
  if (role === 'rep') return onlyManagers;
  if (cmd.verb === 'product_add') {
    const added = await addProduct(rt.db.pool, ws, cmd.name, cmd.cents);
    return withNewManagerNote(buildProductAdded({ name: added.name, cents: cmd.cents, created: added.created }), role);
  }
  const product = await resolveProduct(rt, c, cmd.productText, CATALOG_EXAMPLES.offerAdd);
  if (!product.ok) return product.message;
  const added = await addOffer(rt.db.pool, ws, product.product.id, cmd.kind, cmd.title);
  return withNewManagerNote(buildOfferAdded({ product: product.product.name, kind: cmd.kind, title: cmd.title, created: added.created }), role);
}

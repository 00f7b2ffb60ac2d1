// The catalog from Slack: anyone lists it, managers add products and give-first offers, and
// what they add is what /account and the scan then use. Names are escaped on the way out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, answerOf, makeAccount, slash, startEnv, stopEnv, textOf, workspaceId, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await stopEnv(env);
});

const say = async (text: string, user = BOB) => {
  const body = await answerOf(env, await slash(env, '/tend', text, { user }));
  expect(body.response_type).toBe('ephemeral');
  return { body, text: textOf(body), json: JSON.stringify(body) };
};
const products = async () =>
  (await env.app.db.pool.query('select name, name_key, list_mrr_cents, position from product where workspace_id = $1 order by position', [await workspaceId(env)])).rows;

describe('/tend products and friends', () => {
  it('shows an empty catalog with what to do next', async () => {
    const { text } = await say('products', ALICE);
    expect(text).toContain('catalog is empty');
    expect(text).toContain('/tend product add');
  });

  it('lets a Slack admin set the catalog up (becoming manager) and refuses reps, who never become one by trying', async () => {
    const early = await say('product add Forecasting', ALICE);
    expect(early.text).toContain('Only managers can change the catalog');
    expect(await products()).toEqual([]);
    const first = await say('product add Reporting 1,200/mo');
    expect(first.text).toContain('Added Reporting to the catalog at a list price of $1,200/mo');
    expect(first.text).toContain('You are an admin or owner of this Slack workspace');
    expect(await products()).toEqual([{ name: 'Reporting', name_key: 'reporting', list_mrr_cents: 120_000, position: 0 }]);

    const rep = await say('product add Forecasting', ALICE);
    expect(rep.text).toContain('Only managers can change the catalog');
    expect(await products()).toHaveLength(1);
  });

  it('adds nothing twice, keeps catalog order, and escapes hostile names', async () => {
    expect((await say('product add reporting')).text).toContain('already in the catalog');
    await say('product add Data Connectors');
    const hostile = await say('product add <!channel> Suite <@U123>');
    expect(hostile.json).not.toContain('<!channel>');
    expect(hostile.json).not.toContain('<@U123>');
    expect((await products()).map((p) => [p.name, p.position])).toEqual([['Reporting', 0], ['Data Connectors', 1], ['<!channel> Suite <@U123>', 2]]);
  });

  it('adds a give-first offer to a product found by prefix, once, and refuses unknown products with the list', async () => {
    const added = await say('offer add rep: free review of their dashboards');
    expect(added.text).toContain('Reporting now has a give-first offer (review): free review of their dashboards');
    expect((await say('offer add Reporting: Free review of their dashboards')).text).toContain('already has that offer');
    const unknown = await say('offer add Nope: free review');
    expect(unknown.text).toContain("I don't know a product called Nope");
    expect(unknown.text).toContain('Reporting, Data Connectors');
    const rows = (await env.app.db.pool.query('select kind, title from offer where workspace_id = $1', [await workspaceId(env)])).rows;
    expect(rows).toEqual([{ kind: 'usage_review', title: 'free review of their dashboards' }]);
  });

  it('answers a bad catalog command with what went wrong and an example, changing nothing', async () => {
    const before = await products();
    for (const [text, says] of [
      ['product add Reporting -5/mo', "can't be negative"],
      ['offer add Reporting free review', 'colon'],
      ['product add ' + 'x'.repeat(500), 'keep it under 80'],
    ] as const) {
      const a = await say(text);
      expect(a.text).toContain(says);
      expect(a.text).toContain('/tend ');
    }
    expect(await products()).toEqual(before);
  });

  it('lists products with price, holders and offers; /account can now use them', async () => {
    await makeAccount(env, 'Acme');
    const held = textOf(await answerOf(env, await slash(env, '/account', 'Acme +Data Connectors 900/mo', { user: ALICE })));
    expect(held).toContain('Acme now holds Data Connectors');
    const { text, json } = await say('products', ALICE);
    expect(text).toContain('Your products (3)');
    expect(text).toContain('*Reporting* — list $1,200/mo · held by 0 accounts');
    expect(text).toContain(':gift: free review of their dashboards _(review)_');
    expect(text).toContain('*Data Connectors* — held by 1 account\n');
    expect(text).toContain('No give-first offer yet');
    expect(json).not.toContain('<!channel>');
  });

  it('takes an offer without a kind word with the default kind, says which, and changes it when a kind is named', async () => {
    const ws = await workspaceId(env);
    await say('product add Training');
    const offers = async () => (await env.app.db.pool.query(
      `select o.kind::text, o.title from offer o join product p on p.id = o.product_id and p.workspace_id = $1 where o.workspace_id = $1 and p.name = 'Training' order by o.id`, [ws])).rows;

    const a = await say('offer add Training: something nice');
    expect(a.text).toContain('Training now has a give-first offer (review): something nice');
    expect(a.text).toContain('No word in it named a kind, so I made it a review');
    expect(a.text).toContain('/tend offer add Training: something nice (workshop)');
    expect(await offers()).toEqual([{ kind: 'usage_review', title: 'something nice' }]);

    // naming the kind re-kinds that same offer: no second one
    const b = await say('offer add Training: something nice (workshop)');
    expect(b.text).toContain('offer "something nice" is now a workshop');
    expect(await offers()).toEqual([{ kind: 'workshop', title: 'something nice' }]);
    // the same again changes nothing, and says so
    expect((await say('offer add Training: something nice (workshop)')).text).toContain('already has that offer, so nothing changed');
    expect(await offers()).toEqual([{ kind: 'workshop', title: 'something nice' }]);
  });
});

describe('/tend products on a real catalog', () => {
  it('answers 100 products with 300 long offers in one message Slack takes, counting what it left out', async () => {
    const ws = await workspaceId(env);
    const before = Number((await env.app.db.pool.query('select count(*) from product where workspace_id = $1', [ws])).rows[0].count);
    const title = (j: number) => `${j} ${'A half-day workshop on their reporting & dashboards, with a written benchmark against peers '.repeat(3)}`.slice(0, 200);
    await env.app.db.pool.query(
      `insert into product (workspace_id, name, name_key, list_mrr_cents, position)
       select $1, 'Big catalog product ' || i, 'big catalog product ' || i, 99900, 100 + i from generate_series(1, 100) i`, [ws]);
    await env.app.db.pool.query(
      `insert into offer (workspace_id, product_id, kind, title)
       select $1, p.id, 'workshop', t.title from product p cross join lateral unnest($2::text[]) with ordinality t(title, j)
       where p.workspace_id = $1 and p.name like 'Big catalog product %'`,
      [ws, [0, 1, 2].map(title)]);
    const { body, text } = await say('products', ALICE);
    const total = before + 100;
    expect(text).toContain(`Your products (${total})`);
    const listed = (body.blocks as { type: string }[]).filter((b) => b.type === 'section').length;
    expect(listed).toBeGreaterThan(0);
    expect(text).toContain(`…and ${total - listed} more products.`);
    expect(text).toContain('npm run export -- offers');

    // one of them looked up by name: every offer, even past the list's cut
    const one = await say('products big catalog product 77', ALICE);
    expect(one.text).toContain(`Products matching “big catalog product 77” (1 of ${total})`);
    for (const j of [0, 1, 2]) expect(one.text).toContain(`${j} A half-day workshop`);
    expect(one.text).not.toContain('more offer');
    const none = await say('product Zeppelin', ALICE);
    expect(none.text).toContain('No product');
    expect(none.text).toContain('Zeppelin');
  });
});

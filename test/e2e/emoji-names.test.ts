// Names that Tend repeats cut to fit a hint or an error, end to end: whatever reaches the fake
// Slack is well-formed (no half emoji, a lone surrogate Slack shows as "�" or refuses), and what
// is stored is the whole name as typed. Each name is sized so a cut by code unit falls inside
// an emoji; see the builders' unit tests for the same cuts without the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illFormed } from '../support/well-formed.ts';
import { BOB, answerOf, makeAccount, slash, startEnv, stopEnv, textOf, workspaceId, type Env } from './support.ts';

const E = '😀';
const CHANNEL = 'C0EMOJI001';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  env.fake.addChannel(CHANNEL, { name: 'emoji' } as never);
});
afterAll(async () => {
  await stopEnv(env);
});

/** The answer the person sees, after checking that every string in it is well-formed. */
const say = async (command: string, text: string) => {
  const body = await answerOf(env, await slash(env, command, text, { user: BOB }));
  expect(body.response_type).toBe('ephemeral');
  expect(illFormed(body)).toEqual([]);
  return textOf(body);
};
const names = async (table: 'product' | 'account') =>
  (await env.app.db.pool.query(`select name from ${table} where workspace_id = $1 order by id`, [await workspaceId(env)])).rows.map((r) => r.name as string);

describe('a long emoji name, repeated in an answer', () => {
  it('/tend product add, products and offer add: the hints cut between emoji; the name is stored whole', async () => {
    const product = `a${E.repeat(39)}`; // the hint keeps 60 units
    expect(await say('/tend', `product add ${product}`)).toContain(`/tend offer add a${E.repeat(29)}…: free review`);
    expect(await names('product')).toEqual([product]);
    expect(await say('/tend', 'products')).toContain(`/tend offer add a${E.repeat(29)}…: …`);
    expect(await say('/tend', `offer add ${product}: something nice`)).toContain(`/tend offer add a${E.repeat(29)}…: something nice (workshop)`);
    const offers = await env.app.db.pool.query('select title from offer where workspace_id = $1', [await workspaceId(env)]);
    expect(offers.rows).toEqual([{ title: 'something nice' }]);
  });

  it('/tend with an unknown verb of emoji: the verb is cut between emoji', async () => {
    expect(await say('/tend', `a${E.repeat(30)}`)).toContain(`I don't know "/tend a${E.repeat(19)}…"`);
  });

  it('/account add, and an add whose name is taken: the hints cut between emoji; the first name is stored whole', async () => {
    const account = `a${E.repeat(70)}`; // 141 units, under the 150 a name may have
    expect(await say('/account', `add ${account}`)).toContain(`/account a${E.repeat(29)}… +&lt;product&gt;`);
    // "a" and a run of emoji share the key "a": the second is the first's name
    expect(await say('/account', `add a${E.repeat(10)}`)).toContain(`See it with \`/account a${E.repeat(29)}…\``);
    expect(await names('account')).toEqual([account]);
  });

  it('/tend link to an unknown or an ambiguous name: both cut between emoji, nothing linked', async () => {
    expect(await say('/tend', `link <#${CHANNEL}> z${E.repeat(50)}`)).toContain(`No account matches "z${E.repeat(39)}…"`);
    await makeAccount(env, `b${E.repeat(40)} one`);
    await makeAccount(env, `b${E.repeat(40)} two`);
    expect(await say('/tend', `link <#${CHANNEL}> b`)).toContain(`Which one: b${E.repeat(29)}…, b${E.repeat(29)}…?`);
    const links = await env.app.db.pool.query('select 1 from channel_link where workspace_id = $1', [await workspaceId(env)]);
    expect(links.rows).toEqual([]);
  });
});

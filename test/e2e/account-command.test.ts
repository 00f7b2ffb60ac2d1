// /account end to end: card, add with aliases, holdings with product matching, rename, owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS } from '../../src/views/ids.ts';
import { ALICE, BOB, answerOf, buttonsOf, click, makeAccount, makeProduct, responseBody, slash, startEnv, stopEnv, textOf, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await makeProduct(env, 'Reporting', 1);
  await makeProduct(env, 'Analytics', 2);
  await makeProduct(env, 'Analytics Pro', 3);
});
afterAll(async () => {
  await stopEnv(env);
});

const say = async (text: string, o: { user?: string } = {}) => {
  const a = await slash(env, '/account', text, o);
  expect(a.status).toBe(200);
  const body = await answerOf(env, a);
  expect(body.response_type).toBe('ephemeral');
  return { body, text: textOf(body) };
};

describe('/account', () => {
  it('adds an account with aliases, owner and segment in one step; a taken name or alias adds nothing', async () => {
    const r = await say(`add Initech Corporation aka Initech, INTC owner <@${BOB}|bob> segment enterprise`);
    expect(r.text).toContain('Added *Initech Corporation*');
    const acc = await env.app.db.prisma.account.findFirstOrThrow({ where: { nameKey: 'initech corporation' }, include: { aliases: true, owner: true } });
    expect(acc.aliases.map((a) => a.alias).sort()).toEqual(['INTC', 'Initech']);
    expect(acc.owner?.slackUserId).toBe(BOB);
    expect(acc.segment).toBe('enterprise');
    const dup = await say('add initech');
    expect(dup.text).toContain('already an alias of *Initech Corporation*');
    const dup2 = await say('add Other Co aka INITECH CORPORATION');
    expect(dup2.text).toContain('nothing was added');
    expect(await env.app.db.prisma.account.count({ where: { nameKey: 'other co' } })).toBe(0);
  });

  it('stores a name with & as typed (Slack sends it as &amp;), so it matches the same name later', async () => {
    const r = await say('add Procter &amp; Gamble aka P&amp;G');
    expect(r.text).toContain('Added *Procter &amp; Gamble*');
    const acc = await env.app.db.prisma.account.findFirstOrThrow({ where: { name: 'Procter & Gamble' }, include: { aliases: true } });
    expect(acc.aliases.map((a) => a.alias)).toEqual(['P&G']);
    expect((await say('P&amp;G')).body.blocks[0].text.text).toBe('Procter & Gamble');
  });

  it('reads a domain or an address Slack turned into a link (an escaped command) as the words typed, so /log finds the account', async () => {
    const r = await say('add <http://acme.io|acme.io> aka <mailto:ops@acme.io|ops@acme.io>');
    expect(r.text).toContain('Added *acme.io*');
    const acc = await env.app.db.prisma.account.findFirstOrThrow({ where: { name: 'acme.io' }, include: { aliases: true } });
    expect(acc.aliases.map((a) => a.alias)).toEqual(['ops@acme.io']);
    // /log is not escaped: Slack sends what was typed
    const logged = await slash(env, '/log', 'acme.io: walked them through the usage report');
    expect(textOf(await answerOf(env, logged))).toContain('acme.io');
    expect(await env.app.db.prisma.conversation.count({ where: { accountId: acc.id } })).toBe(1);
  });

  it('shows the card: holdings with value, last touches, give:ask, stall status', async () => {
    await say('add Umbrella Health');
    await say('Umbrella +Reporting 1,200/mo');
    await slash(env, '/log', 'Umbrella: gave a usage review #give');
    const r = await say('umbrella');
    expect(r.body.blocks[0].text.text).toBe('Umbrella Health');
    expect(r.text).toContain('Reporting — $1,200/mo');
    expect(r.text).toContain('1 give : 0 asks');
    expect(r.text).toContain('On rhythm');
    expect(r.text).toContain('Single product');
    expect(buttonsOf(r.body).map((b) => b.action_id)).toContain(ACTIONS.openLogModal);
  });

  it('adds, revalues and ends holdings, matching products by prefix, case and accents', async () => {
    await say('add Hooli');
    expect((await say('Hooli +reporting 500/mo')).text).toContain('now holds *Reporting* at $500/mo');
    expect((await say('Hooli +Reporting 6,000/yr')).text).toContain('nothing changed');
    expect((await say('Hooli +Reporting 700')).text).toContain('from $500/mo to $700/mo');
    const hooli = await env.app.db.prisma.account.findFirstOrThrow({ where: { nameKey: 'hooli' } });
    const active = () => env.app.db.prisma.holding.findMany({ where: { accountId: hooli.id, endedAt: null }, include: { product: true } });
    expect((await active()).map((h) => [h.product.name, h.mrrCents])).toEqual([['Reporting', 70_000]]);
    expect((await say('Hooli -repo')).text).toContain('no longer holds *Reporting*');
    expect(await active()).toHaveLength(0);
    expect((await say('Hooli -Reporting')).text).toContain("doesn't hold");
  });

  it('answers a product that does not exist, an ambiguous product, a negative or non-numeric price, writing nothing', async () => {
    await say('add Vandelay');
    const unknown = await say('Vandelay +Latex 100/mo');
    expect(unknown.text).toContain("I don't know a product called *Latex*");
    expect(unknown.text).toContain('Reporting, Analytics, Analytics Pro');
    expect((await say('Vandelay +Analyt 100/mo')).text).toContain('could be');
    expect((await say('Vandelay +Reporting -100/mo')).text).toContain("can't be negative");
    expect((await say('Vandelay +Reporting lots')).text).toContain('Try:');
    const v = await env.app.db.prisma.account.findFirstOrThrow({ where: { nameKey: 'vandelay' } });
    expect(await env.app.db.prisma.holding.count({ where: { accountId: v.id } })).toBe(0);
  });

  it('renames keeping the old name as an alias, and sets the owner', async () => {
    await say('add Pied Piper');
    expect((await say('rename Pied Piper to PiperNet')).text).toContain('Renamed *Pied Piper* to *PiperNet*');
    expect((await say('pied piper')).body.blocks[0].text.text).toBe('PiperNet');
    expect((await say(`owner PiperNet <@${BOB}>`)).text).toContain(`<@${BOB}> now owns *PiperNet*`);
    expect((await say('owner PiperNet me')).text).toContain(`<@${ALICE}> now owns`);
    expect((await say('owner PiperNet @nobody')).text).toContain("I don't know who *nobody* is");
  });

  it('asks which account when several match and offers to create an unknown one', async () => {
    await makeAccount(env, 'Stark Industries');
    await makeAccount(env, 'Stark Labs');
    const amb = await say('stark');
    expect(amb.text).toContain('Which account did you mean by “stark”?');
    expect(buttonsOf(amb.body).filter((b) => b.action_id.startsWith('choose_account:'))).toHaveLength(2);
    const unknown = await say('Wayne Enterprises');
    expect(unknown.text).toContain("I don't know an account called “Wayne Enterprises”");
  });

  it('answers help, and escapes names that try to ping', async () => {
    expect((await say('help')).text).toContain('/account add');
    const r = await say('add <!channel> Corp');
    expect(JSON.stringify(r.body)).not.toContain('<!channel>');
  });
});

describe('the "Create" button, forged', () => {
  // a button's value comes back from the client, so anyone can send any name in it: the
  // action must read it as /account add reads a typed one, not trust it because we wrote it
  const create = async (name: string, responseId: string) => {
    const r = await click(env, { actionId: ACTIONS.createAccount, value: JSON.stringify({ name }), blockId: BLOCKS.chooseActions, responseId, isEphemeral: true });
    expect(r.status).toBe(200);
    return responseBody(env, responseId);
  };
  const accountsLike = (text: string) => env.app.db.prisma.account.findMany({ where: { name: { contains: text } }, select: { name: true } });

  it('refuses a name over the limit with a control character, newlines and a bidi override, as /account add does, storing nothing', async () => {
    const forged = '\u0007evil\n\n*bold* ' + 'x'.repeat(1800) + '\u202E';
    const answer = await create(forged, 'forged-long');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBeUndefined(); // a new message: the one with the button stays
    expect(textOf(answer)).toContain("That name is 1,813 characters; keep it under 150.");
    expect(JSON.stringify(answer)).not.toContain('xxxxxxxxxx');
    // word for word the refusal of the same name typed
    const typed = await say(`add ${forged}`);
    expect({ text: answer.text, blocks: answer.blocks }).toEqual({ text: typed.body.text, blocks: typed.body.blocks });
    expect(await accountsLike('evil')).toEqual([]);
  });

  it('refuses a name with no letters or digits with the same friendly error, storing nothing', async () => {
    const answer = await create('\u0007 !!! \n', 'forged-empty');
    expect(textOf(answer)).toContain('"!!!" has no letters or digits to find it by.');
    expect(JSON.stringify(answer)).not.toMatch(/[\u0000-\u0008]/);
    expect(await accountsLike('!!!')).toEqual([]);
  });

  it('stores a short forged name cleaned as /account add would (no control character, one line), and echoes it clean', async () => {
    const answer = await create('\u0007Initrode\n\n*Corp*\u0000 ', 'forged-short');
    expect(textOf(answer)).toContain('Added *Initrode *Corp**');
    expect(JSON.stringify(answer)).not.toMatch(/[\u0000-\u0008]/);
    expect(await accountsLike('Initrode')).toEqual([{ name: 'Initrode *Corp*' }]);
  });
});

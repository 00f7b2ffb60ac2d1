// `/account`: show the card, add an account with aliases, add or end a holding, rename, set
// the owner. Parsing is the domain's; this resolves names to rows, writes, and answers.
import { ACCOUNT_EXAMPLES, parseAccountCommand, type AccountCommand, type UserRef } from '../../domain/account-command.ts';
import { cadence, cadenceSettings } from '../../domain/cadence.ts';
import { accountRhythm } from '../../views/rhythm.ts';
import { matchName } from '../../domain/match.ts';
import { nameKey } from '../../domain/text.ts';
import { changeAccountOwner, createAccount, findAccountCandidates, getAccountName, renameAccount } from '../../data/accounts.ts';
import { readAccountCard, type AccountCardRows } from '../../data/account-card.ts';
import { findMemberByName, type MemberRow } from '../../data/members.ts';
import { endHolding, findProductCandidates, listProductNames, upsertHolding } from '../../data/products.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { buildAccountCard, type AccountCardData } from '../../views/account-card.ts';
import {
  buildAccountAdded, buildAmbiguousProduct, buildHoldingEnded, buildHoldingSaved, buildNameTaken, buildOwnerLeft, buildOwnerNotPerson, buildOwnerSet, buildRenamed,
  buildUnknownProduct, buildUnknownUser,
} from '../../views/account-messages.ts';
import { buildErrorMessage } from '../../views/errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { buildHelpMessage } from '../../views/help.ts';
import { refreshRetired, retireAnsweredNudges } from './answered.ts';
import { knownTimezone, type Caller } from './caller.ts';
import { mentionedMember } from './people.ts';
import { resolveAccount } from './resolve-account.ts';
import { nextProductsOf } from '../../domain/recommend.ts';

type Resolved = { id: number; name: string };

/** The card's plain data from rows, with the stall level from the domain's cadence rule; days quiet as read in `timeZone`. */
export function cardData(rows: AccountCardRows, ws: WorkspaceRow, now: Date, timeZone: string): AccountCardData {
  const r = rows.rollup;
  const touchCount = r?.touchCount ?? 0;
  const settings = cadenceSettings(ws);
  const stats = {
    touchCount,
    medianGapDays: r?.medianGapDays ?? null,
    lastTouchAt: r?.lastTouchAt ?? null,
    createdAt: rows.createdAt,
    overdueNextStepDue: r?.nextStepDue && r.nextStepDue < now ? r.nextStepDue : null,
  };
  const c = cadence(stats, settings, now);
  // the same four numbers App Home's account list shows, from the one rule (views/rhythm.ts)
  const rhythm = accountRhythm(stats, settings, now, timeZone);
  return {
    id: rows.id,
    name: rows.name,
    aliases: rows.aliases,
    ownerSlackUserId: rows.ownerSlackUserId,
    ownerName: rows.ownerName,
    segment: rows.segment,
    status: rows.status,
    holdings: rows.holdings,
    lastTouches: rows.lastTouches,
    channels: rows.channels,
    gives: rows.gives,
    asks: rows.asks,
    openNudges: rows.openNudges,
    nextProducts: nextProductsOf(rows.nextProducts),
    stall: {
      level: touchCount === 0 ? 'new' : c.level,
      daysSinceLastTouch: rhythm.daysQuiet,
      rhythmDays: rhythm.usualGapDays,
      coolingAfterDays: rhythm.coolingAfterDays ?? undefined,
      stalledAfterDays: rhythm.stalledAfterDays ?? undefined,
      overdueNextStep: c.overdueDays !== null,
    },
  };
}

export async function accountCard(rt: Runtime, c: Caller, accountId: number): Promise<SlackMessage> {
  const now = rt.now();
  const rows = await readAccountCard(rt.db.pool, c.workspace.id, accountId, now);
  if (!rows) return buildErrorMessage({ code: 'gone', message: 'That account no longer exists.', example: ACCOUNT_EXAMPLES.show });
  const timeZone = knownTimezone(c);
  return buildAccountCard(cardData(rows, c.workspace, now, timeZone), { now, timeZone });
}

/** The owner a command names (me, a mention, a name), or the answer why they cannot own accounts. */
async function ownerFor(rt: Runtime, c: Caller, ref: UserRef, example: string): Promise<{ ok: true; owner: MemberRow } | { ok: false; message: SlackMessage }> {
  const no = (message: SlackMessage) => ({ ok: false as const, message });
  if ('userId' in ref) {
    const m = await mentionedMember(rt, c, ref.userId);
    if (m === 'not_person') return no(buildOwnerNotPerson(ref.userId, example));
    if (m === 'left') return no(buildOwnerLeft(ref.userId, example));
    return { ok: true, owner: m };
  }
  const found = 'self' in ref ? c.member : await findMemberByName(rt.db.pool, c.workspace.id, ref.name);
  if (!found) return no(buildUnknownUser(refText(ref), example));
  if (found.deactivated) return no(buildOwnerLeft(found.slackUserId, example));
  return { ok: true, owner: found };
}

function refText(ref: UserRef): string {
  return 'name' in ref ? ref.name : 'userId' in ref ? ref.userId : 'me';
}

export async function resolveProduct(rt: Runtime, c: Caller, typed: string, example: string): Promise<{ ok: true; product: Resolved } | { ok: false; message: SlackMessage }> {
  const match = matchName(typed, await findProductCandidates(rt.db.pool, c.workspace.id, nameKey(typed)));
  if (match.kind === 'exact' || match.kind === 'prefix') return { ok: true, product: match.item };
  if (match.kind === 'ambiguous') return { ok: false, message: buildAmbiguousProduct(typed, match.items.map((p) => p.name), example) };
  return { ok: false, message: buildUnknownProduct(typed, await listProductNames(rt.db.pool, c.workspace.id), example) };
}

async function add(rt: Runtime, c: Caller, cmd: Extract<AccountCommand, { verb: 'add' }>): Promise<SlackMessage> {
  let owner: MemberRow = c.member; // whoever adds an account owns it unless they say otherwise
  if (cmd.owner) {
    const named = await ownerFor(rt, c, cmd.owner, ACCOUNT_EXAMPLES.add);
    if (!named.ok) return named.message;
    owner = named.owner;
  }
  const res = await createAccount(rt.db.pool, c.workspace.id, { name: cmd.name, aliases: cmd.aliases, ownerId: owner.id, segment: cmd.segment ?? null });
  if (!res.ok) {
    const typed = [cmd.name, ...cmd.aliases].find((x) => nameKey(x) === res.conflict.key) ?? cmd.name;
    return buildNameTaken(typed, res.conflict.accountName, nameKey(res.conflict.accountName) !== res.conflict.key);
  }
  return buildAccountAdded({ name: cmd.name, aliases: cmd.aliases, ownerSlackUserId: owner.slackUserId, segment: cmd.segment ?? null });
}

async function onAccount(rt: Runtime, c: Caller, cmd: Exclude<AccountCommand, { verb: 'help' | 'add' }>, account: Resolved): Promise<SlackMessage> {
  const ws = c.workspace.id;
  switch (cmd.verb) {
    case 'show':
      return accountCard(rt, c, account.id);
    case 'holding_add': {
      const p = await resolveProduct(rt, c, cmd.productText, ACCOUNT_EXAMPLES.holdingAdd);
      if (!p.ok) return p.message;
      const w = await upsertHolding(rt.db.pool, ws, account.id, p.product.id, cmd.cents, rt.now());
      // a product now held answers its cross-sell
      if (w.created) {
        await retireAnsweredNudges(rt, ws, account.id, { resolution: 'holding', productId: p.product.id, productName: p.product.name, mrrCents: cmd.cents });
      }
      return buildHoldingSaved({ account: account.name, product: p.product.name, cents: cmd.cents, ...w });
    }
    case 'holding_remove': {
      const p = await resolveProduct(rt, c, cmd.productText, ACCOUNT_EXAMPLES.holdingRemove);
      if (!p.ok) return p.message;
      const ended = await endHolding(rt.db.pool, ws, account.id, p.product.id, rt.now());
      // the last product ended: the account churned, and none of its waiting nudges still applies
      if (ended > 0) await retireAnsweredNudges(rt, ws, account.id, { resolution: 'churn' });
      return buildHoldingEnded({ account: account.name, product: p.product.name, ended });
    }
    case 'rename': {
      const r = await renameAccount(rt.db.pool, ws, account.id, cmd.newName);
      if (r.ok) return buildRenamed(r.oldName, cmd.newName);
      if ('notFound' in r) return buildErrorMessage({ code: 'gone', message: 'That account no longer exists.', example: ACCOUNT_EXAMPLES.rename });
      return buildNameTaken(cmd.newName, r.conflict.accountName, nameKey(r.conflict.accountName) !== r.conflict.key, account.name);
    }
    case 'set_owner': {
      const named = await ownerFor(rt, c, cmd.owner, ACCOUNT_EXAMPLES.owner);
      if (!named.ok) return named.message;
      const owner = named.owner;
      const moves = await changeAccountOwner(rt.db.pool, ws, account.id, owner.id, rt.now());
      if (!moves) return buildErrorMessage({ code: 'gone', message: 'That account no longer exists.', example: ACCOUNT_EXAMPLES.owner });
      await refreshRetired(rt, ws, moves.retired.map((r) => r.id));
      return buildOwnerSet(account.name, owner.slackUserId, { moved: moves.moved.length, retired: moves.retired.length, withdrawn: moves.withdrawn.length });
    }
  }
}

/**
 * Run `/account text` for the caller. `accountId` skips matching (chosen from buttons).
 * Throws only on database errors; the caller answers those.
 */
export async function runAccountCommand(rt: Runtime, c: Caller, text: string, sourceKey: string, opts: { accountId?: number } = {}): Promise<SlackMessage> {
  const parsed = parseAccountCommand(text);
  if (!parsed.ok) return buildErrorMessage(parsed.error);
  const cmd = parsed.value;
  if (cmd.verb === 'help') return buildHelpMessage('account');
  if (cmd.verb === 'add') return add(rt, c, cmd);
  let account: Resolved | null;
  if (opts.accountId !== undefined) {
    account = await getAccountName(rt.db.pool, c.workspace.id, opts.accountId);
    if (!account) return buildErrorMessage({ code: 'gone', message: 'That account no longer exists.', example: ACCOUNT_EXAMPLES.show });
  } else {
    const key = nameKey(cmd.accountText);
    const candidates = await findAccountCandidates(rt.db.pool, c.workspace.id, { exactKeys: [key], prefixKey: key });
    const example = cmd.verb === 'show' ? ACCOUNT_EXAMPLES.show : cmd.verb === 'rename' ? ACCOUNT_EXAMPLES.rename : cmd.verb === 'set_owner' ? ACCOUNT_EXAMPLES.owner : ACCOUNT_EXAMPLES.holdingAdd;
    const r = await resolveAccount(rt, c, cmd.accountText, candidates, { command: '/account', text, sourceKey }, { example });
    if (!r.ok) return r.message;
    account = r.account;
  }
  return onAccount(rt, c, cmd, account);
}

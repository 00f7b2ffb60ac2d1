// "Create <name>" from an unknown or ambiguous name: creates the account (owned by whoever
// clicked) and finishes the parked command with it. Clicking twice finds the account made
// the first time instead of failing, so the command is still finished once. The name in the
// button's value is read as `/account add` reads one (parseAccountName): a forged value gets
// the same friendly refusal and stores nothing.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseAccountName } from '../../domain/account-command.ts';
import { createAccount } from '../../data/accounts.ts';
import type { Runtime } from '../../runtime.ts';
import { buildAccountAdded, buildNameTaken } from '../../views/account-messages.ts';
import { decodeChoice } from '../../views/choose.ts';
import { buildDbUnavailableMessage, buildErrorMessage } from '../../views/errors.ts';
import { ephemeral, replacing } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { EXPIRED, finishPending } from '../flows/finish-pending.ts';
import { loadPending } from '../flows/pending.ts';
import { nameKey } from '../../domain/text.ts';

export function createAccountButton(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const choice = decodeChoice(action.value);
    if (!choice || !('name' in choice)) return;
    const named = parseAccountName(choice.name);
    if (!named.ok) {
      // a new message: the one with the button stays as it was
      await respond(ephemeral(buildErrorMessage(named.error))).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not refuse a create'));
      return;
    }
    const name = named.value;
    if (!workspace) {
      await respond(replacing(buildDbUnavailableMessage(`add ${name}`, '/account'))).catch(() => {});
      return;
    }
    const message = await guarded(rt.log, `add ${name}`, '/account', async () => {
      const caller = await callerFor(rt, workspace, body.user.id, client);
      const pending = choice.ref ? await loadPending(rt, workspace.id, body.user.id, choice.ref) : null;
      if (choice.ref && !pending) return EXPIRED;
      const created = await createAccount(rt.db.pool, workspace.id, { name, ownerId: caller.member.id });
      let accountId: number;
      if (created.ok) accountId = created.id;
      else if (created.conflict.key === nameKey(name) && pending) accountId = created.conflict.accountId; // a second click
      else return buildNameTaken(name, created.conflict.accountName, nameKey(created.conflict.accountName) !== created.conflict.key);
      if (!pending) return buildAccountAdded({ name, aliases: [], ownerSlackUserId: caller.member.slackUserId });
      return finishPending(rt, caller, pending, accountId);
    });
    await respond(replacing(message)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not answer a create'));
  };
}

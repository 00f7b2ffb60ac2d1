// "Show the account" under a logged conversation: the card, just for the clicker.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { accountCard } from '../flows/account.ts';
import { ephemeral } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';

export function showAccount(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const accountId = /^\d{1,12}$/.test(action.value ?? '') ? Number(action.value) : null;
    if (accountId === null) return;
    const message = workspace
      ? await guarded(rt.log, '', '/account', async () => accountCard(rt, await callerFor(rt, workspace, body.user.id, client), accountId))
      : buildDbUnavailableMessage('', '/account');
    await respond(ephemeral(message)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not show an account'));
  };
}

// "Show the account" under a logged conversation, and "Open" on an account in the App Home tab:
// the card, just for the clicker. Under a message it answers on the click's response_url; App
// Home sends none, so there (and from a modal) the card opens as a modal of its own.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { buildAccountCardModal } from '../../views/account-card.ts';
import { rowIdOf } from '../../views/ids.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { accountCard } from '../flows/account.ts';
import { ephemeral } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { openOrPush } from '../reply/modal.ts';

export function showAccount(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    // not an id Tend could have given (forged, out of int4's range): nothing to show
    const accountId = rowIdOf(action.value);
    if (accountId === null) return;
    const message = workspace
      ? await guarded(rt.log, '', '/account', async () => accountCard(rt, await callerFor(rt, workspace, body.user.id, client), accountId))
      : buildDbUnavailableMessage('', '/account');
    try {
      if (body.response_url && respond) await respond(ephemeral(message));
      else await openOrPush(client, body, buildAccountCardModal(message));
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'could not show an account');
    }
  };
}

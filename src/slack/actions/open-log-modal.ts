// "Log a conversation" on the account card: the log form with that account filled in.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { getAccountName } from '../../data/accounts.ts';
import type { Runtime } from '../../runtime.ts';
import { rowIdOf } from '../../views/ids.ts';
import { buildLogModal } from '../../views/log-modal.ts';
import { workspaceOf } from '../flows/caller.ts';
import { openOrPush } from '../reply/modal.ts';

export function openLogModal(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const accountId = rowIdOf(action.value);
    // The form opens even without the account (or the database): it can be picked there.
    const account = workspace && accountId !== null ? await getAccountName(rt.db.pool, workspace.id, accountId).catch(() => null) : null;
    const channelId = body.channel?.id;
    try {
      // from the card opened as a modal (App Home's Open), the form stacks on it
      await openOrPush(client, body, buildLogModal({ initial: account ? { account } : {}, metadata: { origin: 'account_card', ...(channelId ? { channelId } : {}) } }));
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'could not open the log form from the account card');
    }
  };
}

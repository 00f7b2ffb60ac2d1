// "Which account did you mean?" — a click finishes the parked command with that account,
// or shows the account when nothing was parked. Replaces the question with the answer.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { getAccountName } from '../../data/accounts.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { decodeChoice } from '../../views/choose.ts';
import { accountCard } from '../flows/account.ts';
import { replacing } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { EXPIRED, finishPending } from '../flows/finish-pending.ts';
import { loadPending } from '../flows/pending.ts';
import { accountIdFromChooseAction } from '../../views/ids.ts';

export function chooseAccount(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const choice = decodeChoice(action.value);
    const accountId = accountIdFromChooseAction(action.action_id);
    if (!workspace) {
      await respond(replacing(buildDbUnavailableMessage('', 'the choice'))).catch(() => {});
      return;
    }
    if (!choice || accountId === null || ('accountId' in choice && choice.accountId !== accountId)) return;
    const message = await guarded(rt.log, '', 'the choice', async () => {
      const caller = await callerFor(rt, workspace, body.user.id, client);
      if (!(await getAccountName(rt.db.pool, workspace.id, accountId))) return EXPIRED;
      if (!choice.ref) return accountCard(rt, caller, accountId);
      const pending = await loadPending(rt, workspace.id, body.user.id, choice.ref);
      return pending ? finishPending(rt, caller, pending, accountId) : EXPIRED;
    });
    await respond(replacing(message)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not answer a choice'));
  };
}

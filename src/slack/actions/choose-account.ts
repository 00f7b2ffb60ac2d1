// "Which account did you mean?" — a click finishes the parked command with that account,
// or shows the account when nothing was parked. Replaces the question with the answer.
import type { App, BlockButtonAction } from '@slack/bolt';
import { getAccountName } from '../../../data/accounts.ts';
import type { Runtime } from '../../../runtime.ts';
import { buildDbUnavailableMessage } from '../../../views/errors.ts';
import { decodeChoice } from '../../../views/choose.ts';
import { accountCard } from '../../commands/account-flow.ts';
import { replacing } from '../../commands/answer.ts';
import { callerFor, workspaceOf } from '../../commands/caller.ts';
import { guarded } from '../../commands/failure.ts';
import { EXPIRED, finishPending } from '../../commands/finish-pending.ts';
import { loadPending } from '../../commands/pending.ts';
import { ACTION_PATTERNS, accountIdFromChooseAction } from '../../ids.ts';

export function registerChooseAccount(app: App, rt: Runtime): void {
  app.action<BlockButtonAction>(ACTION_PATTERNS.chooseAccount, async ({ ack, action, body, respond, context, client }) => {
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
      const pending = await loadPending(rt, workspace.id, choice.ref);
      return pending ? finishPending(rt, caller, pending, accountId) : EXPIRED;
    });
    await respond(replacing(message)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not answer a choice'));
  });
}

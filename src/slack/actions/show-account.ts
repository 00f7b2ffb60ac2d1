// "Show the account" under a logged conversation: the card, just for the clicker.
import type { App, BlockButtonAction } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { buildDbUnavailableMessage } from '../../../views/errors.ts';
import { accountCard } from '../../commands/account-flow.ts';
import { ephemeral } from '../../commands/answer.ts';
import { callerFor, workspaceOf } from '../../commands/caller.ts';
import { guarded } from '../../commands/failure.ts';
import { ACTIONS } from '../../ids.ts';

export function registerShowAccount(app: App, rt: Runtime): void {
  app.action<BlockButtonAction>(ACTIONS.showAccount, async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const accountId = /^\d{1,12}$/.test(action.value ?? '') ? Number(action.value) : null;
    if (accountId === null) return;
    const message = workspace
      ? await guarded(rt.log, '', '/account', async () => accountCard(rt, await callerFor(rt, workspace, body.user.id, client), accountId))
      : buildDbUnavailableMessage('', '/account');
    await respond(ephemeral(message)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not show an account'));
  });
}

// /account: the card, and changes to accounts and their holdings.
import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { runAccountCommand } from '../flows/account.ts';
import { answerCommand, ephemeral, receivedAtOf } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { commandText } from '../../domain/slack-text.ts';

export function accountCommand(rt: Runtime): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, context, client }) => {
    const workspace = workspaceOf(context);
    const text = commandText(command.text);
    if (!workspace) {
      await ack(ephemeral(buildDbUnavailableMessage(text, '/account')));
      return;
    }
    await answerCommand(
      { ack, respond, log: rt.log, receivedAt: receivedAtOf(context) },
      guarded(rt.log, text, '/account', async () => {
        const caller = await callerFor(rt, workspace, command.user_id, client, command.channel_id);
        return runAccountCommand(rt, caller, text, `cmd:${command.trigger_id}`);
      }),
    );
  };
}

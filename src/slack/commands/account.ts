// /account: the card, and changes to accounts and their holdings.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { buildDbUnavailableMessage } from '../../../views/errors.ts';
import { runAccountCommand } from '../../commands/account-flow.ts';
import { answerCommand, ephemeral } from '../../commands/answer.ts';
import { callerFor, workspaceOf } from '../../commands/caller.ts';
import { guarded } from '../../commands/failure.ts';

export function registerAccountCommand(app: App, rt: Runtime): void {
  app.command('/account', async ({ command, ack, respond, context, client }) => {
    const workspace = workspaceOf(context);
    const text = command.text ?? '';
    if (!workspace) {
      await ack(ephemeral(buildDbUnavailableMessage(text, '/account')));
      return;
    }
    await answerCommand(
      { ack, respond, log: rt.log },
      guarded(rt.log, text, '/account', async () => {
        const caller = await callerFor(rt, workspace, command.user_id, client, command.channel_id);
        return runAccountCommand(rt, caller, text, `cmd:${command.trigger_id}`);
      }),
    );
  });
}

// /log: one line logs a conversation; no text opens the log form.
import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseLogCommand } from '../../domain/log-command.ts';
import { cleanInput } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { buildLogModal } from '../../views/log-modal.ts';
import { answerCommand, ephemeral, receivedAtOf } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { logOneLine } from '../flows/log.ts';
import { commandText } from '../../domain/slack-text.ts';

const FORM_HINT = {
  text: 'Opening the log form.',
  blocks: [
    {
      type: 'context' as const,
      elements: [{ type: 'mrkdwn' as const, text: 'Opening the log form. Next time you can log in one line: `/log Acme: call, gave a usage review #give. next: send SSO pricing friday`' }],
    },
  ],
};

export function logCommand(rt: Runtime): Middleware<SlackCommandMiddlewareArgs> {
  // Date parsing compiles its grammar on first use (~0.3 s): pay that at boot, not on a rep's first
  // /log; a next step with no date takes other paths, warmed too (~0.3 s on the first one otherwise)
  parseLogCommand('Warmup: call. next: send pricing friday 3pm', { now: new Date(), timeZone: 'UTC' });
  parseLogCommand('Warmup: call. next: send the deck', { now: new Date(), timeZone: 'UTC' });
  return async ({ command, ack, respond, context, client }) => {
    const workspace = workspaceOf(context);
    const text = commandText(command.text);
    if (!workspace) {
      await ack(ephemeral(buildDbUnavailableMessage(text, '/log')));
      return;
    }
    if (!cleanInput(text)) {
      await ack(ephemeral(FORM_HINT));
      try {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildLogModal({ metadata: { origin: 'command', channelId: command.channel_id } }),
        });
      } catch (err) {
        rt.log.warn({ err: (err as Error).message }, 'views.open failed for /log');
        await respond(ephemeral({
          text: "The log form didn't open.",
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ":warning: The log form didn't open (Slack allows 3 seconds). Try `/log` again, or log in one line: `/log Acme: quick call about renewal`" } }],
        })).catch(() => {});
      }
      return;
    }
    await answerCommand(
      { ack, respond, log: rt.log, receivedAt: receivedAtOf(context) },
      guarded(rt.log, text, '/log', async () => {
        const caller = await callerFor(rt, workspace, command.user_id, client, command.channel_id);
        // Slack never reuses a trigger_id: a redelivered command writes nothing twice.
        return logOneLine(rt, caller, text, `cmd:${command.trigger_id}`);
      }),
    );
  };
}

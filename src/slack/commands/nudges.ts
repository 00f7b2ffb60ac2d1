// /nudges: the caller's open and claimed nudges, highest value first, with their buttons.
import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { listMyNudges } from '../../data/my-nudges.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { buildHelpMessage } from '../../views/help.ts';
import { buildNudgeList, MAX_LISTED_NUDGES } from '../../views/nudge-list.ts';
import { answerCommand, ephemeral, receivedAtOf } from '../reply/answer.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { commandText } from '../../domain/slack-text.ts';

export function nudgesCommand(rt: Runtime): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, context, client }) => {
    const workspace = workspaceOf(context);
    const text = commandText(command.text);
    if (/^\s*(help|\?)\s*$/i.test(text)) {
      await ack(ephemeral(buildHelpMessage('all')));
      return;
    }
    if (!workspace) {
      await ack(ephemeral(buildDbUnavailableMessage(text, '/nudges')));
      return;
    }
    await answerCommand({ ack, respond, log: rt.log, receivedAt: receivedAtOf(context) }, guarded(rt.log, text, '/nudges', async () => {
      const caller = await callerFor(rt, workspace, command.user_id, client, command.channel_id);
      const { nudges, total } = await listMyNudges(rt.db.pool, workspace.id, caller.member.id, MAX_LISTED_NUDGES);
      return buildNudgeList(nudges, total);
    }));
  };
}

// "Keep posting there" on the notice that Tend's nudge or digest channel was shared with another
// organisation (events/channel-shared.ts): a manager lifts Tend's hold on it. Managers only: the
// notice goes to the digest's people too, and it decides who outside may read customers' value.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { liftBlock } from '../../data/nudge-delivery.ts';
import { isChannelId } from '../../domain/slack-ids.ts';
import { SHARED_OUT_BLOCK } from '../../domain/vocabulary.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { buildSharedKeptMessage } from '../../views/nudge.ts';
import { callerFor, managerGate, workspaceOf } from '../flows/caller.ts';
import { guarded } from '../reply/failure.ts';
import { ephemeral, replacing } from '../reply/answer.ts';

export function keepSharedChannel(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const channelId = action.value ?? '';
    if (!isChannelId(channelId)) return;
    if (!workspace) {
      await respond(ephemeral(buildDbUnavailableMessage('', 'the button'))).catch(() => {});
      return;
    }
    let kept = false;
    const message = await guarded(rt.log, '', 'the button', async () => {
      const gate = await managerGate(rt, await callerFor(rt, workspace, body.user.id, client), 'keep posting in a shared channel');
      if (!gate.ok) return gate.message;
      await liftBlock(rt.db.pool, workspace.id, channelId, rt.now(), { only: SHARED_OUT_BLOCK });
      rt.log.warn({ workspaceId: workspace.id, channel: channelId, by: body.user.id }, 'a manager kept a channel shared with another organisation');
      kept = true;
      return buildSharedKeptMessage(channelId, body.user.id);
    });
    // kept: the notice itself says so; refused: a note beside it, the button stays for a manager
    await respond(kept ? replacing(message) : ephemeral(message)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not answer the keep button'));
  };
}

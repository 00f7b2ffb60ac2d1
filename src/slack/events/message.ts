// `message` events (message.channels, message.groups): a message in a linked channel is a
// touch of its account (flows/capture.ts). The HTTP edge has already dropped the messages that
// cannot count and those of unlinked channels (middleware/capture-edge.ts); Socket Mode has no
// such edge, so the flow checks again. The envelope says who else may see a shared channel's message.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { readEventAudience, type MessageEvent } from '../../domain/capture.ts';
import type { Runtime } from '../../runtime.ts';
import { captureMessage } from '../flows/capture.ts';
import { workspaceOf } from '../flows/caller.ts';

export function messageEvent(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ event, context, body, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace) return;
    const outcome = await captureMessage(rt, workspace, event as MessageEvent, readEventAudience(body as Record<string, unknown>), client);
    if (outcome === 'recorded') rt.log.debug({ workspaceId: workspace.id }, 'captured a channel message as a touch');
  };
}

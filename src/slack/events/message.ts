// `message` events (message.channels, message.groups): a message in a linked channel is a
// touch of its account (flows/capture.ts); a deleted or edited one changes the words Tend may
// have kept of it (its snippet), never the touch. The HTTP edge has already dropped the messages
// that cannot count and those of unlinked channels (middleware/capture-edge.ts); Socket Mode has
// no such edge, so both paths check again. The envelope says who else may see a shared channel's message.
// Tend's own nudge message deleted (by an admin) is neither: its nudges no longer point at it
// (delivery/message-gone.ts), wherever it was.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { changeCapturedText, type CapturedTextTarget } from '../../data/captures.ts';
import { channelCaptureTargets } from '../../data/channel-links.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import { foldKey, mayKeepSnippet, readCapturedChange, readEventAudience, sidesOf, snippetOf, type CapturedChange, type EventAudience, type MessageEvent } from '../../domain/capture.ts';
import { MESSAGE_DELETED, messageGone, readOwnPostDeletion } from '../../delivery/message-gone.ts';
import type { Runtime } from '../../runtime.ts';
import { captureMessage, seeing } from '../flows/capture.ts';
import { workspaceOf } from '../flows/caller.ts';
import { linkedChannels } from '../middleware/linked-channels.ts';

/**
 * A deletion blanks, an edit replaces, the snippet the message could have fed
 * (domain/capture.ts readCapturedChange), in exactly the workspaces that would have captured it
 * (flows/capture.ts seeing, the capture's own rule) and under the keys the capture wrote (foldKey).
 */
async function capturedChange(rt: Runtime, workspace: WorkspaceRow, change: CapturedChange, event: MessageEvent, audience: EventAudience): Promise<number> {
  const may = await linkedChannels(rt).mayCapture(workspace.slackTeamId, change.channelId, audience.shared).catch(() => true);
  if (!may) return 0;
  const candidates = await channelCaptureTargets(rt.db.pool, change.channelId, workspace.slackTeamId, '');
  const newSnippet = change.kind === 'edited' && change.newText && mayKeepSnippet(event) ? snippetOf(change.newText) : null;
  const targets: CapturedTextTarget[] = (await seeing(rt, change.channelId, candidates, audience)).flatMap((t) =>
    sidesOf(change.senderTeam, t.slackTeamId).map((direction) => ({
      workspaceId: t.workspaceId,
      sourceKey: foldKey(t.accountId, direction, change.at),
      snippet: t.snippets ? newSnippet : null,
    })),
  );
  return changeCapturedText(rt.db.pool, targets, change.kind === 'edited' ? change.oldSnippet : null);
}

export function messageEvent(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ event, context, body, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace) return;
    const own = readOwnPostDeletion(event, { botUserId: context.botUserId, botId: context.botId });
    if (own) {
      await messageGone(rt, workspace.id, own.channel, own.ts, MESSAGE_DELETED);
      return;
    }
    const audience = readEventAudience(body as Record<string, unknown>);
    const change = readCapturedChange(event as MessageEvent);
    if (change) {
      const changed = await capturedChange(rt, workspace, change, event as MessageEvent, audience);
      if (changed > 0) rt.log.debug({ workspaceId: workspace.id, kind: change.kind, changed }, 'a captured message changed: its snippet follows');
      return;
    }
    const outcome = await captureMessage(rt, workspace, event as MessageEvent, audience, client);
    if (outcome === 'recorded') rt.log.debug({ workspaceId: workspace.id }, 'captured a channel message as a touch');
  };
}

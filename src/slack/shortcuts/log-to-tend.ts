// The message shortcut "Log to Tend": the log form, pre-filled with the message's words (its
// text, else its blocks' or attachments'; trimmed, bounded) and the account of its channel when
// the channel is linked. A customer email pasted in a thread, or a DM, becomes a logged touch in
// two clicks.
import type { MessageShortcut, Middleware, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { shortcutMessageText, shortcutText } from '../../domain/capture.ts';
import { linkedAccount } from '../../data/channel-links.ts';
import { CONVERSATION_ID } from '../../domain/slack-ids.ts';
import type { Runtime } from '../../runtime.ts';
import { buildLogModal } from '../../views/log-modal.ts';
import { workspaceOf } from '../flows/caller.ts';

export function logToTend(rt: Runtime): Middleware<SlackShortcutMiddlewareArgs<MessageShortcut>> {
  return async ({ ack, shortcut, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const channelId = typeof shortcut.channel?.id === 'string' && CONVERSATION_ID.test(shortcut.channel.id) ? shortcut.channel.id : undefined;
    // the form opens even without the link (or the database): the account can be picked there
    const link = workspace && channelId ? await linkedAccount(rt.db.pool, workspace.id, channelId).catch(() => null) : null;
    // an app's message of blocks, or an integration's of attachments, has its words there
    const summary = shortcutText(shortcutMessageText(shortcut.message));
    const ts = typeof shortcut.message_ts === 'string' ? shortcut.message_ts.slice(0, 20) : '';
    try {
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: buildLogModal({
          initial: { medium: 'chat', ...(summary ? { summary } : {}), ...(link ? { account: { id: link.accountId, name: link.accountName } } : {}) },
          // the same message logged twice by the same person is one touch (log-modal.ts logSourceKey)
          metadata: { origin: 'shortcut', ...(channelId ? { channelId, messageTs: ts } : {}) },
        }),
      });
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'views.open failed for the Log to Tend shortcut');
    }
  };
}

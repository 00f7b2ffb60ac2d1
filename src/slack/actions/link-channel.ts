// "Link to Acme" on a Slack Connect offer (flows/connect-offer.ts): the one click that links
// the channel; the offer is replaced by what was done.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { CHANNEL_ID_PART } from '../../domain/slack-ids.ts';
import { getAccountName } from '../../data/accounts.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage } from '../../views/errors.ts';
import { rowIdOf } from '../../views/ids.ts';
import { callerFor, workspaceOf } from '../flows/caller.ts';
import { linkAndCache } from '../flows/link.ts';
import { guarded } from '../reply/failure.ts';

/** The offer button's value: `channel:account` (views/channel-links.ts buildLinkOffer). */
const OFFER_VALUE = new RegExp(`^(${CHANNEL_ID_PART}):(\\d{1,12})$`);
const GONE = 'That account no longer exists, so nothing was linked.';

export function linkChannelButton(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const m = OFFER_VALUE.exec(action.value ?? '');
    if (!m) return;
    // an id out of int4's range was never an account's: as gone as a deleted one
    const [channelId, accountId] = [m[1]!, rowIdOf(m[2])];
    const message = workspace
      ? await guarded(rt.log, '', '/tend', async () => {
          const account = accountId === null ? null : await getAccountName(rt.db.pool, workspace.id, accountId);
          if (!account) return { text: GONE, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: GONE } }] };
          return linkAndCache(rt, await callerFor(rt, workspace, body.user.id, client), channelId, account);
        })
      : buildDbUnavailableMessage('', '/tend');
    await respond({ response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks }).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not answer the link button'));
  };
}

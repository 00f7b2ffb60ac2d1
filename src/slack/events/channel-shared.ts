// Slack Connect channels coming and going. A channel may be an account's (flows/connect-offer.ts):
// asked when the bot is invited into a channel (member_joined_channel with the bot as the member,
// which also lifts a delivery block on that channel)
// and when a channel the bot is in becomes shared with another organisation (channel_shared);
// the managers are told when that channel is where Tend posts nudges or the digest.
// channel_shared and channel_unshared also keep the links' record of who is in the channel
// current (flows/capture.ts), so an organisation that left stops counting.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { liftBlock } from '../../data/nudge-delivery.ts';
import { isChannelId, isTeamId, isUserId } from '../../domain/slack-ids.ts';
import type { Runtime } from '../../runtime.ts';
import { channelTeamsChanged } from '../flows/capture.ts';
import { workspaceOf } from '../flows/caller.ts';
import { offerLinks } from '../flows/connect-offer.ts';
import { notifyManagers } from '../../delivery/managers.ts';
import { buildSharedOutMessage } from '../../views/nudge.ts';

export function botJoinedChannel(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'member_joined_channel'>> {
  return async ({ event, context, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace || !context.botUserId || event.user !== context.botUserId || !isChannelId(event.channel)) return;
    // Tend can post there again: a block recorded when it was not in the channel lifts
    if (await liftBlock(rt.db.pool, workspace.id, event.channel, rt.now()).catch(() => false)) {
      rt.log.info({ workspaceId: workspace.id, channel: event.channel }, 'Tend was invited back: the channel takes nudges again');
    }
    const inviter = isUserId(event.inviter) ? event.inviter : null;
    await offerLinks(rt, workspace, event.channel, client, inviter).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not look for a Slack Connect account'));
  };
}

export function channelShared(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'channel_shared'>> {
  return async ({ event, context, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace || !isChannelId(event.channel)) return;
    if (isTeamId(event.connected_team_id)) {
      await channelTeamsChanged(rt, workspace, event.channel, event.connected_team_id, 'joined').catch((err: Error) => rt.log.warn({ err: err.message }, "could not record a shared channel's new organisation"));
    }
    // the nudge or digest channel: its new members may read customers' risk and value; the managers are told
    const uses = [
      ...(workspace.deliveryMode === 'channel' && workspace.nudgeChannelId === event.channel ? ['nudges' as const] : []),
      ...(workspace.digestChannelId === event.channel ? ['the digest' as const] : []),
    ];
    if (uses.length > 0) {
      rt.log.warn({ workspaceId: workspace.id, channel: event.channel, uses }, "Tend's channel is now shared with another organisation");
      await notifyManagers(rt, workspace.id, buildSharedOutMessage(event.channel, uses)).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not tell the managers'));
    }
    await offerLinks(rt, workspace, event.channel, client, null).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not look for a Slack Connect account'));
  };
}

export function channelUnshared(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'channel_unshared'>> {
  return async ({ event, context }) => {
    const workspace = workspaceOf(context);
    if (!workspace || !isChannelId(event.channel) || !isTeamId(event.previously_connected_team_id)) return;
    const changed = await channelTeamsChanged(rt, workspace, event.channel, event.previously_connected_team_id, 'left');
    rt.log.info({ workspaceId: workspace.id, links: changed }, 'an organisation left a linked channel');
  };
}

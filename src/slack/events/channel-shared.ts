// Slack Connect channels coming and going. A channel may be an account's (flows/connect-offer.ts):
// asked when the bot is invited into a channel (member_joined_channel with the bot as the member,
// which also lifts a delivery block on that channel)
// and when a channel the bot is in becomes shared with another organisation (channel_shared).
// When that channel is where Tend posts nudges or the digest, Tend holds its posts there (a
// delivery block of its own, SHARED_OUT_BLOCK) and tells the managers once, with a button to
// keep posting (actions/keep-shared-channel.ts); the hold ends when no other organisation is left.
// channel_shared and channel_unshared also keep the links' record of who is in the channel
// current (flows/capture.ts), so an organisation that left stops counting.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { liftBlock, recordBlockAndClaimNotice, releaseNotice } from '../../data/nudge-delivery.ts';
import { SHARED_OUT_BLOCK } from '../../domain/vocabulary.ts';
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
    // Tend can post there again: a block recorded when it was not in the channel lifts (not Tend's
    // own hold on a channel shared out: that is a manager's to lift)
    if (await liftBlock(rt.db.pool, workspace.id, event.channel, rt.now(), { except: SHARED_OUT_BLOCK }).catch(() => false)) {
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
      rt.log.warn({ workspaceId: workspace.id, channel: event.channel, uses }, "Tend's channel is now shared with another organisation; its posts there are held");
      await holdSharedChannel(rt, workspace.id, event.channel, uses).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not hold the shared channel'));
    }
    await offerLinks(rt, workspace, event.channel, client, null).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not look for a Slack Connect account'));
  };
}

/** Holds Tend's posts in a channel shared out and tells the managers, once per hold. */
async function holdSharedChannel(rt: Runtime, workspaceId: number, channel: string, uses: ('nudges' | 'the digest')[]): Promise<void> {
  const db = rt.db.pool;
  if (!(await recordBlockAndClaimNotice(db, workspaceId, channel, SHARED_OUT_BLOCK, rt.now()))) return;
  if ((await notifyManagers(rt, workspaceId, buildSharedOutMessage(channel, uses))) === 0) await releaseNotice(db, workspaceId, channel);
}

export function channelUnshared(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'channel_unshared'>> {
  return async ({ event, context }) => {
    const workspace = workspaceOf(context);
    if (!workspace || !isChannelId(event.channel) || !isTeamId(event.previously_connected_team_id)) return;
    const changed = await channelTeamsChanged(rt, workspace, event.channel, event.previously_connected_team_id, 'left');
    rt.log.info({ workspaceId: workspace.id, links: changed }, 'an organisation left a linked channel');
    // no other organisation left in it (is_ext_shared false): Tend's own hold on the channel ends
    if ((event as { is_ext_shared?: unknown }).is_ext_shared === false
      && (await liftBlock(rt.db.pool, workspace.id, event.channel, rt.now(), { only: SHARED_OUT_BLOCK }))) {
      rt.log.info({ workspaceId: workspace.id, channel: event.channel }, 'the channel is no longer shared: Tend posts there again');
    }
  };
}

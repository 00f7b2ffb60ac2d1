// A Slack Connect channel may be an account's (flows/connect-offer.ts): asked when the bot is
// invited into a channel (member_joined_channel with the bot as the member) and when a channel
// the bot is in becomes shared with another organisation (channel_shared).
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { workspaceOf } from '../flows/caller.ts';
import { offerLinks } from '../flows/connect-offer.ts';

const CHANNEL = /^[CG][A-Z0-9]{2,40}$/;
const USER = /^[UW][A-Z0-9]{2,40}$/;

export function botJoinedChannel(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'member_joined_channel'>> {
  return async ({ event, context, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace || !context.botUserId || event.user !== context.botUserId || !CHANNEL.test(event.channel)) return;
    const inviter = typeof event.inviter === 'string' && USER.test(event.inviter) ? event.inviter : null;
    await offerLinks(rt, workspace, event.channel, client, inviter).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not look for a Slack Connect account'));
  };
}

export function channelShared(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'channel_shared'>> {
  return async ({ event, context, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace || !CHANNEL.test(event.channel)) return;
    await offerLinks(rt, workspace, event.channel, client, null).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not look for a Slack Connect account'));
  };
}

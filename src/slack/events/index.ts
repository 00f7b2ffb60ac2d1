// Every Events API event Tend handles, one line each (manifest.yml subscribes to the same).
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { appUninstalled, tokensRevoked } from './app-uninstalled.ts';
import { reactionAdded, reactionRemoved } from './reactions.ts';
import { messageEvent } from './message.ts';
import { botJoinedChannel, channelShared, channelUnshared } from './channel-shared.ts';
import { teamAccessGranted, teamAccessRevoked } from './team-access.ts';
import { userChange } from './user-change.ts';

export function register(app: App, rt: Runtime): void {
  app.event('app_home_opened', appHomeOpened(rt));
  app.event('reaction_added', reactionAdded(rt));
  app.event('reaction_removed', reactionRemoved(rt));
  app.event('message', messageEvent(rt));
  app.event('member_joined_channel', botJoinedChannel(rt));
  app.event('channel_shared', channelShared(rt));
  app.event('channel_unshared', channelUnshared(rt));
  app.event('app_uninstalled', appUninstalled(rt));
  app.event('tokens_revoked', tokensRevoked(rt));
  app.event('team_access_revoked', teamAccessRevoked(rt));
  app.event('team_access_granted', teamAccessGranted(rt));
  app.event('user_change', userChange(rt));
}

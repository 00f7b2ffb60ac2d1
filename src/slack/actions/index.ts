// Every button and select Tend puts in Slack, one line each, bound by its action_id
// (src/views/ids.ts). A new button is one file here and one line below.
import type { App, BlockAction, BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { ACTIONS, ACTION_PATTERNS } from '../../views/ids.ts';
import { chooseAccount } from './choose-account.ts';
import { createAccountButton } from './create-account.ts';
import { helpMore } from './help-more.ts';
import { keepSharedChannel } from './keep-shared-channel.ts';
import { linkChannelButton } from './link-channel.ts';
import { homeRefresh } from './home-refresh.ts';
import { nudgeClaim } from './nudge-claim.ts';
import { nudgeDismiss } from './nudge-dismiss.ts';
import { nudgeDone } from './nudge-done.ts';
import { nudgeRelease } from './nudge-release.ts';
import { nudgeSnooze } from './nudge-snooze.ts';
import { nudgeSnoozeReason } from './nudge-snooze-reason.ts';
import { nudgeUndo } from './nudge-undo.ts';
import { openLogModal } from './open-log-modal.ts';
import { showAccount } from './show-account.ts';

export function register(app: App, rt: Runtime): void {
  // accounts
  app.action<BlockButtonAction>(ACTION_PATTERNS.chooseAccount, chooseAccount(rt));
  app.action<BlockButtonAction>(ACTIONS.createAccount, createAccountButton(rt));
  app.action<BlockButtonAction>(ACTIONS.showAccount, showAccount(rt));
  app.action<BlockButtonAction>(ACTIONS.openLogModal, openLogModal(rt));
  app.action<BlockButtonAction>(ACTIONS.linkChannel, linkChannelButton(rt));
  app.action<BlockButtonAction>(ACTIONS.keepSharedChannel, keepSharedChannel(rt));
  // nudges
  app.action<BlockButtonAction>(ACTIONS.nudgeClaim, nudgeClaim(rt));
  app.action<BlockButtonAction>(ACTIONS.nudgeRelease, nudgeRelease(rt));
  app.action<BlockButtonAction>(ACTIONS.nudgeDone, nudgeDone(rt));
  app.action<BlockStaticSelectAction>(ACTIONS.nudgeSnooze, nudgeSnooze(rt));
  app.action<BlockButtonAction>(ACTIONS.nudgeDismiss, nudgeDismiss(rt));
  app.action<BlockButtonAction>(ACTIONS.nudgeUndo, nudgeUndo(rt));
  app.action<BlockButtonAction>(ACTIONS.nudgeSnoozeReason, nudgeSnoozeReason(rt));
  // App Home
  app.action<BlockAction>(ACTIONS.homeRefresh, homeRefresh(rt));
  // /tend help
  app.action<BlockButtonAction>(ACTIONS.helpMore, helpMore(rt));
}

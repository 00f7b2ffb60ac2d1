// Saving the log form: validate (field errors keep the form open), write once per form,
// close it, and confirm where /log was typed; stacked on an account's card, the card is redrawn,
// and opened over App Home, the tab is re-published.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { slackErrorCode, slackFailure } from '../../domain/slack-errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { getAccountName } from '../../data/accounts.ts';
import { recordTouch } from '../../data/conversations.ts';
import type { Runtime } from '../../runtime.ts';
import { buildLogConfirmation } from '../../views/log-confirmation.ts';
import { logSourceKey, parseLogModalMetadata, pickedDueDate, readLogModal, touchFields, type LogModalMetadata } from '../../views/log-modal.ts';
import { callerFor, formTimezone, workspaceOf } from '../flows/caller.ts';
import { retireAnsweredNudges } from '../flows/answered.ts';
import { isDatabaseError } from '../reply/failure.ts';
import { BLOCKS } from '../../views/ids.ts';
import { buildAccountCardModal } from '../../views/account-card.ts';
import { accountCard } from '../flows/account.ts';
import { republishHome } from '../flows/home.ts';

const DB_DOWN = "Tend can't reach its database right now, so this wasn't saved. Keep the form open and press Save again in a minute.";

/**
 * The confirmation, to the submitter alone: where the form was opened, else in a DM — also when
 * that channel refuses Tend for good (a "Log to Tend" in a channel Tend isn't in, or in a DM
 * between people), so the rep still learns the touch was saved.
 */
async function confirm(client: WebClient, channelId: string | undefined, userId: string, { text, blocks }: SlackMessage): Promise<void> {
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text, blocks });
      return;
    } catch (err) {
      if (slackFailure(slackErrorCode(err) ?? '') !== 'channel') throw err;
    }
  }
  await client.chat.postMessage({ channel: userId, text, blocks });
}

/**
 * Whether the form was opened over the submitter's App Home: by the tab's own Log button, or the
 * one on the account card App Home's Open shows as a modal. Both are the card's button (origin
 * account_card) and, on no channel, carry none; a card in a channel's message carries its channel.
 */
function openedOverHome(meta: LogModalMetadata): boolean {
  return meta.origin === 'account_card' && !meta.channelId;
}

export function logForm(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, view, body, context, client }) => {
    const workspace = workspaceOf(context);
    if (!workspace) {
      // The form stays open with everything typed, so nothing is lost.
      await ack({ response_action: 'errors', errors: { [BLOCKS.logSummary]: DB_DOWN } });
      return;
    }
    const meta = parseLogModalMetadata(view.private_metadata);
    let confirmation;
    let caller;
    let accountId: number | null = null;
    try {
      caller = await callerFor(rt, workspace, body.user.id, client, meta.channelId);
      // a slow users.info must not outlast Slack's 3 s for the submission: past the bound the
      // known timezone is used (the lookup still completes and caches it for next time)
      const timeZone = await formTimezone(rt, caller, pickedDueDate(view.state));
      const read = readLogModal(view.state, rt.now(), timeZone);
      if (!read.ok) {
        await ack({ response_action: 'errors', errors: read.errors });
        return;
      }
      const v = read.value;
      const account = await getAccountName(rt.db.pool, workspace.id, v.accountId);
      if (!account) {
        await ack({ response_action: 'errors', errors: { [BLOCKS.logAccount]: "That account isn't in this workspace any more. Pick another." } });
        return;
      }
      // One form, one conversation: a double click on Save sends the same view id twice.
      const touch = await recordTouch(rt.db.pool, {
        workspaceId: workspace.id,
        accountId: account.id,
        memberId: caller.member.id,
        occurredAt: rt.now(),
        ...touchFields(v),
        source: 'modal',
        sourceKey: logSourceKey(meta, body.user.id, view.id),
      });
      if (touch.created) await retireAnsweredNudges(rt, workspace.id, account.id, { resolution: 'touch', medium: v.medium });
      accountId = account.id;
      confirmation = buildLogConfirmation(
        { accountId: account.id, accountName: account.name, medium: v.medium, kind: v.kind, summary: v.summary, nextStep: v.nextStep ?? null, nextStepDue: v.nextStepDue ?? null, created: touch.created },
        { timeZone },
      );
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'saving the log form failed');
      const message = isDatabaseError(err) ? DB_DOWN : "Something went wrong on Tend's side, so this wasn't saved. Keep the form open and press Save again.";
      await ack({ response_action: 'errors', errors: { [BLOCKS.logSummary]: message } });
      return;
    }
    await ack();
    try {
      await confirm(client, meta.channelId, body.user.id, confirmation);
    } catch (err) {
      // Saved already; the confirmation is a courtesy.
      rt.log.info({ err: (err as Error).message }, 'could not confirm a saved log form');
    }
    // stacked on the account's card (App Home's Open): the card beneath shows the touch just logged
    if (view.previous_view_id && meta.origin === 'account_card' && accountId !== null) {
      try {
        await client.views.update({ view_id: view.previous_view_id, view: buildAccountCardModal(await accountCard(rt, caller, accountId)) });
      } catch (err) {
        rt.log.info({ err: (err as Error).message }, 'could not refresh the account card under the log form');
      }
    }
    // the touch may have retired quiet nudges App Home lists, and counts in its week
    if (openedOverHome(meta)) await republishHome(rt, client, workspace, body.user.id);
  };
}

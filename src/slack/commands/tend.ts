// /tend: help, settings (managers), scan now, the digest now (managers), the product catalog,
// and who manages Tend.
import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCatalogCommand } from '../../domain/catalog-command.ts';
import { parseManagersCommand } from '../../domain/managers.ts';
import { localTime } from '../../domain/clock.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage, buildErrorMessage } from '../../views/errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { buildTendHelp } from '../../views/help.ts';
import { buildSettingsModal } from '../../views/settings-modal.ts';
import { showDigest } from '../flows/digest.ts';
import { answerCommand, ephemeral } from '../reply/answer.ts';
import { runCatalogCommand } from '../flows/catalog.ts';
import { callerFor, managerGate, workspaceOf } from '../flows/caller.ts';
import { runManagersCommand } from '../flows/managers.ts';
import { guarded } from '../reply/failure.ts';

const note = (text: string): SlackMessage => ({ text: text.replace(/[*`]/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

export function tendCommand(rt: Runtime): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, context, client }) => {
    const workspace = workspaceOf(context);
    const text = command.text ?? '';
    const verb = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (verb === '' || verb === 'help' || verb === '?') {
      await ack(ephemeral(buildTendHelp()));
      return;
    }
    if (!workspace) {
      await ack(ephemeral(buildDbUnavailableMessage(text, '/tend')));
      return;
    }
    if (verb === 'settings') {
      // views.open must use the trigger within 3 s: check the role, then open, then answer.
      await answerCommand({ ack, respond, log: rt.log }, guarded(rt.log, text, '/tend', async () => {
        const caller = await callerFor(rt, workspace, command.user_id, client, command.channel_id);
        const gate = await managerGate(rt, caller, "change Tend's settings");
        if (!gate.ok) return gate.message;
        await client.views.open({ trigger_id: command.trigger_id, view: buildSettingsModal(workspace, { channelId: command.channel_id }) });
        return note(gate.note ? `Opening the settings. ${gate.note}` : 'Opening the settings.');
      }));
      return;
    }
    if (verb === 'digest') {
      // the digest takes a few aggregate queries: acknowledge, then it answers via response_url
      await ack();
      try {
        // every rep's figures: managers only
        const gate = await managerGate(rt, await callerFor(rt, workspace, command.user_id, client, command.channel_id), "see the managers' digest");
        if (!gate.ok) {
          await respond(ephemeral(gate.message));
          return;
        }
        await showDigest(rt, workspace.id, respond);
      } catch (err) {
        rt.log.warn({ err: (err as Error).message }, '/tend digest failed');
        await respond(ephemeral(buildDbUnavailableMessage(text, '/tend'))).catch(() => {});
      }
      return;
    }
    if (verb === 'scan') {
      await answerCommand({ ack, respond, log: rt.log }, guarded(rt.log, text, '/tend', async () => {
        const local = localTime(rt.now(), workspace.timezone);
        // its own run, so it scans even after today's daily scan; the same minute twice is one scan
        const run = `m${String(local.hour).padStart(2, '0')}${String(local.minute).padStart(2, '0')}`;
        try {
          await rt.queues.add('scan', { workspaceId: workspace.id, localDate: local.date, run });
        } catch (err) {
          rt.log.warn({ err: (err as Error).message }, 'could not enqueue a scan');
          return note(":warning: I couldn't start the scan (the job queue isn't answering). Try again in a minute.");
        }
        const where = workspace.deliveryMode === 'owner_dm' ? "by DM to each account's owner" : workspace.nudgeChannelId ? `in <#${workspace.nudgeChannelId}>` : 'once a nudge channel is set (`/tend settings`)';
        return note(`:mag: Scanning your accounts now. New nudges appear ${where} within a few minutes; yours are in \`/nudges\`.`);
      }));
      return;
    }
    const managers = parseManagersCommand(text);
    if (managers && !managers.ok) {
      await ack(ephemeral(buildErrorMessage(managers.error)));
      return;
    }
    if (managers) {
      await answerCommand({ ack, respond, log: rt.log }, guarded(rt.log, text, '/tend', async () =>
        runManagersCommand(rt, await callerFor(rt, workspace, command.user_id, client, command.channel_id), managers.value)));
      return;
    }
    const catalog = parseCatalogCommand(text);
    if (catalog && !catalog.ok) {
      await ack(ephemeral(buildErrorMessage(catalog.error)));
      return;
    }
    if (catalog) {
      await answerCommand({ ack, respond, log: rt.log }, guarded(rt.log, text, '/tend', async () =>
        runCatalogCommand(rt, await callerFor(rt, workspace, command.user_id, client, command.channel_id), catalog.value)));
      return;
    }
    await ack(ephemeral(buildErrorMessage({ code: 'unknown_verb', message: `I don't know "/tend ${verb.slice(0, 40)}". Try help, settings, scan, digest, products or managers.`, example: '/tend products' })));
  };
}

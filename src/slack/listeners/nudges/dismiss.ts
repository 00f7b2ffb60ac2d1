// Dismiss button: asks why in a modal (dismiss-submit.ts), so the team learns what not to suggest.
import type { App, BlockButtonAction } from '@slack/bolt';
import { loadCard } from '../../../data/nudge-cards.ts';
import type { Runtime } from '../../../runtime.ts';
import { buildDismissModal } from '../../../views/nudge.ts';
import { workspaceOf } from '../../commands/caller.ts';
import { ACTIONS } from '../../ids.ts';
import { answerUnknownNudge, nudgeIdOf } from './act.ts';

export function registerDismiss(app: App, rt: Runtime): void {
  app.action<BlockButtonAction>(ACTIONS.nudgeDismiss, async ({ ack, action, body, context, client, respond }) => {
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdOf(action.value);
    if (!workspace || nudgeId === null) return;
    try {
      const row = await loadCard(rt.db.pool, workspace.id, nudgeId);
      if (!row) {
        await answerUnknownNudge(rt, respond);
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: buildDismissModal({ nudgeId, accountName: row.card.accountName }) });
    } catch (err) {
      rt.log.warn({ nudgeId, err: (err as Error).message }, 'could not open the dismiss modal');
    }
  });
}

// Done button: opens "log the give", pre-filled from the nudge; the submission (done-submit.ts)
// logs the conversation and marks the nudge done.
import type { App, BlockButtonAction } from '@slack/bolt';
import { loadCard } from '../../../data/nudge-cards.ts';
import type { Runtime } from '../../../runtime.ts';
import { buildDoneModal } from '../../../views/nudge.ts';
import { workspaceOf } from '../../commands/caller.ts';
import { ACTIONS } from '../../ids.ts';
import { answerUnknownNudge, nudgeIdOf } from './act.ts';

export function registerDone(app: App, rt: Runtime): void {
  app.action<BlockButtonAction>(ACTIONS.nudgeDone, async ({ ack, action, body, context, client, respond }) => {
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
      const c = row.card;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildDoneModal({ nudgeId, accountName: c.accountName, suggestion: c.suggestion, offerTitle: c.offerTitle ?? null }),
      });
    } catch (err) {
      rt.log.warn({ nudgeId, err: (err as Error).message }, 'could not open the done modal');
    }
  });
}

// Dismiss modal submitted: the nudge is dismissed with the reason given.
import type { App } from '@slack/bolt';
import { dedupeKeys } from '../../../domain/nudge-state.ts';
import type { Runtime } from '../../../runtime.ts';
import { NUDGE_VIEWS, nudgeIdFromMetadata, readDismissModal } from '../../../views/nudge.ts';
import { workspaceOf } from '../../commands/caller.ts';
import { act } from './act.ts';

export function registerDismissSubmit(app: App, rt: Runtime): void {
  app.view(NUDGE_VIEWS.dismissModal, async ({ ack, body, view, context }) => {
    const read = readDismissModal(view.state.values);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdFromMetadata(view.private_metadata);
    if (!workspace || nudgeId === null) return;
    await act(rt, workspace, { nudgeId, action: 'dismiss', actorUserId: body.user.id, dedupeKey: dedupeKeys.view(view.id), reason: read.reason });
  });
}

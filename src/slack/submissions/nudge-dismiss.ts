// Dismiss modal submitted: the nudge is dismissed with the reason given.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { dedupeKeys } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { nudgeIdFromMetadata, readDismissModal } from '../../views/nudge.ts';
import { workspaceOf } from '../flows/caller.ts';
import { act } from '../flows/nudge-act.ts';

export function nudgeDismissSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, body, view, context }) => {
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
  };
}

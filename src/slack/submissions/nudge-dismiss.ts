// Dismiss modal submitted: the nudge is dismissed with the reason given.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { dedupeKeys } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { readDismissModal } from '../../views/nudge.ts';
import { acceptNudgeReason, act } from '../flows/nudge-act.ts';

export function nudgeDismissSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async (args) => {
    const got = await acceptNudgeReason(args, readDismissModal);
    if (!got) return;
    const { workspace, nudgeId, reason } = got;
    await act(rt, workspace, { nudgeId, action: 'dismiss', actorUserId: args.body.user.id, dedupeKey: dedupeKeys.view(args.view.id), reason });
  };
}

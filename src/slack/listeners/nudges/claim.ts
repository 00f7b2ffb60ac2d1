// Claim button: "I'll take this one".
import type { App, BlockButtonAction } from '@slack/bolt';
import { dedupeKeys } from '../../../domain/nudge-state.ts';
import type { Runtime } from '../../../runtime.ts';
import { workspaceOf } from '../../commands/caller.ts';
import { ACTIONS } from '../../ids.ts';
import { act, answerUnknownNudge, nudgeIdOf } from './act.ts';

export function registerClaim(app: App, rt: Runtime): void {
  app.action<BlockButtonAction>(ACTIONS.nudgeClaim, async ({ ack, action, body, context, respond }) => {
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdOf(action.value);
    if (!workspace || nudgeId === null) return;
    const res = await act(rt, workspace, { nudgeId, action: 'claim', actorUserId: body.user.id, dedupeKey: dedupeKeys.click(nudgeId, action.action_ts, body.user.id) });
    if (res?.result === 'stale' && res.status === null) await answerUnknownNudge(rt, respond);
  });
}

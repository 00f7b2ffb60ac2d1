// Snooze select: 1 week / 1 month / 3 months, in one click; the option value carries the nudge
// id. The snoozer is then offered, privately, to add a reason (actions/nudge-snooze-reason.ts).
// A nudge someone else claimed is theirs to snooze (or a manager's): anyone else is told whose it is.
import type { BlockStaticSelectAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { dedupeKeys, isSnoozeOption } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { buildSnoozedReply, claimedNotYoursText, parseSnoozeValue } from '../../views/nudge.ts';
import { workspaceOf } from '../flows/caller.ts';
import { act, answerPrivately, answerUnknownNudge, refreshClickSurface, snoozeEnd } from '../flows/nudge-act.ts';

export function nudgeSnooze(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockStaticSelectAction>> {
  return async ({ ack, action, body, context, respond, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const picked = parseSnoozeValue(action.selected_option?.value);
    if (!workspace || !picked || !isSnoozeOption(picked.option)) return;
    const { until, timeZone } = await snoozeEnd(rt, workspace, picked.nudgeId, picked.option);
    const res = await act(rt, workspace, {
      nudgeId: picked.nudgeId,
      action: 'snooze',
      actorUserId: body.user.id,
      dedupeKey: dedupeKeys.click(picked.nudgeId, action.action_ts, body.user.id),
      snoozedUntil: until,
      detail: { option: picked.option },
    }, client);
    if (res?.result === 'stale' && res.status === null) await answerUnknownNudge(rt, respond);
    else if (res) await refreshClickSurface(rt, workspace, { body, client, respond });
    if (res?.result === 'changed') await answerPrivately(rt, respond, buildSnoozedReply(picked.nudgeId, until, timeZone));
    if (res?.result === 'not_yours') await answerPrivately(rt, respond, { text: claimedNotYoursText('snooze', res.by) });
  };
}

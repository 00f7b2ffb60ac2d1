// Reactions on a nudge message as shortcuts: :eyes: claim, :white_check_mark: done (no form),
// :zzz: snooze a week, :x: dismiss (on a nudge someone else claimed, only theirs or a manager's
// to make: anyone else is told privately), from people of the team only (flows/teammates.ts). The message is found by where it is; other messages and
// other emoji are ignored, except the workspace's give emoji on the team's message in a linked
// channel, which marks that captured touch as a give (flows/capture.ts).
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { applyUndo, findNudgeByMessage, nudgeHolder } from '../../data/nudge-actions.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import { actionForReaction, dedupeKeys } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { workspaceOf } from '../flows/caller.ts';
import { markGiveByReaction } from '../flows/capture.ts';
import { act, snoozeEnd } from '../flows/nudge-act.ts';
import { teammate } from '../flows/teammates.ts';
import { claimedNotYoursText } from '../../views/nudge.ts';

export function reactionAdded(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'reaction_added'>> {
  return async ({ event, body, context, client }) => {
    const workspace = workspaceOf(context);
    const mapped = actionForReaction(event.reaction);
    const eventId = (body as { event_id?: unknown }).event_id;
    if (!workspace || event.item.type !== 'message' || typeof eventId !== 'string') return;
    if (context.botUserId && event.user === context.botUserId) return;
    const nudgeId = mapped ? await findNudgeByMessage(rt.db.pool, workspace.id, event.item.channel, event.item.ts).catch(() => null) : null;
    // not on a nudge: perhaps a give reaction on the team's message in a linked channel
    if (!mapped || nudgeId === null) {
      await markGiveByReaction(rt, workspace, event, client);
      return;
    }
    // a partner in a Slack Connect channel, or another app's bot, does not claim, finish or
    // dismiss the team's nudges; when Slack cannot say, only a channel shared with no one counts
    const who = await teammate(rt, workspace, event.user, client);
    const shared = (body as { is_ext_shared_channel?: unknown }).is_ext_shared_channel === true;
    if (who === 'not_ours' || (who === 'unknown' && shared)) {
      rt.log.debug({ workspaceId: workspace.id, nudgeId }, 'a reaction from outside the team left the nudge as it was');
      return;
    }
    const res = await act(rt, workspace, {
      nudgeId,
      action: mapped.action,
      actorUserId: event.user,
      dedupeKey: dedupeKeys.event(eventId),
      ...(mapped.snooze ? { snoozedUntil: (await snoozeEnd(rt, workspace, nudgeId, mapped.snooze)).until, detail: { option: mapped.snooze, via: 'reaction' } } : { detail: { via: 'reaction' } }),
      ...(mapped.action === 'dismiss' ? { reason: 'Dismissed with :x:' } : {}),
    }, client);
    // a reaction has no response_url: the refusal goes to the reactor alone, where they reacted
    if (res?.result === 'not_yours' && (mapped.action === 'snooze' || mapped.action === 'dismiss')) {
      await client.chat
        .postEphemeral({ channel: event.item.channel, user: event.user, text: claimedNotYoursText(mapped.action, res.by) })
        .catch((err: Error) => rt.log.debug({ workspaceId: workspace.id, nudgeId, err: err.message }, 'could not tell a reactor the nudge is claimed'));
    }
  };
}

/**
 * A reaction taken back takes back what it did, as people expect of a toggle: removing :eyes:
 * releases the remover's own claim; removing :white_check_mark:, :zzz: or :x: undoes the
 * remover's own Done, Snooze or Dismiss while Undo's window is open (a won Done stays). Someone
 * else's claim or change, or a state that moved on since, is left as it is. A removal Slack
 * delivers before its addition finds nothing to take back.
 */
export function reactionRemoved(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'reaction_removed'>> {
  return async ({ event, body, context, client }) => {
    const workspace = workspaceOf(context);
    const mapped = actionForReaction(event.reaction);
    const eventId = (body as { event_id?: unknown }).event_id;
    if (!workspace || !mapped || event.item.type !== 'message' || typeof eventId !== 'string') return;
    if (context.botUserId && event.user === context.botUserId) return;
    const nudgeId = await findNudgeByMessage(rt.db.pool, workspace.id, event.item.channel, event.item.ts).catch(() => null);
    if (nudgeId === null || (await teammate(rt, workspace, event.user, client)) !== 'ours') return;
    try {
      if (mapped.action === 'claim') {
        const holder = await nudgeHolder(rt.db.pool, workspace.id, nudgeId);
        if (holder?.status !== 'claimed' || holder.claimedBy !== event.user) return;
        await act(rt, workspace, { nudgeId, action: 'release', actorUserId: event.user, dedupeKey: dedupeKeys.event(eventId), detail: { via: 'reaction_removed' } }, client);
        return;
      }
      const res = await applyUndo(rt.db.pool, {
        workspaceId: workspace.id, nudgeId, actorUserId: event.user, dedupeKey: dedupeKeys.event(eventId), now: rt.now(), ownChange: mapped.action,
      });
      if (res.result !== 'undone') return;
      await refreshNudgeMessage(rt, workspace.id, nudgeId);
      const posted = res.restored.filter((n) => n.posted);
      if (posted.length > 0) await rt.queues.addMany('refresh', posted.map((n) => ({ workspaceId: workspace.id, nudgeId: n.id, stamp: `e${eventId}` })));
    } catch (err) {
      rt.log.warn({ workspaceId: workspace.id, nudgeId, err: (err as Error).message }, 'could not take back a reaction');
    }
  };
}

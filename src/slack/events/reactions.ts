// Reactions on a nudge message as shortcuts: :eyes: claim, :white_check_mark: done (no form),
// :zzz: snooze a week, :x: dismiss (on a nudge someone else claimed, only theirs or a manager's
// to make: anyone else is told privately), from people of the team only (flows/teammates.ts). The message is found by where it is; other messages and
// other emoji are ignored, except the workspace's give emoji on the team's message in a linked
// channel, which marks that captured touch as a give (flows/capture.ts). In a Slack Connect
// channel Slack sends the reaction once, authorized for any one installation that sees it: a
// nudge of another workspace that sees the event is acted on as that workspace (its people, its
// rules, its bot), and never a nudge of a workspace that does not see it.
import type { Middleware, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { applyUndo, findNudgeByMessage, findNudgesByMessageElsewhere, nudgeHolder } from '../../data/nudge-actions.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import { actionForReaction, dedupeKeys } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { workspaceOf } from '../flows/caller.ts';
import { markGiveByReaction } from '../flows/capture.ts';
import { clientForWorkspace, teamsAmongSeeing } from '../flows/event-audience.ts';
import { act, snoozeEnd } from '../flows/nudge-act.ts';
import { teammate } from '../flows/teammates.ts';
import { claimedNotYoursText } from '../../views/nudge.ts';

type OnNudge = { workspace: WorkspaceRow; nudgeId: number; client: webApi.WebClient };

/**
 * The nudge a reaction is on, and who acts on it: the authorized workspace's own nudge with its
 * client; else, only in a channel shared outside, the one other workspace whose nudge the message
 * is and that sees the event, with its own bot token. Null when there is no such single nudge.
 */
async function nudgeReactedTo(rt: Runtime, workspace: WorkspaceRow, item: { channel: string; ts: string }, body: unknown, client: webApi.WebClient): Promise<OnNudge | null> {
  const own = await findNudgeByMessage(rt.db.pool, workspace.id, item.channel, item.ts).catch(() => null);
  if (own !== null) return { workspace, nudgeId: own, client };
  const envelope = body as { is_ext_shared_channel?: unknown; event_context?: unknown };
  if (envelope.is_ext_shared_channel !== true) return null;
  try {
    const found = await findNudgesByMessageElsewhere(rt.db.pool, workspace.id, item.channel, item.ts);
    if (found.length === 0) return null;
    const eventContext = typeof envelope.event_context === 'string' ? envelope.event_context : null;
    const seeing = await teamsAmongSeeing(rt, item.channel, eventContext, client, [...new Set(found.map((f) => f.slackTeamId))]);
    const theirs = found.filter((f) => seeing.has(f.slackTeamId));
    if (theirs.length !== 1) return null;
    const owner = await rt.workspaces.find(theirs[0]!.slackTeamId);
    if (owner?.id !== theirs[0]!.workspaceId || owner.status !== 'active') return null;
    const ownerClient = await clientForWorkspace(rt, owner.id);
    return ownerClient ? { workspace: owner, nudgeId: theirs[0]!.nudgeId, client: ownerClient } : null;
  } catch (err) {
    rt.log.warn({ workspaceId: workspace.id, err: (err as Error).message }, "could not look for another workspace's nudge under a reaction");
    return null;
  }
}

/**
 * Whether a reactor counts for the nudge's workspace: a partner in a Slack Connect channel, or
 * another app's bot, does not claim, finish or dismiss the team's nudges, nor take such a change
 * back; when Slack cannot say (an outage), only a channel shared with no one counts.
 */
async function countsFromTeam(rt: Runtime, on: OnNudge, userId: string, body: unknown): Promise<boolean> {
  const who = await teammate(rt, on.workspace, userId, on.client);
  const shared = (body as { is_ext_shared_channel?: unknown }).is_ext_shared_channel === true;
  return who === 'ours' || (who === 'unknown' && !shared);
}

export function reactionAdded(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'reaction_added'>> {
  return async ({ event, body, context, client }) => {
    const authorized = workspaceOf(context);
    const mapped = actionForReaction(event.reaction);
    const eventId = (body as { event_id?: unknown }).event_id;
    if (!authorized || event.item.type !== 'message' || typeof eventId !== 'string') return;
    if (context.botUserId && event.user === context.botUserId) return;
    const on = mapped ? await nudgeReactedTo(rt, authorized, event.item, body, client) : null;
    // not on a nudge: perhaps a give reaction on the team's message in a linked channel
    if (!mapped || on === null) {
      await markGiveByReaction(rt, authorized, event, client);
      return;
    }
    const { workspace, nudgeId } = on;
    if (!(await countsFromTeam(rt, on, event.user, body))) {
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
    }, on.client);
    // a reaction has no response_url: the refusal goes to the reactor alone, where they reacted
    if (res?.result === 'not_yours' && (mapped.action === 'snooze' || mapped.action === 'dismiss')) {
      await on.client.chat
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
    const authorized = workspaceOf(context);
    const mapped = actionForReaction(event.reaction);
    const eventId = (body as { event_id?: unknown }).event_id;
    if (!authorized || !mapped || event.item.type !== 'message' || typeof eventId !== 'string') return;
    if (context.botUserId && event.user === context.botUserId) return;
    const on = await nudgeReactedTo(rt, authorized, event.item, body, client);
    if (on === null || !(await countsFromTeam(rt, on, event.user, body))) return;
    const { workspace, nudgeId } = on;
    try {
      if (mapped.action === 'claim') {
        const holder = await nudgeHolder(rt.db.pool, workspace.id, nudgeId);
        if (holder?.status !== 'claimed' || holder.claimedBy !== event.user) return;
        await act(rt, workspace, { nudgeId, action: 'release', actorUserId: event.user, dedupeKey: dedupeKeys.event(eventId), detail: { via: 'reaction_removed' } }, on.client);
        return;
      }
      const res = await applyUndo(rt.db.pool, {
        workspaceId: workspace.id, nudgeId, actorUserId: event.user, dedupeKey: dedupeKeys.event(eventId), now: rt.now(), reactionTakenBack: mapped.action,
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

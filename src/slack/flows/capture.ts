// A message in a linked channel becomes a touch of its account (issue 16): folded into the
// hour's row for its direction, the stall clock reset as a /log resets it, and the account's
// quiet and overdue nudges retired as a /log retires them.
import type { webApi } from '@slack/bolt';
import { emojiName, foldKey, readMessage, snippetOf, type MessageEvent } from '../../domain/capture.ts';
import { captureTarget, knownSlackUsers } from '../../data/channel-links.ts';
import { markCapturedGive, recordCapture } from '../../data/captures.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { linkedChannels } from '../middleware/linked-channels.ts';
import { retireAnsweredNudges } from './answered.ts';

/** The linked-channel cache's answer; true when it cannot answer (the database decides). */
async function linkedHere(rt: Runtime, workspace: WorkspaceRow, channelId: string): Promise<boolean> {
  return linkedChannels(rt).isLinked(workspace.slackTeamId, channelId).catch(() => true);
}

export type CaptureOutcome = 'ignored' | 'not_linked' | 'recorded';

export async function captureMessage(rt: Runtime, workspace: WorkspaceRow, event: MessageEvent): Promise<CaptureOutcome> {
  const msg = readMessage(event, workspace.slackTeamId);
  if (!msg) return 'ignored';
  // the edge asked already over HTTP; Socket Mode has no edge, so ask here (no query when unlinked)
  if (!(await linkedHere(rt, workspace, msg.channelId))) return 'not_linked';
  const target = await captureTarget(rt.db.pool, workspace.id, msg.channelId, msg.userId);
  if (!target) return 'not_linked';
  const saved = await recordCapture(rt.db.pool, {
    workspaceId: workspace.id,
    accountId: target.accountId,
    channelId: msg.channelId,
    direction: msg.direction,
    at: msg.at,
    sourceKey: foldKey(target.accountId, msg.direction, msg.at),
    snippet: target.snippets && msg.text ? snippetOf(msg.text) : null,
    memberId: msg.direction === 'team' ? target.memberId : null,
  });
  if (!saved) return 'not_linked';
  // one indexed UPDATE that finds nothing on most messages; a quiet nudge retires on the first
  await retireAnsweredNudges(rt, workspace.id, target.accountId, { resolution: 'touch', medium: 'chat' });
  return 'recorded';
}

/** Whether a Slack user is on the installing team's side: a member Tend knows, else users.info says so. */
async function onOurTeam(rt: Runtime, workspace: WorkspaceRow, userId: string, knownMember: boolean, client: webApi.WebClient): Promise<boolean> {
  if (knownMember) return true;
  try {
    const res = await client.users.info({ user: userId });
    return !res.user?.is_bot && res.user?.team_id === workspace.slackTeamId;
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'users.info failed; not counting the reaction as a give');
    return false;
  }
}

export type GiveReaction = { user: string; reaction: string; item: { type: string; channel?: string; ts?: string }; item_user?: string };

/**
 * A give reaction (the workspace's emoji set) by a team member on a team message in a linked
 * channel marks that message's captured touch as a give. True when a touch changed.
 */
export async function markGiveByReaction(rt: Runtime, workspace: WorkspaceRow, e: GiveReaction, client: webApi.WebClient): Promise<boolean> {
  const { channel, ts } = e.item;
  if (e.item.type !== 'message' || typeof channel !== 'string' || typeof ts !== 'string' || typeof e.item_user !== 'string') return false;
  const at = new Date(Math.round(Number(ts) * 1000));
  if (!Number.isFinite(at.getTime())) return false;
  if (!(await linkedHere(rt, workspace, channel))) return false;
  const target = await captureTarget(rt.db.pool, workspace.id, channel, e.user);
  if (!target || !target.giveEmojis.includes(emojiName(e.reaction))) return false;
  if (!(await onOurTeam(rt, workspace, e.user, target.memberId !== null, client))) return false;
  const authorKnown = (await knownSlackUsers(rt.db.pool, workspace.id, [e.item_user])).has(e.item_user);
  if (!(await onOurTeam(rt, workspace, e.item_user, authorKnown, client))) return false;
  return markCapturedGive(rt.db.pool, workspace.id, target.accountId, foldKey(target.accountId, 'team', at));
}

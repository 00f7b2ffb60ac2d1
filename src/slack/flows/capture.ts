// A message in a linked channel becomes a touch of its account (issue 16): folded into the
// hour's row for its direction, the stall clock reset as a /log resets it, and the account's
// quiet and overdue nudges retired as a /log retires them. In a Slack Connect channel it is a
// touch in each of our workspaces that linked the channel and sees the message, each from its
// own side: Slack sends the event once, authorized for one installation; the others that see
// it are those apps.event.authorizations.list names (with the app-level token) or, without it,
// those whose link records both their own team and the authorized one in the channel (kept
// current by channel_shared / channel_unshared). A channel not shared outside (the envelope's
// is_ext_shared_channel) is only ever the authorized workspace's.
import type { webApi } from '@slack/bolt';
import { countsAsMessage, emojiName, foldKey, mayKeepSnippet, readMessage, snippetOf, type EventAudience, type MessageEvent } from '../../domain/capture.ts';
import { captureTarget, channelCaptureTargets, recordChannelTeamChange, recordLinkTeams, type ChannelCaptureTarget } from '../../data/channel-links.ts';
import { markCapturedGive, recordCaptures, type CaptureInput } from '../../data/captures.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { linkedChannels } from '../middleware/linked-channels.ts';
import { retireAnsweredNudges } from './answered.ts';
import { forgetChannelAudience, teamsInChannel, teamsSeeingEvent } from './event-audience.ts';
import { teammate } from './teammates.ts';

/** The linked-channel cache's answer; true when it cannot answer (the database decides). */
async function linkedHere(rt: Runtime, workspace: WorkspaceRow, channelId: string): Promise<boolean> {
  return linkedChannels(rt).isLinked(workspace.slackTeamId, channelId).catch(() => true);
}

export type CaptureOutcome = 'ignored' | 'not_linked' | 'recorded';

const NO_AUDIENCE: EventAudience = { eventId: null, eventContext: null, shared: false };

/**
 * The workspaces that see the message: the one it was authorized for and, only in a channel
 * shared outside, each other that linked the channel when Slack lists its team for the channel's
 * events, or, when Slack cannot be asked, when its link records the channel as shared with the
 * authorized team. Never a workspace merely because it linked a channel with that id. The one
 * rule for who captured a message: its deletion or edit reaches the same workspaces (events/message.ts).
 */
export async function seeing(rt: Runtime, channelId: string, candidates: ChannelCaptureTarget[], audience: EventAudience): Promise<ChannelCaptureTarget[]> {
  const own = candidates.filter((c) => c.authorized);
  const others = candidates.filter((c) => !c.authorized);
  if (others.length === 0 || !audience.shared) return own;
  const teams = await teamsSeeingEvent(rt, channelId, audience.eventContext);
  return [...own, ...others.filter((c) => (teams ? teams.has(c.slackTeamId) : c.sharedAtLink))];
}

/**
 * A link made before links recorded the channel's teams learns them from its own
 * installation's first message there (one conversations.info), so the other installations'
 * events can count here without the app-level token. Best effort, after the write.
 */
async function learnLinkTeams(rt: Runtime, workspace: WorkspaceRow, channelId: string, client: webApi.WebClient): Promise<void> {
  try {
    await recordLinkTeams(rt.db.pool, workspace.id, channelId, (await teamsInChannel(rt, client, channelId)) ?? []);
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, "could not record a linked channel's teams");
  }
}

export async function captureMessage(
  rt: Runtime, workspace: WorkspaceRow, event: MessageEvent, audience: EventAudience = NO_AUDIENCE, client?: webApi.WebClient,
): Promise<CaptureOutcome> {
  if (!countsAsMessage(event)) return 'ignored';
  const channelId = event.channel as string;
  // the edge asked already over HTTP; Socket Mode has no edge, so ask here (no query when unlinked)
  const may = await linkedChannels(rt).mayCapture(workspace.slackTeamId, channelId, audience.shared).catch(() => true);
  if (!may) return 'not_linked';
  const candidates = await channelCaptureTargets(rt.db.pool, channelId, workspace.slackTeamId, event.user as string);
  const inputs: CaptureInput[] = [];
  // a private channel's words are never kept: anyone who opens the account card would read them
  const keepText = mayKeepSnippet(event);
  for (const t of await seeing(rt, channelId, candidates, audience)) {
    const msg = readMessage(event, t.slackTeamId)!;
    inputs.push({
      workspaceId: t.workspaceId,
      accountId: t.accountId,
      channelId,
      direction: msg.direction,
      at: msg.at,
      sourceKey: foldKey(t.accountId, msg.direction, msg.at),
      snippet: keepText && t.snippets && msg.text ? snippetOf(msg.text) : null,
      memberId: msg.direction === 'team' ? t.memberId : null,
    });
  }
  const saved = await recordCaptures(rt.db.pool, inputs, { eventId: audience.eventId, claimedFor: workspace.id });
  // Past this point the touch is written and the event claimed: a throw would release the
  // claim (middleware/dedupe-events.ts) and Slack's retry would count the message again, so
  // what follows is logged, never thrown.
  try {
    if (client && audience.shared && candidates.some((c) => c.authorized && !c.teamsRecorded)) await learnLinkTeams(rt, workspace, channelId, client);
    // one indexed UPDATE per workspace written (a shared channel has a few), finding nothing on
    // most messages; a quiet nudge retires on the first
    await Promise.all(saved.map((s) => retireAnsweredNudges(rt, s.workspaceId, s.accountId, { resolution: 'touch', medium: 'chat' })));
  } catch (err) {
    rt.log.error({ err: (err as Error).message, workspaceId: workspace.id }, 'captured a message but could not retire its answered nudges');
  }
  return saved.length === 0 ? 'not_linked' : 'recorded';
}

/**
 * channel_shared / channel_unshared: the links of the channel record who is in it now, and the
 * next message there asks Slack again who sees it.
 */
export async function channelTeamsChanged(rt: Runtime, workspace: WorkspaceRow, channelId: string, otherTeamId: string, change: 'joined' | 'left'): Promise<number> {
  forgetChannelAudience(rt, channelId);
  return recordChannelTeamChange(rt.db.pool, channelId, workspace.slackTeamId, otherTeamId, change);
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
  // both the reactor and the message's author act for the team (a partner's or a bot's do not count);
  // when Slack cannot say, the give waits for another reaction rather than be counted blind
  if ((await teammate(rt, workspace, e.user, client)) !== 'ours') return false;
  if ((await teammate(rt, workspace, e.item_user, client)) !== 'ours') return false;
  return markCapturedGive(rt.db.pool, workspace.id, target.accountId, foldKey(target.accountId, 'team', at));
}

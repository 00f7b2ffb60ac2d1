// Tend's own nudge message is gone from Slack: an admin deleted it in the nudge channel (a
// `message_deleted` event whose previous message is the bot's), or chat.update answered
// message_not_found. Both are one fact, recorded once (data/message-gone.ts): the nudges it
// showed stay as they are (open, claimed…, on App Home and /nudges), but no longer point at a
// message, so no redraw calls Slack for it and no manager is told a nudge waits "in #nudges"
// where nobody can see it. Someone chose to take it out of the channel: Tend does not post it
// again there (a snooze's wake posts it anew, as always).
import { markMessageGone, type GoneCounts } from '../data/message-gone.ts';
import type { Queryable } from '../data/sql.ts';
import type { Runtime } from '../runtime.ts';
import { CONVERSATION_ID, SLACK_TS } from '../domain/slack-ids.ts';

/** delivery_error of a message someone deleted. */
export const MESSAGE_DELETED = 'message_deleted';
/** delivery_error of a message chat.update could not find (deleted while Tend did not hear of it). */
export const MESSAGE_NOT_FOUND = 'message_not_found';


const rec = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** Who Tend is in a workspace: its bot user (envelope authorizations, Bolt's context.botUserId) and bot id. */
export type OwnBot = { botUserId?: string | undefined; botId?: string | undefined };

/**
 * The channel and ts of a deleted message that was Tend's own post, or null for anything else
 * (another's message, an edit, a malformed event). Pure and cheap: the HTTP edge asks it of
 * every deletion before any lookup.
 */
export function readOwnPostDeletion(event: unknown, own: OwnBot): { channel: string; ts: string } | null {
  const e = rec(event);
  if (!e || e.type !== 'message' || e.subtype !== 'message_deleted') return null;
  const prev = rec(e.previous_message);
  if (!prev || prev.bot_id === undefined || prev.bot_id === null) return null;
  const byUser = typeof own.botUserId === 'string' && own.botUserId !== '' && prev.user === own.botUserId;
  const byBot = typeof own.botId === 'string' && own.botId !== '' && prev.bot_id === own.botId;
  if (!byUser && !byBot) return null;
  const ts = e.deleted_ts ?? prev.ts;
  if (typeof e.channel !== 'string' || !CONVERSATION_ID.test(e.channel) || typeof ts !== 'string' || !SLACK_TS.test(ts)) return null;
  return { channel: e.channel, ts };
}

/** Whether a failed chat.update says the message is not there (any layer: the Web API's error or the port's). */
export function isMessageNotFound(err: unknown): boolean {
  const x = err as { code?: unknown; data?: { error?: unknown } } | null;
  return x?.code === MESSAGE_NOT_FOUND || x?.data?.error === MESSAGE_NOT_FOUND;
}

/** Records that Tend's message (channel, ts) is gone; `db`: the message lock's connection when a redraw holds it. */
export async function messageGone(rt: Runtime, workspaceId: number, channel: string, ts: string, reason: string, db: Queryable = rt.db.pool): Promise<GoneCounts> {
  const gone = await markMessageGone(db, workspaceId, channel, ts, reason, rt.now());
  if (gone.nudges > 0 || gone.groups > 0) {
    rt.log.info({ workspaceId, channel, ts, reason, ...gone }, 'a nudge message is gone from Slack: its nudges stay on App Home, nothing redraws it');
  }
  return gone;
}

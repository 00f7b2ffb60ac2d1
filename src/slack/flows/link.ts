// `/tend link #channel Acme`, `/tend unlink #channel` and `/tend capture`. Anyone may link a
// public channel: a rep links the channels of their own customers, a link only counts messages
// and `/tend unlink` undoes it. A private channel only someone in it may link or unlink (its
// activity, and which account it is, would otherwise show to people outside it), and never link
// one Tend cannot see. What is kept of
// a message (snippets, public channels only) and which reactions mark a give are the workspace's
// rules: managers set those.
import { LINK_EXAMPLE, type CaptureCommand, type LinkCommand } from '../../domain/capture.ts';
import { matchName } from '../../domain/match.ts';
import { nameKey, truncate } from '../../domain/text.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { findAccountCandidates, getAccountName } from '../../data/accounts.ts';
import { linkChannel, loadCaptureSettings, saveCaptureSettings, unlinkChannel } from '../../data/channel-links.ts';
import type { Runtime } from '../../runtime.ts';
import { buildCaptureSettings, buildLinked, buildLinkRefused, buildUnlinked } from '../../views/channel-links.ts';
import { buildErrorMessage } from '../../views/errors.ts';
import { linkedChannels } from '../middleware/linked-channels.ts';
import { managerGate, type Caller } from './caller.ts';
import { channelState } from './event-audience.ts';

/** conversations.members pages read to find the person linking (1,000 a page). */
const MEMBER_PAGES = 5;

/** Whether `userId` is in the channel, as the bot reads its members; null when they cannot be read. */
async function inChannel(rt: Runtime, c: Caller, channelId: string, userId: string): Promise<boolean | null> {
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MEMBER_PAGES; page++) {
      const res = await c.client.conversations.members({ channel: channelId, limit: 1_000, ...(cursor ? { cursor } : {}) });
      if (res.members?.includes(userId)) return true;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    return null;
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'conversations.members failed; the channel is not linked');
    return null;
  }
}

/**
 * Links and tells every process's edge at once; the link stands even when the cache cannot be
 * told (it reloads within the hour). Refused for a channel the bot cannot read (told apart from
 * Slack not answering), and for a private one the person linking is not in.
 */
export async function linkAndCache(rt: Runtime, c: Caller, channelId: string, account: { id: number; name: string }): Promise<SlackMessage> {
  const ws = c.workspace;
  const info = await channelState(rt, c.client, channelId);
  if (info === 'unknown') return buildLinkRefused({ channelId, reason: 'unchecked' });
  if (info === 'unreadable') return buildLinkRefused({ channelId, reason: 'unreadable' });
  if (info.isPrivate && (await inChannel(rt, c, channelId, c.member.slackUserId)) !== true) return buildLinkRefused({ channelId, reason: 'not_member' });
  // who shares the channel (flows/capture.ts); none named: only events Slack authorizes for this workspace count here
  const teams = info.teams.length > 0 ? info.teams : null;
  const { previousAccountId } = await linkChannel(rt.db.pool, ws.id, channelId, account.id, c.member.slackUserId, teams);
  await linkedChannels(rt).added(ws.slackTeamId, channelId).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not add the link to the cache'));
  const previous = previousAccountId !== null && previousAccountId !== account.id ? await getAccountName(rt.db.pool, ws.id, previousAccountId) : null;
  const settings = await loadCaptureSettings(rt.db.pool, ws.id);
  return buildLinked({ channelId, accountName: account.name, previousAccountName: previous?.name ?? null, snippets: settings.snippets });
}

export async function runLinkCommand(rt: Runtime, c: Caller, cmd: LinkCommand): Promise<SlackMessage> {
  const ws = c.workspace;
  if (cmd.verb === 'unlink') {
    // as linking: a private channel only someone in it may unlink (the answer names its account);
    // one Slack refuses for good anyone may, and one Slack could not be asked about waits
    const state = await channelState(rt, c.client, cmd.channelId);
    if (state === 'unknown') return buildLinkRefused({ channelId: cmd.channelId, reason: 'unchecked', verb: 'unlink' });
    if (state !== 'unreadable' && state.isPrivate && (await inChannel(rt, c, cmd.channelId, c.member.slackUserId)) !== true) {
      return buildLinkRefused({ channelId: cmd.channelId, reason: 'not_member', verb: 'unlink' });
    }
    const gone = await unlinkChannel(rt.db.pool, ws.id, cmd.channelId);
    if (gone) await linkedChannels(rt).removed(ws.slackTeamId, cmd.channelId).catch((err: Error) => rt.log.warn({ err: err.message }, 'could not remove the link from the cache'));
    return buildUnlinked({ channelId: cmd.channelId, accountName: gone?.accountName ?? null, unseen: state === 'unreadable' });
  }
  const key = nameKey(cmd.accountText);
  const candidates = await findAccountCandidates(rt.db.pool, ws.id, { exactKeys: [key], prefixKey: key });
  const m = matchName(cmd.accountText, candidates);
  if (m.kind === 'none') {
    return buildErrorMessage({ code: 'unknown_account', message: `No account matches "${truncate(cmd.accountText, 80)}". Create it with \`/account\` first.`, example: LINK_EXAMPLE });
  }
  if (m.kind === 'ambiguous') {
    const names = m.items.map((a) => truncate(a.name, 60)).join(', ');
    return buildErrorMessage({ code: 'ambiguous', message: `Which one: ${names}${m.total > m.items.length ? ', …' : ''}? Use the full name.`, example: LINK_EXAMPLE });
  }
  return linkAndCache(rt, c, cmd.channelId, m.item);
}

export async function runCaptureCommand(rt: Runtime, c: Caller, cmd: CaptureCommand): Promise<SlackMessage> {
  const ws = c.workspace.id;
  if (cmd.kind === 'show') return buildCaptureSettings(await loadCaptureSettings(rt.db.pool, ws));
  const gate = await managerGate(rt, c, 'change how linked channels are captured');
  if (!gate.ok) return gate.message;
  const saved = await saveCaptureSettings(rt.db.pool, ws, cmd.kind === 'snippets' ? { snippets: cmd.on } : { giveEmojis: cmd.emojis });
  return buildCaptureSettings(saved, gate.note);
}

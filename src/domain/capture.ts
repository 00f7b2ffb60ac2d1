// Capturing touches from linked channels (issue 16), the pure part: which Slack messages count,
// who spoke (the customer's side or the team), the hour a message folds into, the bounded
// snippet, the `/tend link` grammar and the names a Slack Connect team could match.
import { CHANNEL_ID, CHANNEL_ID_PART, SLACK_TS, SLACKBOT_USER_ID, TEAM_ID, USER_ID } from './slack-ids.ts';
import { slackToPlain } from './slack-text.ts';
import { cleanInput, nameKey, truncate } from './text.ts';
import type { CommandError, TouchDirection } from './vocabulary.ts';

/** A stored snippet is at most this long (only when the workspace turns snippets on). */
export const MAX_SNIPPET_LENGTH = 280;
/** The message text the shortcut pre-fills the log form with (the form's summary cap is larger). */
export const MAX_SHORTCUT_TEXT = 2_000;
/** Touches fold per account, direction and this long a bucket. */
export const FOLD_MS = 3_600_000;
/** The give emoji a workspace starts with, and how many it may set. */
export const DEFAULT_GIVE_EMOJIS = ['gift'] as const;
export const MAX_GIVE_EMOJIS = 10;

/**
 * Subtypes that are not someone writing to the customer: joins, leaves, topic changes, edits,
 * deletes, bots… Only a plain message (no subtype), a file share, a reply also sent to the
 * channel and a `/me` message (someone writing, in the third person) count.
 */
const COUNTED_SUBTYPES = new Set(['file_share', 'thread_broadcast', 'me_message']);

/** The fields of a Slack `message` event Tend reads; everything else is ignored. */
export type MessageEvent = {
  type?: unknown;
  subtype?: unknown;
  channel?: unknown;
  user?: unknown;
  bot_id?: unknown;
  text?: unknown;
  ts?: unknown;
  team?: unknown;
  user_team?: unknown;
  files?: unknown;
  /** "channel" (public), "group" (private), "im", "mpim" */
  channel_type?: unknown;
};

export type CountedMessage = {
  channelId: string;
  userId: string;
  direction: TouchDirection;
  /** when it was sent, from its ts */
  at: Date;
  ts: string;
  text: string;
};

/** Whether a message event can count at all, before anything is looked up (the HTTP edge asks this). */
export function countsAsMessage(e: MessageEvent): boolean {
  if (e.type !== 'message') return false;
  if (e.subtype !== undefined && !(typeof e.subtype === 'string' && COUNTED_SUBTYPES.has(e.subtype))) return false;
  if (e.bot_id !== undefined && e.bot_id !== null) return false;
  // a /remind in the channel is nobody talking to the customer
  if (e.user === SLACKBOT_USER_ID) return false;
  return typeof e.channel === 'string' && CHANNEL_ID.test(e.channel) && typeof e.user === 'string' && USER_ID.test(e.user) && typeof e.ts === 'string' && SLACK_TS.test(e.ts);
}

/**
 * The message as a touch for the installation of `ownTeamId`, or null when it does not count.
 * In a Slack Connect channel the sender's team (`user_team`, else `team`) differs from ours:
 * that is the customer's side. Without a team on the event it is one of ours.
 */
/** Whose side a message's sender is on, seen from a workspace: another team's is the customer's. */
export function directionOf(senderTeam: string | undefined, ownTeamId: string): TouchDirection {
  return senderTeam !== undefined && senderTeam !== ownTeamId ? 'customer' : 'team';
}

/**
 * The sides a changed message may have been folded under: its sender's (directionOf), or both
 * when the event does not say the sender's team (a tombstone).
 */
export function sidesOf(senderTeam: string | null, ownTeamId: string): TouchDirection[] {
  return senderTeam === null ? ['team', 'customer'] : [directionOf(senderTeam, ownTeamId)];
}

export function readMessage(e: MessageEvent, ownTeamId: string): CountedMessage | null {
  if (!countsAsMessage(e)) return null;
  const senderTeam = [e.user_team, e.team].find((t): t is string => typeof t === 'string' && TEAM_ID.test(t));
  const direction = directionOf(senderTeam, ownTeamId);
  const ts = e.ts as string;
  return { channelId: e.channel as string, userId: e.user as string, direction, at: new Date(Math.round(Number(ts) * 1000)), ts, text: typeof e.text === 'string' ? e.text : '' };
}

/**
 * What an Events API envelope says about who may see its event. Since 2021 Slack sends an event
 * once per app, naming at most one installation that sees it (`authorizations`); in a Slack
 * Connect channel the others are listed by apps.event.authorizations.list for `event_context`.
 */
export type EventAudience = { eventId: string | null; eventContext: string | null; shared: boolean };

export function readEventAudience(body: { event_id?: unknown; event_context?: unknown; is_ext_shared_channel?: unknown }): EventAudience {
  const text = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);
  return { eventId: text(body.event_id, 100), eventContext: text(body.event_context, 2_000), shared: body.is_ext_shared_channel === true };
}

/** The team ids of an apps.event.authorizations.list answer (an org-wide install without one: its enterprise id). */
export function authorizedTeamIds(authorizations: unknown): string[] {
  if (!Array.isArray(authorizations)) return [];
  const ids = new Set<string>();
  for (const a of authorizations as { team_id?: unknown; enterprise_id?: unknown; is_enterprise_install?: unknown }[]) {
    const id = typeof a?.team_id === 'string' ? a.team_id : a?.is_enterprise_install === true ? a.enterprise_id : null;
    if (typeof id === 'string' && TEAM_ID.test(id)) ids.add(id);
  }
  return [...ids];
}

/**
 * The teams conversations.info names in a channel (its own, and a Slack Connect channel's
 * others), as recorded on a link: whose installations may see its messages.
 */
export function channelTeamIds(channel: unknown): string[] {
  const ch = (channel ?? {}) as { context_team_id?: unknown; shared_team_ids?: unknown; connected_team_ids?: unknown };
  const all = [ch.context_team_id, ...(Array.isArray(ch.shared_team_ids) ? ch.shared_team_ids : []), ...(Array.isArray(ch.connected_team_ids) ? ch.connected_team_ids : [])];
  return [...new Set(all.filter((t): t is string => typeof t === 'string' && TEAM_ID.test(t)))].slice(0, 250);
}

/**
 * Whether a snippet of the message may be kept: only from a public channel. A private channel's
 * words would reach anyone who opens the account card; an event that does not say keeps none.
 */
export function mayKeepSnippet(e: MessageEvent): boolean {
  return e.channel_type === 'channel';
}

/**
 * A deletion or an edit of a message that may have been captured (`message_deleted`, or
 * `message_changed`, whose new message is a `tombstone` when a thread's parent is deleted): the
 * channel, the hour the message folded into and who sent it. Its touch stays counted (the
 * conversation happened); what changes is the words Tend may have kept of it.
 * - `deleted`: the snippet of each fold row it could have fed is blanked, whatever it holds
 *   (the snippet is the hour's latest message's; a later one's words are lost with it, the price
 *   of never keeping a deleted message's).
 * - `edited`: a snippet that is the old text is replaced by the new (the sender corrected or
 *   redacted it, and the row shows what they now stand by); any other snippet is a later
 *   message's and stays. An edit that leaves the text as it was (an unfurl) is nothing.
 * `senderTeam` is null when the message does not say (then both sides' rows are touched).
 */
export type CapturedChange =
  | { kind: 'deleted'; channelId: string; at: Date; senderTeam: string | null }
  | { kind: 'edited'; channelId: string; at: Date; senderTeam: string | null; oldSnippet: string; newText: string };

/** The fields of a `message_deleted` / `message_changed` event Tend reads. */
type ChangeEvent = MessageEvent & { deleted_ts?: unknown; message?: unknown; previous_message?: unknown };

const rec = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The message event as a change to what may have been captured, or null when it is not one (the HTTP edge asks this). */
export function readCapturedChange(e: ChangeEvent): CapturedChange | null {
  if (e.type !== 'message' || (e.subtype !== 'message_deleted' && e.subtype !== 'message_changed')) return null;
  if (typeof e.channel !== 'string' || !CHANNEL_ID.test(e.channel)) return null;
  const prev = rec(e.previous_message);
  const now = rec(e.message);
  // an app's message is never captured (countsAsMessage): its deletion or edit changes nothing here
  if (prev && prev.bot_id !== undefined && prev.bot_id !== null) return null;
  const tsOf = e.subtype === 'message_deleted' ? (e.deleted_ts ?? prev?.ts) : (now?.ts ?? prev?.ts);
  if (typeof tsOf !== 'string' || !SLACK_TS.test(tsOf)) return null;
  const at = new Date(Math.round(Number(tsOf) * 1000));
  const who = prev ?? now;
  const senderTeam = [who?.user_team, who?.team].find((t): t is string => typeof t === 'string' && TEAM_ID.test(t)) ?? null;
  const channelId = e.channel;
  if (e.subtype === 'message_deleted' || now?.subtype === 'tombstone') return { kind: 'deleted', channelId, at, senderTeam };
  // without the old text Tend cannot tell whether the snippet is this message's
  if (!prev || typeof prev.text !== 'string' || !prev.text) return null;
  const newText = typeof now?.text === 'string' ? now.text : '';
  const oldSnippet = snippetOf(prev.text);
  if (snippetOf(newText) === oldSnippet) return null;
  return { kind: 'edited', channelId, at, senderTeam, oldSnippet, newText };
}

/** The start of the hour a message folds into. */
export function foldHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / FOLD_MS) * FOLD_MS);
}

/** The fold's key: one conversation row per account, direction and hour (unique with the workspace). */
export function foldKey(accountId: number, direction: TouchDirection, at: Date): string {
  return `channel:${accountId}:${direction}:${foldHour(at).toISOString()}`;
}

/**
 * What is kept of a message's text when snippets are on: as the sender saw it (slackToPlain),
 * cleaned, on one line, bounded. Plain text: escape it when showing it. The whole text is read
 * (the edge bounds it), since a long link or mention reads shorter decoded.
 */
export function snippetOf(text: string): string {
  return truncate(cleanInput(slackToPlain(text)).replace(/\s+/g, ' '), MAX_SNIPPET_LENGTH);
}

/** How much of a message the shortcut reads: far more than it keeps, so decoding only shortens it. */
const SHORTCUT_READ = 40_000;

/**
 * The shortcut's pre-filled summary: the message text as the sender saw it, trimmed and
 * bounded. Any message is read, however long (the form opens with its start).
 */
export function shortcutText(text: unknown): string {
  return typeof text === 'string' ? truncate(cleanInput(slackToPlain(text.slice(0, SHORTCUT_READ))), MAX_SHORTCUT_TEXT) : '';
}

/**
 * What Slack puts in `text` for an app's message made of blocks alone (its own block_actions
 * example shows it): not words anyone wrote, so never a summary.
 */
const NO_TEXT_PLACEHOLDER = /^This content can[’']t be displayed\.?$/;
/** Blocks, elements and attachments walked at most: a message holds 50 blocks, far fewer words. */
const MAX_PARTS_READ = 500;

/** Raw text (as a rich_text element holds it) in Slack's encoding, so slackToPlain reads it back as typed. */
const encode = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The words of a message a shortcut was used on, in Slack's text encoding (shortcutText decodes
 * and bounds them): its `text`, unless that is empty or Slack's placeholder for a message of
 * blocks; then the words of its blocks (rich text, headers, sections and their fields, context),
 * else of its attachments (title and text, else the fallback). Reads a bounded part of any message.
 */
export function shortcutMessageText(message: unknown): string {
  if (!isRecord(message)) return '';
  const text = str(message.text).trim();
  if (text && !NO_TEXT_PLACEHOLDER.test(text)) return text;
  let parts = 0;
  let read = 0;
  const lines: string[] = [];
  const push = (line: string) => {
    if (line.trim() && read < SHORTCUT_READ) {
      lines.push(line);
      read += line.length;
    }
  };
  const more = () => ++parts <= MAX_PARTS_READ && read < SHORTCUT_READ;
  /** A text object: mrkdwn arrives encoded like a message's text, plain_text as typed. */
  const textObject = (t: unknown) => (isRecord(t) ? (t.type === 'plain_text' ? encode(str(t.text)) : str(t.text)) : '');
  /** One rich_text element (text, link, user, channel, emoji…) as message text writes it. */
  const richElement = (e: Record<string, unknown>): string => {
    switch (e.type) {
      case 'text': return encode(str(e.text));
      case 'link': return e.text ? `<${str(e.url)}|${encode(str(e.text))}>` : `<${str(e.url)}>`;
      case 'user': return `<@${str(e.user_id)}>`;
      case 'channel': return `<#${str(e.channel_id)}>`;
      case 'usergroup': return `<!subteam^${str(e.usergroup_id)}>`;
      case 'broadcast': return `<!${str(e.range)}>`;
      case 'emoji': return `:${str(e.name)}:`;
      case 'date': return encode(str(e.fallback));
      default: return '';
    }
  };
  /** A rich_text block's sections, lists, quotes and preformatted parts, one line each. */
  const richText = (elements: unknown) => {
    for (const el of Array.isArray(elements) ? elements : []) {
      if (!more() || !isRecord(el)) continue;
      if (el.type === 'rich_text_list') richText(el.elements);
      else if (Array.isArray(el.elements)) push(el.elements.filter(isRecord).slice(0, MAX_PARTS_READ).map(richElement).join(''));
    }
  };
  for (const block of Array.isArray(message.blocks) ? message.blocks : []) {
    if (!more() || !isRecord(block)) continue;
    if (block.type === 'rich_text') richText(block.elements);
    else if (block.type === 'header' || block.type === 'section') {
      push(textObject(block.text));
      for (const f of Array.isArray(block.fields) ? block.fields.slice(0, 10) : []) push(textObject(f));
    } else if (block.type === 'context') {
      for (const e of Array.isArray(block.elements) ? block.elements.slice(0, 10) : []) if (isRecord(e) && e.type !== 'image') push(textObject(e));
    }
  }
  if (lines.length === 0) {
    for (const a of Array.isArray(message.attachments) ? message.attachments : []) {
      if (!more() || !isRecord(a)) continue;
      const words = [str(a.pretext), str(a.title), str(a.text)].filter((x) => x.trim());
      if (words.length > 0) words.forEach(push);
      else push(str(a.fallback));
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- /tend link, /tend unlink

export const LINK_EXAMPLE = '/tend link #acme-shared Acme';
export const UNLINK_EXAMPLE = '/tend unlink #acme-shared';
export const LINK_HELP =
  '• `/tend link #channel Acme` — count messages in that channel as touches of Acme (customers\' and the team\'s). `/tend unlink #channel` stops it. The account card lists its channels.';

/** Longest `/tend link` text read; a channel mention and an account name fit well within. */
const MAX_LINK_TEXT = 400;
/** Slack's channel mention as it arrives in a command: `<#C123|name>` or `<#C123>`. */
const MENTION = new RegExp(`^<#(${CHANNEL_ID_PART})(?:\\|([^>]{0,80}))?>`);

export type LinkCommand =
  | { verb: 'link'; channelId: string; channelName: string | null; accountText: string }
  | { verb: 'unlink'; channelId: string; channelName: string | null };

const err = (code: string, message: string, example: string) => ({ ok: false as const, error: { code, message, example } satisfies CommandError });

/** `link <#C…> Account` or `unlink <#C…>`; null when the text is not a link verb. */
export function parseLinkCommand(text: string): { ok: true; value: LinkCommand } | { ok: false; error: CommandError } | null {
  const m = /^\s*(link|unlink)\b\s*/i.exec(text);
  if (!m) return null;
  const verb = m[1]!.toLowerCase() as 'link' | 'unlink';
  const example = verb === 'link' ? LINK_EXAMPLE : UNLINK_EXAMPLE;
  if (text.length > MAX_LINK_TEXT) return err('too_long', `That is too long for \`/tend ${verb}\`.`, example);
  const rest = text.slice(m[0].length);
  const mention = MENTION.exec(rest);
  if (!mention) {
    return err('no_channel', `Name the channel as a mention: type # and pick it, as in \`${example}\`.`, example);
  }
  const channelId = mention[1]!;
  const channelName = mention[2] ? mention[2] : null;
  const after = cleanInput(rest.slice(mention[0].length));
  if (verb === 'unlink') return { ok: true, value: { verb, channelId, channelName } };
  if (!nameKey(after)) return err('no_account', 'Which account? Put its name after the channel.', example);
  return { ok: true, value: { verb, channelId, channelName, accountText: after } };
}

// ---------------------------------------------------------------- Slack Connect offers

/**
 * The name keys a Slack Connect team could be an account under: its name, its email domain
 * whole ("acme.com") and without the top-level part ("acme"). Matched exactly against account
 * names and aliases; a prefix is never enough to offer a link.
 */
export function connectKeys(team: { name?: string | null; emailDomain?: string | null }): string[] {
  const keys = new Set<string>();
  if (team.name) keys.add(nameKey(team.name.slice(0, 200)));
  for (const d of (team.emailDomain ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean).slice(0, 5)) {
    keys.add(nameKey(d));
    const label = d.split('.').slice(0, -1).join('.');
    if (label) keys.add(nameKey(label));
  }
  keys.delete('');
  return [...keys];
}

// ---------------------------------------------------------------- give reactions

/** An emoji name as Slack sends it in a reaction (no colons, skin tone after `::`). */
export function emojiName(reaction: string): string {
  return reaction.split('::')[0]!.toLowerCase();
}

// ---------------------------------------------------------------- /tend capture (settings)

export const CAPTURE_HELP =
  '• `/tend capture` — how linked channels are captured. `/tend capture snippets on|off` keeps a short snippet of each message (off: only who, when and where); `/tend capture gives :gift: :star:` sets the reactions that mark the team\'s message as a give (managers).';
const CAPTURE_EXAMPLE = '/tend capture snippets on';

export type CaptureCommand = { kind: 'show' } | { kind: 'snippets'; on: boolean } | { kind: 'gives'; emojis: string[] };

/** `capture`, `capture snippets on|off`, `capture gives :a: :b:`; null when the text is not this verb. */
export function parseCaptureCommand(text: string): { ok: true; value: CaptureCommand } | { ok: false; error: CommandError } | null {
  const m = /^\s*capture\b\s*(.*)$/is.exec(text);
  if (!m) return null;
  const rest = m[1]!.trim();
  if (rest === '') return { ok: true, value: { kind: 'show' } };
  const snip = /^snippets?\s+(on|off)$/i.exec(rest);
  if (snip) return { ok: true, value: { kind: 'snippets', on: snip[1]!.toLowerCase() === 'on' } };
  const gives = /^gives?\s+(.+)$/is.exec(rest);
  if (gives) {
    const words = gives[1]!.split(/\s+/).filter(Boolean);
    // a toned emoji as Slack's picker inserts it (`:+1::skin-tone-2:`) names its base: a
    // reaction is matched without its tone (emojiName), so every tone counts
    const emojis = words.map((w) => /^:?([a-z0-9_+'-]{1,60})(?:::skin-tone-[2-6])?:?$/i.exec(w)?.[1]?.toLowerCase());
    if (emojis.some((e) => e === undefined) || emojis.length === 0) return err('bad_emoji', 'Name the reactions as emoji, as in `/tend capture gives :gift: :star:`.', '/tend capture gives :gift:');
    const unique = [...new Set(emojis as string[])];
    if (unique.length > MAX_GIVE_EMOJIS) return err('too_many', `At most ${MAX_GIVE_EMOJIS} reactions.`, '/tend capture gives :gift:');
    return { ok: true, value: { kind: 'gives', emojis: unique } };
  }
  return err('unknown', 'Try `/tend capture snippets on`, `/tend capture snippets off` or `/tend capture gives :gift:`.', CAPTURE_EXAMPLE);
}

// What `/tend link`, `/tend unlink` and `/tend capture` answer, and the Slack Connect offer
// to link a shared channel. Pure; names are escaped, channels are Slack mentions.
import type { types } from '@slack/bolt';
import { CHANNEL_ID } from '../domain/slack-ids.ts';
import { escapeTruncate, mrkdwnFallback, truncate } from '../domain/text.ts';
import type { SlackMessage } from '../domain/vocabulary.ts';
import { ACTIONS } from './ids.ts';

const channel = (id: string) => (CHANNEL_ID.test(id) ? `<#${id}>` : 'that channel');
const message = (text: string, extra: types.KnownBlock[] = []): SlackMessage => ({
  text: mrkdwnFallback(text),
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...extra],
});

export function buildLinked(o: { channelId: string; accountName: string; previousAccountName: string | null; snippets: boolean }): SlackMessage {
  const moved = o.previousAccountName ? ` (it counted for *${escapeTruncate(o.previousAccountName, 80)}* until now)` : '';
  const kept = o.snippets ? 'a short snippet of each (public channels only)' : 'who wrote and when, not the text';
  return message(
    `:link: Messages in ${channel(o.channelId)} now count as touches of *${escapeTruncate(o.accountName, 80)}*${moved}. ` +
      `Tend keeps ${kept}. Make sure Tend is in the channel (\`/invite @Tend\`).`,
  );
}

/**
 * Why a channel was not linked: Tend cannot see it (a private channel it is not in), or it is
 * private and the person linking is not in it (they would learn when its members talk).
 */
export function buildLinkRefused(o: { channelId: string; reason: 'unreadable' | 'not_member' | 'unchecked'; verb?: 'link' | 'unlink' }): SlackMessage {
  if (o.reason === 'unchecked') {
    return message(`:hourglass: I couldn't check ${channel(o.channelId)} with Slack just now, so nothing was ${o.verb ?? 'link'}ed. Try again in a minute.`);
  }
  if (o.reason === 'unreadable') {
    return message(`:lock: I can't see ${channel(o.channelId)}, so nothing was linked. Invite me to it first (\`/invite @Tend\` in the channel), then link it again.`);
  }
  const verb = o.verb ?? 'link';
  return message(`:lock: ${channel(o.channelId)} is private and you're not in it, so nothing was ${verb}ed. Someone in the channel can ${verb} it.`);
}

/**
 * `unseen`: a channel Slack says Tend cannot read (deleted, or private without Tend): unlinked without naming
 * the account, which could be a private channel's, to someone who may not be in it.
 */
export function buildUnlinked(o: { channelId: string; accountName: string | null; unseen?: boolean }): SlackMessage {
  if (!o.accountName) return message(`${channel(o.channelId)} wasn't linked to an account, so nothing changed.`);
  if (o.unseen) return message(`:broken_chain: ${channel(o.channelId)} is unlinked: its messages no longer count as touches. Touches already captured stay.`);
  return message(`:broken_chain: ${channel(o.channelId)} no longer counts as touches of *${escapeTruncate(o.accountName, 80)}*. Touches already captured stay.`);
}

export function buildCaptureSettings(s: { snippets: boolean; giveEmojis: string[] }, note?: string): SlackMessage {
  const gives = s.giveEmojis.length ? s.giveEmojis.map((e) => `:${e}:`).join(' ') : '_none_';
  return message(
    `*Capturing linked channels*\n• Snippets: ${s.snippets ? 'on — a short snippet of each message is kept' : 'off — only who, when and where'}\n` +
      `• A reaction with ${gives} on the team's message marks it as a give.${note ? `\n${note}` : ''}`,
  );
}

/** The offer to link a Slack Connect channel whose organisation matches an account; never linked without the click. */
export function buildLinkOffer(o: { channelId: string; teamName: string; accountId: number; accountName: string }): SlackMessage {
  const text = `:handshake: ${channel(o.channelId)} is shared with *${escapeTruncate(o.teamName, 80)}*. Count its messages as touches of *${escapeTruncate(o.accountName, 80)}*?`;
  return message(text, [
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.linkChannel,
          style: 'primary',
          text: { type: 'plain_text', text: truncate(`Link to ${o.accountName.replace(/\s+/g, ' ')}`, 75) },
          value: `${o.channelId}:${o.accountId}`,
        },
      ],
    },
  ]);
}

// The HTTP edge's answer to channel messages (issue 16): Tend hears every message in every
// channel its bot is in, and only linked channels matter. A message that cannot count (a bot,
// a join) or whose channel is not linked for the team it was sent to is answered 200 here, from
// the body the guard parsed, with one Redis lookup and no database query; the rest goes on to
// Bolt and the capture listener. A deletion or an edit of a person's message is not a touch but
// may change a kept snippet (domain/capture.ts readCapturedChange): in a linked channel it goes
// on too, elsewhere it is dropped here like any other. Slack sends a Slack Connect
// channel's message once, for one of the installations that see it: such a message goes on
// when any workspace linked the channel. One deletion goes on wherever it is: Tend's own
// post (a nudge message an admin deleted, delivery/message-gone.ts), told from the message's
// author and the bot user the envelope names, with no lookup at all.
import type { RequestHandler } from 'express';
import { countsAsMessage, readCapturedChange, type MessageEvent } from '../../domain/capture.ts';
import { readOwnPostDeletion } from '../../delivery/message-gone.ts';
import type { Runtime } from '../../runtime.ts';
import type { SlackBody } from '../../web/verify-slack.ts';
import { linkedChannels } from './linked-channels.ts';

/** The team an event is for, as Bolt reads it: the first authorization's, else the envelope's. */
export function eventTeamId(body: SlackBody): string | undefined {
  const auths = body.authorizations;
  const first = Array.isArray(auths) ? (auths[0] as { team_id?: unknown } | undefined) : undefined;
  if (typeof first?.team_id === 'string') return first.team_id;
  return typeof body.team_id === 'string' ? body.team_id : undefined;
}

/** The bot user the event was authorized for (the first authorization's, when it is a bot's). */
function eventBotUserId(body: SlackBody): string | undefined {
  const auths = body.authorizations;
  const first = Array.isArray(auths) ? (auths[0] as { user_id?: unknown; is_bot?: unknown } | undefined) : undefined;
  return first?.is_bot === true && typeof first.user_id === 'string' ? first.user_id : undefined;
}

export function captureEdge(rt: Runtime): RequestHandler {
  return (_req, res, next) => {
    const body = res.locals.slackBody as SlackBody | undefined;
    const event = body?.event as MessageEvent | undefined;
    if (!body || body.type !== 'event_callback' || event?.type !== 'message') return next();
    const drop = (why: string) => {
      res.locals.slackKind = { kind: 'event', name: `message_${why}` };
      res.status(200).send('');
    };
    // Tend's own post deleted: the nudge's listener records it, in any channel
    if (readOwnPostDeletion(event, { botUserId: eventBotUserId(body) })) return next();
    if (!countsAsMessage(event) && !readCapturedChange(event)) return drop('ignored');
    const team = eventTeamId(body);
    if (!team) return drop('ignored');
    linkedChannels(rt)
      .mayCapture(team, event.channel as string, body.is_ext_shared_channel === true)
      .then((linked) => (linked ? next() : drop('unlinked')))
      // without the cache, the listener decides from the database
      .catch((err: Error) => {
        rt.log.warn({ err: err.message }, 'linked-channel cache unavailable; passing the message on');
        next();
      });
  };
}

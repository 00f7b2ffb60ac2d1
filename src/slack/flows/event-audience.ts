// Which installations of Tend see a Slack event (issue 16, Slack Connect channels). Slack sends
// an event once per app, naming at most one installation in `authorizations`; all of them are
// listed by apps.event.authorizations.list, which takes the app-level token (SLACK_APP_TOKEN,
// scope authorizations:read). Without that token, or when Slack does not answer, the caller falls
// back to what each link recorded of the channel's teams (flows/capture.ts), read here too.
import type { WebClient } from '@slack/web-api';
import { authorizedTeamIds, channelTeamIds } from '../../domain/capture.ts';
import { createWebClient } from '../../delivery/slack.ts';
import { slackLogger } from '../../log.ts';
import type { Runtime } from '../../runtime.ts';

/** 200 a page; a Slack Connect channel holds at most 250 organisations. */
const PAGE = 200;
const MAX_PAGES = 2;
/** Answers that will not change by asking again: the token cannot list authorizations. */
const TOKEN_REFUSED = new Set(['missing_scope', 'not_allowed_token_type', 'invalid_auth', 'not_authed', 'token_revoked', 'account_inactive']);

const clients = new WeakMap<object, WebClient | null>();

function appClient(rt: Runtime): WebClient | null {
  if (clients.has(rt)) return clients.get(rt)!;
  const s = rt.config.slack;
  const token = s.mode === 'socket' || s.mode === 'oauth' ? s.appToken : undefined;
  const client = token ? createWebClient(token, rt.config.slackApiUrl, slackLogger(rt.log, 'slack-web-api')) : null;
  clients.set(rt, client);
  return client;
}

/**
 * The channel's teams as a workspace's bot reads them (conversations.info): in a Slack Connect
 * channel, whose installations see its messages when Slack cannot be asked per event. Null
 * when the bot cannot read it.
 */
export async function teamsInChannel(rt: Runtime, client: WebClient, channelId: string): Promise<string[] | null> {
  try {
    const teams = channelTeamIds((await client.conversations.info({ channel: channelId })).channel);
    return teams.length > 0 ? teams : null;
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'conversations.info failed; no teams recorded for the channel');
    return null;
  }
}

/** The teams Slack says see the event; null when it cannot be asked (no app-level token or context, or a failed call). */
export async function teamsSeeingEvent(rt: Runtime, eventContext: string | null): Promise<Set<string> | null> {
  const client = appClient(rt);
  if (!client || !eventContext) return null;
  try {
    const teams = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await client.apps.event.authorizations.list({ event_context: eventContext, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const t of authorizedTeamIds(res.authorizations)) teams.add(t);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return teams;
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code && TOKEN_REFUSED.has(code)) {
      // e.g. a Socket Mode token with connections:write only: said once, not on every message
      clients.set(rt, null);
      rt.log.warn({ code }, 'SLACK_APP_TOKEN cannot call apps.event.authorizations.list (it needs the authorizations:read scope); shared channels use the teams recorded at link time');
    } else {
      rt.log.warn({ err: (err as Error).message }, 'apps.event.authorizations.list failed; deciding from the teams recorded at link time');
    }
    return null;
  }
}

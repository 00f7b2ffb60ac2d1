// Which installations of Tend see a Slack event (issue 16, Slack Connect channels). Slack sends
// an event once per app, naming at most one installation in `authorizations`; all of them are
// listed by apps.event.authorizations.list, which takes the app-level token (SLACK_APP_TOKEN,
// scope authorizations:read). Without that token, or when Slack does not answer, the caller falls
// back to what each link recorded of the channel's teams (flows/capture.ts), read here too.
// A listener that finds the event is another installation's business (a reaction on its nudge,
// events/reactions.ts) asks which of them see it and speaks for that one with its own bot token.
import { WebClient } from '@slack/web-api';
import { botTokenForWorkspace, type TokenRotation } from '../../data/installations.ts';
import { createTokenRefresher, createWebClient } from '../../delivery/slack.ts';
import { authorizedTeamIds, channelTeamIds } from '../../domain/capture.ts';
import { slackLogger } from '../../log.ts';
import type { Runtime } from '../../runtime.ts';
import { slackErrorCode, slackFailure } from '../../domain/slack-errors.ts';

/** 200 a page; a Slack Connect channel holds at most 250 organisations. */
const PAGE = 200;
const MAX_PAGES = 2;
/** Answers that will not change by asking again: the token cannot list authorizations. */
const TOKEN_REFUSED = new Set(['missing_scope', 'not_allowed_token_type', 'invalid_auth', 'not_authed', 'token_revoked', 'account_inactive']);

/**
 * Asked on the message path: a slow answer holds the listener, so it gets little time and the
 * recorded teams decide without it.
 */
export const AUTHORIZATIONS_TIMEOUT_MS = 1_500;
/**
 * Who sees a channel's events changes only when an organisation joins or leaves it
 * (channel_shared / channel_unshared clear it here), so one answer serves the channel this long.
 */
export const AUDIENCE_TTL_MS = 60_000;
const MAX_CACHED_CHANNELS = 10_000;

const clients = new WeakMap<object, WebClient | null>();
const audiences = new WeakMap<object, Map<string, { teams: Set<string> | null; at: number }>>();

function appClient(rt: Runtime): WebClient | null {
  if (clients.has(rt)) return clients.get(rt)!;
  const s = rt.config.slack;
  const token = s.mode === 'socket' || s.mode === 'oauth' ? s.appToken : undefined;
  const client = token
    ? new WebClient(token, {
        slackApiUrl: rt.config.slackApiUrl,
        logger: slackLogger(rt.log, 'slack-web-api'),
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        timeout: AUTHORIZATIONS_TIMEOUT_MS,
      })
    : null;
  clients.set(rt, client);
  return client;
}

function audienceCache(rt: Runtime): Map<string, { teams: Set<string> | null; at: number }> {
  let m = audiences.get(rt);
  if (!m) audiences.set(rt, (m = new Map()));
  return m;
}

/** An organisation joined or left the channel: the next event there asks Slack again (this process; others within AUDIENCE_TTL_MS). */
export function forgetChannelAudience(rt: Runtime, channelId: string): void {
  audienceCache(rt).delete(channelId);
}

/**
 * A channel as a workspace's bot reads it (conversations.info): whether it is private, and its
 * teams (in a Slack Connect channel, whose installations see its messages when Slack cannot be
 * asked per event). 'unreadable' when Slack refuses it for good (no such channel for the bot,
 * deleted, or private without it; a token without the scope), 'unknown' when Slack could not be
 * asked (a 429, an outage): the callers answer those two differently.
 */
export async function channelState(rt: Runtime, client: WebClient, channelId: string): Promise<{ isPrivate: boolean; teams: string[] } | 'unreadable' | 'unknown'> {
  try {
    const channel = (await client.conversations.info({ channel: channelId })).channel;
    if (!channel) return 'unreadable';
    return { isPrivate: channel.is_private === true || channel.is_group === true, teams: channelTeamIds(channel) };
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'conversations.info failed');
    const code = slackErrorCode(err);
    const failure = code === undefined ? 'retry' : slackFailure(code);
    return failure === 'channel' || failure === 'workspace' ? 'unreadable' : 'unknown';
  }
}

/** The channel's teams as a workspace's bot reads them; null when it cannot read it or none are named. */
export async function teamsInChannel(rt: Runtime, client: WebClient, channelId: string): Promise<string[] | null> {
  const ch = await channelState(rt, client, channelId);
  return typeof ch !== 'string' && ch.teams.length > 0 ? ch.teams : null;
}

/**
 * The teams Slack says see the channel's events, asked with one event's context and kept per
 * channel for AUDIENCE_TTL_MS (a failed answer too, so a slow Slack is not asked per message);
 * null when it cannot be asked (no app-level token or context, or a failed call).
 */
export async function teamsSeeingEvent(rt: Runtime, channelId: string, eventContext: string | null, now = Date.now()): Promise<Set<string> | null> {
  const client = appClient(rt);
  if (!client || !eventContext) return null;
  const cache = audienceCache(rt);
  const hit = cache.get(channelId);
  if (hit && now - hit.at < AUDIENCE_TTL_MS) return hit.teams;
  const teams = await listAuthorizations(rt, client, eventContext);
  cache.delete(channelId);
  cache.set(channelId, { teams, at: now });
  if (cache.size > MAX_CACHED_CHANNELS) cache.delete(cache.keys().next().value!);
  return teams;
}

async function listAuthorizations(rt: Runtime, client: WebClient, eventContext: string): Promise<Set<string> | null> {
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
    const code = slackErrorCode(err);
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

/**
 * Of `teamIds`, those that see an event in a channel shared outside: as Slack lists them for the
 * event or, when it cannot be asked, as the authorized installation's bot reads the channel's
 * teams (one conversations.info, asked only when a candidate exists). A team neither names is out.
 */
export async function teamsAmongSeeing(rt: Runtime, channelId: string, eventContext: string | null, reader: WebClient, teamIds: readonly string[]): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set();
  const seeing = (await teamsSeeingEvent(rt, channelId, eventContext)) ?? new Set(await teamsInChannel(rt, reader, channelId) ?? []);
  return new Set(teamIds.filter((t) => seeing.has(t)));
}

const workspaceClients = new WeakMap<object, { rotation?: TokenRotation; clients: Map<number, WebClient> }>();

/**
 * A WebClient with a workspace's own bot token (OAuth mode: its installation, renewed when about
 * to expire, as the delivery port gets it), for acting as a workspace other than the one a request
 * was authorized for; null in single-token modes, where there is no other.
 */
export async function clientForWorkspace(rt: Runtime, workspaceId: number): Promise<WebClient | null> {
  const s = rt.config.slack;
  const key = rt.config.encryptionKey;
  if (s.mode !== 'oauth' || !key) return null;
  let mine = workspaceClients.get(rt);
  if (!mine) {
    const refresh = createTokenRefresher({ clientId: s.clientId, clientSecret: s.clientSecret, slackApiUrl: rt.config.slackApiUrl, log: rt.log });
    workspaceClients.set(rt, (mine = { rotation: { pool: rt.db.pool, refresh }, clients: new Map() }));
  }
  const token = await botTokenForWorkspace(rt.db.prisma, key, workspaceId, mine.rotation);
  let c = mine.clients.get(workspaceId);
  if (!c || c.token !== token) {
    c = createWebClient(token, rt.config.slackApiUrl, slackLogger(rt.log, 'slack-web-api'));
    mine.clients.set(workspaceId, c);
    if (mine.clients.size > MAX_CACHED_CHANNELS) mine.clients.delete(mine.clients.keys().next().value!);
  }
  return c;
}

// The Slack Web API adapter. The queue owns retries: the client never retries by itself
// and never sits on a 429 (its default would wait ~30 minutes and hide Retry-After).
import { WebClient, ErrorCode, type Logger as SlackLogger, type WebAPICallError } from '@slack/web-api';
import { slackLogger, type Logger } from '../log.ts';
import { classifySlackError, TransientDeliveryError, type DeliveryPort, type FileUpload, type Message, type Posted } from './port.ts';

export type TokenSource = (workspaceId: number) => Promise<string>;

export type { PostMetadata } from './port.ts';
export const NUDGE_EVENT_TYPE = 'tend_nudge';

// How far back reconciliation looks: retries after a crash or a timeout come within minutes.
const FIND_WINDOW_SEC = 3_600;
const FIND_PAGES = 5;
// network errors that mean the request never reached Slack
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
// @slack/web-api's words for a 429 without a usable Retry-After
const UNREADABLE_RETRY_AFTER = 'Retry header did not contain a valid timeout';

/** The client logs through pino (censored, JSON) rather than its own console logger. */
export function createWebClient(token: string | undefined, slackApiUrl: string, logger: SlackLogger): WebClient {
  return new WebClient(token, {
    slackApiUrl,
    logger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
}

function translate(err: unknown): Error {
  const e = err as WebAPICallError & { retryAfter?: number; data?: { error?: string }; original?: Error };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return classifySlackError('ratelimited', e.retryAfter);
    case ErrorCode.PlatformError:
      return classifySlackError(e.data?.error ?? 'unknown_error');
    case ErrorCode.HTTPError:
      // an HTTP error status is Slack's edge answering instead of the API: nothing was posted
      return new TransientDeliveryError(e.message, false);
    case ErrorCode.RequestError:
      return new TransientDeliveryError(e.message, !NEVER_SENT.has((e.original as NodeJS.ErrnoException | undefined)?.code ?? ''));
    default:
      // a 429 whose Retry-After the client could not read: it throws a plain Error (no code) with
      // these words; still a 429, so nothing was done and the wait is ours to choose
      if (err instanceof Error && err.message.startsWith(UNREADABLE_RETRY_AFTER)) return classifySlackError('ratelimited');
      return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * Token rotation: trades a refresh token for a new bot token and refresh token (oauth.v2.access
 * with grant_type=refresh_token, docs.slack.dev "Using token rotation"). Slack answers
 * expires_in in seconds; expiresAt is kept in epoch seconds, as @slack/oauth keeps it.
 */
export function createTokenRefresher(o: { clientId: string; clientSecret: string; slackApiUrl: string; log: Logger }) {
  const client = createWebClient(undefined, o.slackApiUrl, slackLogger(o.log, 'slack-web-api'));
  return async (refreshToken: string): Promise<{ token: string; refreshToken: string; expiresAt: number }> => {
    const res = await client.oauth.v2.access({ client_id: o.clientId, client_secret: o.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken });
    if (!res.access_token || !res.refresh_token || res.expires_in === undefined) throw new Error('oauth.v2.access renewed no token (is token rotation on for this app?)');
    return { token: res.access_token, refreshToken: res.refresh_token, expiresAt: Math.floor(Date.now() / 1000) + res.expires_in };
  };
}

export function createSlackDelivery(tokenFor: TokenSource, slackApiUrl: string, log: Logger): DeliveryPort {
  // one client a workspace, replaced when its token changes (token rotation renews it every 12 hours)
  const clients = new Map<number, WebClient>();
  const logger = slackLogger(log, 'slack-web-api');
  const client = async (workspaceId: number) => {
    const token = await tokenFor(workspaceId);
    let c = clients.get(workspaceId);
    if (!c || c.token !== token) {
      c = createWebClient(token, slackApiUrl, logger);
      clients.set(workspaceId, c);
    }
    return c;
  };
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw translate(err);
    }
  };
  return {
    kind: 'slack',
    async post(workspaceId, msg: Message): Promise<Posted> {
      const c = await client(workspaceId);
      const metadata = msg.metadata;
      const res = await call(() =>
        c.chat.postMessage({
          channel: msg.channel,
          text: msg.text,
          blocks: msg.blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          ...(metadata ? { metadata } : {}),
        }),
      );
      return { channel: String(res.channel), ts: String(res.ts) };
    },
    async update(workspaceId, msg) {
      const c = await client(workspaceId);
      await call(() => c.chat.update({ channel: msg.channel, ts: msg.ts, text: msg.text, blocks: msg.blocks as never }));
    },
    async findPosted(workspaceId, channel, key) {
      const c = await client(workspaceId);
      const oldest = String(Math.floor(Date.now() / 1000) - FIND_WINDOW_SEC);
      let cursor: string | undefined;
      for (let page = 0; page < FIND_PAGES; page++) {
        const res = await call(() => c.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }));
        for (const m of res.messages ?? []) {
          const meta = m.metadata as { event_type?: string; event_payload?: { key?: unknown } } | undefined;
          if (meta?.event_type === NUDGE_EVENT_TYPE && meta.event_payload?.key === key && m.ts) return { channel, ts: m.ts };
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) break;
      }
      return null;
    },
    async openDm(workspaceId, userId) {
      const c = await client(workspaceId);
      const res = await call(() => c.conversations.open({ users: userId }));
      return String(res.channel?.id);
    },
    // files.upload is retired: ask for an upload URL, POST the bytes there, then complete the
    // upload into the channel (docs.slack.dev "Uploading files").
    async uploadFile(workspaceId, file: FileUpload) {
      const c = await client(workspaceId);
      const target = await call(() =>
        c.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.length, ...(file.altText ? { alt_text: file.altText } : {}) }),
      );
      const fileId = String(target.file_id);
      let res: Response;
      try {
        res = await fetch(String(target.upload_url), { method: 'POST', body: file.bytes, signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        throw new TransientDeliveryError(`upload: ${(err as Error).message}`);
      }
      if (!res.ok) throw new TransientDeliveryError(`upload: HTTP ${res.status}`);
      await call(() =>
        c.files.completeUploadExternal({
          files: [{ id: fileId, title: file.title ?? file.filename }],
          channel_id: file.channel,
          ...(file.comment ? { initial_comment: file.comment } : {}),
        }),
      );
      return { fileId };
    },
  };
}

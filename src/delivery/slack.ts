// The Slack Web API adapter. The queue owns retries: the client never retries by itself
// and never sits on a 429 (its default would wait ~30 minutes and hide Retry-After).
import { WebClient, ErrorCode, type WebAPICallError } from '@slack/web-api';
import { classifySlackError, TransientDeliveryError, type DeliveryPort, type Message, type Posted } from './port.ts';

export type TokenSource = (workspaceId: number) => Promise<string>;

export function createWebClient(token: string, slackApiUrl: string): WebClient {
  return new WebClient(token, {
    slackApiUrl,
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
    case ErrorCode.RequestError:
      return new TransientDeliveryError(e.message);
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

export function createSlackDelivery(tokenFor: TokenSource, slackApiUrl: string): DeliveryPort {
  const clients = new Map<string, WebClient>();
  const client = async (workspaceId: number) => {
    const token = await tokenFor(workspaceId);
    let c = clients.get(token);
    if (!c) {
      c = createWebClient(token, slackApiUrl);
      clients.set(token, c);
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
      const res = await call(() =>
        c.chat.postMessage({ channel: msg.channel, text: msg.text, blocks: msg.blocks as never, unfurl_links: false, unfurl_media: false }),
      );
      return { channel: String(res.channel), ts: String(res.ts) };
    },
    async update(workspaceId, msg) {
      const c = await client(workspaceId);
      await call(() => c.chat.update({ channel: msg.channel, ts: msg.ts, text: msg.text, blocks: msg.blocks as never }));
    },
    async openDm(workspaceId, userId) {
      const c = await client(workspaceId);
      const res = await call(() => c.conversations.open({ users: userId }));
      return String(res.channel?.id);
    },
  };
}

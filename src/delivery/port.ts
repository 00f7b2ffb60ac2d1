// The one way out of the app: post and update messages, open DMs. Two adapters implement
// it: the Slack Web API (slack.ts) and a local outbox for laptops without credentials.
import { slackFailure } from '../domain/slack-errors.ts';

/** Slack message metadata: how a retry finds the message an earlier attempt posted. */
export type PostMetadata = { event_type: string; event_payload: Record<string, string | number | boolean> };

export type Message = {
  channel: string;
  text: string; // notification / fallback text
  blocks?: unknown[];
  metadata?: PostMetadata;
};

export type Posted = { channel: string; ts: string };

/** A file to share in a channel, e.g. a digest chart (PNG bytes). */
export type FileUpload = { channel: string; filename: string; title?: string; altText?: string; bytes: Uint8Array; comment?: string };

export interface DeliveryPort {
  readonly kind: 'slack' | 'outbox';
  post(workspaceId: number, msg: Message): Promise<Posted>;
  update(workspaceId: number, msg: Message & { ts: string }): Promise<void>;
  /** The DM channel with a user, for owner nudges and manager digests. */
  openDm(workspaceId: number, userId: string): Promise<string>;
  /** Finds the message we posted with this metadata key, if Slack has it (reconciliation after a crash). */
  findPosted?(workspaceId: number, channel: string, key: string): Promise<Posted | null>;
  /** Shares a file in a channel (Slack's external upload flow); optional: callers fall back to text. */
  uploadFile?(workspaceId: number, file: FileUpload): Promise<{ fileId: string }>;
}

/** Slack answered something that retrying will not fix: for this channel, the workspace, or this message alone. */
export class PermanentDeliveryError extends Error {
  constructor(readonly code: string, readonly scope: 'channel' | 'workspace' | 'message') {
    super(`Slack refused: ${code}`);
  }
}

/** Slack asked us to wait: the queue must not call again before retryAfterMs. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limited us for ${retryAfterMs} ms`);
  }
}

/**
 * Worth retrying with backoff: 5xx, network errors, timeouts. `maybeDelivered`: the call may
 * have taken effect though we never heard so (a timeout or a dropped connection after the
 * request went out, Slack's own internal_error / fatal_error); false when Slack surely did
 * nothing (an answer with an error, a connection never made). Unknown counts as maybe.
 */
export class TransientDeliveryError extends Error {
  constructor(readonly code: string, readonly maybeDelivered = true) {
    super(`Slack call failed, will retry: ${code}`);
  }
}

/**
 * How long to wait on a rate limit that gives no usable Retry-After: Slack counts its limits per
 * minute, so half of one is a safe guess.
 */
const FALLBACK_RETRY_AFTER_SEC = 30;

/** Maps a Slack Web API error code to what the queue should do about it (src/domain/slack-errors.ts). */
export function classifySlackError(code: string, retryAfterSec?: number): Error {
  const failure = slackFailure(code);
  if (failure === 'rate_limited') return new RateLimitedError(Math.max(1, retryAfterSec ?? FALLBACK_RETRY_AFTER_SEC) * 1000);
  if (failure === 'channel' || failure === 'workspace' || failure === 'message') return new PermanentDeliveryError(code, failure);
  return new TransientDeliveryError(code, failure === 'maybe_done');
}

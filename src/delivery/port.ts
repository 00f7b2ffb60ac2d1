// The one way out of the app: post and update messages, open DMs. Two adapters implement
// it: the Slack Web API (slack.ts) and a local outbox for laptops without credentials.

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

/** Slack answered something that retrying will not fix (for this channel or workspace). */
export class PermanentDeliveryError extends Error {
  constructor(readonly code: string, readonly scope: 'channel' | 'workspace') {
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

// Slack's docs for these two: "it's possible some aspect of the operation succeeded"
const MAYBE_DONE_ERRORS = new Set(['internal_error', 'fatal_error']);

const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived', 'cannot_dm_bot', 'user_not_found']);
const WORKSPACE_ERRORS = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'not_authed', 'team_access_not_granted', 'missing_scope', 'org_login_required']);

/** Maps a Slack Web API error code to what the queue should do about it. */
export function classifySlackError(code: string, retryAfterSec?: number): Error {
  if (code === 'ratelimited' || code === 'rate_limited') return new RateLimitedError(Math.max(1, retryAfterSec ?? 1) * 1000);
  if (CHANNEL_ERRORS.has(code)) return new PermanentDeliveryError(code, 'channel');
  if (WORKSPACE_ERRORS.has(code)) return new PermanentDeliveryError(code, 'workspace');
  return new TransientDeliveryError(code, MAYBE_DONE_ERRORS.has(code));
}

// Every Slack Web API error code Tend treats specially, in one table: what it means for the
// queue (wait, give up on a channel or the workspace, retry, or "may have been posted") and
// what a manager is told. A new failure kind is one row here; delivery (src/delivery/port.ts),
// the jobs and the managers' note (src/views/nudge.ts) all read it. Codes not listed are
// retried as ordinary transient failures.

/**
 * - rate_limited: Slack asked us to wait (Retry-After); nothing was done.
 * - channel: refused for good for this channel or user; retrying will not help.
 * - workspace: refused for good for the whole workspace (the token or its grants).
 * - message: this message itself is refused (its blocks, text or metadata): sending it again
 *   cannot help, and the channel and the workspace are fine.
 * - maybe_done: Slack's docs say part of the call may have succeeded.
 * - retry: worth retrying with backoff; Slack surely did nothing.
 */
export type SlackFailure = 'rate_limited' | 'channel' | 'workspace' | 'message' | 'maybe_done' | 'retry';

/** Which setting names the channel Slack refused: the fix says which one to change. */
export type ChannelSetting = 'nudge channel' | 'digest channel';

/** Where Slack refused Tend for good: the workspace's token, a channel it posts to, or a person's DM. */
export type RefusedPlace = { kind: 'workspace' } | { kind: 'channel'; setting: ChannelSetting } | { kind: 'dm' };

type Row = { failure: Exclude<SlackFailure, 'retry'>; fix?: (setting: ChannelSetting) => string };

// What a manager can do about a refusal, unless its row says better.
const FIX = {
  channel: (setting: ChannelSetting) => `Invite @Tend to the channel (\`/invite @Tend\`) or choose another ${setting} with \`/tend settings\`.`,
  workspace: 'Reinstall Tend from the app settings page.',
  // a person Slack will not let Tend DM (gone, disabled, hidden): their accounts need someone else
  dm: 'Give their accounts another owner (`/account owner <name> @someone`), or have nudges posted in a channel with `/tend settings`.',
};

// an archived channel takes no invite: only another channel helps
const archived = (setting: ChannelSetting) => `The channel is archived: choose another ${setting} with \`/tend settings\`.`;
// a channel whose posting rights are kept to some people (read-only, admins only, threads only, EKM):
// an invite changes nothing; saving the settings again is the manager's word to try it anew
const restricted = (setting: ChannelSetting) =>
  `The channel does not let Tend post. Let it post there and save \`/tend settings\` again, or choose another ${setting} there.`;

export const SLACK_ERRORS: Readonly<Record<string, Row>> = {
  ratelimited: { failure: 'rate_limited' },
  rate_limited: { failure: 'rate_limited' },
  // "it's possible some aspect of the operation succeeded" (Slack's docs for both)
  internal_error: { failure: 'maybe_done' },
  fatal_error: { failure: 'maybe_done' },
  channel_not_found: { failure: 'channel' },
  not_in_channel: { failure: 'channel' },
  // an archived channel takes no invite: only another channel helps
  is_archived: { failure: 'channel', fix: archived },
  channel_is_archived: { failure: 'channel', fix: archived },
  // chat.postMessage's refusals of a channel's own rules: retrying cannot help
  restricted_action: { failure: 'channel', fix: restricted },
  restricted_action_read_only_channel: { failure: 'channel', fix: restricted },
  restricted_action_thread_only_channel: { failure: 'channel', fix: restricted },
  ekm_access_denied: { failure: 'channel', fix: restricted },
  no_permission: { failure: 'channel' },
  // conversations.open's refusals of a person
  cannot_dm_bot: { failure: 'channel' },
  user_not_found: { failure: 'channel' },
  user_disabled: { failure: 'channel' },
  user_not_visible: { failure: 'channel' },
  invalid_auth: { failure: 'workspace' },
  account_inactive: { failure: 'workspace' },
  token_revoked: { failure: 'workspace' },
  token_expired: { failure: 'workspace' },
  not_authed: { failure: 'workspace' },
  team_access_not_granted: { failure: 'workspace' },
  missing_scope: { failure: 'workspace' },
  org_login_required: { failure: 'workspace' },
  // chat.postMessage / chat.update refusing the message's own content: a defect of ours, not the team's
  invalid_blocks: { failure: 'message' },
  invalid_blocks_format: { failure: 'message' },
  msg_too_long: { failure: 'message' },
  msg_blocks_too_long: { failure: 'message' },
  no_text: { failure: 'message' },
  too_many_attachments: { failure: 'message' },
  invalid_attachments: { failure: 'message' },
  invalid_metadata_format: { failure: 'message' },
  invalid_metadata_schema: { failure: 'message' },
  metadata_too_large: { failure: 'message' },
  invalid_arguments: { failure: 'message' },
};

const row = (code: string): Row | undefined => (Object.hasOwn(SLACK_ERRORS, code) ? SLACK_ERRORS[code] : undefined);

/** What a Slack error code means for the caller; unknown codes are ordinary transient failures. */
export function slackFailure(code: string): SlackFailure {
  return row(code)?.failure ?? 'retry';
}

/** What a manager should do after Slack refused `code` for good at `place`. */
export function slackRefusalFix(code: string, place: RefusedPlace): string {
  if (place.kind === 'workspace') return FIX.workspace;
  if (place.kind === 'dm') return FIX.dm;
  return (row(code)?.fix ?? FIX.channel)(place.setting);
}

/** The code of a failed Web API call (@slack/web-api keeps Slack's `error` in err.data); undefined for any other failure. */
export function slackErrorCode(err: unknown): string | undefined {
  const code = (err as { data?: { error?: unknown } } | null | undefined)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

// Tend's words: every kind and state a row, a rule or a view can hold, each a const array with
// its union type, plus the message and error shapes every layer passes around. One home, so a
// new kind is added once and the compiler points at each label map that must name it. The
// arrays mirror the Prisma enums; test/unit/domain/vocabulary.test.ts holds them equal.
import type { types } from '@slack/bolt';

export const WORKSPACE_STATUSES = ['active', 'inactive'] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

/** Where a workspace's nudges go: its nudge channel, or a DM to each account's owner. */
export const DELIVERY_MODES = ['channel', 'owner_dm'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** How a workspace's nudges arrive: one message per rep per day (a list), or one message per nudge. */
export const DELIVERY_GROUPINGS = ['grouped', 'single'] as const;
export type DeliveryGrouping = (typeof DELIVERY_GROUPINGS)[number];

export const MEMBER_ROLES = ['rep', 'manager'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** How a member became a manager: installed Tend, is a Slack admin, or another manager added them. */
export const MANAGER_VIAS = ['installer', 'slack_admin', 'added_by'] as const;
export type ManagerVia = (typeof MANAGER_VIAS)[number];

export const ACCOUNT_STATUSES = ['active', 'churned', 'prospect'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** How a conversation (a touch) happened. */
export const MEDIUMS = ['call', 'meeting', 'email', 'chat', 'visit'] as const;
export type Medium = (typeof MEDIUMS)[number];

/** Whether a touch gave value, asked for something, or neither (the give-first rule reads these). */
export const TOUCH_KINDS = ['give', 'ask', 'neutral'] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Where a touch was recorded from; `channel` is captured from a linked channel's messages, not logged. */
export const TOUCH_SOURCES = ['command', 'modal', 'action', 'import', 'channel'] as const;
export type TouchSource = (typeof TOUCH_SOURCES)[number];

/** Who spoke in a captured touch: the customer's side (another team, Slack Connect) or the team. */
export const TOUCH_DIRECTIONS = ['customer', 'team'] as const;
export type TouchDirection = (typeof TOUCH_DIRECTIONS)[number];

/** What a product offers a customer as a give. */
export const OFFER_KINDS = ['trial', 'workshop', 'usage_review', 'benchmark_report', 'training', 'introduction'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/**
 * The situations the scan nudges about. The database enum also holds `at_risk`, reserved
 * for a rule not built yet (issue 13): nothing produces it, so no view labels it.
 */
export const NUDGE_KINDS = ['cross_sell', 'cooling', 'stalled', 'follow_up_due'] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];

/** A nudge kind in a word or two; surfaces add their own emoji or longer phrasing around it. */
export const NUDGE_KIND_LABEL: Record<NudgeKind, string> = {
  cross_sell: 'Cross-sell',
  cooling: 'Cooling',
  stalled: 'Stalled',
  follow_up_due: 'Follow-up due',
};

/**
 * A nudge's life: `queued` waits over the rep's daily budget; `resolved` means the situation
 * went away by itself (a touch, a second product). The transitions are in nudge-state.ts.
 */
export const NUDGE_STATUSES = ['queued', 'open', 'claimed', 'done', 'snoozed', 'dismissed', 'resolved'] as const;
export type NudgeStatus = (typeof NUDGE_STATUSES)[number];

/** The statuses a person still has to act on: the ones `/nudges` and App Home list. */
export type LiveNudgeStatus = Extract<NudgeStatus, 'open' | 'claimed'>;

/** How long a snooze lasts; also the option values of the Snooze menu. */
export const SNOOZE_OPTIONS = ['week', 'month', 'quarter'] as const;
export type SnoozeOption = (typeof SNOOZE_OPTIONS)[number];

/** A nudge message's delivery: `posting` means the intent is recorded and the Slack call may or may not have happened. */
export const DELIVERY_STATES = ['pending', 'posting', 'posted', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What retired a nudge the moment it was answered: a touch, a new holding, a churn, a new owner (domain/attention.ts). */
export const NUDGE_RESOLUTIONS = ['touch', 'holding', 'churn', 'owner'] as const;
export type NudgeResolution = (typeof NUDGE_RESOLUTIONS)[number];

/**
 * The delivery block Tend sets itself, beside Slack's refusals (domain/slack-errors.ts): the
 * nudge or digest channel was shared with another organisation (Slack Connect), so Tend holds
 * its posts there until a manager keeps the channel or the other organisation leaves.
 */
export const SHARED_OUT_BLOCK = 'shared_out';

export const NUDGE_OUTCOMES = ['won', 'lost'] as const;
export type NudgeOutcome = (typeof NUDGE_OUTCOMES)[number];

/** A message body for chat.postMessage / respond / postEphemeral. */
export type SlackMessage = { text: string; blocks: types.KnownBlock[] };

/** A friendly, coded error from a command parser; `example` is a complete command of the right form. */
export type CommandError = { code: string; message: string; example: string };

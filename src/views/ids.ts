// Every action_id, block_id and callback_id Tend puts in Slack. Listeners match on these and
// builders emit them, so they live in one place. They are stable: a message posted last month
// still carries them, so never rename one; add a new one instead.
import type { SnoozeOption } from '../domain/vocabulary.ts';

export const ACTIONS = {
  // nudge messages
  nudgeClaim: 'nudge_claim',
  nudgeRelease: 'nudge_release',
  nudgeDone: 'nudge_done',
  nudgeSnooze: 'nudge_snooze', // static_select whose option values are `<SNOOZE_OPTIONS value>:<nudge id>`
  nudgeDismiss: 'nudge_dismiss',
  nudgeUndo: 'nudge_undo', // button value: the nudge id; shown for a few minutes after Done, Snooze or Dismiss
  nudgeSnoozeReason: 'nudge_snooze_reason', // button value: the nudge id; in the snoozer's private reply
  nudgeOutcomeWon: 'nudge_outcome_won',
  nudgeOutcomeLost: 'nudge_outcome_lost',
  // accounts
  openLogModal: 'open_log_modal', // button value: the account id (may be empty)
  chooseAccount: 'choose_account', // prefix: one button per account, `choose_account:<id>`
  createAccount: 'create_account', // button value: JSON { name, ref? }
  showAccount: 'show_account', // button value: the account id
  linkChannel: 'link_channel', // button value: `<channel id>:<account id>` (the Slack Connect offer)
  keepSharedChannel: 'keep_shared_channel', // button value: the channel id (a manager keeps posting in a channel shared out)
  // log modal inputs (each inside its own block, see BLOCKS)
  logAccount: 'log_account', // external_select; options come from the options listener
  logMedium: 'log_medium',
  logKind: 'log_kind',
  logSummary: 'log_summary',
  logNextStep: 'log_next_step',
  logDueDate: 'log_due_date',
  // app home
  homeRefresh: 'home_refresh',
  // /tend help: the short list's "More" button (value: 'tend')
  helpMore: 'help_more',
  // /tend settings modal inputs (each inside its own block, see BLOCKS)
  settingsNudgeChannel: 'settings_nudge_channel',
  settingsDeliveryMode: 'settings_delivery_mode',
  settingsDeliveryGrouping: 'settings_delivery_grouping',
  settingsDigestUsers: 'settings_digest_users',
  settingsDigestChannel: 'settings_digest_channel',
  settingsDigestTime: 'settings_digest_time',
  settingsTimezone: 'settings_timezone',
  settingsWorkDays: 'settings_work_days',
  settingsStallFactor: 'settings_stall_factor',
  settingsStallMinDays: 'settings_stall_min_days',
  settingsStallMaxDays: 'settings_stall_max_days',
  settingsDefaultRhythm: 'settings_default_rhythm',
  settingsBudget: 'settings_budget',
} as const;

/**
 * The largest row id: every id Tend puts in a payload (nudge, account…) is a Postgres `int4`
 * serial. A larger number names no row, and sent to Postgres it fails the query (22003).
 */
export const MAX_ROW_ID = 2_147_483_647;

/** Whether `v` (e.g. from JSON private_metadata) can be a row id: a whole number in 1..MAX_ROW_ID. */
export function isRowId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_ROW_ID;
}

/**
 * A row id from payload text (a button value, an option value, part of an action_id): plain
 * digits naming a possible row, else null. Payloads can be forged, so null is to be read as "no
 * such row" (answered as one since deleted) and never reaches the database.
 */
export function rowIdOf(text: string | null | undefined): number | null {
  if (typeof text !== 'string' || !/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return isRowId(id) ? id : null;
}

/**
 * Matches every per-account choose button (for `app.action(ACTION_PATTERNS.chooseAccount, …)`).
 * Any length of digits routes to the listener, so the click is acknowledged; the id itself is
 * read by accountIdFromChooseAction, which refuses one no row can have.
 */
export const ACTION_PATTERNS = {
  chooseAccount: /^choose_account:\d+$/,
} as const;

/** `choose_account:<id>` — action_ids must be unique within a block, so each button has its own. */
export function chooseAccountActionId(accountId: number): string {
  return `${ACTIONS.chooseAccount}:${accountId}`;
}

/** The account id in a choose button's action_id, or null. */
export function accountIdFromChooseAction(actionId: string): number | null {
  return ACTION_PATTERNS.chooseAccount.test(actionId) ? rowIdOf(actionId.slice(ACTIONS.chooseAccount.length + 1)) : null;
}

export const BLOCKS = {
  logAccount: 'log_account_block',
  logMedium: 'log_medium_block',
  logKind: 'log_kind_block',
  logSummary: 'log_summary_block',
  logNextStep: 'log_next_step_block',
  logDueDate: 'log_due_date_block',
  nudgeActions: 'nudge_actions',
  chooseActions: 'choose_actions',
  accountActions: 'account_actions',
  settingsNudgeChannel: 'settings_nudge_channel_block',
  settingsDeliveryMode: 'settings_delivery_mode_block',
  settingsDeliveryGrouping: 'settings_delivery_grouping_block',
  settingsDigestUsers: 'settings_digest_users_block',
  settingsDigestChannel: 'settings_digest_channel_block',
  settingsDigestTime: 'settings_digest_time_block',
  settingsTimezone: 'settings_timezone_block',
  settingsWorkDays: 'settings_work_days_block',
  settingsStallFactor: 'settings_stall_factor_block',
  settingsStallMinDays: 'settings_stall_min_days_block',
  settingsStallMaxDays: 'settings_stall_max_days_block',
  settingsDefaultRhythm: 'settings_default_rhythm_block',
  settingsBudget: 'settings_budget_block',
} as const;

export const CALLBACKS = {
  logModal: 'log_modal',
  home: 'home',
  settings: 'settings_modal',
  /** the message shortcut "Log to Tend" (manifest.yml shortcuts) */
  logToTend: 'log_to_tend',
  /** the account card shown as a modal, where a click has no message to answer under (App Home) */
  accountCard: 'account_card_modal',
} as const;

/** The nudge's Done and Dismiss modals: callback ids and inputs. */
export const NUDGE_VIEWS = {
  doneModal: 'nudge_done_modal',
  dismissModal: 'nudge_dismiss_modal',
  dismissReasonBlock: 'nudge_dismiss_reason_block',
  dismissReason: 'nudge_dismiss_reason',
  dismissNoteBlock: 'nudge_dismiss_note_block',
  dismissNote: 'nudge_dismiss_note',
  snoozeReasonModal: 'nudge_snooze_reason_modal',
  snoozeReasonBlock: 'nudge_snooze_reason_block',
  snoozeReason: 'nudge_snooze_reason_input',
} as const;

/** Option values of ACTIONS.nudgeSnooze. */
export const SNOOZE_OPTIONS = {
  week: 'week',
  month: 'month',
  quarter: 'quarter',
} as const satisfies { [K in SnoozeOption]: K };

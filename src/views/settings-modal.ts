// The /tend settings modal and reading its submission back. Pure: the listener opens the
// view with the workspace's current settings and saves what readSettings returns.
import type { types } from '@slack/bolt';
import { isValidTimezone, parseClock } from '../domain/clock.ts';
import { RELEASE_LOCAL_HOUR } from '../domain/release.ts';
import { USER_ID } from '../domain/slack-ids.ts';
import { WEEKDAY_NAMES, WEEKDAYS, workDaysOf, type Weekday } from '../domain/working-days.ts';
import type { DeliveryGrouping, DeliveryMode } from '../domain/vocabulary.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from './ids.ts';
import type { SettingsPatch } from '../domain/read-models.ts';

/** The columns the modal edits, as the data layer saves them. */
export type WorkspaceSettings = SettingsPatch;

export const SETTINGS_LIMITS = {
  stallFactor: { min: 1, max: 10 },
  days: { min: 1, max: 730 },
  budget: { min: 1, max: 50 },
  digestUsers: 20,
} as const;

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });
const MODES = [
  { value: 'channel', label: 'Post nudges in the nudge channel' },
  { value: 'owner_dm', label: "DM each account's owner" },
] as const satisfies readonly { value: DeliveryMode; label: string }[];
const GROUPINGS = [
  { value: 'grouped', label: "One message per rep a day, with that day's nudges" },
  { value: 'single', label: 'One message per nudge, as the scan finds it' },
] as const satisfies readonly { value: DeliveryGrouping; label: string }[];

const dayOption = (d: Weekday): types.Option => ({ text: plain(WEEKDAY_NAMES[d]), value: String(d) });

function numberInput(action: string, value: number, decimal: boolean, min: number, max: number): types.NumberInput {
  return { type: 'number_input', action_id: action, is_decimal_allowed: decimal, initial_value: String(value), min_value: String(min), max_value: String(max) };
}

// Nudges and the digest speak of customers' risk and value: the channels offered for them leave
// out any another organisation is in (Slack Connect), where a customer might read them.
const NOT_SHARED_OUT: types.ConversationsSelect['filter'] = { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true };

export function buildSettingsModal(s: Omit<WorkspaceSettings, 'workDays'> & { workDays?: readonly number[] }, metadata: { channelId?: string } = {}): types.ModalView {
  const nudgeChannel: types.ConversationsSelect = { type: 'conversations_select', action_id: ACTIONS.settingsNudgeChannel, placeholder: plain('Pick a channel'), filter: NOT_SHARED_OUT };
  if (s.nudgeChannelId) nudgeChannel.initial_conversation = s.nudgeChannelId;
  const digestChannel: types.ConversationsSelect = { type: 'conversations_select', action_id: ACTIONS.settingsDigestChannel, placeholder: plain('Optional: a managers channel'), filter: NOT_SHARED_OUT };
  if (s.digestChannelId) digestChannel.initial_conversation = s.digestChannelId;
  const digestUsers: types.MultiUsersSelect = { type: 'multi_users_select', action_id: ACTIONS.settingsDigestUsers, placeholder: plain('Who gets the digest by DM'), max_selected_items: SETTINGS_LIMITS.digestUsers };
  if (s.digestUserIds.length) digestUsers.initial_users = s.digestUserIds.slice(0, SETTINGS_LIMITS.digestUsers);
  const mode = MODES.find((m) => m.value === s.deliveryMode) ?? MODES[0];
  const option = (m: { label: string; value: string }): types.PlainTextOption => ({ text: plain(m.label), value: m.value });
  const grouping = GROUPINGS.find((g) => g.value === s.deliveryGrouping) ?? GROUPINGS[1];
  const input = (block: string, label: string, element: types.InputBlock['element'], opts: { optional?: boolean; hint?: string } = {}): types.InputBlock => ({
    type: 'input', block_id: block, label: plain(label), element, ...(opts.optional ? { optional: true } : {}), ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  });
  return {
    type: 'modal',
    callback_id: CALLBACKS.settings,
    title: plain('Tend settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(metadata.channelId && /^[A-Z0-9]{1,40}$/.test(metadata.channelId) ? { channelId: metadata.channelId } : {}),
    blocks: [
      { type: 'header', text: plain('Nudges') },
      input(BLOCKS.settingsNudgeChannel, 'Nudge channel', nudgeChannel, { optional: true, hint: 'Invite @Tend to the channel so it can post there.' }),
      input(BLOCKS.settingsDeliveryMode, 'Delivery', { type: 'static_select', action_id: ACTIONS.settingsDeliveryMode, options: MODES.map(option), initial_option: option(mode) }),
      input(BLOCKS.settingsDeliveryGrouping, 'Grouping', { type: 'static_select', action_id: ACTIONS.settingsDeliveryGrouping, options: GROUPINGS.map(option), initial_option: option(grouping) }, { hint: `Grouped: each rep gets their list at ${String(RELEASE_LOCAL_HOUR).padStart(2, '0')}:00 in their own timezone.` }),
      input(BLOCKS.settingsBudget, 'Daily nudges per rep', numberInput(ACTIONS.settingsBudget, s.dailyNudgeBudget, false, SETTINGS_LIMITS.budget.min, SETTINGS_LIMITS.budget.max), { hint: 'Attention is scarce: the highest value first, the rest wait.' }),
      { type: 'header', text: plain('Digest') },
      input(BLOCKS.settingsDigestUsers, 'Send the digest to', digestUsers, { optional: true }),
      input(BLOCKS.settingsDigestChannel, 'Or post it in', digestChannel, { optional: true }),
      input(BLOCKS.settingsDigestTime, 'At', { type: 'timepicker', action_id: ACTIONS.settingsDigestTime, initial_time: parseClock(s.digestTime) === null ? '09:00' : s.digestTime }),
      input(BLOCKS.settingsWorkDays, 'Working days', {
        type: 'checkboxes', action_id: ACTIONS.settingsWorkDays, options: WEEKDAYS.map(dayOption),
        initial_options: workDaysOf(s.workDays).map(dayOption),
      }, { hint: 'Nudges, the digest and reminders to managers come on these days only, in the morning of each person\'s timezone.' }),
      input(BLOCKS.settingsTimezone, 'Timezone', { type: 'plain_text_input', action_id: ACTIONS.settingsTimezone, initial_value: s.timezone, max_length: 64, placeholder: plain('e.g. Europe/Berlin') }, { hint: 'An IANA name, like America/New_York. Digests and scans follow it.' }),
      { type: 'header', text: plain('When is a relationship quiet?') },
      input(BLOCKS.settingsStallFactor, "Cooling after this many times the account's usual gap", numberInput(ACTIONS.settingsStallFactor, s.stallFactor, true, SETTINGS_LIMITS.stallFactor.min, SETTINGS_LIMITS.stallFactor.max)),
      input(BLOCKS.settingsStallMinDays, 'Never cooling before (days)', numberInput(ACTIONS.settingsStallMinDays, s.stallMinDays, false, SETTINGS_LIMITS.days.min, SETTINGS_LIMITS.days.max)),
      input(BLOCKS.settingsStallMaxDays, 'Stalled after (days)', numberInput(ACTIONS.settingsStallMaxDays, s.stallMaxDays, false, SETTINGS_LIMITS.days.min, SETTINGS_LIMITS.days.max)),
      input(BLOCKS.settingsDefaultRhythm, 'Rhythm of a new account (days)', numberInput(ACTIONS.settingsDefaultRhythm, s.defaultRhythmDays, false, SETTINGS_LIMITS.days.min, SETTINGS_LIMITS.days.max)),
    ],
  };
}

export type SettingsRead = { ok: true; value: WorkspaceSettings } | { ok: false; errors: Record<string, string> };

type Obj = Record<string, unknown>;
function field(state: unknown, block: string, action: string): Obj {
  const values = ((state as { values?: unknown } | undefined)?.values ?? state) as Obj | undefined;
  const b = values?.[block];
  const a = typeof b === 'object' && b !== null ? (b as Obj)[action] : undefined;
  return typeof a === 'object' && a !== null ? (a as Obj) : {};
}
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Read and validate a settings submission; errors are keyed by block_id for response_action. */
export function readSettings(state: unknown): SettingsRead {
  const errors: Record<string, string> = {};
  const num = (block: string, action: string, lo: number, hi: number, integer: boolean): number => {
    const raw = str(field(state, block, action).value);
    const n = raw === null ? NaN : Number(raw);
    if (!Number.isFinite(n) || n < lo || n > hi || (integer && !Number.isInteger(n))) {
      errors[block] = `Enter a ${integer ? 'whole ' : ''}number from ${lo} to ${hi}.`;
    }
    return n;
  };
  const nudgeChannelId = str(field(state, BLOCKS.settingsNudgeChannel, ACTIONS.settingsNudgeChannel).selected_conversation);
  const digestChannelId = str(field(state, BLOCKS.settingsDigestChannel, ACTIONS.settingsDigestChannel).selected_conversation);
  const usersRaw = field(state, BLOCKS.settingsDigestUsers, ACTIONS.settingsDigestUsers).selected_users;
  const digestUserIds = Array.isArray(usersRaw) ? [...new Set(usersRaw.filter((u): u is string => typeof u === 'string' && USER_ID.test(u)))] : [];
  if (digestUserIds.length > SETTINGS_LIMITS.digestUsers) errors[BLOCKS.settingsDigestUsers] = `Pick at most ${SETTINGS_LIMITS.digestUsers} people.`;
  const modeRaw = (field(state, BLOCKS.settingsDeliveryMode, ACTIONS.settingsDeliveryMode).selected_option as Obj | undefined)?.value;
  const deliveryMode = MODES.find((m) => m.value === modeRaw)?.value ?? 'channel';
  const groupingRaw = (field(state, BLOCKS.settingsDeliveryGrouping, ACTIONS.settingsDeliveryGrouping).selected_option as Obj | undefined)?.value;
  const deliveryGrouping = GROUPINGS.find((g) => g.value === groupingRaw)?.value;
  const digestTime = str(field(state, BLOCKS.settingsDigestTime, ACTIONS.settingsDigestTime).selected_time) ?? '';
  if (parseClock(digestTime) === null) errors[BLOCKS.settingsDigestTime] = 'Pick a time.';
  const timezone = str(field(state, BLOCKS.settingsTimezone, ACTIONS.settingsTimezone).value) ?? '';
  if (!timezone || !isValidTimezone(timezone) || !timezone.includes('/') && timezone !== 'UTC') errors[BLOCKS.settingsTimezone] = 'Use an IANA timezone such as Europe/Berlin, America/New_York or UTC.';
  const stallFactor = num(BLOCKS.settingsStallFactor, ACTIONS.settingsStallFactor, SETTINGS_LIMITS.stallFactor.min, SETTINGS_LIMITS.stallFactor.max, false);
  const stallMinDays = num(BLOCKS.settingsStallMinDays, ACTIONS.settingsStallMinDays, SETTINGS_LIMITS.days.min, SETTINGS_LIMITS.days.max, true);
  const stallMaxDays = num(BLOCKS.settingsStallMaxDays, ACTIONS.settingsStallMaxDays, SETTINGS_LIMITS.days.min, SETTINGS_LIMITS.days.max, true);
  const defaultRhythmDays = num(BLOCKS.settingsDefaultRhythm, ACTIONS.settingsDefaultRhythm, SETTINGS_LIMITS.days.min, SETTINGS_LIMITS.days.max, true);
  const dailyNudgeBudget = num(BLOCKS.settingsBudget, ACTIONS.settingsBudget, SETTINGS_LIMITS.budget.min, SETTINGS_LIMITS.budget.max, true);
  if (!errors[BLOCKS.settingsStallMaxDays] && !errors[BLOCKS.settingsStallMinDays] && stallMaxDays < stallMinDays) {
    errors[BLOCKS.settingsStallMaxDays] = `Stalled comes after cooling: make it at least ${stallMinDays} days.`;
  }
  // absent (a modal opened before the setting existed): left as it was; present, at least one day
  const daysBlock = field(state, BLOCKS.settingsWorkDays, ACTIONS.settingsWorkDays);
  const picked = Array.isArray(daysBlock.selected_options) ? daysBlock.selected_options.map((o) => Number((o as Obj | null)?.value)) : null;
  const workDays = picked?.filter((d): d is Weekday => WEEKDAYS.includes(d as Weekday));
  if (picked && !workDays?.length) errors[BLOCKS.settingsWorkDays] = 'Pick at least one day: Tend only speaks on working days.';
  if (deliveryMode === 'channel' && !nudgeChannelId) errors[BLOCKS.settingsNudgeChannel] = 'Pick the channel nudges go to, or deliver them by DM to owners.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { nudgeChannelId, deliveryMode, ...(deliveryGrouping ? { deliveryGrouping } : {}), digestUserIds, digestChannelId, digestTime, timezone, stallFactor, stallMinDays, stallMaxDays, defaultRhythmDays, dailyNudgeBudget, ...(workDays ? { workDays: workDaysOf(workDays) } : {}) },
  };
}

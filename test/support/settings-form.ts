// What a manager's /tend settings form submits (view_submission state.values), field by field,
// with the defaults a fresh workspace shows: one place for the tests that save the settings.
import { ACTIONS, BLOCKS } from '../../src/views/ids.ts';

export type SettingsForm = {
  nudgeChannel?: string | null;
  deliveryMode?: 'channel' | 'owner_dm';
  /** absent: a form opened before the setting existed (the save leaves the column as it was) */
  grouping?: 'grouped' | 'single';
  digestUsers?: string[];
  digestChannel?: string | null;
  digestTime?: string;
  timezone?: string;
  stallFactor?: string;
  stallMinDays?: string;
  stallMaxDays?: string;
  defaultRhythm?: string;
  budget?: string;
  /** ISO weekdays ticked; absent: a form opened before the working days existed (no such block) */
  workDays?: string[];
};

export function settingsValues(f: SettingsForm = {}): Record<string, Record<string, Record<string, unknown>>> {
  const v = (block: string, action: string, value: Record<string, unknown>) => ({ [block]: { [action]: value } });
  return {
    ...v(BLOCKS.settingsNudgeChannel, ACTIONS.settingsNudgeChannel, { type: 'conversations_select', selected_conversation: f.nudgeChannel ?? null }),
    ...v(BLOCKS.settingsDeliveryMode, ACTIONS.settingsDeliveryMode, { type: 'static_select', selected_option: { value: f.deliveryMode ?? 'channel' } }),
    ...(f.grouping ? v(BLOCKS.settingsDeliveryGrouping, ACTIONS.settingsDeliveryGrouping, { type: 'static_select', selected_option: { value: f.grouping } }) : {}),
    ...v(BLOCKS.settingsDigestUsers, ACTIONS.settingsDigestUsers, { type: 'multi_users_select', selected_users: f.digestUsers ?? [] }),
    ...v(BLOCKS.settingsDigestChannel, ACTIONS.settingsDigestChannel, { type: 'conversations_select', selected_conversation: f.digestChannel ?? null }),
    ...v(BLOCKS.settingsDigestTime, ACTIONS.settingsDigestTime, { type: 'timepicker', selected_time: f.digestTime ?? '09:00' }),
    ...v(BLOCKS.settingsTimezone, ACTIONS.settingsTimezone, { type: 'plain_text_input', value: f.timezone ?? 'UTC' }),
    ...v(BLOCKS.settingsStallFactor, ACTIONS.settingsStallFactor, { type: 'number_input', value: f.stallFactor ?? '2' }),
    ...v(BLOCKS.settingsStallMinDays, ACTIONS.settingsStallMinDays, { type: 'number_input', value: f.stallMinDays ?? '14' }),
    ...v(BLOCKS.settingsStallMaxDays, ACTIONS.settingsStallMaxDays, { type: 'number_input', value: f.stallMaxDays ?? '90' }),
    ...v(BLOCKS.settingsDefaultRhythm, ACTIONS.settingsDefaultRhythm, { type: 'number_input', value: f.defaultRhythm ?? '30' }),
    ...v(BLOCKS.settingsBudget, ACTIONS.settingsBudget, { type: 'number_input', value: f.budget ?? '5' }),
    ...(f.workDays ? v(BLOCKS.settingsWorkDays, ACTIONS.settingsWorkDays, {
      type: 'checkboxes', selected_options: f.workDays.map((d) => ({ text: { type: 'plain_text', text: d }, value: d })),
    }) : {}),
  };
}

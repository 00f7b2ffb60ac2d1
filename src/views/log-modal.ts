// The "log a conversation" modal, the options its account picker shows, and reading a
// submission back. Pure: the listener opens the view and saves what readLogModal returns.
import type { types } from '@slack/bolt';
import { dueFromLocalDate, MAX_NEXT_STEP_LENGTH, MAX_SUMMARY_LENGTH } from '../domain/log-command.ts';
import { cleanInput, truncate } from '../domain/text.ts';
import type { Medium, TouchKind } from '../domain/vocabulary.ts';
import { ACTIONS, BLOCKS, CALLBACKS, isRowId, rowIdOf } from './ids.ts';

export type LogModalInitial = {
  account?: { id: number; name: string };
  medium?: Medium;
  kind?: TouchKind;
  summary?: string;
  nextStep?: string;
  /** YYYY-MM-DD in the member's timezone */
  dueDate?: string;
};

/** Carried through the modal in private_metadata (JSON); keep it to ids and short refs. */
export type LogModalMetadata = {
  channelId?: string;
  nudgeId?: number;
  /** where the modal was opened from, e.g. "command", "nudge", "home" */
  origin?: string;
  /**
   * The message a "Log to Tend" shortcut was used on (its ts, in channelId). Only the message:
   * the idempotency key is made at submission with the submitter's own id (logSourceKey), so
   * metadata edited by a client can never claim another person's key.
   */
  messageTs?: string;
};

const MESSAGE_TS = /^\d{1,12}\.\d{1,8}$/;

/**
 * The conversation key of one submission: the same message logged twice by the same person is
 * one touch; any other form is one touch per view (a double click on Save sends it twice).
 */
export function logSourceKey(meta: LogModalMetadata, submitterId: string, viewId: string): string {
  return meta.channelId && meta.messageTs ? `shortcut:${meta.channelId}:${meta.messageTs}:${submitterId.slice(0, 20)}` : `modal:${viewId}`;
}

const MEDIUMS: { value: Medium; label: string }[] = [
  { value: 'call', label: 'Call' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'email', label: 'Email' },
  { value: 'chat', label: 'Chat' },
  { value: 'visit', label: 'Visit' },
];
const KINDS: { value: TouchKind; label: string; description: string }[] = [
  { value: 'give', label: 'Gave value', description: 'An insight, a usage review, a training, an introduction' },
  { value: 'ask', label: 'Asked', description: 'For a meeting, a renewal, an upgrade, a purchase' },
  { value: 'neutral', label: 'Neutral', description: 'A check-in, support, logistics' },
];

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });

/** One external_select option per account: name cut to 75 chars, id as the value. */
export function accountOption(account: { id: number; name: string }): types.PlainTextOption {
  return { text: plain(truncate(account.name.replace(/\s+/g, ' ').trim() || `#${account.id}`, 75)), value: String(account.id) };
}

/** The options response for the account picker (at most 100, Slack's maximum). */
export function buildAccountOptions(accounts: readonly { id: number; name: string }[]): { options: types.PlainTextOption[] } {
  return { options: accounts.slice(0, 100).map(accountOption) };
}

/** JSON private_metadata within 3,000 chars: over-long strings are dropped, not cut. */
export function encodeLogModalMetadata(meta: LogModalMetadata): string {
  const clean: LogModalMetadata = {};
  if (meta.channelId && /^[A-Z0-9]{1,40}$/.test(meta.channelId)) clean.channelId = meta.channelId;
  if (isRowId(meta.nudgeId)) clean.nudgeId = meta.nudgeId;
  if (meta.origin && meta.origin.length <= 40) clean.origin = meta.origin;
  if (meta.messageTs && MESSAGE_TS.test(meta.messageTs)) clean.messageTs = meta.messageTs;
  return JSON.stringify(clean);
}

/** Read private_metadata back; anything malformed is ignored. */
export function parseLogModalMetadata(raw: string | undefined): LogModalMetadata {
  if (!raw) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof v !== 'object' || v === null) return {};
  const o = v as Record<string, unknown>;
  const out: LogModalMetadata = {};
  if (typeof o.channelId === 'string') out.channelId = o.channelId;
  if (isRowId(o.nudgeId)) out.nudgeId = o.nudgeId;
  if (typeof o.origin === 'string') out.origin = o.origin;
  if (typeof o.messageTs === 'string' && MESSAGE_TS.test(o.messageTs)) out.messageTs = o.messageTs;
  // a form opened before messageTs (its key carried whole): only the message is taken from it
  else if (typeof o.sourceKey === 'string') {
    const old = /^shortcut:[A-Z0-9]+:(\d{1,12}\.\d{1,8}):/.exec(o.sourceKey);
    if (old) out.messageTs = old[1];
  }
  return out;
}

/** The modal. Pre-fills whatever `initial` holds (an account from a nudge, text from /log). */
export function buildLogModal(opts: { initial?: LogModalInitial; metadata?: LogModalMetadata } = {}): types.ModalView {
  const init = opts.initial ?? {};
  const medium = MEDIUMS.find((m) => m.value === (init.medium ?? 'chat'))!;
  const kind = KINDS.find((k) => k.value === (init.kind ?? 'neutral'))!;
  const mediumOption = (m: (typeof MEDIUMS)[number]): types.PlainTextOption => ({ text: plain(m.label), value: m.value });
  const kindOption = (k: (typeof KINDS)[number]): types.PlainTextOption => ({
    text: plain(k.label),
    value: k.value,
    description: plain(k.description),
  });

  const accountSelect: types.ExternalSelect = {
    type: 'external_select',
    action_id: ACTIONS.logAccount,
    placeholder: plain('Start typing a name'),
    min_query_length: 1,
  };
  if (init.account) accountSelect.initial_option = accountOption(init.account);

  const summary: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: ACTIONS.logSummary,
    multiline: true,
    max_length: MAX_SUMMARY_LENGTH,
    placeholder: plain('What happened? What did you give, what did you ask?'),
  };
  if (init.summary) summary.initial_value = truncate(init.summary, MAX_SUMMARY_LENGTH);

  const nextStep: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: ACTIONS.logNextStep,
    max_length: MAX_NEXT_STEP_LENGTH,
    placeholder: plain('e.g. Send SSO pricing'),
  };
  if (init.nextStep) nextStep.initial_value = truncate(init.nextStep, MAX_NEXT_STEP_LENGTH);

  const due: types.Datepicker = { type: 'datepicker', action_id: ACTIONS.logDueDate, placeholder: plain('Due date') };
  if (init.dueDate && /^\d{4}-\d{2}-\d{2}$/.test(init.dueDate)) due.initial_date = init.dueDate;

  return {
    type: 'modal',
    callback_id: CALLBACKS.logModal,
    title: plain('Log a conversation'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeLogModalMetadata(opts.metadata ?? {}),
    blocks: [
      { type: 'input', block_id: BLOCKS.logAccount, label: plain('Account'), element: accountSelect },
      {
        type: 'input',
        block_id: BLOCKS.logMedium,
        label: plain('How'),
        element: { type: 'static_select', action_id: ACTIONS.logMedium, options: MEDIUMS.map(mediumOption), initial_option: mediumOption(medium) },
      },
      {
        type: 'input',
        block_id: BLOCKS.logKind,
        label: plain('Did you give or ask?'),
        element: { type: 'radio_buttons', action_id: ACTIONS.logKind, options: KINDS.map(kindOption), initial_option: kindOption(kind) },
      },
      { type: 'input', block_id: BLOCKS.logSummary, label: plain('Summary'), element: summary },
      { type: 'input', block_id: BLOCKS.logNextStep, label: plain('Next step'), optional: true, element: nextStep },
      { type: 'input', block_id: BLOCKS.logDueDate, label: plain('Next step due'), optional: true, element: due },
    ],
  };
}

export type LogModalValues = {
  accountId: number;
  medium: Medium;
  kind: TouchKind;
  summary: string;
  nextStep?: string;
  nextStepDue?: Date;
};

/** What a submitted form says about the conversation itself (the log form and the done form alike). */
export function touchFields(v: LogModalValues): { medium: Medium; kind: TouchKind; summary: string; nextStep: string | null; nextStepDue: Date | null } {
  return { medium: v.medium, kind: v.kind, summary: v.summary, nextStep: v.nextStep ?? null, nextStepDue: v.nextStepDue ?? null };
}

/** Errors keyed by block_id: exactly what `ack({ response_action: 'errors', errors })` takes. */
export type LogModalRead = { ok: true; value: LogModalValues } | { ok: false; errors: Record<string, string> };

type Obj = Record<string, unknown>;
function field(state: unknown, block: string, action: string): Obj | undefined {
  const values = (state as { values?: unknown } | undefined)?.values ?? state;
  const b = (values as Obj | undefined)?.[block];
  const a = typeof b === 'object' && b !== null ? (b as Obj)[action] : undefined;
  return typeof a === 'object' && a !== null ? (a as Obj) : undefined;
}
function selected(state: unknown, block: string, action: string): string | undefined {
  const opt = field(state, block, action)?.selected_option as Obj | null | undefined;
  return typeof opt?.value === 'string' ? opt.value : undefined;
}
function text(state: unknown, block: string, action: string): string {
  const v = field(state, block, action)?.value;
  return typeof v === 'string' ? cleanInput(v) : '';
}

/** Whether the form's due date was picked: only then does its timezone matter (the caller may ask Slack for it). */
export function pickedDueDate(state: unknown): boolean {
  const date = field(state, BLOCKS.logDueDate, ACTIONS.logDueDate)?.selected_date;
  return typeof date === 'string' && date !== '';
}

/**
 * Read and validate a view_submission's `view.state` (or `view.state.values`). The due date
 * is read as the member's local date in `timeZone` relative to `now`.
 */
export function readLogModal(state: unknown, now: Date, timeZone: string): LogModalRead {
  const errors: Record<string, string> = {};
  const accountRaw = selected(state, BLOCKS.logAccount, ACTIONS.logAccount);
  const accountId = rowIdOf(accountRaw);
  if (accountId === null) errors[BLOCKS.logAccount] = 'Choose an account.';
  const mediumRaw = selected(state, BLOCKS.logMedium, ACTIONS.logMedium);
  const medium = MEDIUMS.find((m) => m.value === mediumRaw)?.value ?? 'chat';
  const kindRaw = selected(state, BLOCKS.logKind, ACTIONS.logKind);
  const kind = KINDS.find((k) => k.value === kindRaw)?.value ?? 'neutral';
  const summary = text(state, BLOCKS.logSummary, ACTIONS.logSummary);
  if (!/[\p{L}\p{N}\p{So}]/u.test(summary)) errors[BLOCKS.logSummary] = 'Add a few words on what happened.';
  else if (summary.length > MAX_SUMMARY_LENGTH) errors[BLOCKS.logSummary] = `Keep it under ${MAX_SUMMARY_LENGTH.toLocaleString('en-US')} characters.`;
  const nextStep = text(state, BLOCKS.logNextStep, ACTIONS.logNextStep);
  if (nextStep.length > MAX_NEXT_STEP_LENGTH) errors[BLOCKS.logNextStep] = `Keep it under ${MAX_NEXT_STEP_LENGTH.toLocaleString('en-US')} characters.`;
  const date = field(state, BLOCKS.logDueDate, ACTIONS.logDueDate)?.selected_date;
  let nextStepDue: Date | undefined;
  if (typeof date === 'string' && date !== '') {
    const due = dueFromLocalDate(date, now, timeZone);
    if (due.kind === 'past') errors[BLOCKS.logDueDate] = 'That date has passed. Pick today or later.';
    else if (due.kind === 'none') errors[BLOCKS.logDueDate] = 'Pick a date from the calendar.';
    else nextStepDue = due.due;
    if (!nextStep) errors[BLOCKS.logNextStep] = 'What is due on that date?';
  }
  if (Object.keys(errors).length || accountId === null) return { ok: false, errors };
  const value: LogModalValues = { accountId, medium, kind, summary };
  if (nextStep) value.nextStep = nextStep;
  if (nextStepDue) value.nextStepDue = nextStepDue;
  return { ok: true, value };
}

// Every reader of an id from an interactive payload (button value, option value, action_id,
// private_metadata) refuses one no row can have: an id past Postgres int4 reached the query and
// failed it (22003), answered as "can't reach the database" or not at all.
import { describe, expect, it } from 'vitest';
import { nudgeIdOf } from '../../../src/slack/flows/nudge-act.ts';
import { decodeChoice } from '../../../src/views/choose.ts';
import { accountIdFromChooseAction, ACTIONS, BLOCKS, MAX_ROW_ID } from '../../../src/views/ids.ts';
import { parseLogModalMetadata, readLogModal } from '../../../src/views/log-modal.ts';
import { nudgeIdFromMetadata, parseSnoozeValue } from '../../../src/views/nudge.ts';

const logState = (accountValue: string) => ({
  values: {
    [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { selected_option: { value: accountValue } } },
    [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { value: 'Usage review' } },
  },
});

/** Each reader, given the id as text, returns the id it read or null. */
const READERS: [string, (id: string) => number | null | undefined][] = [
  ['nudge button value (nudgeIdOf)', (id) => nudgeIdOf(id)],
  ['snooze option value (parseSnoozeValue)', (id) => parseSnoozeValue(`week:${id}`)?.nudgeId ?? null],
  ['nudge modal metadata (nudgeIdFromMetadata)', (id) => nudgeIdFromMetadata(`{"nudgeId":${id}}`)],
  ['choose button action_id (accountIdFromChooseAction)', (id) => accountIdFromChooseAction(`choose_account:${id}`)],
  ['choose button value (decodeChoice)', (id) => { const c = decodeChoice(`{"accountId":${id}}`); return c && 'accountId' in c ? c.accountId : null; }],
  ['log form account (readLogModal)', (id) => { const r = readLogModal(logState(id), new Date('2026-01-05T12:00:00Z'), 'UTC'); return r.ok ? r.value.accountId : null; }],
  ['log form metadata (parseLogModalMetadata)', (id) => parseLogModalMetadata(`{"nudgeId":${id}}`).nudgeId ?? null],
];

describe.each(READERS)('%s', (_name, read) => {
  it.each([['1', 1], ['42', 42], [String(MAX_ROW_ID), MAX_ROW_ID]])('reads %s', (text, id) => {
    expect(read(text)).toBe(id);
  });

  it.each(['2147483648', '99999999999', '999999999999999', '99999999999999999999999', '0'])('refuses %s: no row can have it', (text) => {
    expect(read(text)).toBeNull();
  });
});

it('the log form says which field to fix when its account id cannot exist', () => {
  const r = readLogModal(logState('99999999999'), new Date('2026-01-05T12:00:00Z'), 'UTC');
  expect(r).toEqual({ ok: false, errors: { [BLOCKS.logAccount]: 'Choose an account.' } });
});

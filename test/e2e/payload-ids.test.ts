// An id in an interactive payload that no row can have (past Postgres int4, as a forged or
// corrupted payload may carry) is answered like one whose row was deleted: it never reaches
// the query, where it failed (22003) and was answered not at all, or as "can't reach the
// database" (a log form that stayed open asking to press Save again, forever).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS, NUDGE_VIEWS } from '../../src/views/ids.ts';
import { click, makeAccount, responseBody, startEnv, stopEnv, submit, textOf, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await makeAccount(env, 'Payload Co'); // the workspace
});
afterAll(async () => {
  await stopEnv(env);
});

const TOO_BIG = '99999999999';
const UNKNOWN = '2147483647'; // a possible id, but no such nudge: the answer to match

describe('a nudge button whose value no nudge can have', () => {
  it.each([
    [ACTIONS.nudgeClaim, TOO_BIG],
    [ACTIONS.nudgeRelease, TOO_BIG],
    [ACTIONS.nudgeUndo, TOO_BIG],
    [ACTIONS.nudgeDismiss, TOO_BIG],
    [ACTIONS.nudgeDone, TOO_BIG],
    [ACTIONS.nudgeClaim, UNKNOWN],
    [ACTIONS.nudgeDismiss, UNKNOWN],
  ])('%s with %s is answered privately: that nudge is gone, nothing changed', async (actionId, value) => {
    const responseId = randomBytes(6).toString('hex');
    const a = await click(env, { actionId, value, blockId: BLOCKS.nudgeActions, channelId: 'C0GENERAL1', responseId });
    expect(a.status).toBe(200);
    const seen = await responseBody(env, responseId);
    expect(seen).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(seen)).toContain("That nudge isn't in this workspace any more, so nothing changed.");
  });
});

describe('a modal whose metadata or picked account no row can have', () => {
  const logValues = (accountId: string) => ({
    [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: accountId } } },
    [BLOCKS.logMedium]: { [ACTIONS.logMedium]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'call' } } },
    [BLOCKS.logKind]: { [ACTIONS.logKind]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'give' } } },
    [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: 'Usage review' } },
  });

  it('the log form asks for another account, not for Save again while the database is "down"', async () => {
    const a = await submit(env, { callbackId: CALLBACKS.logModal, privateMetadata: '{}', viewId: 'V0BIGID001', values: logValues(TOO_BIG) });
    expect(a.status).toBe(200);
    expect(a.body?.response_action).toBe('errors');
    expect(Object.keys(a.body?.errors ?? {})).toEqual([BLOCKS.logAccount]);
    expect(JSON.stringify(a.body)).not.toMatch(/database|Save again/);
    expect(await env.app.db.prisma.conversation.count()).toBe(0);
  });

  it.each([TOO_BIG, UNKNOWN])('the snooze-reason form for nudge %s closes, as for a nudge since deleted', async (nudgeId) => {
    const a = await submit(env, {
      callbackId: NUDGE_VIEWS.snoozeReasonModal, privateMetadata: `{"nudgeId":${nudgeId}}`, viewId: `V0SNZ${nudgeId.slice(-5)}`,
      values: { [NUDGE_VIEWS.snoozeReasonBlock]: { [NUDGE_VIEWS.snoozeReason]: { type: 'plain_text_input', value: 'Budget freeze' } } },
    });
    expect(a.status).toBe(200);
    expect(a.raw).toBe('');
  });
});

describe('account buttons whose id no row can have are not told as the database being down', () => {
  // These listeners read their ids themselves (actions/show-account.ts, link-channel.ts; the
  // choose button's through views/ids.ts): whatever they answer, Postgres refusing the id is not
  // "can't reach its database", which sent the person away to try again in a minute.
  it.each([
    [ACTIONS.showAccount, TOO_BIG, ACTIONS.showAccount],
    [ACTIONS.linkChannel, `C0GENERAL1:${TOO_BIG}`, ACTIONS.linkChannel],
    ['choose_account:99999999999999999999999', '{"name":"Payload Co","ref":"k1"}', 'a choose button'],
  ])('%s (value %s)', async (actionId, value) => {
    const responseId = randomBytes(6).toString('hex');
    const a = await click(env, { actionId, value, blockId: BLOCKS.accountActions, channelId: 'C0GENERAL1', responseId });
    expect(a.status).toBe(200);
    expect(a.raw).toBe('');
    // an answer comes at once if there is one; silence is the listener ignoring the click
    await env.fake.waitFor((_c, f) => f.responses(responseId).length > 0, 1_500).catch(() => null);
    for (const r of env.fake.responses(responseId)) expect(textOf(r.body)).not.toMatch(/reach its database/);
  });

  it('a link offer naming an id no account can have says the account no longer exists', async () => {
    const responseId = randomBytes(6).toString('hex');
    await click(env, { actionId: ACTIONS.linkChannel, value: `C0GENERAL1:${TOO_BIG}`, blockId: BLOCKS.accountActions, channelId: 'C0GENERAL1', responseId });
    await env.fake.waitFor((_c, f) => f.responses(responseId).length > 0, 5_000);
    expect(textOf(env.fake.responses(responseId)[0]!.body)).toContain('That account no longer exists');
  });
});

// Which requests the edge answers itself because no listener is registered for them, with
// registrations recorded from a real Bolt App (through recordingApp), as createSlackApp does.
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { emptyKnownListeners, recordingApp, unhandledAnswer as answerFor, type KnownListeners } from '../../../../src/slack/middleware/known-listeners.ts';
import { parseSlackBody } from '../../../../src/web/verify-slack.ts';
import { illFormed } from '../../../support/well-formed.ts';
import { blockActionsPayload, blockSuggestionPayload, eventBody, interactionBody, slashCommandBody, viewSubmissionPayload } from '../../../support/slack-sign.ts';

const FORM = 'application/x-www-form-urlencoded';

/** The answer for a raw body, parsed as the HTTP edge parses it before asking. */
function unhandledAnswer(raw: string, contentType: string, listeners: KnownListeners) {
  const parsed = parseSlackBody(raw, contentType);
  if (!parsed.ok) throw new Error(parsed.reason);
  return answerFor(parsed.body, listeners);
}
const known = emptyKnownListeners();
// token + signingSecret, no network: Bolt only records the listeners here
const bolt = new App({ token: 'xoxb-test', signingSecret: 's', tokenVerificationEnabled: false });
const app = recordingApp(bolt, known);
const noop = async () => {};
app.command('/log', noop);
app.command(/^\/acct$/, noop);
app.action('nudge_claim', noop);
app.action(/^choose_account:\d+$/, noop);
app.action({ block_id: 'settings_block', action_id: 'pick' }, noop);
app.options({ action_id: 'log_account' }, noop);
app.view('log_modal', noop);
app.event('app_home_opened', noop);

const command = (name: string) => slashCommandBody({ command: name, text: '', team_id: 'T1', user_id: 'U1', channel_id: 'C1', response_url: 'http://x/r', trigger_id: '1.2.3' });

describe('recordingApp', () => {
  it('records each registration as Bolt normalises it, and still registers it', () => {
    expect(known.command).toEqual(['/log', /^\/acct$/]);
    expect(known.action).toEqual([{ action_id: 'nudge_claim' }, { action_id: /^choose_account:\d+$/ }, { block_id: 'settings_block', action_id: 'pick' }]);
    expect(known.options).toEqual([{ action_id: 'log_account' }]);
    expect(known.view).toEqual([{ callback_id: 'log_modal', type: 'view_submission' }]);
    // Bolt's own list grew too (one listener chain per registration, events included)
    expect((bolt as unknown as { listeners: unknown[] }).listeners).toHaveLength(8);
  });
});

describe('unhandledAnswer', () => {
  it.each([
    ['a registered command', command('/log')],
    ['a command matching a registered pattern', command('/acct')],
    ['a registered action', interactionBody(blockActionsPayload({ actionId: 'nudge_claim' }))],
    ['an action matching a registered pattern', interactionBody(blockActionsPayload({ actionId: 'choose_account:42' }))],
    ['an action matching block and action id', interactionBody(blockActionsPayload({ actionId: 'pick', blockId: 'settings_block' }))],
    ['registered options', interactionBody(blockSuggestionPayload({ actionId: 'log_account', value: 'ac' }))],
    ['a registered view submission', interactionBody(viewSubmissionPayload({ callbackId: 'log_modal' }))],
    ['a legacy interaction (Bolt decides)', interactionBody({ type: 'interactive_message', callback_id: 'x' })],
  ])('leaves %s to Bolt', (_name, body) => {
    expect(unhandledAnswer(body, FORM, known)).toBeNull();
  });

  it('leaves every Events API callback to Bolt (it acknowledges them before any listener)', () => {
    expect(unhandledAnswer(eventBody({ event: { type: 'member_joined_channel' } }), 'application/json', known)).toBeNull();
  });

  it('answers an unknown slash command with an ephemeral hint, its name escaped', () => {
    expect(unhandledAnswer(command('/deploy'), FORM, known)).toEqual({
      name: 'unknown',
      body: { response_type: 'ephemeral', text: 'Tend has no `/deploy` command. Try `/tend help` for what it can do.' },
    });
    expect(JSON.stringify(unhandledAnswer(command('/<!here>&'), FORM, known))).toContain('/&lt;!here&gt;&amp;');
  });

  it('cuts a long command name between characters, never inside an emoji (half of one is a lone surrogate)', () => {
    const text = (unhandledAnswer(command(`/${'😀'.repeat(25)}`), FORM, known)?.body as { text: string }).text;
    expect(illFormed(text)).toEqual([]);
    expect(text).toContain(`Tend has no \`/${'😀'.repeat(19)}…\` command.`);
  });

  it.each([
    ['an action id nobody registered', interactionBody(blockActionsPayload({ actionId: 'deploy_prod' })), null],
    ['a registered action id in another block than its constraint', interactionBody(blockActionsPayload({ actionId: 'pick', blockId: 'other' })), null],
    ['block_actions with no actions at all', interactionBody({ ...blockActionsPayload(), actions: [] }), null],
    ['a view submission nobody registered', interactionBody(viewSubmissionPayload({ callbackId: 'other_modal' })), null],
    ['a closed registered view (only submissions are registered)', interactionBody({ ...viewSubmissionPayload({ callbackId: 'log_modal' }), type: 'view_closed' }), null],
    ['a shortcut nobody registered', interactionBody({ type: 'shortcut', callback_id: 'deploy', team: { id: 'T1' }, user: { id: 'U1' } }), null],
    ['options nobody registered (no options offered)', interactionBody(blockSuggestionPayload({ actionId: 'other_select', value: 'x' })), { options: [] }],
  ])('acknowledges %s at once', (_name, body, answer) => {
    expect(unhandledAnswer(body, FORM, known)).toEqual({ name: 'unknown', body: answer });
  });
});

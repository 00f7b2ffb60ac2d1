// Every text a request carries is checked against its cap (src/domain/input-limits.ts) before
// the workspace is loaded or anything parses it: signed slash commands, form submissions,
// option queries, button values and events, each over its cap, get a short answer that
// echoes none of the text, and leave no trace (no workspace row for a new team, no event
// row, no Slack call). Text right at a cap goes through to the parsers as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/domain/input-limits.ts';
import { ACTIONS, BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { SIGNING_SECRET } from '../support/app.ts';
import { eventBody, postSigned, reactionAddedEvent } from '../support/slack-sign.ts';
import { answerOf, click, makeAccount, slash, startEnv, stopEnv, submit, suggest, textOf, TEAM, type Env } from './support.ts';

/** A team that has never talked to Tend: refusing its requests must not create its workspace. */
const NEW_TEAM = 'T0NEVERSEEN';

let env: Env;

beforeAll(async () => {
  env = await startEnv();
  await makeAccount(env, 'Acme');
}, 60_000);

afterAll(async () => {
  await stopEnv(env);
});

const workspaces = async (team: string) => env.app.db.prisma.workspace.count({ where: { slackTeamId: team } });
const conversations = async () => env.app.db.prisma.conversation.count();

describe('slash commands over their cap', () => {
  it.each([
    ['/log', 60_000, /^:warning: That's 60,000 characters; \/log takes up to 8,000\. Shorten it, or put long notes in the log form/],
    ['/account', 4_001, /^:warning: That's 4,001 characters; \/account takes up to 4,000\. Shorten it and send it again\.$/],
    ['/tend', 2_001, /^:warning: That's 2,001 characters; \/tend takes up to 2,000\./],
    ['/nudges', 101, /^:warning: That's 101 characters; \/nudges takes up to 100\./],
  ])('%s with %i characters: answered with the length and the cap, nothing read, nothing echoed', async (command, length, said) => {
    const before = await conversations();
    const a = await slash(env, command, `Acme: <!channel> ${'x'.repeat(length - 17)}`, { team: NEW_TEAM });
    expect(a.status).toBe(200);
    const body = await answerOf(env, a);
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks[0].text.text).toMatch(said);
    expect(a.raw.length).toBeLessThan(1_000);
    expect(a.raw).not.toContain('xxxxxxxxxx');
    expect(a.raw).not.toContain('<!channel>');
    expect(await workspaces(NEW_TEAM)).toBe(0);
    expect(await conversations()).toBe(before);
  });

  it('text right at the cap is read: /log with 8,000 characters meets the summary limit instead', async () => {
    const text = `Acme: ${'x'.repeat(INPUT_LIMITS.commands['/log']! - 6)}`;
    expect(text).toHaveLength(8_000);
    const a = await slash(env, '/log', text);
    expect(textOf(await answerOf(env, a))).toMatch(/7,994 characters; the limit is 3,000/);
  });
});

describe('forms, pickers, buttons and events over their caps', () => {
  const logForm = (summary: string) => ({
    [BLOCKS.logAccount]: { [ACTIONS.logAccount]: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'Acme' }, value: '1' } } },
    [BLOCKS.logSummary]: { [ACTIONS.logSummary]: { type: 'plain_text_input', value: summary } },
  });

  it('a form field over 3,000 characters (Slack\'s max_length, bypassed by a forged request) is a field error, the form stays open', async () => {
    const before = await conversations();
    const a = await submit(env, { teamId: TEAM, callbackId: CALLBACKS.logModal, viewId: 'V0CAPFIELD', values: logForm('y'.repeat(50_000)) });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ response_action: 'errors', errors: { [BLOCKS.logSummary]: "That's 50,000 characters; this field takes up to 3,000. Shorten it." } });
    expect(await conversations()).toBe(before);
  });

  it('an option query longer than any name gets no options and no database search', async () => {
    const a = await suggest(env, { teamId: NEW_TEAM, actionId: ACTIONS.logAccount, blockId: BLOCKS.logAccount, value: 'a'.repeat(INPUT_LIMITS.optionsQuery + 1) });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ options: [] });
    expect(await workspaces(NEW_TEAM)).toBe(0);
  });

  it('a button value over Slack\'s 2,000 characters is acknowledged and dropped', async () => {
    const calls = env.fake.calls.length;
    const a = await click(env, { teamId: NEW_TEAM, actionId: ACTIONS.showAccount, value: '1'.repeat(INPUT_LIMITS.actionValue + 1), responseId: 'capbutton' });
    expect(a.status).toBe(200);
    expect(a.raw).toBe('');
    expect(await workspaces(NEW_TEAM)).toBe(0);
    expect(env.fake.calls.length).toBe(calls);
    expect(env.fake.responses('capbutton')).toEqual([]);
  });

  it('an event with an over-long text is dropped before it is recorded', async () => {
    const eventId = 'Ev0CAPEVENT1';
    const event = reactionAddedEvent({ user: 'U0ALICE001', reaction: 'x'.repeat(INPUT_LIMITS.reactionName + 1), channel: 'C0GENERAL1', ts: '1763900000.000100' });
    const res = await postSigned(`${env.app.url}/slack/events`, { body: eventBody({ team_id: TEAM, event_id: eventId, event }), secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const text = { type: 'message', user: 'U0ALICE001', channel: 'C0GENERAL1', ts: '1763900000.000200', text: 'z'.repeat(INPUT_LIMITS.eventText + 1) };
    const res2 = await postSigned(`${env.app.url}/slack/events`, { body: eventBody({ team_id: NEW_TEAM, event_id: 'Ev0CAPEVENT2', event: text }), secret: SIGNING_SECRET });
    expect(res2.status).toBe(200);
    const recorded = await env.app.db.pool.query(`select event_id from slack_event where event_id like 'Ev0CAPEVENT%'`);
    expect(recorded.rows).toEqual([]);
    expect(await workspaces(NEW_TEAM)).toBe(0);
  });
});

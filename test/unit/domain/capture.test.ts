// The pure rules of channel capture (src/domain/capture.ts): which messages count and whose
// side they are, the hour they fold into, snippets, the /tend link and /tend capture grammars,
// and the names a Slack Connect team could be an account under.
import { describe, expect, it } from 'vitest';
import {
  connectKeys, countsAsMessage, emojiName, foldKey, MAX_SNIPPET_LENGTH, parseCaptureCommand, parseLinkCommand, readCapturedChange, readMessage, shortcutText, sidesOf, snippetOf,
} from '../../../src/domain/capture.ts';

const OURS = 'T0OURS0001';
const base = { type: 'message', channel: 'C0ACME0001', user: 'U0ANA00001', ts: '1764500000.000100', text: 'hi' };

describe('which messages count', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a plain message', {}, true],
    ['a file share', { subtype: 'file_share', text: '' }, true],
    ['a reply also sent to the channel', { subtype: 'thread_broadcast' }, true],
    ['a /me message', { subtype: 'me_message', text: 'is sending the renewal deck' }, true],
    ['a /me message from a bot', { subtype: 'me_message', bot_id: 'B0OTHER001' }, false],
    ['a bot message (subtype)', { subtype: 'bot_message', bot_id: 'B1' }, false],
    ['a bot message (bot_id only)', { bot_id: 'B0OTHER001' }, false],
    ['a join', { subtype: 'channel_join' }, false],
    ['a leave', { subtype: 'channel_leave' }, false],
    ['an edit', { subtype: 'message_changed', user: undefined }, false],
    ['a delete', { subtype: 'message_deleted', user: undefined }, false],
    ['a topic change', { subtype: 'channel_topic' }, false],
    ['a DM (not a channel)', { channel: 'D0ANA00001' }, false],
    ['no user', { user: undefined }, false],
    ['a forged ts', { ts: '1; drop table' }, false],
    ['a Slackbot reminder', { user: 'USLACKBOT', text: 'Reminder: send Acme the renewal deck.' }, false],
  ])('%s', (_name, patch, counts) => {
    expect(countsAsMessage({ ...base, ...patch })).toBe(counts);
  });
});

describe('a deleted or edited message: what it changes of a kept snippet', () => {
  const ts = '1764500000.000100';
  const at = new Date(1764500000000);
  const prev = { type: 'message', user: 'U0ANA00001', text: 'our budget is 40k', ts, user_team: 'T0CUST0001', team: 'T0CUST0001' };
  const ev = (e: Record<string, unknown>) => ({ type: 'message', channel: 'C0ACME0001', hidden: true, ts: '1764500100.000200', ...e });
  it.each<[string, Record<string, unknown>, unknown]>([
    ['a deletion', { subtype: 'message_deleted', deleted_ts: ts, previous_message: prev }, { kind: 'deleted', channelId: 'C0ACME0001', at, senderTeam: 'T0CUST0001' }],
    ['a deletion without the message as it was: both sides', { subtype: 'message_deleted', deleted_ts: ts }, { kind: 'deleted', channelId: 'C0ACME0001', at, senderTeam: null }],
    ['a deleted thread parent (tombstone)', { subtype: 'message_changed', message: { subtype: 'tombstone', text: 'This message was deleted.', ts }, previous_message: prev }, { kind: 'deleted', channelId: 'C0ACME0001', at, senderTeam: 'T0CUST0001' }],
    ['an edit', { subtype: 'message_changed', message: { ...prev, text: 'our budget is <b>tbd</b>' }, previous_message: prev },
      { kind: 'edited', channelId: 'C0ACME0001', at, senderTeam: 'T0CUST0001', oldSnippet: 'our budget is 40k', newText: 'our budget is <b>tbd</b>' }],
    ['an unfurl (the text unchanged)', { subtype: 'message_changed', message: { ...prev, attachments: [{}] }, previous_message: prev }, null],
    ['an edit without the old text', { subtype: 'message_changed', message: prev }, null],
    ["an app's message deleted (never captured)", { subtype: 'message_deleted', deleted_ts: ts, previous_message: { ...prev, bot_id: 'B0TEND0001' } }, null],
    ['a forged ts', { subtype: 'message_deleted', deleted_ts: '1; drop', previous_message: { ...prev, ts: '1; drop' } }, null],
    ['a DM', { subtype: 'message_deleted', channel: 'D0ANA00001', deleted_ts: ts, previous_message: prev }, null],
    ['a plain message', { user: 'U0ANA00001', text: 'hi' }, null],
    ['a join', { subtype: 'channel_join', user: 'U0ANA00001' }, null],
  ])('%s', (_name, e, change) => {
    expect(readCapturedChange(ev(e))).toEqual(change);
  });
});

describe('whose side spoke', () => {
  it.each<[string, Record<string, unknown>, 'customer' | 'team']>([
    ['our own team', { team: OURS, user_team: OURS }, 'team'],
    ['no team on the event', {}, 'team'],
    ['another team (Slack Connect)', { team: 'T0CUST0001', user_team: 'T0CUST0001' }, 'customer'],
    ['user_team decides over team', { team: OURS, user_team: 'T0CUST0001' }, 'customer'],
  ])('%s', (_name, patch, direction) => {
    expect(readMessage({ ...base, ...patch }, OURS)?.direction).toBe(direction);
  });

  it('a changed message folded under its sender\'s side, by the same rule; both when the event does not say', () => {
    expect(sidesOf(OURS, OURS)).toEqual(['team']);
    expect(sidesOf('T0CUST0001', OURS)).toEqual(['customer']);
    expect(sidesOf(null, OURS)).toEqual(['team', 'customer']);
  });
});

describe('folding', () => {
  it('one key per account, side and hour', () => {
    const at = (iso: string) => new Date(iso);
    expect(foldKey(7, 'customer', at('2026-11-30T10:00:00Z'))).toBe(foldKey(7, 'customer', at('2026-11-30T10:59:59.999Z')));
    expect(foldKey(7, 'customer', at('2026-11-30T10:59:59Z'))).not.toBe(foldKey(7, 'customer', at('2026-11-30T11:00:00Z')));
    expect(foldKey(7, 'customer', at('2026-11-30T10:00:00Z'))).not.toBe(foldKey(7, 'team', at('2026-11-30T10:00:00Z')));
    expect(foldKey(7, 'team', at('2026-11-30T10:30:00Z'))).toBe('channel:7:team:2026-11-30T10:00:00.000Z');
  });
});

describe('text kept', () => {
  it('a snippet is cleaned, on one line, and bounded; the shortcut text is trimmed and bounded', () => {
    expect(snippetOf('  line one\r\n\tline\u0000 two  ')).toBe('line one line two');
    expect(snippetOf('x'.repeat(40_000)).length).toBeLessThanOrEqual(MAX_SNIPPET_LENGTH);
    expect(shortcutText('   an email pasted   \n')).toBe('an email pasted');
    expect(shortcutText('y'.repeat(40_000)).length).toBeLessThanOrEqual(2_000);
    expect(shortcutText(undefined)).toBe('');
  });
});

describe('/tend link and unlink', () => {
  it.each<[string, unknown]>([
    ['link <#C0ACME0001|acme-shared> Acme Corp', { verb: 'link', channelId: 'C0ACME0001', channelName: 'acme-shared', accountText: 'Acme Corp' }],
    ['link <#C0ACME0001> Acme', { verb: 'link', channelId: 'C0ACME0001', channelName: null, accountText: 'Acme' }],
    ['LINK <#G0PRIVATE1|x>   Acme  ', { verb: 'link', channelId: 'G0PRIVATE1', channelName: 'x', accountText: 'Acme' }],
    ['unlink <#C0ACME0001|acme-shared>', { verb: 'unlink', channelId: 'C0ACME0001', channelName: 'acme-shared' }],
  ])('%s', (text, value) => {
    expect(parseLinkCommand(text)).toEqual({ ok: true, value });
  });

  it.each<[string, string]>([
    ['link #acme Acme', 'no_channel'],
    ['link <@U0ANA00001> Acme', 'no_channel'],
    ['link <#C0ACME0001|acme>', 'no_account'],
    ['link <#C0ACME0001|acme> !!!', 'no_account'],
    [`link <#C0ACME0001|acme> ${'a'.repeat(1_000)}`, 'too_long'],
  ])('%s → %s', (text, code) => {
    const p = parseLinkCommand(text);
    expect(p && !p.ok ? p.error.code : null).toBe(code);
  });

  it('is not the verb for other text', () => {
    expect(parseLinkCommand('linked')).toBeNull();
    expect(parseLinkCommand('settings')).toBeNull();
  });
});

describe('/tend capture', () => {
  it.each<[string, unknown]>([
    ['capture', { kind: 'show' }],
    ['capture snippets on', { kind: 'snippets', on: true }],
    ['capture snippet OFF', { kind: 'snippets', on: false }],
    ['capture gives :gift: :Star: gift', { kind: 'gives', emojis: ['gift', 'star'] }],
    // a toned emoji as Slack's picker inserts it: its base name (reactions match without the tone)
    ['capture gives :+1::skin-tone-2:', { kind: 'gives', emojis: ['+1'] }],
    ['capture gives :clap::skin-tone-6: :clap: +1::Skin-Tone-3', { kind: 'gives', emojis: ['clap', '+1'] }],
  ])('%s', (text, value) => {
    expect(parseCaptureCommand(text)).toEqual({ ok: true, value });
  });

  it('refuses what is not an emoji, and too many', () => {
    expect(parseCaptureCommand('capture gives <script>')).toMatchObject({ ok: false, error: { code: 'bad_emoji' } });
    // Slack's tones are 2 to 6, and one tone suffix at most
    expect(parseCaptureCommand('capture gives :+1::skin-tone-7:')).toMatchObject({ ok: false, error: { code: 'bad_emoji' } });
    expect(parseCaptureCommand('capture gives :+1::skin-tone-2::skin-tone-3:')).toMatchObject({ ok: false, error: { code: 'bad_emoji' } });
    expect(parseCaptureCommand(`capture gives ${Array.from({ length: 11 }, (_, i) => `:e${i}:`).join(' ')}`)).toMatchObject({ ok: false, error: { code: 'too_many' } });
    expect(parseCaptureCommand('capture everything')).toMatchObject({ ok: false, error: { code: 'unknown' } });
  });
});

describe('Slack Connect names and reactions', () => {
  it('a team is known by its name, its email domain, and the domain without its top level', () => {
    expect(connectKeys({ name: 'Globex Corporation', emailDomain: 'globex.com' })).toEqual(['globex corporation', 'globex com', 'globex']);
    expect(connectKeys({ name: 'Acme', emailDomain: 'acme.co.uk, acme.com' })).toEqual(['acme', 'acme co uk', 'acme co', 'acme com']);
    expect(connectKeys({ name: '', emailDomain: '' })).toEqual([]);
  });

  it('an emoji name drops its skin tone and case', () => {
    expect(emojiName('Gift')).toBe('gift');
    expect(emojiName('+1::skin-tone-3')).toBe('+1');
  });
});

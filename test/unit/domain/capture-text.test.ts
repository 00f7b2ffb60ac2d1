// Message text as Slack sends it, made readable before a snippet or the shortcut's form keeps it
// (src/domain/slack-text.ts, used by domain/capture.ts snippetOf and shortcutText).
import { describe, expect, it } from 'vitest';
import { MAX_SHORTCUT_TEXT, MAX_SNIPPET_LENGTH, mayKeepSnippet, shortcutMessageText, shortcutText, snippetOf } from '../../../src/domain/capture.ts';
import { loggedCapturedText } from '../../../src/domain/metrics.ts';
import { decodedLength, decodeEntities, slackToPlain } from '../../../src/domain/slack-text.ts';
import { escapeMrkdwn } from '../../../src/domain/text.ts';

describe('slackToPlain', () => {
  it.each<[string, string, string]>([
    ['entities', 'Q&amp;A: 2 &lt; 3 &gt; 1', 'Q&A: 2 < 3 > 1'],
    ['an entity typed literally stays as typed', 'write &amp;lt; for <', 'write &lt; for <'],
    ['a user mention without a name', 'ask <@U024BE7LH> today', 'ask @someone today'],
    ['a user mention with a name', 'ask <@U024BE7LH|ana> today', 'ask @ana today'],
    ['a channel with its name', 'see <#C024BE91L|acme-shared>', 'see #acme-shared'],
    ['a channel without', 'see <#C024BE91L>', 'see #a channel'],
    ['a labelled link', 'the <https://acme.example/q?a=1&amp;b=2|quote>', 'the quote'],
    ['a bare link', 'at <https://acme.example/q?a=1&amp;b=2>', 'at https://acme.example/q?a=1&b=2'],
    ['an email', 'mail <mailto:ana@acme.example|ana@acme.example> or <mailto:bo@acme.example>', 'mail ana@acme.example or bo@acme.example'],
    ['@here, @channel, @everyone', '<!here> <!channel> <!everyone>', '@here @channel @everyone'],
    ['a user group', 'cc <!subteam^S0123ABC|@support>', 'cc @support'],
    ['a date with its fallback', 'due <!date^1764500000^{date_short}|Nov 30>', 'due Nov 30'],
    ['an unknown special', 'x <!weird> y', 'x  y'],
    ['plain text is unchanged', '*bold* _it_ `code` :gift:', '*bold* _it_ `code` :gift:'],
    ['an unmatched bracket (never sent by Slack) is kept', 'a < b', 'a < b'],
  ])('%s', (_name, input, plain) => {
    expect(slackToPlain(input)).toBe(plain);
  });

  it('escaping the plain text again gives what Slack sent for the text parts (one round, no "&amp;amp;")', () => {
    expect(escapeMrkdwn(slackToPlain('Q&amp;A &lt;3'))).toBe('Q&amp;A &lt;3');
  });

  it('decodeEntities decodes the three and nothing else', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#39;')).toBe('&<>&quot;&#39;');
  });
});

describe('decodedLength', () => {
  it('counts what Slack counts: each entity one character', () => {
    expect(decodedLength('a&amp;b&lt;c&gt;')).toBe(6);
    expect(decodedLength('&amp;'.repeat(40_000))).toBe(40_000);
    expect(decodedLength('plain')).toBe(5);
    expect(decodedLength('&amp')).toBe(4);
  });
});

describe('snippets and the shortcut read the text as the sender saw it', () => {
  it('a snippet decodes before it is cut, so it is escaped once when shown', () => {
    expect(snippetOf('Q&amp;A with <@U024BE7LH|ana> in <#C024BE91L|acme>: <https://x.example|the deck>')).toBe('Q&A with @ana in #acme: the deck');
    expect(escapeMrkdwn(snippetOf('Q&amp;A'))).toBe('Q&amp;A');
    // a long link reads as its label, so the label is kept rather than cut away
    const s = snippetOf(`<https://x.example/${'p'.repeat(500)}|pricing> ${'&amp;'.repeat(400)}`);
    expect(s.startsWith('pricing &&&')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(MAX_SNIPPET_LENGTH);
  });

  it('the shortcut pre-fills the decoded text, trimmed and bounded, from a message of any length', () => {
    expect(shortcutText('  Q&amp;A for <@U024BE7LH|ana>, see <https://x.example|deck>  ')).toBe('Q&A for @ana, see deck');
    expect(shortcutText('&amp;'.repeat(60_000))).toBe(`${'&'.repeat(MAX_SHORTCUT_TEXT - 1)}…`);
  });
});

describe('the words a shortcut reads from the message it was used on', () => {
  const section = (text: string, type = 'mrkdwn') => ({ type: 'section', block_id: 'b', text: { type, text } });
  // what Slack puts in `text` for an app's blocks-only message (test/fixtures/slack/payloads/block_actions.slack-docs-example.json)
  const PLACEHOLDER = "This content can't be displayed.";
  it.each<[string, unknown, string]>([
    ['its text, when it has one (blocks or not)', { text: 'Q&amp;A <@U024BE7LH|ana>', blocks: [section('other')] }, 'Q&amp;A <@U024BE7LH|ana>'],
    ['an app message: the blocks, not Slack\'s placeholder', { text: PLACEHOLDER, blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Deal <won>' } }, section('*Acme* &amp; co')] }, 'Deal &lt;won&gt;\n*Acme* &amp; co'],
    ['the placeholder with a curly apostrophe', { text: 'This content can’t be displayed.', blocks: [section('hi')] }, 'hi'],
    ['section fields and context, images skipped', { text: '', blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: '*MRR*' }, { type: 'plain_text', text: '1 < 2' }] }, { type: 'context', elements: [{ type: 'image', image_url: 'x', alt_text: 'logo' }, { type: 'mrkdwn', text: 'via CRM' }] }] }, '*MRR*\n1 &lt; 2\nvia CRM'],
    ['rich text: sections, lists, mentions, links, emoji', { text: '', blocks: [{ type: 'rich_text', elements: [
      { type: 'rich_text_section', elements: [{ type: 'text', text: 'a & b ' }, { type: 'user', user_id: 'U1' }, { type: 'text', text: ' ' }, { type: 'emoji', name: 'tada' }] },
      { type: 'rich_text_list', elements: [{ type: 'rich_text_section', elements: [{ type: 'link', url: 'https://x.example', text: 'deck' }] }, { type: 'rich_text_section', elements: [{ type: 'link', url: 'https://y.example' }] }] },
      { type: 'rich_text_quote', elements: [{ type: 'channel', channel_id: 'C1' }, { type: 'broadcast', range: 'here' }] },
    ] }] }, 'a &amp; b <@U1> :tada:\n<https://x.example|deck>\n<https://y.example>\n<#C1><!here>'],
    ['attachments: pretext, title and text', { text: '', attachments: [{ fallback: 'F', pretext: 'New ticket', title: '#42', text: 'cannot log in' }] }, 'New ticket\n#42\ncannot log in'],
    ['attachments with only a fallback', { text: '', attachments: [{ fallback: 'Ticket #42' }] }, 'Ticket #42'],
    ['blocks win over attachments', { text: '', blocks: [section('from blocks')], attachments: [{ text: 'from attachment' }] }, 'from blocks'],
    ['files only: nothing', { text: '', files: [{ id: 'F1' }], upload: true }, ''],
    ['the placeholder and nothing else: nothing', { text: PLACEHOLDER }, ''],
    ['not a message', null, ''],
    ['odd shapes are skipped', { text: 7, blocks: [null, 'x', { type: 'section', text: 'not an object', fields: 'nope' }, { type: 'rich_text', elements: [{ elements: [42, { type: 'text', text: 'ok' }] }] }] }, 'ok'],
  ])('%s', (_name, message, want) => {
    expect(shortcutMessageText(message)).toBe(want);
  });

  it('reads a bounded part of any message: 5,000 blocks of text stop early, and the summary is cut', () => {
    const huge = { text: '', blocks: Array.from({ length: 5_000 }, () => section('w'.repeat(3_000))) };
    const words = shortcutMessageText(huge);
    expect(words.length).toBeLessThan(50_000);
    expect(shortcutText(words).length).toBeLessThanOrEqual(MAX_SHORTCUT_TEXT);
  });
});

describe('the digest and App Home line for captured touches', () => {
  it('says the channel messages behind the captured touches, which are hour-rows', () => {
    expect(loggedCapturedText({ logged: 38, captured: 212, capturedMessages: 1_904 })).toBe('38 logged · 212 captured from 1,904 channel messages');
    expect(loggedCapturedText({ logged: 0, captured: 1, capturedMessages: 1 })).toBe('0 logged · 1 captured from 1 channel message');
    expect(loggedCapturedText({ logged: 5, captured: 0, capturedMessages: 0 })).toBeNull();
  });
});

describe('which messages may keep a snippet', () => {
  it('a public channel only: a private channel, a DM or an event that does not say keeps none', () => {
    const m = { type: 'message', channel: 'C0ACME0001', user: 'U0ANA00001', ts: '1764500000.000100' };
    expect(mayKeepSnippet({ ...m, channel_type: 'channel' })).toBe(true);
    for (const channel_type of ['group', 'im', 'mpim', undefined, 42]) expect(mayKeepSnippet({ ...m, channel_type })).toBe(false);
  });
});

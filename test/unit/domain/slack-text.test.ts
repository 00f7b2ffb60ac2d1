// commandText: a slash command's text as the person typed it. Slack encodes &, < and >, keeps
// mentions as tokens the parsers read, and (in an escaped command) turns what looks like a
// link or an address into a link token: read back as the words typed.
import { describe, expect, it } from 'vitest';
import { commandText } from '../../../src/domain/slack-text.ts';

describe('commandText', () => {
  it.each([
    ['entities decoded', 'add AT&amp;T', 'add AT&T'],
    ['a typed < and > stay as typed', 'add a &lt;b&gt; c', 'add a <b> c'],
    ['a domain Slack linked', 'add <http://acme.com|acme.com>', 'add acme.com'],
    ['a link with an & in its label', 'add <http://a.com?x=1&amp;y=2|a.com?x=1&amp;y=2>', 'add a.com?x=1&y=2'],
    ['an address Slack linked', 'acme aka <mailto:ops@acme.com|ops@acme.com>', 'acme aka ops@acme.com'],
    ['a link without a label', 'offer add X: audit at <https://acme.com/audit>', 'offer add X: audit at https://acme.com/audit'],
    ['a www domain Slack linked', 'add <http://www.acme.io|www.acme.io>', 'add www.acme.io'],
    ['a link someone gave words of their own stays a token', 'deck <https://acme.io/deck|the deck>', 'deck <https://acme.io/deck|the deck>'],
    ['a mention stays a token', 'owner Acme <@U0ANA00001|ana>', 'owner Acme <@U0ANA00001|ana>'],
    ['a channel stays a token', 'link <#C0ACME0001|acme> Acme', 'link <#C0ACME0001|acme> Acme'],
    ['a special mention stays a token', 'add <!channel> co', 'add <!channel> co'],
    ['a link typed out by hand stays as typed', 'add &lt;http://x.com|y&gt;', 'add <http://x.com|y>'],
    ['nothing', undefined, ''],
  ])('%s', (_what, raw, typed) => {
    expect(commandText(raw)).toBe(typed);
  });
});

// A Slack message as a person reads it, in plain text: what the README shows of a grouped
// message, so that rendering comes from the real view builder and cannot drift from it.
// Emoji, references and escapes as the local outbox prints them (delivery/outbox.ts); user
// ids become the names given; bold and italics markers go; buttons read [ Label ].
import { mrkdwnForTerminal } from '../../src/delivery/outbox.ts';

type Text = { text?: string };
type Element = { type?: string; text?: string | Text; placeholder?: Text };
type Block = { type?: string; text?: Text; fields?: Text[]; elements?: Element[] };

const RULE = '─'.repeat(45);

function actionText(e: Element): string {
  if (e.type === 'static_select') return `[ ${e.placeholder?.text ?? 'Choose'} ▾ ]`;
  return `[ ${typeof e.text === 'object' ? e.text.text ?? '' : ''} ]`;
}

export function messageAsText(msg: { text: string; blocks?: unknown[] }, names: Record<string, string> = {}): string {
  const lines: string[] = [];
  for (const b of (msg.blocks ?? []) as Block[]) {
    if (b.type === 'header' && b.text?.text) lines.push(b.text.text);
    else if (b.type === 'section') {
      if (b.text?.text) lines.push(b.text.text);
      for (const f of b.fields ?? []) if (f.text) lines.push(f.text);
    } else if (b.type === 'context') lines.push((b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')).filter(Boolean).join(' · '));
    else if (b.type === 'actions') lines.push((b.elements ?? []).map(actionText).join('  '));
    else if (b.type === 'divider') lines.push(RULE);
  }
  const named = (lines.length ? lines.join('\n') : msg.text).replace(/<@([A-Z0-9]+)>/g, (m, id: string) => (names[id] ? `<@${id}|${names[id]}>` : m));
  return mrkdwnForTerminal(named)
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_/gm, '$1$2');
}

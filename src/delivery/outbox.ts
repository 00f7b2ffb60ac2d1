// Local mode: messages go to the terminal, readably, and to an append-only JSONL file.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { emojify } from 'node-emoji';
import type { DeliveryPort, Message } from './port.ts';

type Block = { type?: string; text?: { text?: string }; fields?: { text?: string }[]; elements?: { text?: string | { text?: string } }[] };

// Slack's names for emoji newer than node-emoji's table
const SLACK_ONLY_EMOJI: Record<string, string> = { large_green_circle: '🟢', large_yellow_circle: '🟡', large_orange_circle: '🟠', large_purple_circle: '🟣' };

/**
 * Slack mrkdwn as a person reads it in a terminal: emoji shortcodes as emoji, user and
 * channel references and links as text, and the &lt; &gt; &amp; escapes undone (last, so
 * an escaped "<!channel>" in someone's text shows as typed, never as a reference).
 */
export function mrkdwnForTerminal(text: string): string {
  return emojify(text.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => SLACK_ONLY_EMOJI[name] ?? m))
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `@${label || id}`)
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `#${label || id}`)
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Turns Block Kit into plain terminal text: headers, sections, fields, context and buttons. */
export function renderForTerminal(msg: Message): string {
  const lines: string[] = [];
  for (const raw of (msg.blocks ?? []) as Block[]) {
    if (raw.type === 'header') lines.push(`== ${raw.text?.text ?? ''} ==`);
    else if (raw.type === 'section') {
      if (raw.text?.text) lines.push(raw.text.text);
      for (const f of raw.fields ?? []) lines.push(`  ${f.text ?? ''}`);
    } else if (raw.type === 'context') lines.push(`  (${(raw.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')).join(' · ')})`);
    else if (raw.type === 'actions') lines.push(`  [${(raw.elements ?? []).map((e) => (typeof e.text === 'object' ? e.text?.text : '')).join('] [')}]`);
    else if (raw.type === 'divider') lines.push('  ---');
  }
  if (lines.length === 0) lines.push(msg.text);
  return mrkdwnForTerminal(lines.join('\n'));
}

export function createOutbox(dataDir: string, write: (s: string) => void = (s) => process.stdout.write(s)): DeliveryPort {
  const file = path.resolve(dataDir, 'outbox.jsonl');
  let seq = 0;
  const record = async (entry: object) => {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(entry)}\n`);
  };
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  return {
    kind: 'outbox',
    async post(workspaceId, msg) {
      const ts = nextTs();
      await record({ at: new Date().toISOString(), op: 'post', workspaceId, ts, ...msg });
      write(`\n┌─ to ${msg.channel} (workspace ${workspaceId})\n${renderForTerminal(msg).replace(/^/gm, '│ ')}\n└─\n`);
      return { channel: msg.channel, ts };
    },
    async update(workspaceId, msg) {
      await record({ at: new Date().toISOString(), op: 'update', workspaceId, ...msg });
      write(`\n┌─ update ${msg.channel} ${msg.ts}\n${renderForTerminal(msg).replace(/^/gm, '│ ')}\n└─\n`);
    },
    async openDm(_workspaceId, userId) {
      return `DM-${userId}`;
    },
    // the file lands under the data folder, so a laptop user can open the chart
    async uploadFile(workspaceId, file) {
      const fileId = `F-${nextTs().replace('.', '-')}`;
      const saved = path.resolve(dataDir, 'files', `${fileId}-${path.basename(file.filename)}`);
      await mkdir(path.dirname(saved), { recursive: true });
      await writeFile(saved, file.bytes);
      await record({ at: new Date().toISOString(), op: 'upload', workspaceId, channel: file.channel, fileId, filename: file.filename, title: file.title, path: saved });
      write(`\n┌─ file to ${file.channel} (workspace ${workspaceId})\n│ ${file.title ?? file.filename}: ${saved}\n└─\n`);
      return { fileId };
    },
  };
}

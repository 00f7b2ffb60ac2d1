// /tend's verb table: `/tend help` is rendered from its rows, so every verb is in the help,
// and "I don't know" names every verb.
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../../src/slack/commands/tend.ts';
import { buildTendHelp } from '../../../src/views/help.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';

describe('the /tend verb table', () => {
  const help = mrkdwnTexts(buildTendHelp(VERBS.map((v) => v.help)).blocks).join('\n');

  it.each(VERBS.map((v) => [v.words[0]!, v] as const))('%s: its help lines are in /tend help and name the verb', (word, verb) => {
    expect(verb.help).toContain(`/tend ${word}`);
    for (const line of verb.help.split('\n')) expect(help).toContain(line.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('no two rows claim the same word', () => {
    const words = VERBS.flatMap((v) => v.words);
    expect(new Set(words).size).toBe(words.length);
  });
});

import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/views/ids.ts';
import { buildHelpMessage, buildTendHelp, buildTendHelpShort, type HelpTopic } from '../../../src/views/help.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { mrkdwnTexts } from '../../support/block-kit.ts';


describe('buildHelpMessage', () => {
  it.each<[HelpTopic, string[], string[]]>([
    ['log', ['/log Acme: call, gave usage review, positive. next: send SSO pricing friday', '#give', 'next:'], ['/account add']],
    ['account', ['/account Acme +Reporting 1,200/mo', '/account rename Acme to Acme Corporation', 'aka'], ['#give']],
    ['all', ['/log', '/account', 'Claim', 'Snooze'], []],
  ])('%s: valid Block Kit, with examples', (topic, present, absent) => {
    const msg = buildHelpMessage(topic);
    expect(checkBlockKit('message', msg)).toEqual([]);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    for (const p of present) expect(all).toContain(p);
    for (const a of absent) expect(all).not.toContain(a);
    expect(msg.text.length).toBeGreaterThan(0);
  });

  it('escapes the <placeholders> in the grammar so Slack does not read them as links', () => {
    const all = mrkdwnTexts(buildHelpMessage('all').blocks).join('\n');
    expect(all).not.toMatch(/[<>]/);
    expect(all).toContain('&lt;account&gt;');
  });
});

describe('buildTendHelpShort', () => {
  const brief = ['• `/tend settings` — the settings.', '• `/tend scan` — look for nudges now.'];

  it('fits one screen: at most 10 lines, the most used verbs, and a More button', () => {
    const msg = buildTendHelpShort(brief);
    expect(checkBlockKit('message', msg)).toEqual([]);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    expect(all.split('\n').length).toBeLessThanOrEqual(10);
    for (const p of ['/log', '/account', '/nudges', '/tend settings', '/tend scan']) expect(all).toContain(p);
    const more = msg.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(more).toEqual([expect.objectContaining({ type: 'button', action_id: ACTIONS.helpMore })]);
  });

  it('the full help (behind More) is longer than one screen and holds every verb line', () => {
    const full = mrkdwnTexts(buildTendHelp(['• `/tend managers` — who manages Tend.']).blocks).join('\n');
    expect(full.split('\n').length).toBeGreaterThan(10);
    expect(full).toContain('/tend managers');
  });
});

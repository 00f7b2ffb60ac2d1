// The managers views: mentions only for Slack-shaped ids, everything else escaped.
import { describe, expect, it } from 'vitest';
import { servesTeam } from '../../../src/slack/middleware/own-team.ts';
import { buildManagerList, buildManagersOnly, mention } from '../../../src/views/managers.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';

describe('managers views', () => {
  it('mentions Slack user ids and escapes anything else (an imported owner id, say)', () => {
    expect(mention('U0ALICE001')).toBe('<@U0ALICE001>');
    expect(mention('W0GRID0001')).toBe('<@W0GRID0001>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
    const list = JSON.stringify(buildManagerList([{ slackUserId: 'evil <!here>', via: 'added_by', addedBy: 'U0BOB00001' }], []));
    expect(list).not.toContain('<!here>');
    expect(list).toContain('added by <@U0BOB00001>');
  });

  it('tells a rep who to ask, or, with no managers yet, who the installer is and how to get the role', () => {
    expect(buildManagersOnly('do it', [{ slackUserId: 'U0BOB00001', via: 'slack_admin', addedBy: null }], []).blocks[0]).toMatchObject({
      text: { text: ':lock: Only managers can do it. Managers here: <@U0BOB00001>. Ask one of them to add you with `/tend managers add @you`.' },
    });
    const none = JSON.stringify(buildManagersOnly('do it', [], ['U0INSTALL1']));
    expect(none).toContain('Tend has no managers here yet. Whoever installed it (<@U0INSTALL1> installed it)');
  });
});

describe('a large org\'s managers', () => {
  it('lists the first 40 and says how many more, within a section\'s 3,000 characters', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ slackUserId: `U0M${String(i).padStart(7, '0')}`, via: 'added_by' as const, addedBy: 'U0BOB00001' }));
    const list = buildManagerList(many, []);
    expect(checkBlockKit('message', list)).toEqual([]);
    expect(JSON.stringify(list)).toContain('…and 160 more');
    expect(JSON.stringify(list)).toContain('*Tend managers* (200)');
    const refusal = buildManagersOnly('do it', many, []);
    expect(checkBlockKit('message', refusal)).toEqual([]);
    expect(JSON.stringify(refusal)).toContain('…and 160 more.');
  });
});

describe('servesTeam', () => {
  const own = { teamId: 'T0OWN', enterpriseId: 'E0ORG', isEnterpriseInstall: false };
  it.each([
    ['T0OWN', undefined, own, true],
    ['T0OTHER', 'E0ORG', own, false], // same org, but a workspace install serves only its workspace
    [undefined, undefined, own, false],
    ['T0OTHER', 'E0ORG', { ...own, isEnterpriseInstall: true }, true], // an org-wide token serves its org
    ['T0OTHER', 'E0ELSE', { ...own, isEnterpriseInstall: true }, false],
  ] as const)('team %s / org %s → %s', (team, ent, o, expected) => {
    expect(servesTeam(o, team, ent)).toBe(expected);
  });
});

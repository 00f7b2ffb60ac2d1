// The manager rule and the `/tend managers` parser, as tables.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decideRole, isSlackAdmin, parseManagersCommand, SLACK_ADMIN_FRESH_MS, type RoleFacts } from '../../../src/domain/managers.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const rep: RoleFacts = { role: 'rep', managerVia: null, managerRemovedBy: null, slackAdmin: null, slackAdminCheckedAt: null };
const HOUR = 3_600_000;

describe('decideRole', () => {
  it.each([
    ['a rep Slack was never asked about', rep, {}, { kind: 'ask_slack' }],
    ['a rep known not to be admin today', { ...rep, slackAdmin: false, slackAdminCheckedAt: ago(HOUR) }, {}, { kind: 'rep' }],
    ['a rep whose "not admin" is a day old', { ...rep, slackAdmin: false, slackAdminCheckedAt: ago(SLACK_ADMIN_FRESH_MS) }, {}, { kind: 'ask_slack' }],
    ['a rep Slack now says is admin', rep, { slackAdmin: true }, { kind: 'grant', via: 'slack_admin' }],
    ['a rep Slack now says is not admin', rep, { slackAdmin: false }, { kind: 'rep' }],
    ['the installer', rep, { isInstaller: true }, { kind: 'grant', via: 'installer' }],
    ['a removed Slack admin', { ...rep, managerRemovedBy: 'U0X', slackAdmin: true, slackAdminCheckedAt: ago(HOUR) }, {}, { kind: 'rep' }],
    ['a removed installer', { ...rep, managerRemovedBy: 'U0X' }, { isInstaller: true }, { kind: 'rep' }],
    ['an added manager (no Slack check)', { ...rep, role: 'manager', managerVia: 'added_by' }, {}, { kind: 'manager' }],
    ['an installer manager', { ...rep, role: 'manager', managerVia: 'installer' }, {}, { kind: 'manager' }],
    ['a manager from before roles were recorded', { ...rep, role: 'manager' }, {}, { kind: 'manager' }],
    ['a Slack-admin manager checked today', { ...rep, role: 'manager', managerVia: 'slack_admin', slackAdmin: true, slackAdminCheckedAt: ago(HOUR) }, {}, { kind: 'manager' }],
    ['a Slack-admin manager checked 25 h ago', { ...rep, role: 'manager', managerVia: 'slack_admin', slackAdmin: true, slackAdminCheckedAt: ago(25 * HOUR) }, {}, { kind: 'ask_slack' }],
    ['a Slack-admin manager no longer admin', { ...rep, role: 'manager', managerVia: 'slack_admin', slackAdmin: true, slackAdminCheckedAt: ago(25 * HOUR) }, { slackAdmin: false }, { kind: 'revoke' }],
  ] as const)('%s', (_name, facts, o, expected) => {
    expect(decideRole(facts as RoleFacts, NOW, { isInstaller: false, ...o })).toEqual(expected);
  });

  // an admin of the workspace's own team, or of its Grid org: not one from a Slack Connect partner
  const home = { teamId: 'T0HOME0001', enterpriseId: null };
  const grid = { teamId: 'T0HOME0001', enterpriseId: 'E0GRID0001' };
  it.each([
    [{ is_admin: true, team_id: 'T0HOME0001' }, home, true],
    [{ is_owner: true, team_id: 'T0HOME0001' }, home, true],
    [{ is_primary_owner: true, team_id: 'T0HOME0001' }, home, true],
    [{ is_admin: false, is_owner: false, team_id: 'T0HOME0001' }, home, false],
    [{ is_admin: true, team_id: 'T0HOME0001', deleted: true }, home, false],
    [{ is_admin: true, team_id: 'T0PARTNER1' }, home, false],
    [{ is_admin: true }, home, false],
    [{ is_admin: true, team_id: 'T0OTHERWS1', enterprise_user: { enterprise_id: 'E0GRID0001' } }, grid, true],
    [{ is_admin: true, team_id: 'T0PARTNER1', enterprise_user: { enterprise_id: 'E0PARTNER1' } }, grid, false],
    [undefined, home, false],
  ])('isSlackAdmin(%j, %j) = %s', (user, at, expected) => {
    expect(isSlackAdmin(user, at)).toBe(expected);
  });
});

describe('parseManagersCommand', () => {
  it.each([
    ['managers', { verb: 'list' }],
    ['  Managers list ', { verb: 'list' }],
    ['managers add <@U0ALICE001>', { verb: 'add', userId: 'U0ALICE001' }],
    ['managers add <@U0ALICE001|alice>', { verb: 'add', userId: 'U0ALICE001' }],
    ['managers ADD <@W0GRID0001|Dana Scully>', { verb: 'add', userId: 'W0GRID0001' }],
    ['manager remove <@U0BOB00001|bob>', { verb: 'remove', userId: 'U0BOB00001' }],
    // a sentence's end is not part of the verb or the mention
    ['managers.', { verb: 'list' }],
    ['managers add <@U0BOB00001>.', { verb: 'add', userId: 'U0BOB00001' }],
    ['managers remove: <@U0BOB00001|bob>!', { verb: 'remove', userId: 'U0BOB00001' }],
  ])('%s', (text, value) => {
    expect(parseManagersCommand(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['managers add', 'managers_user'],
    ['managers add @alice', 'managers_user'],
    ['managers add <!channel>', 'managers_user'],
    ['managers add <#C0ABC>', 'managers_user'],
    ['managers add <@U0A> <@U0B>', 'managers_user'],
    ['managers remove alice', 'managers_user'],
    ['managers promote <@U0ALICE001>', 'managers_verb'],
  ])('%s → %s', (text, code) => {
    const r = parseManagersCommand(text);
    expect(r?.ok).toBe(false);
    expect(r && !r.ok && r.error.code).toBe(code);
  });

  it.each(['products', 'managersx', 'settings', ''])('%j is not a managers verb', (text) => {
    expect(parseManagersCommand(text)).toBeNull();
  });
});

describe('the /tend command in the manifests', () => {
  it.each(['manifest.yml', 'manifest.socket.yml'])('%s asks Slack to escape it, so "@dana" arrives as a mention the parser reads', (file) => {
    const manifest = parse(readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8'));
    const tend = manifest.features.slash_commands.find((c: { command: string }) => c.command === '/tend');
    expect(tend.should_escape).toBe(true);
    expect(tend.usage_hint).toContain('managers');
  });
});

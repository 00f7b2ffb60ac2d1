import { describe, expect, it } from 'vitest';
import { belongsHere, namesOf } from '../../../src/domain/slack-users.ts';

describe("a Slack user's names", () => {
  it.each([
    // users.info and user_change give the display name in the profile; an empty one means Slack shows the full name
    [{ name: 'ana', real_name: 'Ana López', profile: { display_name: 'ana.l', real_name: 'Ana López' } }, { name: 'ana.l', realName: 'Ana López' }],
    [{ name: 'ana', real_name: 'Ana López', profile: { display_name: '', real_name: 'Ana López' } }, { name: 'Ana López', realName: 'Ana López' }],
    [{ name: 'ana', profile: { real_name: 'Ana López' } }, { name: 'Ana López', realName: 'Ana López' }],
    // no full name: '' marks that Slack was asked
    [{ name: 'ana' }, { name: 'ana', realName: '' }],
    [undefined, { name: null, realName: '' }],
  ] as const)('%j → %j', (user, names) => {
    expect(namesOf(user)).toEqual(names);
  });
});

describe('whether a Slack user belongs to this workspace', () => {
  const home = { teamId: 'T0HOME0001', enterpriseId: 'E0ORG00001' };
  it.each([
    [{ team_id: 'T0HOME0001' }, home, true],
    // another workspace of the same Enterprise Grid org
    [{ team_id: 'T0SISTER01', enterprise_user: { enterprise_id: 'E0ORG00001' } }, home, true],
    // a Slack Connect partner, at home an admin or not
    [{ team_id: 'T0PARTNER1', is_admin: true }, home, false],
    [{ team_id: 'T0PARTNER1', enterprise_user: { enterprise_id: 'E0OTHER001' } }, home, false],
    [{ team_id: 'T0PARTNER1', enterprise_user: { enterprise_id: 'E0ORG00001' } }, { teamId: 'T0HOME0001', enterpriseId: null }, false],
    [undefined, home, false],
  ] as const)('%j of %j → %s', (user, h, ours) => {
    expect(belongsHere(user, h)).toBe(ours);
  });
});

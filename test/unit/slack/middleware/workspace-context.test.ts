// Which workspace a request is from when Bolt's team id is an Enterprise Grid org's: an
// org-wide install's modal carries the org's id as view.app_installed_team_id (Slack's Work
// Objects view_submission example), which Bolt reads first (src/slack/middleware/workspace-context.ts).
import { describe, expect, it } from 'vitest';
import { requestTeamId } from '../../../../src/slack/middleware/workspace-context.ts';

const ORG = 'E0GRID0001';
const WS = 'T0GRIDA001';

describe('requestTeamId', () => {
  it.each<[string, unknown, string | null | undefined, string | undefined, string | undefined]>([
    ['a modal of an org-wide install: the team it was used in', { type: 'view_submission', team: { id: WS }, user: { team_id: 'T0OTHER001' } }, ORG, ORG, WS],
    ['team null (org-wide): the user\'s team', { type: 'view_submission', team: null, user: { team_id: WS } }, ORG, ORG, WS],
    ['an org id Bolt read without an enterprise id', { type: 'view_closed', team: { id: WS } }, ORG, undefined, WS],
    ['a block_actions alike', { type: 'block_actions', team: null, user: { team_id: WS } }, ORG, ORG, WS],
    ['nothing names a workspace: the org stays', { type: 'view_submission', team: null, user: { team_id: ORG } }, ORG, ORG, ORG],
    ['a workspace id is kept as Bolt read it', { type: 'view_submission', team: { id: 'T0OTHER001' } }, WS, ORG, WS],
    ['an org-level event keeps the org (team_access_*)', { type: 'event_callback', team: { id: WS } }, ORG, ORG, ORG],
    ['a command keeps its team_id', { command: '/log', team: { id: WS } }, ORG, ORG, ORG],
    ['no team at all', { type: 'view_submission' }, undefined, undefined, undefined],
    ['an org-level event Bolt gives a null team', { type: 'event_callback' }, null, ORG, undefined],
    ['not an id: ignored', { type: 'view_submission', team: { id: 'drop table' }, user: { team_id: 42 } }, ORG, ORG, ORG],
  ])('%s', (_name, body, teamId, enterpriseId, want) => {
    expect(requestTeamId(body, teamId, enterpriseId)).toBe(want);
  });
});

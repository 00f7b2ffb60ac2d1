// Who may see a Slack event (src/domain/capture.ts): what the Events API envelope says
// (event id, event_context, a Slack Connect channel), the teams apps.event.authorizations.list
// names, and the teams conversations.info names in a channel when it is linked.
import { describe, expect, it } from 'vitest';
import { authorizedTeamIds, channelTeamIds, readEventAudience } from '../../../src/domain/capture.ts';

describe('readEventAudience', () => {
  it('reads the event id, its context and whether the channel is shared', () => {
    expect(readEventAudience({ event_id: 'Ev01', event_context: '4-abc', is_ext_shared_channel: true })).toEqual({ eventId: 'Ev01', eventContext: '4-abc', shared: true });
  });

  it.each<[string, Record<string, unknown>]>([
    ['nothing', {}],
    ['wrong types', { event_id: 12, event_context: ['x'], is_ext_shared_channel: 'true' }],
    ['empty strings', { event_id: '', event_context: '' }],
    ['an over-long context', { event_context: 'x'.repeat(2_001) }],
  ])('%s: no id, no context, not shared', (_name, body) => {
    expect(readEventAudience(body)).toEqual({ eventId: null, eventContext: null, shared: false });
  });
});

describe('authorizedTeamIds', () => {
  it('lists each installation team once; an org-wide install without a team is its enterprise', () => {
    expect(
      authorizedTeamIds([
        { enterprise_id: null, team_id: 'T0VENDOR01', user_id: 'U1', is_bot: true, is_enterprise_install: false },
        { enterprise_id: 'E0ORG00001', team_id: null, user_id: 'U2', is_bot: true, is_enterprise_install: true },
        { enterprise_id: null, team_id: 'T0VENDOR01', user_id: 'U3', is_bot: false, is_enterprise_install: false },
      ]),
    ).toEqual(['T0VENDOR01', 'E0ORG00001']);
  });

  it.each<[string, unknown]>([
    ['not a list', { team_id: 'T0VENDOR01' }],
    ['no list', undefined],
    ['junk entries', [null, 3, { team_id: 'not-a-team' }, { enterprise_id: 'E0ORG00001', is_enterprise_install: false }]],
  ])('%s: none', (_name, list) => {
    expect(authorizedTeamIds(list)).toEqual([]);
  });
});

describe('channelTeamIds', () => {
  it("a Slack Connect channel: the reader's team first, then the others, each once", () => {
    expect(channelTeamIds({ context_team_id: 'T0CUSTMR01', shared_team_ids: ['T0CUSTMR01', 'T0VENDOR01'], connected_team_ids: ['T0CUSTMR01', 'T0VENDOR01'] })).toEqual(['T0CUSTMR01', 'T0VENDOR01']);
  });

  it('an internal channel: its own team only; nothing readable: none', () => {
    expect(channelTeamIds({ context_team_id: 'T0VENDOR01' })).toEqual(['T0VENDOR01']);
    expect(channelTeamIds(undefined)).toEqual([]);
    expect(channelTeamIds({ shared_team_ids: ['<script>', 42] })).toEqual([]);
  });
});

// user_change: Slack tells every workspace when one of its people changes, and with deleted:
// true when an admin deactivated them (they left). What was theirs goes back to the team
// (data/member-departure.ts); reactivated, they can own accounts again. A partner organisation's
// person (Slack Connect) leaving theirs is nothing here, and other profile changes are ignored.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { memberLeft, memberReturned } from '../../data/member-departure.ts';
import { belongsHere, type SlackUserFacts } from '../../domain/managers.ts';
import type { Runtime } from '../../runtime.ts';
import { workspaceOf } from '../flows/caller.ts';

export function userChange(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'user_change'>> {
  return async ({ event, body, context }) => {
    const workspace = workspaceOf(context);
    const user = (event as { user?: unknown }).user as (SlackUserFacts & { id?: unknown; is_bot?: unknown }) | null | undefined;
    const eventId = (body as { event_id?: unknown }).event_id;
    if (!workspace || !user || typeof user.id !== 'string' || typeof eventId !== 'string' || typeof user.deleted !== 'boolean') return;
    if (!belongsHere(user, { teamId: workspace.slackTeamId, enterpriseId: workspace.slackEnterpriseId })) return;
    if (!user.deleted) {
      if (await memberReturned(rt.db.pool, workspace.id, user.id)) rt.log.info({ workspaceId: workspace.id, user: user.id }, 'member reactivated in Slack');
      return;
    }
    const gone = await memberLeft(rt.db.pool, workspace.id, user.id, rt.now(), eventId);
    if (gone) {
      rt.log.info({ workspaceId: workspace.id, user: user.id, released: gone.released.length, accounts: gone.accounts, unassigned: gone.unassigned },
        'member deactivated in Slack: their claims, accounts and waiting nudges went back to the team');
    }
  };
}

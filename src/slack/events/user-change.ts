// user_change: Slack tells every workspace when one of its people changes, with deleted: true
// when an admin deactivated them (they left). What was theirs goes back to the team
// (data/member-departure.ts); reactivated, they can own accounts again. A profile change keeps
// the names an import matches owners by, and their timezone: Slack sends user_change when
// someone sets a new one or travels (not for daylight saving), so a rep's 09:00 follows them.
// A partner organisation's person (Slack Connect) is nothing here.
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { memberLeft, memberReturned } from '../../data/member-departure.ts';
import { updateMemberProfile } from '../../data/members.ts';
import { slackEventTime } from '../../domain/slack-ids.ts';
import { belongsHere, type SlackUserFacts } from '../../domain/slack-users.ts';
import type { Runtime } from '../../runtime.ts';
import { slackProfileOf, workspaceOf } from '../flows/caller.ts';

// Bolt acknowledges an event before it is handled, so Slack does not send it again for a failure
// here (only for a delivery it saw fail or time out, up to minutes later): a departure that meets
// a deadlock or a dropped connection is tried again here
const ATTEMPTS = 3;
const RETRY_MS = 250;

export function userChange(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'user_change'>> {
  return async ({ event, body, context }) => {
    const workspace = workspaceOf(context);
    const user = (event as { user?: unknown }).user as (SlackUserFacts & { id?: unknown; tz?: unknown }) | null | undefined;
    const eventId = (body as { event_id?: unknown }).event_id;
    // the order Slack said things in, not the order they arrive: a retried delivery may come late
    const saidAt = slackEventTime((event as { event_ts?: unknown }).event_ts, (body as { event_time?: unknown }).event_time) ?? rt.now();
    if (!workspace || !user || typeof user.id !== 'string' || typeof eventId !== 'string' || typeof user.deleted !== 'boolean') return;
    if (!belongsHere(user, { teamId: workspace.slackTeamId, enterpriseId: workspace.slackEnterpriseId })) return;
    const userId = user.id;
    const log = { workspaceId: workspace.id, user: userId };
    for (let attempt = 1; ; attempt++) {
      try {
        if (!user.deleted) {
          if (await memberReturned(rt.db.pool, workspace.id, userId, saidAt)) rt.log.info(log, 'member reactivated in Slack');
          await updateMemberProfile(rt.db.pool, workspace.id, userId, slackProfileOf(user), saidAt);
          return;
        }
        const gone = await memberLeft(rt.db.pool, workspace.id, userId, rt.now(), { eventKey: eventId, saidAt });
        if (gone) {
          rt.log.info({ ...log, released: gone.released.length, accounts: gone.accounts, unassigned: gone.unassigned, retired: gone.retired.length },
            'member deactivated in Slack: their claims, accounts and waiting nudges went back to the team');
        }
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS) throw err;
        rt.log.warn({ ...log, attempt, err: (err as Error).message }, 'user_change not applied; trying again');
        await new Promise((r) => setTimeout(r, RETRY_MS * attempt));
      }
    }
  };
}

// Whether a Slack user someone mentioned is a person of this workspace who can hold a role in
// Tend (own accounts, manage it): not a bot or Slackbot, not deactivated, not a partner
// organisation's person met in a Slack Connect channel. A mention is only a Slack id (one typed
// by hand decodes like any other), so Slack is asked (users.info). When Slack cannot be asked,
// an owner is taken at the mention's word, as a change of owner should not wait on an outage;
// a manager is not (see PersonCheck). What Slack
// says of a person is kept on their row (names, their own timezone): an owner named here gets
// their nudges in their own morning, not the workspace's.
import { SLACKBOT_USER_ID } from '../../domain/slack-ids.ts';
import { belongsHere } from '../../domain/slack-users.ts';
import { ensureMember, findMember, keepMemberProfile, type MemberRow } from '../../data/members.ts';
import type { Runtime } from '../../runtime.ts';
import { slackProfileOf, type Caller } from './caller.ts';
import { slackErrorCode } from '../../domain/slack-errors.ts';

/**
 * 'guest': a single- or multi-channel guest (a contractor, a customer's contact): may own
 * accounts, not manage Tend. 'unchecked': Slack could not be asked; an owner is taken at the
 * mention's word, a manager is not (the role sees every rep's figures).
 */
export type PersonCheck = 'person' | 'guest' | 'unchecked' | 'not_person' | 'left';

/**
 * Whether `userId` may hold a role: someone Tend saw leave is 'left' as it knows them (a member
 * row says only that Tend met the id: an import's owner column, a click from a shared channel,
 * so anyone else is asked of Slack); 'person' when Slack cannot be asked (going by the mention).
 */
export async function personCheck(rt: Runtime, c: Caller, userId: string): Promise<PersonCheck> {
  return (await checkPerson(rt, c, userId)).check;
}

/** The member a mention names, for a role (personCheck); a member row is made only for a person. */
export async function mentionedMember(rt: Runtime, c: Caller, userId: string): Promise<MemberRow | Exclude<PersonCheck, 'person' | 'guest' | 'unchecked'>> {
  const { check, member } = await checkPerson(rt, c, userId);
  if (check !== 'person' && check !== 'guest' && check !== 'unchecked') return check;
  return member ?? ensureMember(rt.db.pool, c.workspace.id, userId);
}

/** personCheck, and the member row of a person Slack described, made or brought up to date with what it said. */
async function checkPerson(rt: Runtime, c: Caller, userId: string): Promise<{ check: PersonCheck; member?: MemberRow }> {
  if (userId === SLACKBOT_USER_ID) return { check: 'not_person' };
  if ((await findMember(rt.db.pool, c.workspace.id, userId))?.deactivated) return { check: 'left' };
  let u;
  try {
    u = (await c.client.users.info({ user: userId })).user;
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'user_not_found' || code === 'user_not_visible') return { check: 'not_person' };
    rt.log.warn({ err: (err as Error).message }, 'users.info failed; Slack could not say who was mentioned');
    return { check: 'unchecked' };
  }
  if (!u || u.is_bot) return { check: 'not_person' };
  if (u.deleted) return { check: 'left' };
  if (!belongsHere(u, { teamId: c.workspace.slackTeamId, enterpriseId: c.workspace.slackEnterpriseId })) return { check: 'not_person' };
  const member = await keepMemberProfile(rt.db.pool, c.workspace.id, userId, slackProfileOf(u));
  return { check: u.is_restricted || u.is_ultra_restricted ? 'guest' : 'person', member };
}

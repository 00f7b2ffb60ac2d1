// Who is asking: the workspace the middleware resolved, the member (created on first
// contact), whether they may do a manager's things, and their timezone: asked of Slack only
// when a date needs it and none is known, kept from every users.info answer Tend gets anyway,
// and kept current by Slack's user_change (events/user-change.ts), not by asking per command.
import type { webApi } from '@slack/bolt';
import { isValidTimezone } from '../../domain/clock.ts';
import { decideRole, isSlackAdmin, type RoleDecision } from '../../domain/managers.ts';
import {
  ensureMember, grantManager, installersOf, listManagers, revokeSlackAdminManager, saveMemberProfile, saveSlackAdmin, type MemberRow,
  type SlackProfile,
} from '../../data/members.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { buildManagersOnly, buildRoleCheckFailed, newManagerNote } from '../../views/managers.ts';
import { adoptWorkspaceTimezone, type WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { namesOf, type SlackUserFacts } from '../../domain/slack-users.ts';

export type Caller = {
  workspace: WorkspaceRow;
  member: MemberRow;
  client: webApi.WebClient;
  channelId?: string;
};

/** The workspace from the listener context; undefined when the database could not be reached. */
export function workspaceOf(context: Record<string, unknown>): WorkspaceRow | undefined {
  return context.workspace as WorkspaceRow | undefined;
}

/** Members whose names Slack is being asked for just now, by workspace and member id. */
const askingNames = new Set<string>();

export async function callerFor(rt: Runtime, workspace: WorkspaceRow, slackUserId: string, client: webApi.WebClient, channelId?: string): Promise<Caller> {
  const member = await ensureMember(rt.db.pool, workspace.id, slackUserId);
  const c: Caller = { workspace, member, client, ...(channelId ? { channelId } : {}) };
  // a member met before Tend kept full names (a timezone, no realName; '' once asked): Slack is
  // asked for them once, in the background, so the request does not wait (nor a burst ask twice)
  const key = `${workspace.id}:${member.id}`;
  if (member.timezone !== null && member.realName === null && !askingNames.has(key)) {
    askingNames.add(key);
    void askTimezone(rt, c).finally(() => askingNames.delete(key));
  }
  return c;
}

export type ManagerGate = { ok: true; note?: string } | { ok: false; message: SlackMessage };

/**
 * Whether the caller may do a manager's thing (`action`, e.g. "change Tend's settings"):
 * a manager; else the installer or a Slack workspace admin/owner, who becomes one now. Slack
 * is asked (users.info) only when the cached answer is missing or a day old, so a rep's
 * attempts cost no Slack call and a demoted Slack admin loses the role within a day.
 */
export async function managerGate(rt: Runtime, c: Caller, action: string): Promise<ManagerGate> {
  const d = await resolveManager(rt, c);
  if (d.ok) return d;
  if (d.unchecked) return { ok: false, message: buildRoleCheckFailed(action) };
  const [managers, installers] = await Promise.all([listManagers(rt.db.pool, c.workspace.id), installersOf(rt.db.pool, c.workspace.id)]);
  return { ok: false, message: buildManagersOnly(action, managers, installers) };
}

/** managerGate's decision, and its writes (a grant, a revoke, Slack's answer cached); `unchecked`: Slack could not be asked. */
async function resolveManager(rt: Runtime, c: Caller): Promise<{ ok: true; note?: string } | { ok: false; unchecked?: true }> {
  const pool = rt.db.pool;
  const ws = c.workspace.id;
  const now = rt.now();
  const isInstaller = c.member.role !== 'manager' && (await installersOf(pool, ws)).includes(c.member.slackUserId);
  let d: RoleDecision = decideRole(c.member, now, { isInstaller });
  if (d.kind === 'ask_slack') {
    let admin: boolean;
    try {
      const res = await c.client.users.info({ user: c.member.slackUserId });
      admin = isSlackAdmin(res.user, { teamId: c.workspace.slackTeamId, enterpriseId: c.workspace.slackEnterpriseId });
      // Slack told us their timezone and names too: keep them (no extra call)
      await keepTimezone(rt, c, slackProfileOf(res.user));
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'users.info failed; cannot tell whether the caller is a Slack admin');
      // a manager keeps the role until Slack can be asked again; a rep is not let in unchecked
      return c.member.role === 'manager' ? { ok: true } : { ok: false, unchecked: true };
    }
    await saveSlackAdmin(pool, ws, c.member.id, admin, now);
    c.member = { ...c.member, slackAdmin: admin, slackAdminCheckedAt: now };
    d = decideRole(c.member, now, { isInstaller, slackAdmin: admin });
  }
  if (d.kind === 'manager') return { ok: true };
  if (d.kind === 'grant') {
    await grantManager(pool, ws, c.member.id, d.via, now);
    c.member = { ...c.member, role: 'manager', managerVia: d.via };
    rt.log.info({ workspaceId: ws, user: c.member.slackUserId, via: d.via }, 'new manager');
    return { ok: true, note: newManagerNote(d.via) };
  }
  if (d.kind === 'revoke') {
    await revokeSlackAdminManager(pool, ws, c.member.id);
    c.member = { ...c.member, role: 'rep', managerVia: null };
    rt.log.info({ workspaceId: ws, user: c.member.slackUserId }, 'no longer a Slack admin: manager role removed');
  }
  return { ok: false };
}

/**
 * How long a refused click or form waits for confirmManager before the refusal stands: a form's
 * submission must be answered within Slack's 3 s.
 */
const CONFIRM_MANAGER_WAIT_MS = 1_200;

/**
 * Whether a Slack user refused a nudge change that was not theirs manages Tend after all, as a
 * manager's command would decide (managerGate: the installer or a Slack admin becomes one,
 * a demoted admin's role goes). The stored role alone misses an admin who never used a manager's
 * verb and trusts a day-old answer. Asked only after a refusal, so a click costs no Slack call;
 * no answer within CONFIRM_MANAGER_WAIT_MS, or `withinMs` if shorter (or a failure), leaves the
 * refusal standing. Someone it makes a manager is told so (tellNewManager), even when the answer
 * came too late for this click.
 */
export async function confirmManager(
  rt: Runtime, workspace: WorkspaceRow, slackUserId: string, client: webApi.WebClient, withinMs = CONFIRM_MANAGER_WAIT_MS,
): Promise<boolean> {
  if (withinMs <= 0) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.min(withinMs, CONFIRM_MANAGER_WAIT_MS));
  });
  const decided = callerFor(rt, workspace, slackUserId, client)
    .then(async (c) => {
      const d = await resolveManager(rt, c);
      if (d.ok && d.note) tellNewManager(rt, workspace, slackUserId, client, d.note);
      return d.ok;
    })
    .catch((err: Error) => {
      rt.log.warn({ workspaceId: workspace.id, err: err.message }, 'could not tell whether the clicker manages Tend');
      return false;
    });
  try {
    return await Promise.race([decided, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Someone a click made a manager is told so, as a manager's command tells them: in their
 * messages with Tend, since a click has no reply of its own to carry it (App Home has no
 * channel). Not awaited: the click's answer does not wait on it, and a failure only logs.
 */
function tellNewManager(rt: Runtime, workspace: WorkspaceRow, userId: string, client: webApi.WebClient, note: string): void {
  client.chat.postMessage({ channel: userId, text: note }).catch((err: Error) =>
    rt.log.warn({ workspaceId: workspace.id, user: userId, err: err.message }, 'could not tell a new manager they are one'));
}

/** The member's timezone as cached; else the workspace's (no Slack call). */
export function knownTimezone(c: Caller): string {
  return c.member.timezone ?? c.workspace.timezone;
}

/**
 * How long a form's Save waits for Slack to tell a new member's timezone (a picked due date is
 * read in it) before using the known one: the submission must be answered within Slack's 3 s.
 */
const FORM_TIMEZONE_WAIT_MS = 1_200;

/**
 * The timezone a form's picked due date is read in: the member's, asked of Slack within
 * FORM_TIMEZONE_WAIT_MS when not cached; with no date picked, whatever is known (no Slack call).
 */
export function formTimezone(rt: Runtime, c: Caller, datePicked: boolean): Promise<string> | string {
  return datePicked ? memberTimezone(rt, c, FORM_TIMEZONE_WAIT_MS) : knownTimezone(c);
}

/**
 * The member's own timezone: cached on the member row (Slack's user_change keeps it current),
 * else asked of Slack (users.info) and cached; the workspace's when Slack does not say or cannot
 * be reached, or, with `withinMs`, does not answer in time (the answer is still cached when it comes).
 */
export async function memberTimezone(rt: Runtime, c: Caller, withinMs?: number): Promise<string> {
  if (c.member.timezone) return c.member.timezone;
  const asked = askTimezone(rt, c);
  if (withinMs === undefined) return asked;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(c.workspace.timezone), withinMs);
  });
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function askTimezone(rt: Runtime, c: Caller): Promise<string> {
  try {
    const res = await c.client.users.info({ user: c.member.slackUserId });
    if (await keepTimezone(rt, c, slackProfileOf(res.user))) return c.member.timezone!;
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'users.info failed; using the workspace timezone');
  }
  return c.workspace.timezone;
}

/**
 * What a Slack user object (users.info's answer, a user_change event's user) says to keep on
 * the member's row: their names, and their own timezone when it is an IANA name Tend can read
 * (else null, and the one known stays).
 */
export function slackProfileOf(user: (SlackUserFacts & { tz?: unknown }) | undefined): SlackProfile {
  const tz = typeof user?.tz === 'string' && isValidTimezone(user.tz) ? user.tz : null;
  return { ...namesOf(user), timezone: tz };
}

/**
 * Stores a member's timezone as Slack gave it (each rep's own release time reads it), a new one
 * replacing the old, and, when the workspace is still on its UTC default, makes it the
 * workspace's: the first member Slack gives a timezone for sets it (an installer's or a manager's
 * choice is never replaced).
 */
async function keepTimezone(rt: Runtime, c: Caller, profile: SlackProfile): Promise<boolean> {
  const { name, realName, timezone: tz } = profile;
  // the names are kept even without a timezone, so a member is not asked for them again
  if ((tz !== null && c.member.timezone !== tz) || (name !== null && name !== c.member.name) || realName !== c.member.realName) {
    await saveMemberProfile(rt.db.pool, c.workspace.id, c.member.id, { timezone: tz, name, realName });
    c.member = { ...c.member, timezone: tz ?? c.member.timezone, name: name ?? c.member.name, realName };
  }
  if (tz === null) return false;
  if (c.workspace.timezoneSource === 'default' && (await adoptWorkspaceTimezone(rt.db.pool, c.workspace.id, tz, 'member'))) {
    c.workspace = { ...c.workspace, timezone: tz, timezoneSource: 'member' };
    rt.workspaces.forget(c.workspace.id);
    rt.log.info({ workspaceId: c.workspace.id, tz }, "workspace timezone taken from the first member's");
  }
  return true;
}

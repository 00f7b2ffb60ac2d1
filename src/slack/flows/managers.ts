// `/tend managers`: anyone sees who manages Tend; managers add and remove others (never the
// last manager). Someone added must be a person of this Slack workspace (users.info).
import type { ManagersCommand } from '../../domain/managers.ts';
import { addManager, installersOf, listManagers, removeManager } from '../../data/members.ts';
import type { Runtime } from '../../runtime.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { buildManagerChange, buildManagerList } from '../../views/managers.ts';
import { managerGate, type Caller } from './caller.ts';

/** Whether users.info knows the user as a live person; true when Slack cannot be asked (the mention came from Slack). */
async function isPerson(rt: Runtime, c: Caller, userId: string): Promise<boolean> {
  try {
    const res = await c.client.users.info({ user: userId });
    return Boolean(res.user && !res.user.is_bot && !res.user.deleted && userId !== 'USLACKBOT');
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code === 'user_not_found' || code === 'user_not_visible') return false;
    rt.log.warn({ err: (err as Error).message }, 'users.info failed while adding a manager; going by the mention');
    return true;
  }
}

export async function runManagersCommand(rt: Runtime, c: Caller, cmd: ManagersCommand): Promise<SlackMessage> {
  const pool = rt.db.pool;
  const ws = c.workspace.id;
  if (cmd.verb === 'list') {
    const [managers, installers] = await Promise.all([listManagers(pool, ws), installersOf(pool, ws)]);
    return buildManagerList(managers, installers);
  }
  const gate = await managerGate(rt, c, cmd.verb === 'add' ? 'add managers' : 'remove managers');
  if (!gate.ok) return gate.message;
  if (cmd.verb === 'add') {
    if (!(await isPerson(rt, c, cmd.userId))) return buildManagerChange('not_a_person', cmd.userId);
    const added = await addManager(pool, ws, cmd.userId, c.member.slackUserId, rt.now());
    rt.log.info({ workspaceId: ws, user: cmd.userId, by: c.member.slackUserId, added }, 'manager added');
    return buildManagerChange(added, cmd.userId);
  }
  const removed = await removeManager(pool, ws, cmd.userId, c.member.slackUserId);
  rt.log.info({ workspaceId: ws, user: cmd.userId, by: c.member.slackUserId, removed }, 'manager removed');
  return buildManagerChange(removed, cmd.userId);
}

// `/tend managers`: anyone sees who manages Tend; managers add and remove others (never the
// last manager). Someone added must be a person of this Slack workspace (flows/people.ts).
import type { ManagersCommand } from '../../domain/managers.ts';
import { addManager, installersOf, listManagers, removeManager } from '../../data/members.ts';
import type { Runtime } from '../../runtime.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { buildManagerChange, buildManagerList } from '../../views/managers.ts';
import { managerGate, type Caller } from './caller.ts';
import { personCheck } from './people.ts';

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
    const check = await personCheck(rt, c, cmd.userId);
    // a manager sees every rep's figures and the whole book's revenue: not for a guest
    if (check === 'guest') return buildManagerChange('guest', cmd.userId);
    if (check === 'unchecked') return buildManagerChange('unchecked', cmd.userId);
    if (check !== 'person') return buildManagerChange('not_a_person', cmd.userId);
    const added = await addManager(pool, ws, cmd.userId, c.member.slackUserId, rt.now());
    rt.log.info({ workspaceId: ws, user: cmd.userId, by: c.member.slackUserId, added }, 'manager added');
    return buildManagerChange(added, cmd.userId);
  }
  const removed = await removeManager(pool, ws, cmd.userId, c.member.slackUserId);
  rt.log.info({ workspaceId: ws, user: cmd.userId, by: c.member.slackUserId, removed }, 'manager removed');
  return buildManagerChange(removed, cmd.userId);
}

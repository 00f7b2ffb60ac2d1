// Whether a Slack user acts for a workspace's team (domain/slack-users.ts actsForTeam), asked of
// Slack (users.info) and kept a while per process. What a reaction does to a nudge or a captured
// touch counts only from such a person: not from a partner in a Slack Connect channel, nor from
// another app's bot that reacts to every message. A member row is no proof: rows exist for
// people met in a shared channel or named in an import.
import type { webApi } from '@slack/bolt';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import { slackErrorCode } from '../../domain/slack-errors.ts';
import { actsForTeam } from '../../domain/slack-users.ts';
import type { Runtime } from '../../runtime.ts';

/** Who is on a team changes rarely (a deactivation also arrives as user_change). */
export const TEAMMATE_TTL_MS = 60 * 60_000;
const MAX_CACHED = 10_000;

/** 'unknown' when Slack could not be asked (an outage, a 429): the caller decides. */
export type Teammate = 'ours' | 'not_ours' | 'unknown';

const caches = new WeakMap<object, Map<string, { ours: boolean; at: number }>>();

function cacheOf(rt: Runtime): Map<string, { ours: boolean; at: number }> {
  let m = caches.get(rt);
  if (!m) caches.set(rt, (m = new Map()));
  return m;
}

export async function teammate(rt: Runtime, workspace: WorkspaceRow, userId: string, client: webApi.WebClient): Promise<Teammate> {
  const cache = cacheOf(rt);
  const key = `${workspace.id}:${userId}`;
  const hit = cache.get(key);
  if (hit && rt.now().getTime() - hit.at < TEAMMATE_TTL_MS) return hit.ours ? 'ours' : 'not_ours';
  let ours: boolean;
  try {
    const res = await client.users.info({ user: userId });
    ours = actsForTeam(userId, res.user, { teamId: workspace.slackTeamId, enterpriseId: workspace.slackEnterpriseId });
  } catch (err) {
    const code = slackErrorCode(err);
    // Slack knows no such user for this token: not one of ours
    if (code !== 'user_not_found' && code !== 'user_not_visible') {
      rt.log.debug({ workspaceId: workspace.id, err: (err as Error).message }, 'users.info failed; whether the reactor is a teammate is unknown');
      return 'unknown';
    }
    ours = false;
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.delete(key);
  cache.set(key, { ours, at: rt.now().getTime() });
  return ours ? 'ours' : 'not_ours';
}


// Which channels are linked, per Slack team, so the HTTP edge can drop a message from an
// unlinked channel without a database query (most channels a bot sits in are not linked).
// Two layers: each team's set in Redis (loaded from Postgres on a miss, changed in place by
// link and unlink, shared by every process), and a copy in this process kept for a couple of
// seconds, so a busy channel costs no round trip at all. A link counts at once on the process
// that made it and within LOCAL_TTL_MS on the others; a stale "linked" costs one database
// query in the capture flow, never a wrong touch. A Slack Connect channel's event reaches the
// app once, for one installation, and may be a touch in another's workspace: for those, a
// second set per channel holds the teams that linked it.
import type { Redis } from 'ioredis';
import { linkedChannelIdsOfTeam, teamsLinkingChannel } from '../../data/channel-links.ts';
import type { Runtime } from '../../runtime.ts';

/** Marks a team's set as loaded (so an empty set is told from a missing one). */
const LOADED = '*loaded';
const TTL_SEC = 3_600;
export const LOCAL_TTL_MS = 2_000;
const LOCAL_MAX_TEAMS = 10_000;
const TIMEOUT_MS = 200;

function within<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`redis timeout: ${what}`)), TIMEOUT_MS).unref())]);
}

export class LinkedChannels {
  private local = new Map<string, { ids: Set<string>; at: number }>();
  private localByChannel = new Map<string, { ids: Set<string>; at: number }>();

  constructor(
    private rt: Pick<Runtime, 'db' | 'config'>,
    private redis: Redis,
    private now: () => number = Date.now,
  ) {}

  private key(teamId: string): string {
    return `${this.rt.config.queuePrefix}:links:${teamId}`;
  }

  private channelKey(channelId: string): string {
    return `${this.rt.config.queuePrefix}:links:channel:${channelId}`;
  }

  /** A set's members: this process's copy while fresh, else Redis, else Postgres (`load`). */
  private async members(local: Map<string, { ids: Set<string>; at: number }>, id: string, key: string, load: () => Promise<string[]>): Promise<Set<string>> {
    const hit = local.get(id);
    if (hit && this.now() - hit.at < LOCAL_TTL_MS) return hit.ids;
    let members = await within(this.redis.smembers(key), 'links');
    if (!members.includes(LOADED)) {
      const ids = await load();
      // a union, never a replace: a load racing a link cannot drop the new channel
      await within(this.redis.multi().sadd(key, LOADED, ...ids).expire(key, TTL_SEC).exec(), 'load links');
      members = [...members, ...ids];
    }
    const ids = new Set(members.filter((m) => m !== LOADED));
    local.set(id, { ids, at: this.now() });
    if (local.size > LOCAL_MAX_TEAMS) local.delete(local.keys().next().value!);
    return ids;
  }

  /** The team's linked channel ids. */
  private idsOf(teamId: string): Promise<Set<string>> {
    return this.members(this.local, teamId, this.key(teamId), () => linkedChannelIdsOfTeam(this.rt.db.pool, teamId));
  }

  /** The teams whose workspace linked a channel. */
  private teamsOf(channelId: string): Promise<Set<string>> {
    return this.members(this.localByChannel, channelId, this.channelKey(channelId), () => teamsLinkingChannel(this.rt.db.pool, channelId));
  }

  /** Whether `channelId` is linked in the workspace of `teamId`; throws when neither Redis nor Postgres answers. */
  async isLinked(teamId: string, channelId: string): Promise<boolean> {
    return (await this.idsOf(teamId)).has(channelId);
  }

  /**
   * Whether a message event may be a touch anywhere: its channel is linked in the workspace of
   * the team it was authorized for, or, in a shared channel, in any workspace (which of those
   * see it is the capture flow's to decide).
   */
  async mayCapture(teamId: string, channelId: string, shared: boolean): Promise<boolean> {
    if (await this.isLinked(teamId, channelId)) return true;
    return shared && (await this.teamsOf(channelId)).size > 0;
  }

  /** After a link is committed: its channel counts at once here, and on other processes within LOCAL_TTL_MS. */
  async added(teamId: string, channelId: string): Promise<void> {
    this.local.get(teamId)?.ids.add(channelId);
    this.localByChannel.get(channelId)?.ids.add(teamId);
    await within(this.redis.multi().sadd(this.key(teamId), channelId).sadd(this.channelKey(channelId), teamId).exec(), 'link');
  }

  /** After an unlink is committed. */
  async removed(teamId: string, channelId: string): Promise<void> {
    this.local.get(teamId)?.ids.delete(channelId);
    this.localByChannel.get(channelId)?.ids.delete(teamId);
    await within(this.redis.multi().srem(this.key(teamId), channelId).srem(this.channelKey(channelId), teamId).exec(), 'unlink');
  }
}

const caches = new WeakMap<object, LinkedChannels>();

/** The process's cache, on the runtime's fail-fast Redis connection. */
export function linkedChannels(rt: Runtime): LinkedChannels {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = new LinkedChannels(rt, rt.pendingRedis)));
  return c;
}

// Which channels are linked, per Slack team, held in Redis so the HTTP edge can drop a message
// from an unlinked channel without a database query (most channels a bot sits in are not
// linked). The set is loaded from Postgres on a miss and changed in place by link and unlink.
// It may only err towards "linked": a message let through is checked against the database by
// the capture flow, so a stale entry costs one query, never a wrong touch.
import type { Redis } from 'ioredis';
import { linkedChannelIdsOfTeam } from '../../data/channel-links.ts';
import type { Runtime } from '../../runtime.ts';

/** Marks a team's set as loaded (so an empty set is told from a missing one). */
const LOADED = '*loaded';
const TTL_SEC = 3_600;
const TIMEOUT_MS = 200;

function within<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`redis timeout: ${what}`)), TIMEOUT_MS).unref())]);
}

export class LinkedChannels {
  constructor(
    private rt: Pick<Runtime, 'db' | 'config'>,
    private redis: Redis,
  ) {}

  private key(teamId: string): string {
    return `${this.rt.config.queuePrefix}:links:${teamId}`;
  }

  /** Whether `channelId` is linked in the workspace of `teamId`; throws when neither Redis nor Postgres answers. */
  async isLinked(teamId: string, channelId: string): Promise<boolean> {
    const key = this.key(teamId);
    const [member, loaded] = (await within(this.redis.smismember(key, channelId, LOADED), 'links')) as number[];
    if (loaded === 1) return member === 1;
    const ids = await linkedChannelIdsOfTeam(this.rt.db.pool, teamId);
    // a union, never a replace: a load racing a link cannot drop the new channel
    await within(this.redis.multi().sadd(key, LOADED, ...ids).expire(key, TTL_SEC).exec(), 'load links');
    return ids.includes(channelId);
  }

  /** After a link is committed: its channel counts at once, on every process. */
  async added(teamId: string, channelId: string): Promise<void> {
    await within(this.redis.sadd(this.key(teamId), channelId), 'link');
  }

  /** After an unlink is committed. */
  async removed(teamId: string, channelId: string): Promise<void> {
    await within(this.redis.srem(this.key(teamId), channelId), 'unlink');
  }
}

const caches = new WeakMap<object, LinkedChannels>();

/** The process's cache, on the runtime's fail-fast Redis connection. */
export function linkedChannels(rt: Runtime): LinkedChannels {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = new LinkedChannels(rt, rt.pendingRedis)));
  return c;
}

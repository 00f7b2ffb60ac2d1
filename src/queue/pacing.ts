// Per-channel pacing for chat.postMessage, shared by every worker through Redis: Slack allows
// about one message per second per channel, so each post reserves the channel's next free
// slot. A job whose slot is in the future is delayed to it and holds it (by job id), so
// waiting jobs never stampede when they wake; a 429 pushes the channel's next slot past
// Retry-After. Slack counts its limits per app per workspace, so a 429 also holds back every
// channel of that workspace, and only that workspace: other tenants keep posting. Times come
// from Redis's clock so workers on several machines agree.

export type RedisEval = { eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> };

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local blocked = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(redis.call('GET', KEYS[4]) or '0'))
if blocked > now then
  -- the channel (or its whole workspace) is cooling down after a 429: forget any held slot, take a fresh one later
  redis.call('DEL', KEYS[2])
  return blocked - now
end
local held = tonumber(redis.call('GET', KEYS[2]) or '-1')
if held >= 0 then
  -- a slot reserved before a 429 pushed the channel back, or missed by more than a whole
  -- interval (the job was held up, e.g. by the worker's rate limit), is no longer this
  -- holder's: others may have posted since. Take a fresh slot instead.
  if held < blocked or now - held > interval then
    redis.call('DEL', KEYS[2])
  else
    if held - now > 25 then return held - now end
    redis.call('DEL', KEYS[2])
    return 0
  end
end
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextAt)
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 60000)
if slot <= now then return 0 end
redis.call('SET', KEYS[2], slot, 'PX', slot - now + 60000)
return slot - now
`;

const PUSH_BACK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilAt = now + tonumber(ARGV[1])
local ttl = tonumber(ARGV[1]) + 60000
-- kept past the cool-down so that slots reserved before it can be recognised as stale
redis.call('SET', KEYS[2], untilAt, 'PX', ttl)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt < untilAt then redis.call('SET', KEYS[1], untilAt, 'PX', ttl) end
-- the whole workspace waits too, never less than an earlier hold asked for
local held = tonumber(redis.call('GET', KEYS[3]) or '0')
if held < untilAt then redis.call('SET', KEYS[3], untilAt, 'PX', ttl) end
return untilAt
`;

/** Where a post goes: the workspace (whose limits Slack counts) and the channel in it. */
export type PaceTarget = { workspaceId: number; channel: string };

export type Pacer = {
  /** 0: post now (the slot is taken). Otherwise the ms to wait; the slot is held for `holder`. */
  acquire(target: PaceTarget, holder: string): Promise<number>;
  /** Slack said wait `ms`: no slot for this channel, nor any other channel of its workspace, before then. */
  pushBack(target: PaceTarget, ms: number): Promise<void>;
};

export function createPacer(redis: RedisEval, prefix: string, intervalMs = 1_000): Pacer {
  const k = (t: PaceTarget) => `${prefix}:pace:${t.workspaceId}:${t.channel}`;
  const workspaceHold = (t: PaceTarget) => `${prefix}:pace-ws:${t.workspaceId}:until`;
  return {
    async acquire(target, holder) {
      const wait = await redis.eval(
        ACQUIRE, 4, k(target), `${prefix}:pace-hold:${holder}`, `${k(target)}:until`, workspaceHold(target), intervalMs,
      );
      return Number(wait);
    },
    async pushBack(target, ms) {
      await redis.eval(PUSH_BACK, 3, k(target), `${k(target)}:until`, workspaceHold(target), Math.ceil(ms));
    },
  };
}

// Replay guard for /slack/events: a byte-identical request (same v0 signature) is handled once.
// A request first takes a short in-flight marker; only once it has been answered without a
// server error does the marker become "done" for long enough to outlive the timestamp window
// (so a failed first attempt leaves its retry free to run). Redis-backed, shared by every web
// process; callers fail closed when Redis errors.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Slack's timestamp window, either way (seconds). */
export const WINDOW_SEC = 5 * 60;
/** Clock skew allowed between Slack and us on top of the window (seconds). */
export const SKEW_SEC = 60;
/**
 * A request stamped `window` seconds ahead is accepted until `2 × window` from now; the done
 * marker must outlive that (plus skew), or the same bytes could be replayed after it expires.
 */
export const DONE_TTL_SEC = 2 * WINDOW_SEC + SKEW_SEC;
/** Long enough for any ack (Slack gives up after 3 s); short enough that a crash frees it soon. */
export const IN_FLIGHT_TTL_SEC = 30;

/** new: this caller holds it and must settle it; done: handled before; busy: another attempt is in flight. */
export type Claim = { state: 'new'; token: string } | { state: 'done' } | { state: 'busy' };

export type ReplayGuard = {
  claim(signature: string): Promise<Claim>;
  /** handled: answered without a server error (mark done); else release it for a retry. */
  settle(signature: string, token: string, handled: boolean): Promise<void>;
};

const DONE = 'done';
// delete the in-flight marker only if it is still ours (it may have expired and been retaken)
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export function redisReplayGuard(redis: Redis, prefix: string): ReplayGuard {
  const key = (signature: string) => `${prefix}:seen:${signature}`;
  return {
    async claim(signature) {
      const token = randomUUID();
      if ((await redis.set(key(signature), token, 'EX', IN_FLIGHT_TTL_SEC, 'NX')) === 'OK') return { state: 'new', token };
      return (await redis.get(key(signature))) === DONE ? { state: 'done' } : { state: 'busy' };
    },
    async settle(signature, token, handled) {
      if (handled) await redis.set(key(signature), DONE, 'EX', DONE_TTL_SEC);
      else await redis.eval(RELEASE, 1, key(signature), token);
    },
  };
}

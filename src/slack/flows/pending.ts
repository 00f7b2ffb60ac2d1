// A command waiting for the person to choose (or create) its account. Buttons carry a short
// ref, never the text itself (a button value holds 2,000 chars; a summary up to 3,000), so the
// text waits in Redis for a day under the app's key prefix, on a connection of its own (boot),
// keyed by who sent it: the click finishes it as the clicker, so nobody else's click may.
import { randomBytes } from 'node:crypto';
import type { Runtime } from '../../runtime.ts';

export type PendingCommand = {
  command: '/log' | '/account';
  text: string;
  /** the idempotency key of the write it will make, fixed when the command arrived */
  sourceKey: string;
};

const TTL_SEC = 24 * 3600;
const TIMEOUT_MS = 1_000;

function key(rt: Runtime, workspaceId: number, slackUserId: string, ref: string): string {
  return `${rt.config.queuePrefix}:pending:${workspaceId}:${slackUserId}:${ref}`;
}

function within<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`redis timeout: ${what}`)), TIMEOUT_MS).unref())]);
}

export async function savePending(rt: Runtime, workspaceId: number, slackUserId: string, p: PendingCommand): Promise<string> {
  const ref = randomBytes(9).toString('base64url');
  await within(rt.pendingRedis.set(key(rt, workspaceId, slackUserId, ref), JSON.stringify(p), 'EX', TTL_SEC), 'save pending');
  return ref;
}

/** The pending command, or null when it expired or is not this workspace's and this person's. */
export async function loadPending(rt: Runtime, workspaceId: number, slackUserId: string, ref: string): Promise<PendingCommand | null> {
  if (!/^[\w-]{1,40}$/.test(ref)) return null;
  const raw = await within(rt.pendingRedis.get(key(rt, workspaceId, slackUserId, ref)), 'load pending');
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as PendingCommand;
    return (v.command === '/log' || v.command === '/account') && typeof v.text === 'string' && typeof v.sourceKey === 'string' ? v : null;
  } catch {
    return null;
  }
}

// Turning a failure while handling a command into the answer the person sees: the database
// being unreachable says so; anything else says it went wrong; both hand back the text typed.
import type { Logger } from '../../log.ts';
import { buildDbUnavailableMessage, buildUnexpectedErrorMessage } from '../../views/errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P03', '53300']);

/** True for errors from Postgres, the pg driver or Prisma: the write did not happen. */
export function isDatabaseError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; severity?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || /^[0-9A-Z]{5}$/.test(e.code) || e.code.startsWith('P'))) return true;
  if (typeof e.severity === 'string') return true; // pg DatabaseError
  if (typeof e.name === 'string' && e.name.startsWith('Prisma')) return true;
  const msg = typeof e.message === 'string' ? e.message : '';
  return /connection|timeout exceeded when trying to connect|terminat|database|relation .* does not exist/i.test(msg);
}

/** Runs `work`; a thrown error becomes the right "nothing was saved" message with the text echoed. */
export async function guarded(log: Logger, typed: string, command: string, work: () => Promise<SlackMessage>): Promise<SlackMessage> {
  try {
    return await work();
  } catch (err) {
    const db = isDatabaseError(err);
    log.warn({ err: (err as Error).message, command, db }, db ? 'database failed during a command' : 'a command failed');
    return db ? buildDbUnavailableMessage(typed, command) : buildUnexpectedErrorMessage(typed, command);
  }
}

// Turning a failure while handling a command into the answer the person sees: the database
// being unreachable says so; anything else says it went wrong; both hand back the text typed.
import type { Logger } from '../../log.ts';
import { buildDbUnavailableMessage, buildUnexpectedErrorMessage } from '../../views/errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';

/** Socket errors of a connection that could not be made or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Prisma's codes for the same (the pg adapter maps Postgres and socket errors to them): P1000
 * authentication, P1001 not reachable, P1002/P1008 timed out, P1003 no such database, P1010
 * access denied, P1011 TLS, P1017 connection closed, P2021 no such table (42P01 below), P2024
 * pool timeout, P2037 too many connections.
 */
const PRISMA_UNREACHABLE = new Set(['P1000', 'P1001', 'P1002', 'P1003', 'P1008', 'P1010', 'P1011', 'P1017', 'P2021', 'P2024', 'P2037']);

/**
 * SQLSTATEs that say the database could not serve now, not that the request was wrong: class 08
 * (connection), 28 and 3D000 (refused at connect), 53 (out of connections, memory, disk),
 * 57P01–57P05 (shutting down, starting up, idle session timeout), 57014 (statement timeout),
 * 55P03 (lock timeout), and 42P01 / 3F000 (Tend's tables or schema not there: a restore or a
 * migration under way). Class 22 (a value Postgres refuses, e.g. an id past int4), 23 (a
 * constraint) or the rest of 42 (the SQL itself) would fail again however long one waits.
 */
function unavailableState(code: string): boolean {
  return /^(08|28|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-5]$/.test(code) || ['3D000', '57014', '55P03', '42P01', '3F000'].includes(code);
}

/** Messages of the pg pool and driver (no code) and of our own bound (reply/timeout.ts) that mean the same. */
const UNREACHABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Cannot use a pool after calling end|Query read timeout|database did not answer within/i;

/**
 * True when the database could not be reached or could not serve in time (from Postgres, the pg
 * driver or Prisma): nothing was written, and the same request may succeed in a minute. A query
 * Postgres refused (bad data, a broken constraint) is not: that is a failure of Tend's own.
 */
export function isDatabaseError(err: unknown): boolean {
  return unreachable(err, 0);
}

function unreachable(err: unknown, depth: number): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || PRISMA_UNREACHABLE.has(code)) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && unavailableState(code)) return true;
  const original = e.meta?.driverAdapterError?.cause?.originalCode; // Prisma's P2039 "Database error" wraps the SQLSTATE
  if (typeof original === 'string' && unavailableState(original)) return true;
  if (e.name === 'PrismaClientInitializationError') return true;
  if (typeof e.message === 'string' && UNREACHABLE_MESSAGE.test(e.message)) return true;
  return unreachable(e.cause, depth + 1); // e.g. an error wrapping the driver's
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

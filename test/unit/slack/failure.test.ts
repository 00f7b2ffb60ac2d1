// Which failures are told as "Tend can't reach its database": only those that say the database
// could not be reached or could not serve in time. A query Postgres refused (an id past int4, a
// broken constraint) is Tend's own failure: telling the user to try again later was untrue.
import { describe, expect, it } from 'vitest';
import { isDatabaseError } from '../../../src/slack/reply/failure.ts';

/** The shape of pg's DatabaseError. */
const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'ERROR', name: 'error' });
/** The shape of Prisma's known request error (through the pg adapter). */
const prismaError = (code: string, originalCode?: string) =>
  Object.assign(new Error('x'), { name: 'PrismaClientKnownRequestError', code, meta: originalCode ? { driverAdapterError: { cause: { kind: 'postgres', originalCode } } } : {} });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect', errno: -111 });

describe('isDatabaseError: the database could not be reached or could not serve', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['host not found', socketError('ENOTFOUND')],
    ['08006 connection failure', pgError('08006')],
    ['08P01 protocol violation', pgError('08P01')],
    ['28P01 password refused', pgError('28P01')],
    ['3D000 no such database', pgError('3D000')],
    ['53300 too many connections', pgError('53300')],
    ['53100 disk full', pgError('53100')],
    ['57P01 admin shutdown', pgError('57P01')],
    ['57P03 cannot connect now', pgError('57P03')],
    ['57014 statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['55P03 lock timeout', pgError('55P03')],
    ['42P01 a table not there (schema renamed, restore under way)', pgError('42P01', 'relation "workspace" does not exist')],
    ['the pool timing out a connect', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['our own bound (reply/timeout.ts)', new Error('database did not answer within 1500 ms')],
    ['Prisma P1001 not reachable', prismaError('P1001')],
    ['Prisma P1017 connection closed', prismaError('P1017')],
    ['Prisma P2024 pool timeout', prismaError('P2024')],
    ['Prisma P2039 wrapping 57P01', prismaError('P2039', '57P01')],
    ['Prisma failing to start', Object.assign(new Error('x'), { name: 'PrismaClientInitializationError' })],
    ['a wrapper whose cause is a refused connection', new Error('saving failed', { cause: socketError('ECONNREFUSED') })],
  ])('%s → true', (_name, err) => {
    expect(isDatabaseError(err)).toBe(true);
  });

  it.each([
    ['22003 an id past int4', pgError('22003', 'value "99999999999" is out of range for type integer')],
    ['22P02 not a number', pgError('22P02', 'invalid input syntax for type integer: "1e+23"')],
    ['22001 too long', pgError('22001')],
    ['22021 a NUL byte', pgError('22021')],
    ['23505 unique violation', pgError('23505')],
    ['23503 foreign key', pgError('23503')],
    ['42601 syntax error', pgError('42601')],
    ['42703 no such column', pgError('42703')],
    ['40001 serialization failure', pgError('40001')],
    ['P0001 raised by a function', pgError('P0001')],
    ['Prisma P2020 value out of range', prismaError('P2020')],
    ['Prisma P2002 unique', prismaError('P2002')],
    ['Prisma P2039 wrapping 22003', prismaError('P2039', '22003')],
    ['Prisma validation', Object.assign(new Error('x'), { name: 'PrismaClientValidationError' })],
    ['a Slack API error', Object.assign(new Error('An API error occurred: channel_not_found'), { code: 'slack_webapi_platform_error' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message naming the database', new Error('database row had no id')],
    ['not an error', 'ECONNREFUSED'],
    ['null', null],
  ])('%s → false', (_name, err) => {
    expect(isDatabaseError(err)).toBe(false);
  });
});

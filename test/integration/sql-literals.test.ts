// The array literals the scan's page write sends (src/data/sql.ts) read back in Postgres as the
// numbers they were: floats to the last bit, nulls, and each row's own product list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberArraysLiteral, numbersLiteral } from '../../src/data/sql.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

describe('number array literals', () => {
  it('writes the literal text Postgres parses', () => {
    expect(numbersLiteral([])).toBe('{}');
    expect(numbersLiteral([1, null, -3])).toBe('{1,NULL,-3}');
    expect(numberArraysLiteral([[3, 7], [], [0.25]])).toBe('{"{3,7}","{}","{0.25}"}');
    expect(numberArraysLiteral([])).toBe('{}');
  });

  it('float8[] reads back every float exactly, NaN and the infinities included', async () => {
    const xs = [0.1 + 0.2, 1e-7, 2 ** 53, -0.5, 1 / 3, Number.MAX_VALUE, Number.MIN_VALUE, 123456789.123456, NaN, Infinity, -Infinity, null];
    const res = await db.pool.query<{ xs: (number | null)[] }>('select $1::float8[] as xs', [numbersLiteral(xs)]);
    expect(res.rows[0]!.xs).toEqual(xs);
  });

  it('int[] and int8[] read back the integers, nulls in place', async () => {
    const ints = [0, -2147483648, 2147483647, null, 42];
    const big = [9_007_199_254_740_991, -1, null];
    const res = await db.pool.query<{ ints: (number | null)[]; big: (string | null)[] }>('select $1::int[] as ints, $2::int8[] as big', [numbersLiteral(ints), numbersLiteral(big)]);
    expect(res.rows[0]!.ints).toEqual(ints);
    expect(res.rows[0]!.big).toEqual(['9007199254740991', '-1', null]);
  });

  it('a text[] of number arrays unnests to one int[] and one float8[] per row, of any lengths', async () => {
    const ids = [[3, 7, 9], [], [12]];
    const scores = [[0.5, 1 / 7, 1e-9], [], [0.3]];
    const res = await db.pool.query<{ ids: number[]; scores: number[] }>(
      `select i::int[] as ids, s::float8[] as scores from unnest($1::text[], $2::text[]) with ordinality as t(i, s, n) order by n`,
      [numberArraysLiteral(ids), numberArraysLiteral(scores)],
    );
    expect(res.rows.map((r) => r.ids)).toEqual(ids);
    expect(res.rows.map((r) => r.scores)).toEqual(scores);
  });
});

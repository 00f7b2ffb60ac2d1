// Parity: the stall rule's one home is src/domain/cadence.ts; the SQL that must agree with it
// (src/data/cadence-sql.ts, used by the digest's stall counts and the scan's prefilter) is run
// on real Postgres over the same table of cases, and must give the same rhythm, days of
// silence, level and overdue verdict. Boundaries first (exactly at the rhythm, exactly at the
// maximum, exactly one day late), then a seeded random table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_TOUCHES_FOR_RHYTHM, OVERDUE_AFTER_DAYS, cadence, cadenceSettings, type CadenceStats } from '../../src/domain/cadence.ts';
import { daysSinceTouchSql, overdueSql, rhythmDaysSql, stalledAfterSql, stallLevelSql } from '../../src/data/cadence-sql.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

const NOW = new Date('2026-11-23T09:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

type Ws = { stallFactor: number; stallMinDays: number; stallMaxDays: number; defaultRhythmDays: number };
type Case = { name: string; ws: Ws; stats: CadenceStats };

const WS: Ws = { stallFactor: 2, stallMinDays: 14, stallMaxDays: 60, defaultRhythmDays: 30 };
const stats = (s: Partial<CadenceStats>): CadenceStats => ({
  touchCount: 5, medianGapDays: 10, lastTouchAt: ago(3), createdAt: ago(400), overdueNextStepDue: null, ...s,
});

const BOUNDARIES: Case[] = [
  { name: 'own rhythm, quiet exactly as long as it (ok)', ws: WS, stats: stats({ medianGapDays: 10, lastTouchAt: ago(20) }) },
  { name: 'own rhythm, one day past it (cooling)', ws: WS, stats: stats({ medianGapDays: 10, lastTouchAt: ago(21) }) },
  { name: 'a fractional median gap', ws: WS, stats: stats({ medianGapDays: 10.5, lastTouchAt: ago(21) }) },
  { name: 'a fraction of a day short of the next whole day', ws: WS, stats: stats({ medianGapDays: 10, lastTouchAt: new Date(ago(21).getTime() + 1) }) },
  { name: 'exactly at the maximum (cooling)', ws: WS, stats: stats({ lastTouchAt: ago(60) }) },
  { name: 'one day past the maximum (stalled)', ws: WS, stats: stats({ lastTouchAt: ago(61) }) },
  { name: 'k × gap below the minimum is raised to it', ws: WS, stats: stats({ medianGapDays: 2, lastTouchAt: ago(15) }) },
  { name: 'k × gap above the maximum is capped at it', ws: WS, stats: stats({ medianGapDays: 45, lastTouchAt: ago(59) }) },
  { name: 'one touch fewer than the rule needs uses the default', ws: WS, stats: stats({ touchCount: MIN_TOUCHES_FOR_RHYTHM - 1, medianGapDays: 5, lastTouchAt: ago(31) }) },
  { name: 'exactly the touches the rule needs uses its own gap', ws: WS, stats: stats({ touchCount: MIN_TOUCHES_FOR_RHYTHM, medianGapDays: 5, lastTouchAt: ago(15) }) },
  { name: 'no median gap uses the default', ws: WS, stats: stats({ touchCount: 9, medianGapDays: null, lastTouchAt: ago(31) }) },
  { name: 'never touched counts from creation', ws: WS, stats: stats({ touchCount: 0, medianGapDays: null, lastTouchAt: null, createdAt: ago(45) }) },
  { name: 'a touch logged in the future counts as today', ws: WS, stats: stats({ lastTouchAt: new Date(NOW.getTime() + 3 * DAY) }) },
  { name: 'a max below the min does not invert the band', ws: { ...WS, stallMinDays: 30, stallMaxDays: 10 }, stats: stats({ lastTouchAt: ago(31) }) },
  { name: 'a default above the max is capped', ws: { ...WS, defaultRhythmDays: 90 }, stats: stats({ touchCount: 1, medianGapDays: null, lastTouchAt: ago(61) }) },
  { name: 'next step exactly one day late (overdue)', ws: WS, stats: stats({ lastTouchAt: ago(5), overdueNextStepDue: ago(OVERDUE_AFTER_DAYS) }) },
  { name: 'next step a millisecond short of a day late', ws: WS, stats: stats({ lastTouchAt: ago(5), overdueNextStepDue: new Date(ago(1).getTime() + 1) }) },
  { name: 'a touch after the due date settles it', ws: WS, stats: stats({ lastTouchAt: ago(2), overdueNextStepDue: ago(4) }) },
  { name: 'a touch at the due instant does not settle it', ws: WS, stats: stats({ lastTouchAt: ago(4), overdueNextStepDue: ago(4) }) },
  { name: 'an overdue step with no touch at all', ws: WS, stats: stats({ touchCount: 0, medianGapDays: null, lastTouchAt: null, overdueNextStepDue: ago(3) }) },
];

// a small deterministic generator, so a failure can be replayed
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function randomCases(seed: number, n: number): Case[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  return Array.from({ length: n }, (_, i) => {
    const touchCount = int(0, 6);
    const last = touchCount > 0 ? new Date(NOW.getTime() - Math.round(r() * 120 * DAY)) : null;
    const due = r() < 0.4 ? new Date(NOW.getTime() - Math.round(r() * 10 * DAY)) : null;
    return {
      name: `random ${seed}.${i}`,
      ws: { stallFactor: [1, 1.5, 2, 3][int(0, 3)]!, stallMinDays: int(1, 30), stallMaxDays: int(5, 90), defaultRhythmDays: int(1, 60) },
      stats: {
        touchCount,
        // whole and half days, so k × gap lands exactly on whole days often
        medianGapDays: touchCount >= 2 ? int(1, 60) / (r() < 0.5 ? 1 : 2) : null,
        lastTouchAt: last,
        createdAt: new Date(NOW.getTime() - int(1, 400) * DAY),
        overdueNextStepDue: due,
      },
    };
  });
}

type SqlVerdict = { rhythm: number; since: number; level: string; overdue: boolean };

/** Every case through the SQL fragments in one query, the rule's constants as parameters. */
async function throughSql(cases: Case[]): Promise<SqlVerdict[]> {
  const x = {
    touchCount: 'c.n', medianGapDays: 'c.gap', lastTouchAt: 'c.last_at', createdAt: 'c.created_at', now: '$10::timestamp',
    stallFactor: 'c.k', stallMinDays: 'c.lo', stallMaxDays: 'c.max', defaultRhythmDays: 'c.def', minTouchesForRhythm: '$11::int',
  };
  const res = await db.pool.query<{ rhythm: number; since: number; level: string; overdue: boolean }>(
    `select (${rhythmDaysSql(x)})::float8 as rhythm, (${daysSinceTouchSql(x)})::int as since,
            ${stallLevelSql(daysSinceTouchSql(x), rhythmDaysSql(x), stalledAfterSql(x))} as level,
            coalesce(c.due is not null and ${overdueSql('c.due', 'c.last_at', '$10::timestamp', '$12::int')}, false) as overdue
     from unnest($1::int[], $2::float8[], $3::timestamp[], $4::timestamp[], $5::timestamp[], $6::float8[], $7::int[], $8::int[], $9::int[])
            with ordinality as c(n, gap, last_at, created_at, due, k, lo, max, def, i)
     order by c.i`,
    [
      cases.map((c) => c.stats.touchCount),
      cases.map((c) => c.stats.medianGapDays),
      cases.map((c) => c.stats.lastTouchAt?.toISOString() ?? null),
      cases.map((c) => c.stats.createdAt.toISOString()),
      cases.map((c) => c.stats.overdueNextStepDue?.toISOString() ?? null),
      cases.map((c) => c.ws.stallFactor),
      cases.map((c) => c.ws.stallMinDays),
      cases.map((c) => c.ws.stallMaxDays),
      cases.map((c) => c.ws.defaultRhythmDays),
      NOW.toISOString(),
      MIN_TOUCHES_FOR_RHYTHM,
      OVERDUE_AFTER_DAYS,
    ],
  );
  return res.rows;
}

function throughRule(c: Case): SqlVerdict {
  const v = cadence(c.stats, cadenceSettings(c.ws), NOW);
  return { rhythm: v.rhythmDays, since: v.daysSinceTouch, level: v.level, overdue: v.overdueDays !== null };
}

describe('stall rule parity: src/domain/cadence.ts == src/data/cadence-sql.ts on Postgres', () => {
  it('agrees on every boundary case', async () => {
    const sql = await throughSql(BOUNDARIES);
    expect(sql).toHaveLength(BOUNDARIES.length);
    for (const [i, c] of BOUNDARIES.entries()) expect({ case: c.name, ...sql[i] }).toEqual({ case: c.name, ...throughRule(c) });
    // the table reaches every level and both overdue verdicts, so agreement means something
    expect(new Set(sql.map((v) => v.level))).toEqual(new Set(['ok', 'cooling', 'stalled']));
    expect(new Set(sql.map((v) => v.overdue))).toEqual(new Set([true, false]));
  });

  it.each([1, 2, 3])('agrees on a random table (seed %i)', async (seed) => {
    const cases = randomCases(seed, 300);
    const sql = await throughSql(cases);
    expect(sql.map((v, i) => ({ case: cases[i]!.name, ...v }))).toEqual(cases.map((c) => ({ case: c.name, ...throughRule(c) })));
  });
});

// domain/release.ts releasedAlready against its SQL twin (data/nudge-budget.ts releasedAlreadySql,
// which the morning release runs), on a table of boundaries: releases just before, at and after
// the local day's start, and just inside, at and outside RELEASE_MIN_GAP_HOURS before now; and
// the bound the release reads past releases from (oldestStandingDay, `local_day >= …` on the
// unique key), compared the way Postgres compares text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_MIN_GAP_HOURS, oldestStandingDay, releasedAlready } from '../../src/domain/release.ts';
import { releasedAlreadySql } from '../../src/data/nudge-budget.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

const H = 3_600_000;
const GAP = RELEASE_MIN_GAP_HOURS * H;

describe('releasedAlready: the rule and its SQL agree', () => {
  // local days beginning at midnight in Sydney, Los Angeles and Tokyo; now from 09:00 to 17:59 in each
  const dayStarts = [Date.parse('2026-11-30T13:00:00Z'), Date.parse('2026-11-30T08:00:00Z'), Date.parse('2026-11-30T15:00:00Z')];
  const rows: { releasedAt: Date; dayStart: Date; now: Date }[] = [];
  for (const start of dayStarts) {
    for (const hour of [9, 12, 13, 17.99]) {
      const now = start + hour * H;
      const around = (t: number) => [t - 60_000, t - 1, t, t + 1, t + 60_000];
      for (const r of [...around(start), ...around(now - GAP), start - 24 * H, now - 1, now]) {
        rows.push({ releasedAt: new Date(r), dayStart: new Date(start), now: new Date(now) });
      }
    }
  }

  it(`${rows.length} rows`, async () => {
    const { rows: got } = await db.pool.query<{ v: boolean }>(
      `select ${releasedAlreadySql('r.released_at', 'r.day_start', 'r.now')} as v
       from unnest($1::timestamp[], $2::timestamp[], $3::timestamp[]) with ordinality as r(released_at, day_start, now, i)
       order by r.i`,
      [rows.map((r) => r.releasedAt.toISOString().replace('Z', '')), rows.map((r) => r.dayStart.toISOString().replace('Z', '')),
        rows.map((r) => r.now.toISOString().replace('Z', ''))],
    );
    expect(got.map((g) => g.v === true)).toEqual(rows.map((r) => releasedAlready(r.releasedAt, r.dayStart, r.now)));
    // the table is not vacuous: both answers occur
    expect(new Set(got.map((g) => g.v === true))).toEqual(new Set([true, false]));
  });
});

describe('oldestStandingDay: Postgres keeps every key from the bound\'s date on', () => {
  // the keys of the days around the bound, plain and with the extreme offsets, and a year back
  const keys = ['2025-12-02', '2026-11-29', '2026-11-29 UTC+14:00', '2026-11-30', '2026-11-30 UTC-12:00', '2026-11-30 UTC+14:00',
    '2026-12-01', '2026-12-01 UTC-12:00', '2026-12-02', '2026-12-02 UTC+05:30'];
  const bound = oldestStandingDay('2026-12-02');
  // the database's own collation, and ICU's English one, as a production database may have
  it.each(['default', 'C', 'en-US-x-icu'])('collation %s', async (collation) => {
    const { rows } = await db.pool.query<{ k: string }>(
      `select k from unnest($1::text[]) k where k collate "${collation}" >= $2 collate "${collation}"`, [keys, bound],
    );
    // (ICU orders a date's qualified forms differently among themselves; which are kept is the same)
    expect(rows.map((r) => r.k).sort()).toEqual(keys.filter((k) => k.slice(0, 10) >= bound.slice(0, 10)).sort());
  });
});

// domain/attention.ts quietsAccount against its SQL twin (data/attention-sql.ts), on a table
// of boundaries: every status, snoozes ending just before/after now, dismissals just inside and
// just outside DISMISS_QUIETS_DAYS, and a dismissal with no recorded time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISMISS_QUIETS_DAYS, quietsAccount, type HeldNudge } from '../../src/domain/attention.ts';
import { quietsAccountSql } from '../../src/data/attention-sql.ts';
import { NUDGE_STATUSES } from '../../src/domain/vocabulary.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const DAY = 86_400_000;
const now = new Date('2026-11-30T10:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('quietsAccount: the rule and its SQL agree', () => {
  const times: (Date | null)[] = [null, at(-1), at(1), at(0), at(-DISMISS_QUIETS_DAYS * DAY + 1), at(-DISMISS_QUIETS_DAYS * DAY), at(-DISMISS_QUIETS_DAYS * DAY - 1), at(20 * DAY)];
  const rows: HeldNudge[] = [];
  for (const status of NUDGE_STATUSES) for (const snoozedUntil of times) for (const dismissedAt of times) rows.push({ status, snoozedUntil, dismissedAt });

  it(`${rows.length} rows`, async () => {
    const { rows: got } = await db.pool.query<{ quiet: boolean }>(
      `select ${quietsAccountSql('n', '$4::timestamp', '$5::int')} as quiet
       from unnest($1::nudge_status[], $2::timestamp[], $3::timestamp[]) with ordinality as n(status, snoozed_until, dismissed_at, i)
       order by n.i`,
      [rows.map((r) => r.status), rows.map((r) => r.snoozedUntil?.toISOString() ?? null), rows.map((r) => r.dismissedAt?.toISOString() ?? null),
       now.toISOString(), DISMISS_QUIETS_DAYS],
    );
    expect(got.map((g) => g.quiet === true)).toEqual(rows.map((r) => quietsAccount(r, now)));
    // the table is not vacuous: both answers occur
    expect(new Set(got.map((g) => g.quiet === true))).toEqual(new Set([true, false]));
  });
});

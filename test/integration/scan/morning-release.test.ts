// The morning release on real Postgres, for single delivery (one message per nudge) as for
// grouped: a rep's queued nudges go out when their own 09:00 comes, once that local day, and
// only after the workspace's scan due by that morning has finished, waiting at most
// SCAN_WAIT_HOURS for a late one. A rep with no timezone of their own takes the workspace's; one
// whose timezone changes gets no second release within hours and skips no morning, across the
// date line either way, with only the last few days of their releases read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_LOOKBACK_DAYS, RELEASE_MIN_GAP_HOURS, SCAN_WAIT_HOURS } from '../../../src/domain/release.ts';
import { releaseDue } from '../../../src/scan/finish.ts';
import { createTestDb, type TestDb } from '../../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

type Added = { name: string; data: Record<string, unknown>[] };

/** The queues as the release sees them: what it asked to enqueue, in order. */
function recorder() {
  const added: Added[] = [];
  return { added, queues: { addMany: async (name: string, data: Record<string, unknown>[]) => void added.push({ name, data }) } as never };
}

let teams = 0;

/** A workspace in `wsTz` whose reps (their own zone or none) each own `per` accounts with one queued nudge each. */
async function book(o: { grouping: 'single' | 'grouped'; wsTz: string; reps: (string | null)[]; per: number; budget: number }) {
  const pool = db.pool;
  const ws = await pool.query<{ id: number }>(
    `insert into workspace (slack_team_id, timezone, delivery_grouping, daily_nudge_budget, nudge_channel_id, updated_at)
     values ($1, $2, $3::delivery_grouping, $4, 'C0MORNING1', now()) returning id`,
    [`T0MORN${++teams}`, o.wsTz, o.grouping, o.budget],
  );
  const workspaceId = ws.rows[0]!.id;
  const members: number[] = [];
  for (const [i, tz] of o.reps.entries()) {
    const m = await pool.query<{ id: number }>(`insert into member (workspace_id, slack_user_id, timezone) values ($1, $2, $3) returning id`, [workspaceId, `U0REP${teams}X${i}`, tz]);
    members.push(m.rows[0]!.id);
  }
  // set-based: per rep, `per` accounts, each with one queued cross-sell of falling priority
  await pool.query(
    `with a as (
       insert into account (workspace_id, name, name_key, owner_id)
       select $1, 'Acct ' || m || '-' || k, 'acct ' || m || '-' || k, m from unnest($2::int[]) m, generate_series(1, $3) k
       returning id, owner_id
     )
     insert into nudge (workspace_id, account_id, kind, dedupe_key, status, suggestion, priority, assignee_id, updated_at)
     select $1, a.id, 'cross_sell', 'cross_sell:' || a.id, 'queued', 'Offer a usage review', a.id, a.owner_id, now() from a`,
    [workspaceId, members, o.per],
  );
  return { workspaceId, members };
}

async function scanned(workspaceId: number, localDate: string, finishedAt: string): Promise<void> {
  await db.pool.query(
    `insert into scan_run (workspace_id, local_date, parts, context, finished_at) values ($1, $2, 1, '{}', $3::timestamp)`,
    [workspaceId, localDate, finishedAt.replace('Z', '')],
  );
}

async function openOf(workspaceId: number): Promise<{ who: number; n: number }[]> {
  const { rows } = await db.pool.query<{ who: number; n: number }>(
    `select assignee_id as who, count(*)::int as n from nudge where workspace_id = $1 and status = 'open' group by 1 order by 1`, [workspaceId],
  );
  return rows;
}

const at = (iso: string) => new Date(iso);

describe('single delivery: each rep at their own 09:00', () => {
  it('releases a rep\'s budget at 09:00 their time, one deliver job per nudge, once that local day', async () => {
    const { workspaceId, members } = await book({ grouping: 'single', wsTz: 'UTC', reps: ['Europe/Berlin', 'America/New_York'], per: 4, budget: 3 });
    await scanned(workspaceId, '2026-11-30', '2026-11-30T06:02:00Z');
    const [berlin, ny] = members as [number, number];

    const q = recorder();
    // 07:59 UTC is 08:59 in Berlin: nobody's morning yet
    expect(await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T07:59:00Z'))).toEqual({ released: 0, enqueued: 0 });
    expect(await openOf(workspaceId)).toEqual([]);

    expect(await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T08:00:00Z'))).toEqual({ released: 3, enqueued: 3 });
    expect(await openOf(workspaceId)).toEqual([{ who: berlin, n: 3 }]);
    const jobs = q.added.flatMap((a) => a.data.map((d) => ({ queue: a.name, ...d })));
    const open = await db.pool.query<{ id: number }>(`select id from nudge where workspace_id = $1 and status = 'open' order by id`, [workspaceId]);
    // single: a job per nudge (its id is deliver:<nudge>:0), none per group
    expect(jobs).toEqual(open.rows.map((r) => ({ queue: 'deliver', workspaceId, nudgeId: r.id, generation: 0 })));

    // the same morning again, and later that day: nothing more for Berlin (its day's release is keyed)
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T08:01:00Z'))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T13:59:00Z'))).released).toBe(0);
    const marks = await db.pool.query(`select assignee_key, local_day, released from nudge_release where workspace_id = $1`, [workspaceId]);
    expect(marks.rows).toEqual([{ assignee_key: berlin, local_day: '2026-11-30', released: 3 }]);

    // 14:00 UTC is 09:00 in New York
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T14:00:00Z'))).released).toBe(3);
    expect(await openOf(workspaceId)).toEqual([{ who: berlin, n: 3 }, { who: ny, n: 3 }]);

    // the next Berlin morning: the one left over
    await scanned(workspaceId, '2026-12-01', '2026-12-01T06:02:00Z');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T08:00:00Z'))).released).toBe(1);
  });

  it('a rep without a timezone of their own releases at the workspace\'s 09:00', async () => {
    const { workspaceId, members } = await book({ grouping: 'single', wsTz: 'Asia/Tokyo', reps: [null], per: 2, budget: 5 });
    await scanned(workspaceId, '2026-11-30', '2026-11-29T21:02:00Z'); // 06:02 in Tokyo
    const q = recorder();
    // 23:59 UTC on the 29th is 08:59 in Tokyo on the 30th
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-29T23:59:00Z'))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T00:00:00Z'))).released).toBe(2);
    expect(await openOf(workspaceId)).toEqual([{ who: members[0], n: 2 }]);
  });
});

describe('single delivery: a rep with nothing releasable that morning', () => {
  it('is marked for the day anyway: an account freed later that day waits for the next morning, and the queue is not read every minute', async () => {
    const { workspaceId, members } = await book({ grouping: 'single', wsTz: 'UTC', reps: ['UTC'], per: 1, budget: 3 });
    await scanned(workspaceId, '2026-11-30', '2026-11-30T06:02:00Z');
    // someone holds the account's attention: a claimed nudge of it
    const held = await db.pool.query<{ id: number }>(
      `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, suggestion, assignee_id, claimed_by_id, updated_at)
       select workspace_id, account_id, 'stalled', 'held:' || account_id, 'claimed', 'Call them', assignee_id, assignee_id, now()
         from nudge where workspace_id = $1 returning id`,
      [workspaceId],
    );
    const q = recorder();
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T09:00:00Z'))).released).toBe(0);
    const marks = await db.pool.query(`select assignee_key, local_day, released from nudge_release where workspace_id = $1`, [workspaceId]);
    expect(marks.rows).toEqual([{ assignee_key: members[0], local_day: '2026-11-30', released: 0 }]);
    await db.pool.query(`update nudge set status = 'done', done_at = now() where workspace_id = $1 and id = $2`, [workspaceId, held.rows[0]!.id]);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T15:00:00Z'))).released).toBe(0);
    await scanned(workspaceId, '2026-12-01', '2026-12-01T06:02:00Z');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T09:00:00Z'))).released).toBe(1);
  });
});

describe('the morning release waits for that day\'s scan', () => {
  it.each(['single', 'grouped'] as const)('%s: a scan late past 09:00 holds the release until it finishes, then releases at once', async (grouping) => {
    const { workspaceId } = await book({ grouping, wsTz: 'UTC', reps: ['UTC'], per: 4, budget: 3 });
    // yesterday's scan left one nudge over the budget: it must not go out alone at 09:00
    await scanned(workspaceId, '2026-11-29', '2026-11-29T06:02:00Z');
    const q = recorder();
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T09:00:00Z'))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T10:30:00Z'))).released).toBe(0);
    // the day's scan finishes at 10:31 (finishScan passes its date before the run is marked)
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T10:31:00Z'), '2026-11-30')).released).toBe(3);
    // a manual run of the day (`<date>+<run>`) counts as the day's scan too
    const other = await book({ grouping, wsTz: 'UTC', reps: ['UTC'], per: 1, budget: 3 });
    await scanned(other.workspaceId, '2026-11-30+m1', '2026-11-30T08:00:00Z');
    expect((await releaseDue(db.pool, q.queues, other.workspaceId, at('2026-11-30T09:00:00Z'))).released).toBe(1);
  });

  it(`a scan that never comes holds the release ${SCAN_WAIT_HOURS} hours at most: then what is queued goes`, async () => {
    const { workspaceId } = await book({ grouping: 'single', wsTz: 'UTC', reps: ['UTC'], per: 2, budget: 3 });
    const q = recorder();
    const giveUp = Date.parse('2026-11-30T09:00:00Z') + SCAN_WAIT_HOURS * 3_600_000;
    expect((await releaseDue(db.pool, q.queues, workspaceId, new Date(giveUp - 60_000))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, new Date(giveUp))).released).toBe(2);
  });

  it('a rep far east of the workspace takes the scan that finished before their morning, not one due hours later', async () => {
    // 09:00 in Tokyo is 00:00 UTC: the UTC workspace's scan of that day runs at 06:00 UTC (15:00 in Tokyo)
    const { workspaceId } = await book({ grouping: 'grouped', wsTz: 'UTC', reps: ['Asia/Tokyo'], per: 2, budget: 3 });
    await scanned(workspaceId, '2026-11-29', '2026-11-29T06:02:00Z');
    const q = recorder();
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T00:00:00Z'))).released).toBe(2);
    const g = await db.pool.query(`select local_day from nudge_group where workspace_id = $1`, [workspaceId]);
    expect(g.rows).toEqual([{ local_day: '2026-11-30' }]);
  });
});

describe("a rep's timezone changes (Slack's user_change): still one release a local day", () => {
  const moveTo = (member: number, tz: string) => db.pool.query('update member set timezone = $2 where id = $1', [member, tz]);
  const days = async (workspaceId: number, grouping: 'single' | 'grouped') =>
    (await db.pool.query(`select local_day from ${grouping === 'grouped' ? 'nudge_group' : 'nudge_release'} where workspace_id = $1 order by local_day`, [workspaceId]))
      .rows.map((r) => r.local_day);

  it.each(['single', 'grouped'] as const)('%s: released in Berlin, then in New York the same day: no second release when New York\'s 09:00 comes', async (grouping) => {
    const { workspaceId, members } = await book({ grouping, wsTz: 'UTC', reps: ['Europe/Berlin'], per: 3, budget: 2 });
    const [rep] = members as [number];
    await scanned(workspaceId, '2026-11-30', '2026-11-30T06:02:00Z');
    const q = recorder();
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T08:00:00Z'))).released).toBe(2);
    // 10:00 UTC: 11:00 in Berlin, 05:00 in New York, the same Monday
    await moveTo(rep, 'America/New_York');
    for (const now of ['2026-11-30T10:00:00Z', '2026-11-30T14:00:00Z', '2026-11-30T22:59:00Z']) {
      expect((await releaseDue(db.pool, q.queues, workspaceId, at(now))).released).toBe(0);
    }
    // Tuesday 09:00 in New York: the one left
    await scanned(workspaceId, '2026-12-01', '2026-12-01T06:02:00Z');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T13:59:00Z'))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T14:00:00Z'))).released).toBe(1);
    expect(await days(workspaceId, grouping)).toEqual(['2026-11-30', '2026-12-01']);
  });

  it.each(['single', 'grouped'] as const)('%s: released in New York, then in Berlin: the next Berlin morning releases the full budget, none skipped', async (grouping) => {
    const { workspaceId, members } = await book({ grouping, wsTz: 'UTC', reps: ['America/New_York'], per: 5, budget: 2 });
    const [rep] = members as [number];
    await scanned(workspaceId, '2026-11-30', '2026-11-30T06:02:00Z');
    const q = recorder();
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T14:00:00Z'))).released).toBe(2);
    // 15:00 UTC: 16:00 in Berlin, on a Monday already released
    await moveTo(rep, 'Europe/Berlin');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-11-30T15:00:00Z'))).released).toBe(0);
    // Tuesday 09:00 in Berlin is 08:00 UTC, 18 hours after New York's release: a day's full budget
    await scanned(workspaceId, '2026-12-01', '2026-12-01T06:02:00Z');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T07:59:00Z'))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T08:00:00Z'))).released).toBe(2);
    expect(await days(workspaceId, grouping)).toEqual(['2026-11-30', '2026-12-01']);
  });
});

describe("a rep's timezone changes across the date line: one morning release a day, none skipped", () => {
  // A release stands for the local day, in the zone the rep is in now, in which it happened
  // (domain/release.ts releasedAlready), not for the date string it was keyed under.
  const moveTo = (member: number, tz: string) => db.pool.query('update member set timezone = $2 where id = $1', [member, tz]);
  const days = async (workspaceId: number, grouping: 'single' | 'grouped') =>
    (await db.pool.query(`select local_day from ${grouping === 'grouped' ? 'nudge_group' : 'nudge_release'} where workspace_id = $1 order by created_at`, [workspaceId]))
      .rows.map((r) => r.local_day);
  const released = async (workspaceId: number, now: string) => (await releaseDue(db.pool, recorder().queues, workspaceId, at(now))).released;
  async function travelling(grouping: 'single' | 'grouped', from: string) {
    const { workspaceId, members } = await book({ grouping, wsTz: 'UTC', reps: [from], per: 8, budget: 2 });
    for (const day of ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']) await scanned(workspaceId, day, `${day}T06:02:00Z`);
    return { workspaceId, rep: members[0]! };
  }

  it.each(['single', 'grouped'] as const)('%s: Sydney to Los Angeles after the morning: no second release that afternoon, and Los Angeles\'s next morning still comes', async (grouping) => {
    const { workspaceId, rep } = await travelling(grouping, 'Australia/Sydney');
    // Tuesday 1 Dec, 09:00 in Sydney: 22:00 UTC on Monday, 14:00 on Monday in Los Angeles
    expect(await released(workspaceId, '2026-11-30T22:00:00Z')).toBe(2);
    await moveTo(rep, 'America/Los_Angeles');
    // Monday 16:00 and 17:59 in Los Angeles: its Monday had the Sydney release, hours ago
    expect(await released(workspaceId, '2026-12-01T00:00:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-01T01:59:00Z')).toBe(0);
    // Tuesday 09:00 in Los Angeles (17:00 UTC), 19 hours on: Tuesday's morning, a full budget
    expect(await released(workspaceId, '2026-12-01T16:59:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-01T17:00:00Z')).toBe(2);
    expect(await released(workspaceId, '2026-12-01T22:00:00Z')).toBe(0);
    // Sydney's 1 December is taken: Los Angeles's is keyed with its offset
    expect(await days(workspaceId, grouping)).toEqual(['2026-12-01', '2026-12-01 UTC-08:00']);
  });

  it.each(['single', 'grouped'] as const)('%s: Tokyo to Los Angeles: Tokyo\'s 1 December does not take Los Angeles\'s 1 December morning', async (grouping) => {
    const { workspaceId, rep } = await travelling(grouping, 'Asia/Tokyo');
    // Tuesday 09:00 in Tokyo is 00:00 UTC, Monday 16:00 in Los Angeles
    expect(await released(workspaceId, '2026-12-01T00:00:00Z')).toBe(2);
    await moveTo(rep, 'America/Los_Angeles');
    expect(await released(workspaceId, '2026-12-01T01:00:00Z')).toBe(0);
    // Tuesday 09:00 in Los Angeles, 41 hours later
    expect(await released(workspaceId, '2026-12-01T17:00:00Z')).toBe(2);
    // Wednesday 09:00 in Los Angeles
    expect(await released(workspaceId, '2026-12-02T16:59:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-02T17:00:00Z')).toBe(2);
    expect(await days(workspaceId, grouping)).toEqual(['2026-12-01', '2026-12-01 UTC-08:00', '2026-12-02']);
  });

  it.each(['single', 'grouped'] as const)('%s: Los Angeles to Tokyo: the Los Angeles release, 02:00 on Tokyo\'s Tuesday, is Tuesday\'s; Wednesday\'s comes', async (grouping) => {
    const { workspaceId, rep } = await travelling(grouping, 'America/Los_Angeles');
    // Monday 09:00 in Los Angeles: 17:00 UTC, Tuesday 02:00 in Tokyo
    expect(await released(workspaceId, '2026-11-30T17:00:00Z')).toBe(2);
    await moveTo(rep, 'Asia/Tokyo');
    // Tuesday 09:00 in Tokyo, 7 hours after the Los Angeles release: nothing
    expect(await released(workspaceId, '2026-12-01T00:00:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-01T08:59:00Z')).toBe(0);
    // Wednesday 09:00 in Tokyo
    expect(await released(workspaceId, '2026-12-02T00:00:00Z')).toBe(2);
    expect(await days(workspaceId, grouping)).toEqual(['2026-11-30', '2026-12-02']);
  });

  it.each(['single', 'grouped'] as const)(`%s: released late in London, then in Tokyo: the next Tokyo morning waits until ${RELEASE_MIN_GAP_HOURS} hours have passed, the same day`, async (grouping) => {
    const { workspaceId, rep } = await travelling(grouping, 'Europe/London');
    // the first sweep to find Monday's nudges is at 14:00 in London (23:00 in Tokyo)
    expect(await released(workspaceId, '2026-11-30T14:00:00Z')).toBe(2);
    await moveTo(rep, 'Asia/Tokyo');
    // Tuesday 09:00 in Tokyo is 10 hours later: held back to 13:00 there, not skipped
    expect(await released(workspaceId, '2026-12-01T00:00:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-01T03:59:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-01T04:00:00Z')).toBe(2);
    expect(await days(workspaceId, grouping)).toEqual(['2026-11-30', '2026-12-01']);
  });
});

describe('the "released already?" read looks a few days back, never at the whole history', () => {
  // A release keyed more than RELEASE_LOOKBACK_DAYS before today cannot stand for it
  // (domain/release.ts oldestStandingDay), so only the last few keys are read.
  const moveTo = (member: number, tz: string) => db.pool.query('update member set timezone = $2 where id = $1', [member, tz]);
  const table = (grouping: 'single' | 'grouped') => (grouping === 'grouped' ? 'nudge_group' : 'nudge_release');
  const released = async (workspaceId: number, now: string) => (await releaseDue(db.pool, recorder().queues, workspaceId, at(now))).released;

  it.each(['single', 'grouped'] as const)(`%s: at the bound: released at 17:30 in UTC−12 on the 1st, then in UTC+14, where 09:00 on the 3rd is 13.5 hours on: held until ${RELEASE_MIN_GAP_HOURS} hours have passed`, async (grouping) => {
    expect(RELEASE_LOOKBACK_DAYS).toBe(2);
    const { workspaceId, members } = await book({ grouping, wsTz: 'UTC', reps: ['Etc/GMT+12'], per: 8, budget: 2 });
    const [rep] = members as [number];
    for (const day of ['2026-12-01', '2026-12-02']) await scanned(workspaceId, day, `${day}T06:02:00Z`);
    // Tuesday 1 Dec, 17:30 in UTC−12 (05:30 UTC on the 2nd): the first sweep to find its nudges
    expect(await released(workspaceId, '2026-12-02T05:30:00Z')).toBe(2);
    await moveTo(rep, 'Pacific/Kiritimati');
    // Thursday 3 Dec, 09:00 in UTC+14 (19:00 UTC on the 2nd): the 1 December release still stands
    expect(await released(workspaceId, '2026-12-02T19:00:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-02T19:29:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-02T19:30:00Z')).toBe(2);
    const days = await db.pool.query(`select local_day from ${table(grouping)} where workspace_id = $1 order by created_at`, [workspaceId]);
    expect(days.rows.map((r) => r.local_day)).toEqual(['2026-12-01', '2026-12-03']);
  });

  it.each(['single', 'grouped'] as const)('%s: a rep with ten months of releases behind them is released once today, at their 09:00', async (grouping) => {
    const { workspaceId, members } = await book({ grouping, wsTz: 'UTC', reps: ['Europe/Berlin'], per: 8, budget: 2 });
    const [rep] = members as [number];
    // every day from February to yesterday, at 09:00 in Berlin, some keyed with their offset
    const history = await db.pool.query(
      `insert into ${table(grouping)} (workspace_id, assignee_key, local_day, created_at, ${grouping === 'grouped' ? `updated_at, delivery_state` : 'released'})
       select $1, $2, to_char(d, 'YYYY-MM-DD') || case when extract(day from d) = 15 then ' UTC+01:00' else '' end, d - interval '1 hour',
              ${grouping === 'grouped' ? `d - interval '1 hour', 'posted'` : '2'}
         from generate_series('2026-02-01 09:00'::timestamp, '2026-11-30 09:00', '1 day') d`,
      [workspaceId, rep],
    );
    expect(history.rowCount).toBeGreaterThan(300);
    await scanned(workspaceId, '2026-12-01', '2026-12-01T06:02:00Z');
    expect(await released(workspaceId, '2026-12-01T07:59:00Z')).toBe(0);
    expect(await released(workspaceId, '2026-12-01T08:00:00Z')).toBe(2);
    for (const now of ['2026-12-01T08:01:00Z', '2026-12-01T12:00:00Z', '2026-12-01T16:59:00Z']) expect(await released(workspaceId, now)).toBe(0);
    const today = await db.pool.query(`select local_day from ${table(grouping)} where workspace_id = $1 and created_at >= '2026-12-01'`, [workspaceId]);
    expect(today.rows).toEqual([{ local_day: '2026-12-01' }]);
  });
});

describe("working days: nothing is released on the team's days off", () => {
  it('a Monday-to-Friday team: Friday morning releases, Saturday and Sunday release nothing and spend no budget, Monday releases in each rep\'s own morning', async () => {
    const { workspaceId, members } = await book({ grouping: 'single', wsTz: 'UTC', reps: ['Europe/Berlin', 'Asia/Tokyo'], per: 4, budget: 2 });
    const [berlin, tokyo] = members as [number, number];
    expect((await db.pool.query(`select work_days from workspace where id = $1`, [workspaceId])).rows[0].work_days).toEqual([1, 2, 3, 4, 5]);
    const q = recorder();
    for (const day of ['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']) await scanned(workspaceId, day, `${day}T06:02:00Z`);
    await scanned(workspaceId, '2026-12-03', '2026-12-03T06:02:00Z');
    // Friday 4 Dec: 09:30 in Tokyo (00:30 UTC), then 10:00 in Berlin (09:00 UTC)
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-04T00:30:00Z'))).released).toBe(2);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-04T09:00:00Z'))).released).toBe(2);
    // Saturday and Sunday, every hour of the day: nobody's working morning
    for (let h = 0; h < 48; h++) {
      const now = new Date(Date.parse('2026-12-05T00:00:00Z') + h * 3_600_000);
      // 2026-12-06T15:00Z on is Monday in Tokyo: its morning (00:00Z) comes on the 7th UTC, past this loop
      expect((await releaseDue(db.pool, q.queues, workspaceId, now)).released).toBe(0);
    }
    expect(await openOf(workspaceId)).toEqual([{ who: berlin, n: 2 }, { who: tokyo, n: 2 }]);
    // Monday 09:00 in Tokyo is 00:00 UTC on the 7th; Berlin's comes at 08:00 UTC
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-07T00:00:00Z'))).released).toBe(2);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-07T08:00:00Z'))).released).toBe(2);
    expect(await openOf(workspaceId)).toEqual([{ who: berlin, n: 4 }, { who: tokyo, n: 4 }]);
    const marks = await db.pool.query(`select local_day from nudge_release where workspace_id = $1 order by local_day, assignee_key`, [workspaceId]);
    expect(marks.rows.map((r) => r.local_day)).toEqual(['2026-12-04', '2026-12-04', '2026-12-07', '2026-12-07']);
  });

  it('a Sunday-to-Thursday team is released on Sunday and not on Friday', async () => {
    const { workspaceId } = await book({ grouping: 'grouped', wsTz: 'Asia/Jerusalem', reps: [null], per: 3, budget: 1 });
    await db.pool.query(`update workspace set work_days = '{7,1,2,3,4}' where id = $1`, [workspaceId]);
    for (const day of ['2026-12-04', '2026-12-05', '2026-12-06']) await scanned(workspaceId, day, `${day}T04:02:00Z`);
    const q = recorder();
    // 09:00 in Jerusalem is 07:00 UTC
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-04T07:00:00Z'))).released).toBe(0); // Friday
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-05T07:00:00Z'))).released).toBe(0); // Saturday
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-06T07:00:00Z'))).released).toBe(1); // Sunday
  });
});

describe('the working day ends at 18:00: nothing is released over a rep\'s evening', () => {
  it('a scan that finishes at 18:30 local reaches the rep on the next working morning', async () => {
    const { workspaceId, members } = await book({ grouping: 'single', wsTz: 'Europe/Berlin', reps: [null], per: 2, budget: 5 });
    const q = recorder();
    // Tuesday 1 Dec: the day's scan finished late, at 18:30 Berlin (17:30 UTC)
    await scanned(workspaceId, '2026-12-01', '2026-12-01T17:30:00Z');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T17:30:00Z'))).released).toBe(0);
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-01T22:00:00Z'))).released).toBe(0);
    await scanned(workspaceId, '2026-12-02', '2026-12-02T05:02:00Z');
    expect((await releaseDue(db.pool, q.queues, workspaceId, at('2026-12-02T08:00:00Z'))).released).toBe(2);
    expect(await openOf(workspaceId)).toEqual([{ who: members[0], n: 2 }]);
  });
});

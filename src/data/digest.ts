// The digest's own reads and its once-a-day guard: everything it shows (loadDigest), settings
// and recipients, the accounts with the most value at stake, and the digest_run row that makes each (workspace, local date)
// go out once. Every query is scoped by workspace.
import { waitingWithoutRows } from './account-scan.ts';
import { localTime } from '../domain/clock.ts';
import { DIGEST_TOP_ACCOUNTS } from '../domain/digest.ts';
import type { AtStake, DigestData } from '../domain/read-models.ts';
import type { WorkspaceStatus } from '../domain/vocabulary.ts';
import { loadMetricsWithChange, loadProductsTrend } from './metrics.ts';
import { notDepartedSql } from './members.ts';
import type { Queryable } from './sql.ts';

export type DigestSettings = {
  id: number;
  name: string | null;
  status: WorkspaceStatus;
  timezone: string;
  digestChannelId: string | null;
  digestUserIds: string[];
  /** members with role manager: the fallback audience when no recipient is configured */
  managerUserIds: string[];
};

export async function loadDigestSettings(db: Queryable, workspaceId: number): Promise<DigestSettings | null> {
  const res = await db.query<DigestSettings>(
    // a recipient who has left Slack since they were chosen is skipped (none left: the managers get it)
    `select w.id, w.name, w.status, w.timezone, w.digest_channel_id as "digestChannelId",
            array(select x.u from unnest(w.digest_user_ids) with ordinality x(u, i) where ${notDepartedSql('w.id', 'x.u')} order by x.i) as "digestUserIds",
            coalesce((select array_agg(m.slack_user_id order by m.id) from member m where m.workspace_id = w.id and m.role = 'manager'), '{}') as "managerUserIds"
     from workspace w where w.id = $1`,
    [workspaceId],
  );
  return res.rows[0] ?? null;
}

/** Accounts ranked by the value at stake in their live (queued, open, claimed) nudges. */
export async function loadTopAtStake(db: Queryable, workspaceId: number, limit = DIGEST_TOP_ACCOUNTS): Promise<{ top: AtStake[]; waitingNudges: number }> {
  const [top, waiting, below] = await Promise.all([
    db.query<Omit<AtStake, 'valueAtStakeCents'> & { value: string }>(
      `select a.id as "accountId", a.name, max(n.value_at_stake_cents)::text as value,
              array_agg(distinct n.kind::text order by n.kind::text) as kinds,
              (array_agg(n.suggestion order by n.value_at_stake_cents desc, n.id))[1] as suggestion,
              m.slack_user_id as "ownerSlackUserId", bool_and(n.status = 'queued') as waiting,
              (array_agg(n.evidence order by n.value_at_stake_cents desc, n.id) filter (where n.kind in ('cooling', 'stalled')))[1] as "quietEvidence"
       from nudge n
       join account a on a.id = n.account_id and a.workspace_id = $1
       left join member m on m.id = a.owner_id and m.workspace_id = $1
       where n.workspace_id = $1 and n.status in ('queued', 'open', 'claimed')
       group by a.id, a.name, m.slack_user_id
       order by max(n.value_at_stake_cents) desc, a.id
       limit $2`,
      [workspaceId, limit],
    ),
    // waiting: queued rows (the top of each rep's line) and the nudges below it, counted on account_scan
    db.query<{ n: number }>(`select count(*)::int as n from nudge where workspace_id = $1 and status = 'queued'`, [workspaceId]),
    waitingWithoutRows(db, workspaceId),
  ]);
  return {
    top: top.rows.map(({ value, ...r }) => ({ ...r, valueAtStakeCents: Number(value) })),
    waitingNudges: (waiting.rows[0]?.n ?? 0) + below,
  };
}

export type Claim = 'claimed' | 'sent' | 'busy';

/**
 * Claims today's digest for this workspace. The unique (workspace_id, local_date) is the
 * guard: of any number of runners, one inserts the row. A claim left unsent for longer than
 * `leaseMs` (its runner crashed mid-send) may be taken over, so a crash does not lose the day;
 * the lease is longer than a send takes, so a live runner is never overtaken.
 */
export async function claimDigestRun(db: Queryable, workspaceId: number, localDate: string, timezone: string, now: Date, leaseMs: number): Promise<Claim> {
  // one digest a local day as the team lives it now: a timezone moved west makes a day the
  // managers already had a digest in due again (covered: recorded as sent, nothing goes out);
  // moved east, a date's row may hold a digest sent before that date began here (taken again).
  // A digest counts for the day it was claimed in (started_at): one at 23:58 that finishes
  // sending after midnight does not cover the next day.
  const dayStart = `(($2::date)::timestamp at time zone $3) at time zone 'utc'`;
  const covered = await db.query(
    `insert into digest_run (workspace_id, local_date, started_at, sent_at)
     select $1, $2, $4::timestamp, $4::timestamp
     where exists (select 1 from digest_run where workspace_id = $1 and local_date <> $2 and sent_at is not null and started_at >= ${dayStart})
     on conflict (workspace_id, local_date) do nothing returning id`,
    [workspaceId, localDate, timezone, now.toISOString()],
  );
  if (covered.rowCount === 1) return 'sent';
  const inserted = await db.query(
    `insert into digest_run (workspace_id, local_date, started_at) values ($1, $2, $3::timestamp)
     on conflict (workspace_id, local_date) do nothing returning id`,
    [workspaceId, localDate, now.toISOString()],
  );
  if (inserted.rowCount === 1) return 'claimed';
  const taken = await db.query(
    `update digest_run set started_at = $4::timestamp, sent_at = null
     where workspace_id = $1 and local_date = $2
       and ((sent_at is null and started_at < $5::timestamp) or (sent_at is not null and started_at < ${dayStart}))
     returning id`,
    [workspaceId, localDate, timezone, now.toISOString(), new Date(now.getTime() - leaseMs).toISOString()],
  );
  if (taken.rowCount === 1) return 'claimed';
  const row = await db.query<{ sent: boolean }>(
    `select sent_at is not null as sent from digest_run where workspace_id = $1 and local_date = $2`,
    [workspaceId, localDate],
  );
  return row.rows[0]?.sent ? 'sent' : 'busy';
}

export async function markDigestSent(db: Queryable, workspaceId: number, localDate: string, now: Date): Promise<void> {
  await db.query(`update digest_run set sent_at = $3::timestamp where workspace_id = $1 and local_date = $2`, [workspaceId, localDate, now.toISOString()]);
}

/** Gives an unsent claim back after a failed attempt, so the retry can claim it at once. */
export async function releaseDigestRun(db: Queryable, workspaceId: number, localDate: string): Promise<void> {
  await db.query(`delete from digest_run where workspace_id = $1 and local_date = $2 and sent_at is null`, [workspaceId, localDate]);
}

export const TREND_WEEKS = 8;

/** Everything the digest shows, for one workspace as of one instant; null when it does not exist. */
export async function loadDigest(db: Queryable, workspaceId: number, asOf: Date): Promise<DigestData | null> {
  const settings = await loadDigestSettings(db, workspaceId);
  if (!settings) return null;
  const [{ current, previous }, { top, waitingNudges }, trend] = await Promise.all([
    loadMetricsWithChange(db, workspaceId, asOf),
    loadTopAtStake(db, workspaceId, DIGEST_TOP_ACCOUNTS),
    loadProductsTrend(db, workspaceId, asOf, TREND_WEEKS),
  ]);
  return { workspaceName: settings.name, localDate: localTime(asOf, settings.timezone).date, current, previous, top, waitingNudges, trend };
}

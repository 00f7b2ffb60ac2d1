// The stall rule (src/domain/cadence.ts) as SQL expressions, for queries that must judge
// many accounts at once (the digest's stall counts, the scan's prefilter). Built from the
// caller's column and parameter expressions; the rule's constants reach them as query
// parameters taken from cadence.ts, never as literals. test/integration/cadence-parity.test.ts
// runs one table of cases through these and through the pure rule.

/** SQL expressions (columns or `$n` placeholders) for one account's stats and its workspace's thresholds. */
export type CadenceSqlInputs = {
  touchCount: string;
  /** median days between touches, null with fewer than two */
  medianGapDays: string;
  lastTouchAt: string;
  createdAt: string;
  now: string;
  stallFactor: string;
  stallMinDays: string;
  stallMaxDays: string;
  defaultRhythmDays: string;
  /** the parameter carrying MIN_TOUCHES_FOR_RHYTHM */
  minTouchesForRhythm: string;
};

/** stalledAfterDays: the larger of min and max, so a misconfigured band never inverts. */
export function stalledAfterSql(x: Pick<CadenceSqlInputs, 'stallMinDays' | 'stallMaxDays'>): string {
  return `greatest(${x.stallMinDays}, ${x.stallMaxDays})`;
}

/** rhythmDays: k × the median gap with enough history, else the default; clamped to [min, stalledAfter]. */
export function rhythmDaysSql(x: CadenceSqlInputs): string {
  return `least(${stalledAfterSql(x)}, greatest(${x.stallMinDays},
    case when coalesce(${x.touchCount}, 0) >= ${x.minTouchesForRhythm} and ${x.medianGapDays} is not null
         then ${x.stallFactor} * ${x.medianGapDays} else ${x.defaultRhythmDays} end))`;
}

/** wholeDaysBetween(last touch or creation, now), never negative. */
export function daysSinceTouchSql(x: Pick<CadenceSqlInputs, 'lastTouchAt' | 'createdAt' | 'now'>): string {
  return `floor(greatest(0, extract(epoch from ${x.now} - coalesce(${x.lastTouchAt}, ${x.createdAt})) / 86400))`;
}

/** The level from precomputed `since`, `rhythm` and `stalledAfter` expressions: 'ok' | 'cooling' | 'stalled'. */
export function stallLevelSql(since: string, rhythm: string, stalledAfter: string): string {
  return `case when ${since} > ${stalledAfter} then 'stalled' when ${since} > ${rhythm} then 'cooling' else 'ok' end`;
}

/**
 * True when a next step due at `due` is overdue at `now`: at least `overdueAfterDays` (the
 * parameter carrying OVERDUE_AFTER_DAYS) whole days late, and no touch logged after it.
 */
export function overdueSql(due: string, lastTouchAt: string, now: string, overdueAfterDays: string): string {
  return `(${due} <= ${now} - make_interval(days => ${overdueAfterDays}) and (${lastTouchAt} is null or ${lastTouchAt} <= ${due}))`;
}

/**
 * medianGapDays per account over `touches` (a relation with account_id, id, occurred_at and
 * `gap`, days since the account's touch before, null on its first): a touch starts a session
 * when its gap is null or at least `sessionGapDays` (SESSION_GAP_DAYS), and the median is over
 * the days between sessions' first touches. Yields (account_id, median_gap); an account with
 * fewer sessions than `minSessions` (MIN_TOUCHES_FOR_RHYTHM) has a null median.
 */
export function medianGapSql(touches: string, sessionGapDays: string, minSessions: string): string {
  return `select account_id,
                 case when count(since) + 1 >= ${minSessions}
                      then percentile_cont(0.5) within group (order by since) filter (where since is not null) end as median_gap
          from (select account_id,
                       extract(epoch from occurred_at - lag(occurred_at) over (partition by account_id order by occurred_at, id)) / 86400.0 as since
                from ${touches} where gap is null or gap >= ${sessionGapDays}) starts
          group by account_id`;
}

// The SQL twin of domain/attention.ts quietsAccount, for the scan's write and the budget's
// release: one fragment, its constant passed as a parameter by the caller
// (test/integration/attention-parity.test.ts runs both over the same rows).
import { DISMISS_QUIETS_DAYS } from '../domain/attention.ts';

export { DISMISS_QUIETS_DAYS };

/**
 * True when nudge `n` keeps its account quiet at `now` (a timestamp expression); `days` is a
 * parameter holding DISMISS_QUIETS_DAYS.
 */
export function quietsAccountSql(n: string, now: string, days: string): string {
  return `(${n}.status = 'claimed'
    or (${n}.status = 'snoozed' and ${n}.snoozed_until > ${now})
    or (${n}.status = 'dismissed' and ${n}.dismissed_at > ${now} - make_interval(days => ${days})))`;
}

/** Nudge `n`'s account has another nudge keeping it quiet (index: nudge(workspace_id, account_id)). */
export function accountQuietSql(n: string, now: string, days: string): string {
  return `exists (select 1 from nudge q where q.workspace_id = ${n}.workspace_id and q.account_id = ${n}.account_id
    and ${quietsAccountSql('q', now, days)})`;
}

/**
 * The release's test for queued nudge `n`: no other nudge of its account keeps it quiet.
 * The constant is inlined (it is code, not input), so the budget's queries keep their parameters.
 */
export function releasableSql(n: string, now: string): string {
  return `not ${accountQuietSql(n, now, String(DISMISS_QUIETS_DAYS))}`;
}

// The account is the unit of attention. While a person holds one of an account's nudges
// (snoozed, claimed, or dismissed recently) Tend posts nothing new about that account: new
// reasons join the held nudge's evidence instead. And a touch, a new holding or a churn
// retires the waiting (queued, open, snoozed) nudges it answers; a new owner retires the posted ones and takes the
// waiting ones. Pure: data/attention-sql.ts is the SQL twin of quietsAccount
// (test/integration/attention-parity.test.ts holds them equal).
import type { Medium, NudgeKind, NudgeResolution, NudgeStatus } from './vocabulary.ts';

/** A dismissal quiets its account this long: "not now" should not come back tomorrow as another kind. */
export const DISMISS_QUIETS_DAYS = 30;

export type HeldNudge = { status: NudgeStatus; snoozedUntil: Date | null; dismissedAt: Date | null };

/**
 * Whether this nudge keeps its account quiet at `now`: snoozed and not yet due, claimed and
 * not done, or dismissed within DISMISS_QUIETS_DAYS. A dismissal from before dismissed_at
 * was recorded (null) counts as long past.
 */
export function quietsAccount(n: HeldNudge, now: Date): boolean {
  if (n.status === 'claimed') return true;
  if (n.status === 'snoozed') return n.snoozedUntil !== null && n.snoozedUntil.getTime() > now.getTime();
  if (n.status === 'dismissed') return n.dismissedAt !== null && now.getTime() - n.dismissedAt.getTime() < DISMISS_QUIETS_DAYS * 86_400_000;
  return false;
}

/** A reason that joined a held nudge instead of starting a message: what the scan would have said. */
export type JoinedReason = { kind: NudgeKind; headline: string | null; productId: number | null };

/** What happened to the account, as the retiring write knows it. */
export type Answer =
  | { resolution: 'touch'; medium: Medium }
  | { resolution: 'holding'; productId: number; productName: string; mrrCents: number }
  | { resolution: 'churn' }
  // the account moved to another rep: a nudge already posted to the old owner is retired
  // (its message says where the account went); one still waiting moves with the account
  | { resolution: 'owner'; ownerSlackUserId: string };

/**
 * The statuses an answer retires, and the scan resolves when it no longer drafts them: what
 * still waits for someone. A snoozed nudge waits too: left snoozed, its wake would post a
 * question already answered. Claimed ones stay with their claimer; dismissed ones stay
 * dismissed (a dismissal sticks).
 */
export const RETIRABLE_STATUSES = ['queued', 'open', 'snoozed'] as const satisfies readonly NudgeStatus[];

/** Whether an answer (or a scan that no longer drafts it) retires a nudge in `status`. */
export function isRetirable(status: NudgeStatus): boolean {
  return (RETIRABLE_STATUSES as readonly NudgeStatus[]).includes(status);
}

/**
 * Which nudges an answer retires: a touch answers the quiet and the overdue follow-up (the
 * clock restarts), a holding answers the cross-sell of that product, a churn answers all.
 * `productId` is the nudge's suggested product. Data/nudge-retire.ts writes this as SQL.
 */
export function answers(a: Answer, n: { kind: NudgeKind; productId: number | null }): boolean {
  switch (a.resolution) {
    case 'touch':
      return n.kind === 'cooling' || n.kind === 'stalled' || n.kind === 'follow_up_due';
    case 'holding':
      return n.kind === 'cross_sell' && n.productId === a.productId;
    case 'churn':
    case 'owner':
      return true;
  }
}

/** The kinds a resolution retires (any product for a holding: the SQL adds the product test). */
export function answeredKinds(r: NudgeResolution): NudgeKind[] {
  if (r === 'touch') return ['cooling', 'stalled', 'follow_up_due'];
  if (r === 'holding') return ['cross_sell'];
  return ['cross_sell', 'cooling', 'stalled', 'follow_up_due']; // churn, owner: every kind
}

/** What the retired message keeps about its answer (stored as resolution_detail). */
export function answerDetail(a: Answer, at: Date): Record<string, unknown> {
  switch (a.resolution) {
    case 'touch':
      return { medium: a.medium, at: at.toISOString() };
    case 'holding':
      return { productName: a.productName, mrrCents: a.mrrCents, at: at.toISOString() };
    case 'churn':
      return { at: at.toISOString() };
    case 'owner':
      return { ownerSlackUserId: a.ownerSlackUserId, at: at.toISOString() };
  }
}

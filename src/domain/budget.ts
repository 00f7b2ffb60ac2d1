// Attention is scarce: each rep gets at most a daily budget of nudges, highest priority
// first, and at most one per account a day; the rest are held for a later day (and shown in
// the digest). Pure, and the rule's one home: src/data/nudge-budget.ts is its set-based SQL,
// and test/integration/scan/budget-release.test.ts checks the two agree on random books.

export const TEAM_KEY = 'team';

/**
 * Nudge rows are written for this many days of each rep's budget ahead (the top of their
 * line); the rest wait, counted on account_scan (issue 14: rows for what reps will see).
 */
export const LINE_AHEAD_DAYS = 10;

export type BudgetCandidate<Id> = {
  id: Id;
  assigneeKey: string | null;
  priority: number;
  /** With an account, only its best nudge may go out today, and none once one went to this assignee today. */
  accountKey?: string | number | null;
};

/**
 * Splits candidates into those released now and those held. Each assignee has
 * `budgetPerRep` minus what was already released to them today; unassigned nudges share
 * one team budget keyed 'team' (same size unless `teamBudget` says otherwise).
 * One per account a day: an account's best candidate (by the same order) stands for it and
 * its others are held, and an account already released to that assignee today
 * (`accountsReleasedToday`, by assignee key) gets nothing more, so a rep is not handed three
 * nudges for one customer.
 * Order: priority descending (NaN last), then the account (the book's order: numbers
 * ascending, then strings, then no account), then input order. Ties between accounts go by
 * account, not by when a nudge row was written, so a resumed scan releases to the same accounts
 * an uninterrupted one would.
 */
export function allocateBudget<Id>(
  candidates: readonly BudgetCandidate<Id>[],
  budgetPerRep: number,
  alreadyReleasedToday: ReadonlyMap<string, number>,
  teamBudget: number = budgetPerRep,
  accountsReleasedToday: ReadonlyMap<string, ReadonlySet<string | number>> = new Map(),
): { release: Id[]; hold: Id[] } {
  const key = (c: BudgetCandidate<Id>) => c.assigneeKey ?? TEAM_KEY;
  const rank = (p: number) => (Number.isNaN(p) ? -Infinity : p);
  const ordered = candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(b.c.priority) - rank(a.c.priority) || byAccount(a.c.accountKey, b.c.accountKey) || a.i - b.i);

  const used = new Map<string, number>();
  const seenAccounts = new Set<string | number>();
  const release: Id[] = [];
  const hold: Id[] = [];
  for (const { c } of ordered) {
    const k = key(c);
    const account = c.accountKey ?? null;
    if (account !== null) {
      // the first time an account comes up is its best candidate; it alone may speak for it
      const first = !seenAccounts.has(account);
      seenAccounts.add(account);
      if (!first || accountsReleasedToday.get(k)?.has(account)) {
        hold.push(c.id);
        continue;
      }
    }
    const budget = k === TEAM_KEY ? teamBudget : budgetPerRep;
    const n = used.get(k) ?? alreadyReleasedToday.get(k) ?? 0;
    if (n < budget) {
      release.push(c.id);
      used.set(k, n + 1);
    } else {
      hold.push(c.id);
    }
  }
  return { release, hold };
}

/** The book's account order for equal priorities: numbers ascending, then strings, then none. */
function byAccount(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const tier = (k: typeof a) => (typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2);
  if (tier(a) !== tier(b)) return tier(a) - tier(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

// Attention is scarce: each rep gets at most a daily budget of nudges, highest priority
// first; the rest are held for a later day (and shown in the digest). Pure.

export const TEAM_KEY = 'team';

export type BudgetCandidate<Id> = { id: Id; assigneeKey: string | null; priority: number };

/**
 * Splits candidates into those released now and those held. Each assignee has
 * `budgetPerRep` minus what was already released to them today; unassigned nudges share
 * one team budget keyed 'team' (same size unless `teamBudget` says otherwise).
 * Order: priority descending (NaN last), ties in input order, so reruns are stable.
 */
export function allocateBudget<Id>(
  candidates: readonly BudgetCandidate<Id>[],
  budgetPerRep: number,
  alreadyReleasedToday: ReadonlyMap<string, number>,
  teamBudget: number = budgetPerRep,
): { release: Id[]; hold: Id[] } {
  const key = (c: BudgetCandidate<Id>) => c.assigneeKey ?? TEAM_KEY;
  const rank = (p: number) => (Number.isNaN(p) ? -Infinity : p);
  const ordered = candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(b.c.priority) - rank(a.c.priority) || a.i - b.i);

  const used = new Map<string, number>();
  const release: Id[] = [];
  const hold: Id[] = [];
  for (const { c } of ordered) {
    const k = key(c);
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

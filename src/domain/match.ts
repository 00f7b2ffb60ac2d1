// Finding the account a rep means from what they typed. Case- and accent-insensitive via
// nameKey; aliases count as names. Exact beats prefix; several prefix hits are ambiguous.
import { nameKey } from './text.ts';

export type MatchCandidate = {
  id: number;
  name: string;
  /** nameKey of the name and of every alias */
  keys: string[];
};

export type MatchResult<T extends MatchCandidate = MatchCandidate> =
  | { kind: 'exact'; item: T }
  | { kind: 'prefix'; item: T }
  | { kind: 'ambiguous'; items: T[]; total: number }
  | { kind: 'none' };

/** At most this many candidates come back from an ambiguous match. */
export const MAX_AMBIGUOUS = 5;
/** A prefix shorter than this never auto-selects: a single hit is offered as a choice. */
export const MIN_PREFIX_LENGTH = 2;

function byName<T extends MatchCandidate>(a: T, b: T): number {
  return nameKey(a.name).localeCompare(nameKey(b.name)) || a.name.localeCompare(b.name) || a.id - b.id;
}

function ambiguous<T extends MatchCandidate>(items: T[]): MatchResult<T> {
  const sorted = [...items].sort(byName);
  return { kind: 'ambiguous', items: sorted.slice(0, MAX_AMBIGUOUS), total: sorted.length };
}

/**
 * Match `query` against candidates:
 * - exact: the query's key equals a name or alias key of exactly one candidate;
 * - prefix: it is the start of a key of exactly one candidate (query key ≥ 2 chars);
 * - ambiguous: several candidates (or one, for a 1-char prefix), sorted by name, max 5,
 *   with `total` the number that matched;
 * - none: nothing matched, or the query has no letters or digits.
 */
export function matchName<T extends MatchCandidate>(query: string, candidates: readonly T[]): MatchResult<T> {
  const q = nameKey(query);
  if (!q) return { kind: 'none' };
  const exact = new Map<number, T>();
  const prefix = new Map<number, T>();
  for (const c of candidates) {
    const keys = [nameKey(c.name), ...c.keys];
    if (keys.includes(q)) exact.set(c.id, c);
    else if (keys.some((k) => k !== '' && k.startsWith(q))) prefix.set(c.id, c);
  }
  if (exact.size === 1) return { kind: 'exact', item: [...exact.values()][0]! };
  if (exact.size > 1) return ambiguous([...exact.values()]);
  if (prefix.size === 1 && q.length >= MIN_PREFIX_LENGTH) return { kind: 'prefix', item: [...prefix.values()][0]! };
  if (prefix.size >= 1) return ambiguous([...prefix.values()]);
  return { kind: 'none' };
}

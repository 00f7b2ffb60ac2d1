// Rhythm words from a nudge's recorded evidence (the nudge, the digest and App Home read the
// same fields), worded by the one function in domain/cadence.ts so no surface drifts.
import { rhythmWords, type RhythmFacts } from '../domain/cadence.ts';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The facts a scan recorded: daysSinceTouch, usualGapDays (the rhythm), rhythmDays (the cooling
 * threshold, despite its name) and stalledAfterDays when present. Null when it holds no quiet.
 */
export function rhythmFromEvidence(evidence: unknown): RhythmFacts | null {
  const e = (typeof evidence === 'object' && evidence !== null ? evidence : {}) as Record<string, unknown>;
  const since = num(e.daysSinceTouch);
  if (since === null) return null;
  return { usualGapDays: num(e.usualGapDays), daysQuiet: since, coolingAfterDays: num(e.rhythmDays), stalledAfterDays: num(e.stalledAfterDays) };
}

/** The rhythm sentence of a nudge's evidence, or null when it recorded none. */
export function evidenceRhythmWords(evidence: unknown): string | null {
  const f = rhythmFromEvidence(evidence);
  return f ? rhythmWords(f) : null;
}

// Scans one account-id range: candidate pages from SQL → pure rules → one read of the page's
// nudges and one write (upsert of what changed, resolve of what vanished) per page. The next
// page is fetched while the current one is written, so Postgres reads and writes overlap, and
// a page's write overlaps the next page's rules; memory holds three pages at most.
import type pg from 'pg';
import { fetchCandidatePage, type CandidateQuery } from '../data/candidates.ts';
import { resolveVanished, writeNudgePage } from '../data/nudge-writes.ts';
import { quietestRhythmDays } from '../domain/cadence.ts';
import { nudgesFor, type NudgeDraft } from '../domain/nudges.ts';
import { RECENT_END_DAYS, rulesFrom, type ScanContext } from './context.ts';

export type RangeStats = { candidates: number; drafts: number; written: number; resolved: number };

/** Accounts per page: memory in flight is ~10 KB per account over three pages; at 1M accounts 1,000 scanned faster than 2,000 (50 s vs 57 s) with 30 MB less peak RSS. */
export const PAGE_SIZE = 1_000;

export async function scanRange(
  pool: pg.Pool, workspaceId: number, ctx: ScanContext, range: { fromId: number; toId: number }, pageSize = PAGE_SIZE,
): Promise<RangeStats> {
  const now = new Date(ctx.now);
  const rules = rulesFrom(ctx);
  const names = new Map(ctx.products.map((p) => [p.id, p.name]));
  const productName = (id: number) => names.get(id) ?? `product ${id}`;
  const q: CandidateQuery = { workspaceId, now, quietAfterDays: quietestRhythmDays(rules.cadence), recentEndDays: RECENT_END_DAYS };
  const stats: RangeStats = { candidates: 0, drafts: 0, written: 0, resolved: 0 };

  let after = range.fromId - 1;
  let next = fetchCandidatePage(pool, q, after, range.toId, pageSize);
  // the previous page's write runs while this page's rules are computed (disjoint accounts)
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const page = await next;
      if (page.lastAccountId === null) break;
      const from = after;
      const upTo = page.lastAccountId;
      next = fetchCandidatePage(pool, q, upTo, range.toId, pageSize);
      next.catch(() => {}); // awaited above; this only keeps a failure meanwhile from going unhandled
      const drafts: NudgeDraft[] = [];
      for (const c of page.candidates) for (const d of nudgesFor(c, rules, now, productName)) drafts.push(d);
      stats.candidates += page.candidates.length;
      stats.drafts += drafts.length;
      await writing; // at most one write in flight: memory stays at two pages
      writing = writeNudgePage(pool, workspaceId, from, upTo, drafts, now).then((w) => {
        stats.written += w.written;
        stats.resolved += w.resolved;
      });
      writing.catch(() => {}); // awaited on the next turn or below
      after = upTo;
    }
  } finally {
    await writing;
  }
  // accounts above the last one seen (deleted, churned) may still have open nudges
  stats.resolved += await resolveVanished(pool, workspaceId, after, range.toId - 1, [], now);
  return stats;
}

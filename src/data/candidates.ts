// The scan's candidates: active accounts of one workspace that may deserve a nudge (any
// live product: whitespace to offer; silent past the shortest rhythm; or an overdue next step), with what the
// rules need. Keyset pages over account id; each page reads holdings and rollups by id
// range (index range scans), never per account. The prefilter only narrows: the stall rule
// itself is src/domain/cadence.ts's, applied to what this returns.
import { OVERDUE_AFTER_DAYS } from '../domain/cadence.ts';
import { overdueSql } from './cadence-sql.ts';
import { fromMs, ts, type Queryable } from './sql.ts';
import type { NudgeCandidate } from '../domain/nudges.ts';
import type { TouchKind } from '../domain/vocabulary.ts';

/** One account the scan looks at: the rules' input (src/domain/nudges.ts), read set-based. */
export type Candidate = NudgeCandidate & {
  /** The next time a holding of it ends, or a recently ended one may be offered again (a scan threshold). */
  holdingsChangeAt: Date | null;
  /** account_scan.version as read with the rest: the scan's state write applies to this version only. */
  scanVersion: number;
};

export type CandidateQuery = {
  workspaceId: number;
  now: Date;
  /** Accounts silent for at most this many days cannot be cooling: cadence.ts quietestRhythmDays. */
  quietAfterDays: number;
  /** A product ended within this many days is not offered again. */
  recentEndDays: number;
};

/**
 * `candidates`: the accounts the prefilter admits, for the rules. `others`: the rest of the
 * page's active accounts, read only for when they next need a look (domain/scan-due.ts).
 */
export type CandidatePage = {
  candidates: Candidate[];
  others: Candidate[];
  /** Accounts of an id list that are no longer active (their nudges resolve), with their scan version and next holding change. */
  gone: { accountId: number; scanVersion: number; changeAt: Date | null }[];
  lastAccountId: number | null;
};

const KIND: Record<string, TouchKind> = { g: 'give', a: 'ask', n: 'neutral' };

type Row = {
  id: number;
  name: string;
  owner_id: number | null;
  created_ms: string;
  held: number[] | null;
  ended: number[] | null;
  mrr: string | null;
  since_ms: string | null;
  touch_count: number | null;
  last_touch_ms: string | null;
  median_gap_days: number | null;
  recent_kinds: string | null;
  step_id: number | null;
  next_step: string | null;
  step_due_ms: string | null;
  change_ms: string | null;
  candidate: boolean;
  active: boolean;
  scan_version: number | null;
};

/** What array_agg(distinct …) returned: ascending, no repeats (arrays of a few products). */
function distinctSorted(ids: number[] | null): number[] {
  if (ids === null) return [];
  if (ids.length === 1) return ids;
  return [...new Set(ids)].sort((a, b) => a - b);
}

/**
 * One page: accounts with id in (afterId, beforeId), at most `limit` of them examined.
 * lastAccountId is the highest id examined (the next cursor), null when none was left.
 */
export async function fetchCandidatePage(
  db: Queryable, q: CandidateQuery, afterId: number, beforeId: number, limit: number,
): Promise<CandidatePage> {
  // the page's id bounds first, so the planner sees them as values: estimated from a CTE they
  // were guesses (hundreds of thousands of rows at 1M accounts) and priced the page high enough
  // to trigger Postgres' JIT, ~1 s of compilation per page
  const page = await db.query<{ lo: number | null; hi: number | null }>(
    `select min(id) as lo, max(id) as hi from (
       select id from account where workspace_id = $1 and status = 'active' and id > $2 and id < $3 order by id limit $4
     ) p`,
    [q.workspaceId, afterId, beforeId, limit],
  );
  const { lo, hi } = page.rows[0] ?? { lo: null, hi: null };
  if (lo === null || hi === null) return { candidates: [], others: [], gone: [], lastAccountId: null };
  // every active account with id in [lo, hi] is one of the page's `limit` accounts
  const rows = await readAccounts(db, q, "a.status = 'active' and a.id between $2 and $3", 'h.account_id between $2 and $3', 'r.account_id between $2 and $3', [lo, hi]);
  return { ...split(rows), lastAccountId: hi };
}

/** The accounts `ids`, read like a page (those no longer active as `gone`): what an incremental scan looks at. */
export async function fetchCandidatesByIds(db: Queryable, q: CandidateQuery, ids: number[]): Promise<Omit<CandidatePage, 'lastAccountId'>> {
  if (ids.length === 0) return { candidates: [], others: [], gone: [] };
  const rows = await readAccounts(db, q, 'a.id = any($2::int[])', 'h.account_id = any($2::int[])', 'r.account_id = any($2::int[])', [ids]);
  return split(rows);
}

function split(rows: Row[]): Omit<CandidatePage, 'lastAccountId'> {
  const candidates: Candidate[] = [];
  const others: Candidate[] = [];
  const gone: CandidatePage['gone'] = [];
  for (const r of rows) {
    if (!r.active) gone.push({ accountId: r.id, scanVersion: r.scan_version ?? 0, changeAt: fromMs(r.change_ms) });
    else (r.candidate ? candidates : others).push(toCandidate(r));
  }
  return { candidates, others, gone };
}

/**
 * Every active account the scope admits, with what the rules read, and whether the prefilter
 * admits it (any live product: whitespace to offer; silent past the shortest rhythm; or an
 * overdue next step). `scope` is our own SQL over $2.. (`extra`), never input.
 */
async function readAccounts(db: Queryable, q: CandidateQuery, accScope: string, holdScope: string, rollScope: string, extra: unknown[]): Promise<Row[]> {
  const n = extra.length;
  const p = (i: number) => `$${i + n}`;
  const res = await db.query<Row>(
    `with acc as (
       select a.id, a.name, a.owner_id, a.created_at, a.status = 'active' as active from account a
       where a.workspace_id = $1 and ${accScope}
     ),
     hold as (
       -- plain array_agg (a DISTINCT aggregate sorts per account); deduplicated and sorted in JS
       select h.account_id,
              array_agg(h.product_id) filter (where h.live) as held,
              array_agg(h.product_id) filter (where not h.live) as ended,
              sum(h.mrr_cents) filter (where h.live) as mrr,
              min(h.started_at) filter (where h.live) as since,
              -- the next time this changes by itself: a live holding ends, an ended one may be offered
              -- again, a holding starts (a win-back's first day)
              least(min(h.ended_at) filter (where h.live), min(h.ended_at + make_interval(days => ${p(3)})) filter (where not h.live),
                    min(h.started_at) filter (where h.started_at > ${p(2)}::timestamp)) as change_at
       -- live: started and not ended, as everywhere else (a holding signed to start later is not held yet;
       -- in ended it is kept from suggestions until it starts, when change_at makes the account due)
       from (select account_id, product_id, mrr_cents, started_at, ended_at,
                    (started_at <= ${p(2)}::timestamp and (ended_at is null or ended_at > ${p(2)}::timestamp)) as live
             from holding h
             where h.workspace_id = $1 and ${holdScope}
               and (ended_at is null or ended_at > ${p(2)}::timestamp - make_interval(days => ${p(3)}))) h
       group by h.account_id
     ),
     -- the page's rollups by primary-key range: a join on id alone would hash the whole table
     roll as (
       select r.* from account_rollup r where ${rollScope} and r.workspace_id = $1
     )
     select a.id, a.name, a.owner_id, extract(epoch from a.created_at) * 1000 as created_ms,
            h.held, h.ended, h.mrr, extract(epoch from h.since) * 1000 as since_ms, extract(epoch from h.change_at) * 1000 as change_ms,
            r.touch_count, extract(epoch from r.last_touch_at) * 1000 as last_touch_ms, r.median_gap_days,
            r.recent_kinds, r.next_step_conversation_id as step_id, r.next_step,
            extract(epoch from r.next_step_due) * 1000 as step_due_ms,
            a.active, sc.version as scan_version,
            (h.held is not null
             or coalesce(r.last_touch_at, a.created_at) < ${p(2)}::timestamp - make_interval(days => ${p(4)})
             or coalesce(${overdueSql('r.next_step_due', 'r.last_touch_at', `${p(2)}::timestamp`, `${p(5)}::int`)}, false)) as candidate
     from acc a
     left join hold h on h.account_id = a.id
     left join roll r on r.account_id = a.id
     left join account_scan sc on sc.account_id = a.id and sc.workspace_id = $1
     order by a.id`,
    [q.workspaceId, ...extra, ts(q.now), q.recentEndDays, q.quietAfterDays, OVERDUE_AFTER_DAYS],
  );
  return res.rows;
}

function toCandidate(r: Row): Candidate {
  const held = distinctSorted(r.held);
  return {
    accountId: r.id,
    name: r.name,
    ownerId: r.owner_id,
    createdAt: new Date(Number(r.created_ms)),
    heldProductIds: held,
    endedProductIds: distinctSorted(r.ended).filter((p) => !held.includes(p)),
    mrrCents: Number(r.mrr ?? 0),
    holdingSince: fromMs(r.since_ms),
    touchCount: r.touch_count ?? 0,
    lastTouchAt: fromMs(r.last_touch_ms),
    medianGapDays: r.median_gap_days,
    recentKinds: [...(r.recent_kinds ?? '')].map((k) => KIND[k] ?? 'neutral'),
    nextStepConversationId: r.step_id,
    nextStep: r.next_step,
    nextStepDue: fromMs(r.step_due_ms),
    holdingsChangeAt: fromMs(r.change_ms),
    scanVersion: r.scan_version ?? 0,
  };
}

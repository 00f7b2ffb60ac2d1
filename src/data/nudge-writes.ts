// Writing a scan's nudges, one page at a time: read the page's existing nudges (one index
// range scan on account id), decide in memory which drafts change anything, then one
// statement upserts just those on (workspace_id, dedupe_key) and closes the waiting (queued,
// open, snoozed) nudges whose situation went away. An unchanged nudge is recognised by its content hash
// and is neither sent nor rewritten nor locked, so rescanning an unchanged book writes nothing.
// An account someone holds a nudge of (domain/attention.ts) gets no new nudge: the new reason
// joins the held nudge's evidence (evidence.joined, keyed by dedupe key) and no message starts.
import { hash } from 'node:crypto';
import { DISMISS_QUIETS_DAYS, isRetirable, RETIRABLE_STATUSES, type JoinedReason } from '../domain/attention.ts';
import type { NudgeDraft, NudgeKey } from '../domain/nudges.ts';
import { earliest, heldUntil, QUEUED_REFRESH_HOURS } from '../domain/scan-due.ts';
import type { NudgeStatus } from '../domain/vocabulary.ts';
import { quietsAccountSql } from './attention-sql.ts';
import { fromMs, numberArraysLiteral, numbersLiteral, ts, type Queryable } from './sql.ts';

/** What a scan compares to decide whether a nudge changed (evidence alone does not count). */
export function contentHash(d: NudgeDraft): string {
  // crypto.hash: one call, half the cost of createHash().update().digest() (~1.2 vs 2.7 us)
  return hash(
    'md5',
    `${d.kind}\u0000${d.suggestion}\u0000${d.priority}\u0000${d.valueAtStakeCents}\u0000${d.assigneeId}\u0000${d.offerId}\u0000${d.suggestedProductId}`,
    'base64',
  );
}

type Existing = {
  id: number; account_id: number; dedupe_key: string; content_hash: string | null; status: NudgeStatus; snooze_over: boolean | null; quiets: boolean;
  snoozed_ms: string | null; dismissed_ms: string | null; claimed: boolean;
};

/** Which accounts a page covers: an id range (a full scan's page) or a list (an incremental scan's). */
export type PageScope = { afterId: number; upToId: number } | { ids: number[] };

/**
 * Each scanned account's own next look (domain/scan-due.ts) and owner: account_scan's row; and
 * its cross-sell draft's next products (ids and scores as evidence.alternatives has them, best
 * first; empty without a draft), which the account card reads when that draft has no row.
 */
export type ScannedAccount = {
  accountId: number; ownerId: number | null; nextAt: Date | null; scanVersion: number; nextProductIds: number[]; nextScores: number[];
};

export type PageWrite = {
  /**
   * Whether a nudge that would start a message gets its row now. A scan leaves them waiting
   * (counted on account_scan) and rows are written for the top of each rep's line only
   * (data/account-scan.ts); false only there. Default true.
   */
  materialize?: boolean;
  /** The scanned accounts: their account_scan rows are written in the same statement. */
  scanned?: ScannedAccount[];
};

export type PageResult = { written: number; resolved: number; joined: number; waiting: number };

/** Whether writing the draft would put a nudge in line for a new message (new, back from resolved, or woken). */
function startsMessage(e: Existing | undefined): boolean {
  return !e || e.status === 'resolved' || (e.status === 'snoozed' && e.snooze_over === true);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Whether an existing nudge would take the draft (the upsert's own condition decides, this
 * only spares sending what it would refuse): queued or open and changed, resolved (the
 * situation is back), or snoozed past its time and claimed by nobody. Claimed, done, dismissed
 * and still-snoozed nudges are left alone, so a scan never recreates what a rep put aside; a
 * claim snoozed is its claimer's still, and is left for the sweep's wake, which brings it back
 * claimed (queued, it would be released to the team unclaimed and raised as nobody's).
 * `hash`: the draft's content hash, needed only where the content decides (queued or open with
 * a stored hash).
 */
function takes(e: Existing, hash: string | undefined): boolean {
  if (e.status === 'queued' || e.status === 'open') return e.content_hash === null || e.content_hash !== hash;
  return e.status === 'resolved' || (e.status === 'snoozed' && e.snooze_over === true && !e.claimed);
}

/**
 * A page's nudges as the write sees them: the keys it decides on, and a key's full draft (words,
 * evidence), asked for only where a row is compared, written or joined. A scan judges every
 * account to keys and builds the words for the few that get a row (scan/range.ts judge).
 */
export type PageDrafts = { keys: readonly NudgeKey[]; full: (key: NudgeKey) => NudgeDraft };

/** Drafts already built, as a page (tests; writes outside a scan). */
export function builtDrafts(drafts: NudgeDraft[]): PageDrafts {
  return { keys: drafts, full: (key) => key as NudgeDraft };
}

/**
 * Writes one page of drafts for the accounts in `scope`: upserts the changed ones and, with
 * `materialize`, the new ones (they arrive queued; else they wait, counted on account_scan),
 * and resolves the waiting (queued, open, snoozed) nudges of those accounts whose dedupe key the drafts do
 * not contain (the account bought a second product, got a touch, churned). With `scanned`,
 * the same statement records each account's next look and what waits for it.
 */
export async function writeScanPage(
  db: Queryable, workspaceId: number, scope: PageScope, drafts: PageDrafts, now: Date, opts: PageWrite = {},
): Promise<PageResult> {
  const materialize = opts.materialize ?? true;
  // the scope's own parameters first ($2, or $2 and $3), then the clock and the quiet days
  const [byScope, scopeParams] = 'ids' in scope
    ? ['account_id = any($2::int[])', [scope.ids]]
    : ['account_id > $2 and account_id <= $3', [scope.afterId, scope.upToId]];
  const at = (i: number) => `$${i + 1 + scopeParams.length}`;
  const existing = await db.query<Existing>(
    `select id, account_id, dedupe_key, content_hash, status, snoozed_until <= ${at(1)}::timestamp as snooze_over,
            ${quietsAccountSql('nudge', `${at(1)}::timestamp`, `${at(2)}::int`)} as quiets,
            extract(epoch from snoozed_until) * 1000 as snoozed_ms, extract(epoch from dismissed_at) * 1000 as dismissed_ms,
            claimed_by_id is not null as claimed
     from nudge where workspace_id = $1 and ${byScope}`,
    [workspaceId, ...scopeParams, ts(now), DISMISS_QUIETS_DAYS],
  );
  const byKey = new Map<string, Existing>();
  // each quiet account's held nudge (the oldest, if several): where new reasons join
  const heldBy = new Map<number, number>();
  // when a person's hold on an account ends (a snooze, a dismissal's quiet): its next look
  const holdEnds = new Map<number, Date>();
  for (const e of existing.rows) {
    byKey.set(e.dedupe_key, e);
    const h = heldBy.get(e.account_id);
    if (e.quiets && (h === undefined || e.id < h)) heldBy.set(e.account_id, e.id);
    const until = heldUntil({ status: e.status, snoozedUntil: fromMs(e.snoozed_ms), dismissedAt: fromMs(e.dismissed_ms) }, now);
    const known = holdEnds.get(e.account_id);
    if (until && (!known || until < known)) holdEnds.set(e.account_id, until);
  }
  // per account: nudges waiting for a row (how many, the best priority, the value at stake), and whether one is in line as a row
  const waiting = new Map<number, { n: number; best: number; value: number }>();
  const inLine = new Set<number>();
  const join = { id: [] as number[], key: [] as string[], reason: [] as string[] };
  // column arrays for unnest(): Postgres parses typed arrays faster than a JSON recordset
  // (about a quarter of a first scan's write time at 1M accounts)
  const cols = {
    account: [] as number[], kind: [] as string[], key: [] as string[], evidence: [] as string[], suggestion: [] as string[],
    product: [] as (number | null)[], offer: [] as (number | null)[], priority: [] as number[], value: [] as number[],
    assignee: [] as (number | null)[], hash: [] as string[],
  };
  for (const k of drafts.keys) {
    const e = byKey.get(k.dedupeKey);
    if (e) byKey.delete(k.dedupeKey);
    if (e?.status === 'queued') inLine.add(k.accountId);
    // the words are built only for a nudge whose row is compared, written or joined (no
    // closures here: two per nudge cost ~1 ms a page under tsx's keep-names wrapper)
    let d: NudgeDraft | undefined;
    let digest: string | undefined;
    if (e) {
      // the content decides only for a queued or open row with a stored hash
      if ((e.status === 'queued' || e.status === 'open') && e.content_hash !== null) digest = contentHash((d = drafts.full(k)));
      if (!takes(e, digest)) continue;
    }
    const starts = startsMessage(e);
    const held = heldBy.get(k.accountId);
    if (held !== undefined && starts) {
      d ??= drafts.full(k);
      const reason: JoinedReason = { kind: k.kind, headline: str(d.evidence.headline), productId: k.suggestedProductId };
      join.id.push(held);
      join.key.push(k.dedupeKey);
      join.reason.push(JSON.stringify(reason));
      continue;
    }
    if (starts) {
      if (!materialize) {
        const w = waiting.get(k.accountId);
        if (w) {
          w.n += 1;
          if (k.priority > w.best) w.best = k.priority;
          if (k.valueAtStakeCents > w.value) w.value = k.valueAtStakeCents;
        } else waiting.set(k.accountId, { n: 1, best: k.priority, value: k.valueAtStakeCents });
        continue;
      }
      inLine.add(k.accountId);
    }
    const full = d ?? drafts.full(k);
    cols.account.push(full.accountId);
    cols.kind.push(full.kind);
    cols.key.push(full.dedupeKey);
    cols.evidence.push(JSON.stringify(full.evidence));
    cols.suggestion.push(full.suggestion);
    cols.product.push(full.suggestedProductId);
    cols.offer.push(full.offerId);
    cols.priority.push(full.priority);
    cols.value.push(full.valueAtStakeCents);
    cols.assignee.push(full.assigneeId);
    cols.hash.push(digest ?? contentHash(full));
  }
  // what is left had no draft: the waiting ones (queued, open, snoozed: RETIRABLE_STATUSES) are
  // resolved, so a snooze whose situation went away never wakes to be posted; the update
  // re-checks the status. A snoozed one that new reasons of its account join is not gone: the
  // account still deserves a nudge, and the snooze holds it (a remodel that turns the best next
  // product from Analytics to Alerts changes the cross-sell's key, not the rep's "not now").
  // So no row is both joined and resolved by the one statement.
  const vanished: number[] = [];
  const joined = new Set(join.id);
  for (const e of byKey.values()) {
    if (isRetirable(e.status) && !(e.status === 'snoozed' && joined.has(e.id))) vanished.push(e.id);
  }
  let waitingTotal = 0;
  for (const w of waiting.values()) waitingTotal += w.n;
  const state = {
    account: [] as number[], dueMs: [] as (number | null)[], assignee: [] as (number | null)[], waiting: [] as number[],
    best: [] as (number | null)[], value: [] as (number | null)[], version: [] as number[], nextIds: [] as number[][], nextScores: [] as number[][],
  };
  const refresh = new Date(now.getTime() + QUEUED_REFRESH_HOURS * 3_600_000);
  // ascending account ids: the order the mark triggers lock account_scan rows in
  for (const a of [...(opts.scanned ?? [])].sort((x, y) => x.accountId - y.accountId)) {
    const w = waiting.get(a.accountId);
    const due = earliest([a.nextAt, holdEnds.get(a.accountId) ?? null, inLine.has(a.accountId) ? refresh : null]);
    state.account.push(a.accountId);
    state.dueMs.push(due ? due.getTime() : null);
    state.assignee.push(a.ownerId);
    state.waiting.push(w?.n ?? 0);
    state.best.push(w?.best ?? null);
    state.value.push(w?.value ?? null);
    state.version.push(a.scanVersion);
    state.nextIds.push(a.nextProductIds);
    state.nextScores.push(a.nextScores);
  }
  const nudgeWork = cols.account.length > 0 || vanished.length > 0 || join.id.length > 0;
  if (!nudgeWork && state.account.length === 0) return { written: 0, resolved: 0, joined: 0, waiting: waitingTotal };
  // $1 the workspace, $2–$10 the state columns (one literal each); the nudges' write adds the clock ($11) and its own
  const stateParams = [
    numbersLiteral(state.account), numbersLiteral(state.dueMs), numbersLiteral(state.assignee), numbersLiteral(state.waiting),
    numbersLiteral(state.best), numbersLiteral(state.version), numberArraysLiteral(state.nextIds), numberArraysLiteral(state.nextScores),
    numbersLiteral(state.value),
  ];
  // Each scanned account's next look and what waits for it: only rows that change are written.
  // An upsert in ascending account order, the order the mark triggers lock rows in (an UPDATE …
  // FROM locks in whatever order its join takes, and could deadlock with a mark); it also writes
  // the row of an account loaded with triggers off (a restore, a replica), which has none. Only
  // the version read is written over: an account marked again since the page was read (a
  // touch, an import) stays due for the next scan.
  const stateSql = `insert into account_scan as s (account_id, workspace_id, due_at, assignee_id, waiting, waiting_priority, version,
                                      next_product_ids, next_scores, waiting_value_cents)
       select t.account_id, $1, coalesce('epoch'::timestamp + t.due_ms * interval '1 millisecond', 'infinity'::timestamp),
              t.assignee_id, t.waiting, t.best, t.version, t.next_ids::int[], t.next_scores::float8[], t.value
       from unnest($2::int[], $3::float8[], $4::int[], $5::int[], $6::float8[], $7::int[], $8::text[], $9::text[], $10::int8[])
            as t(account_id, due_ms, assignee_id, waiting, best, version, next_ids, next_scores, value)
       -- an account deleted since the page was read has nothing left to track
       where exists (select 1 from account a where a.id = t.account_id and a.workspace_id = $1)
       on conflict (account_id) do update set
         due_at = excluded.due_at, assignee_id = excluded.assignee_id, waiting = excluded.waiting, waiting_priority = excluded.waiting_priority,
         next_product_ids = excluded.next_product_ids, next_scores = excluded.next_scores, waiting_value_cents = excluded.waiting_value_cents
       where s.workspace_id = $1 and s.version = excluded.version
         and (s.due_at, s.assignee_id, s.waiting, s.waiting_priority, s.next_product_ids, s.next_scores, s.waiting_value_cents)
             is distinct from (excluded.due_at, excluded.assignee_id, excluded.waiting, excluded.waiting_priority,
                               excluded.next_product_ids, excluded.next_scores, excluded.waiting_value_cents)`;
  if (!nudgeWork) {
    // most pages of a full scan: nothing for the nudge table (its new nudges wait as counts)
    await db.query(stateSql, [workspaceId, ...stateParams]);
    return { written: 0, resolved: 0, joined: 0, waiting: waitingTotal };
  }
  const res = await db.query<{ written: number; resolved: number; joined: number }>(
    `with up as (
       insert into nudge as n (workspace_id, account_id, kind, dedupe_key, status, evidence, suggestion, suggested_product_id,
                               offer_id, priority, value_at_stake_cents, assignee_id, content_hash, last_scan_at, created_at, updated_at)
       select $1, t.account_id, t.kind, t.dedupe_key, 'queued', t.evidence, t.suggestion, t.suggested_product_id,
              t.offer_id, t.priority, t.value, t.assignee_id, t.content_hash, $11::timestamp, $11::timestamp, $11::timestamp
       from unnest($13::int[], $14::nudge_kind[], $15::text[], $16::jsonb[], $17::text[], $18::int[], $19::int[], $20::float8[],
                   $21::int8[], $22::int[], $23::text[])
            as t(account_id, kind, dedupe_key, evidence, suggestion, suggested_product_id, offer_id, priority, value, assignee_id,
                 content_hash)
       on conflict (workspace_id, dedupe_key) do update set
         kind = excluded.kind, evidence = excluded.evidence, suggestion = excluded.suggestion,
         suggested_product_id = excluded.suggested_product_id, offer_id = excluded.offer_id, priority = excluded.priority,
         value_at_stake_cents = excluded.value_at_stake_cents, assignee_id = excluded.assignee_id,
         content_hash = excluded.content_hash, last_scan_at = excluded.last_scan_at, updated_at = excluded.updated_at,
         -- back from resolved or an ended snooze (not a claimed one: takes()): in line for the budget again, to be posted anew
         status = case when n.status in ('resolved', 'snoozed') then 'queued'::nudge_status else n.status end,
         released_at = case when n.status in ('resolved', 'snoozed') then null else n.released_at end,
         resolved_at = case when n.status = 'resolved' then null else n.resolved_at end,
         -- back from resolved, a new life: it starts now (the funnel files it, wins count from its
         -- release), belongs to nobody, and may be raised again if nobody takes it up
         created_at = case when n.status = 'resolved' then excluded.created_at else n.created_at end,
         -- (an ended snooze re-queued keeps the release the team first saw it in: wins count from it)
         first_released_at = case when n.status = 'resolved' then null
                                  when n.status = 'snoozed' then coalesce(n.first_released_at, n.released_at) else n.first_released_at end,
         escalated_at = case when n.status = 'resolved' then null else n.escalated_at end,
         claimed_by_id = case when n.status = 'resolved' then null else n.claimed_by_id end,
         claimed_at = case when n.status = 'resolved' then null else n.claimed_at end,
         snoozed_until = case when n.status = 'resolved' then null else n.snoozed_until end,
         snooze_reason = case when n.status = 'resolved' then null else n.snooze_reason end,
         delivery_state = case when n.status in ('resolved', 'snoozed') then 'pending'::delivery_state else n.delivery_state end,
         -- queued anew, it belongs to no grouped message yet (the old one was posted: it would wait on it for ever)
         group_id = case when n.status in ('resolved', 'snoozed') then null else n.group_id end,
         resolution = case when n.status in ('resolved', 'snoozed') then null else n.resolution end,
         resolution_detail = case when n.status in ('resolved', 'snoozed') then null else n.resolution_detail end
       where (n.status in ('queued', 'open')
              and case when n.content_hash is null
                  -- written before content hashes: compare the columns themselves
                  then (n.kind, n.suggestion, n.priority, n.value_at_stake_cents, n.assignee_id, n.offer_id, n.suggested_product_id)
                       is distinct from
                       (excluded.kind, excluded.suggestion, excluded.priority, excluded.value_at_stake_cents, excluded.assignee_id,
                        excluded.offer_id, excluded.suggested_product_id)
                  else n.content_hash <> excluded.content_hash end)
          or n.status = 'resolved'
          or (n.status = 'snoozed' and n.snoozed_until <= $11::timestamp and n.claimed_by_id is null)
       returning 1
     ),
     gone as (
       -- a posted message is edited to say so (the minute sweep queues it: nudge-retire.ts refreshesDue)
       update nudge set status = 'resolved', resolved_at = $11::timestamp, updated_at = $11::timestamp,
                        refresh_due_at = case when message_ts is not null then $11::timestamp else refresh_due_at end
       where id = any($12::int[]) and workspace_id = $1 and status = any($27::nudge_status[])
       returning 1
     ),
     -- new reasons of a quiet account join its held nudge; a reason already there is not rewritten
     adds as (
       select t.id, jsonb_object_agg(t.dedupe_key, t.reason) as add, array_agg(t.dedupe_key) as keys
       from unnest($24::int[], $25::text[], $26::jsonb[]) as t(id, dedupe_key, reason) group by t.id
     ),
     joined as (
       update nudge n set evidence = jsonb_set(n.evidence, '{joined}', coalesce(n.evidence->'joined', '{}'::jsonb) || a.add),
                          updated_at = $11::timestamp
       from adds a
       where n.id = a.id and n.workspace_id = $1 and not (coalesce(n.evidence->'joined', '{}'::jsonb) ?& a.keys)
       returning 1
     ),
     state as (${stateSql})
     select (select count(*) from up)::int as written, (select count(*) from gone)::int as resolved,
            (select count(*) from joined)::int as joined`,
    [workspaceId, ...stateParams, ts(now), vanished, cols.account, cols.kind, cols.key, cols.evidence, cols.suggestion, cols.product,
     cols.offer, cols.priority, cols.value, cols.assignee, cols.hash, join.id, join.key, join.reason, RETIRABLE_STATUSES],
  );
  const r = res.rows[0]!;
  return { written: r.written, resolved: r.resolved, joined: r.joined, waiting: waitingTotal };
}

/**
 * Closes the waiting (queued, open, snoozed) nudges of accounts with id in (afterId, upToId]
 * whose dedupe key this scan did not produce: the account bought a second product, got a
 * touch, churned. A posted one's message is edited to say so, as writeScanPage's are.
 */
export async function resolveVanished(
  db: Queryable, workspaceId: number, afterId: number, upToId: number, keptKeys: string[], now: Date,
): Promise<number> {
  const res = await db.query(
    `update nudge set status = 'resolved', resolved_at = $5::timestamp, updated_at = $5::timestamp,
                      refresh_due_at = case when message_ts is not null then $5::timestamp else refresh_due_at end
     where workspace_id = $1 and account_id > $2 and account_id <= $3 and status = any($6::nudge_status[])
       and not (dedupe_key = any($4::text[]))`,
    [workspaceId, afterId, upToId, keptKeys, ts(now), RETIRABLE_STATUSES],
  );
  return res.rowCount ?? 0;
}

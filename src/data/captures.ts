// Captured touches (issue 16): a message in a linked channel folds into one conversation row
// per account, direction and hour (its source_key, unique per workspace, is the fold key), with
// a message count. The account's rollup moves with it, under the same account lock recordTouch
// takes for a logged touch, so a capture resets the stall clock exactly like a /log.
import type pg from 'pg';
import type { TouchDirection } from '../domain/vocabulary.ts';
import { refreshRollups } from './rollups.ts';
import { inTransaction, ts } from './sql.ts';

export type CaptureInput = {
  workspaceId: number;
  accountId: number;
  channelId: string;
  direction: TouchDirection;
  at: Date;
  /** the fold key (domain/capture.ts foldKey) */
  sourceKey: string;
  /** null unless the workspace keeps snippets */
  snippet: string | null;
  /** the sender, when they are a known member (team side only) */
  memberId: number | null;
};

/**
 * Adds one message to its fold row (made on the hour's first message), in each workspace that
 * sees it: one statement for them all, outside any transaction, on the busy path. The row's time
 * is its latest message's, so "last touch" is the last message; a snippet, when kept, is the
 * latest. The statement locks each account as recordTouch does (the insert selects from the
 * account row, `for update`), so a touch and a refresh never interleave, and the lock lasts only
 * that statement. A message folding into an existing row moves only the rollup's last touch
 * (count, kinds and next step are unchanged, the median gap moves by under an hour); the hour's
 * first message refreshes that account's rollup whole.
 *
 * One Slack event reaches the app once however many of our workspaces see it, and is deduped per
 * workspace (slack_event): `claim.eventId` is claimed here, in the same statement, for every
 * workspace but `claim.claimedFor` (the event's own installation, claimed by the middleware), so
 * a redelivery records nothing twice and a failed statement claims nothing. Returns the rows
 * written (a workspace whose account is gone, or whose claim was taken, has none).
 */
export async function recordCaptures(
  pool: pg.Pool, captures: readonly CaptureInput[], claim: { eventId: string | null; claimedFor: number },
): Promise<{ workspaceId: number; accountId: number; conversationId: number; created: boolean; messages: number }[]> {
  if (captures.length === 0) return [];
  const col = <K extends keyof CaptureInput>(k: K) => captures.map((c) => c[k]);
  const { rows } = await pool.query<{ workspaceId: number; accountId: number; id: number; created: boolean; messages: number }>(
    `with input as (
       select * from unnest($1::int[], $2::int[], $3::int[], $4::timestamp[], $5::text[], $6::text[], $7::text[], $8::touch_direction[])
         as t(workspace_id, account_id, member_id, at, snippet, source_key, channel_id, direction)
     ),
     claimed as (
       insert into slack_event (workspace_id, event_id)
       select workspace_id, $9::text from input where $9::text is not null and workspace_id <> $10
       on conflict do nothing
       returning workspace_id
     ),
     go as (
       select i.* from input i
       where $9::text is null or i.workspace_id = $10 or i.workspace_id in (select workspace_id from claimed)
     ),
     up as (
       insert into conversation as c (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, source, source_key,
                                      channel_id, direction, message_count)
       select a.workspace_id, a.id, g.member_id, g.at, 'chat', coalesce(g.snippet, ''), 'neutral', 'channel', g.source_key, g.channel_id, g.direction, 1
       from go g join account a on a.id = g.account_id and a.workspace_id = g.workspace_id
       order by a.workspace_id, a.id
       for update of a
       on conflict (workspace_id, source_key) do update set
         message_count = coalesce(c.message_count, 0) + 1,
         occurred_at = greatest(c.occurred_at, excluded.occurred_at),
         channel_id = excluded.channel_id,
         summary = case when excluded.summary <> '' and excluded.occurred_at >= c.occurred_at then excluded.summary else c.summary end,
         member_id = coalesce(c.member_id, excluded.member_id)
       where c.account_id = excluded.account_id
       returning id, workspace_id, account_id, (xmax = 0) as created, message_count, occurred_at
     ),
     moved as (
       update account_rollup r set last_touch_at = greatest(r.last_touch_at, up.occurred_at), refreshed_at = now()
       from up where not up.created and r.workspace_id = up.workspace_id and r.account_id = up.account_id
       returning 1
     )
     select workspace_id as "workspaceId", account_id as "accountId", id, created, message_count as messages from up`,
    [col('workspaceId'), col('accountId'), col('memberId'), captures.map((c) => ts(c.at)), col('snippet'), col('sourceKey'), col('channelId'), col('direction'), claim.eventId, claim.claimedFor],
  );
  // the hour's first message: that account's rollup refreshed whole, per workspace (a channel is
  // shared by a few organisations; most messages fold into a row and skip this)
  for (const row of rows.filter((r) => r.created)) {
    await inTransaction(pool, async (client) => {
      await client.query('select id from account where id = $1 and workspace_id = $2 for update', [row.accountId, row.workspaceId]);
      await refreshRollups(client, row.workspaceId, { accountIds: [row.accountId] });
    });
  }
  return rows.map((r) => ({ workspaceId: r.workspaceId, accountId: r.accountId, conversationId: r.id, created: r.created, messages: r.messages }));
}

/** Marks a captured fold row as a give (a give reaction on one of its messages); true when it changed. */
export async function markCapturedGive(pool: pg.Pool, workspaceId: number, accountId: number, sourceKey: string): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    await client.query('select id from account where id = $1 and workspace_id = $2 for update', [accountId, workspaceId]);
    const res = await client.query(
      `update conversation set kind = 'give'
       where workspace_id = $1 and account_id = $2 and source_key = $3 and source = 'channel' and kind <> 'give'`,
      [workspaceId, accountId, sourceKey],
    );
    if ((res.rowCount ?? 0) === 0) return false;
    await refreshRollups(client, workspaceId, { accountIds: [accountId] });
    return true;
  });
}

/** One fold row a changed message could have fed, in a workspace that captured it (flows/capture.ts decides which). */
export type CapturedTextTarget = {
  workspaceId: number;
  /** the fold key (domain/capture.ts foldKey) */
  sourceKey: string;
  /** the snippet it now holds: the edit's, where that workspace keeps it; null blanks it */
  snippet: string | null;
};

/**
 * A captured message was deleted or edited: the snippet of each fold row it could have fed is
 * blanked or replaced, one indexed statement. `oldSnippet` null: whatever the row holds (a
 * deletion); else only a row still holding that text (an edit; a later message's stays). Who
 * captured the message and the rows' keys are the caller's, computed as the capture computed
 * them; nothing here widens them. The touch stays: message count, time, kind and the rollup are
 * untouched, so no account lock is needed. Safe to run twice (a blank stays blank, a replaced
 * snippet no longer equals the old). Returns the rows changed.
 */
export async function changeCapturedText(pool: pg.Pool, targets: readonly CapturedTextTarget[], oldSnippet: string | null): Promise<number> {
  if (targets.length === 0) return 0;
  const res = await pool.query(
    `update conversation c
     set summary = coalesce(t.snippet, '')
     from unnest($1::int[], $2::text[], $3::text[]) as t(workspace_id, source_key, snippet)
     where c.workspace_id = t.workspace_id and c.source_key = t.source_key and c.source = 'channel'
       and c.summary <> '' and ($4::text is null or c.summary = $4::text)`,
    [targets.map((t) => t.workspaceId), targets.map((t) => t.sourceKey), targets.map((t) => t.snippet), oldSnippet],
  );
  return res.rowCount ?? 0;
}

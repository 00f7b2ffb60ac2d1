// Accounts and their aliases. Lookups are narrowed in SQL by exact keys and a key prefix
// (both indexed: unique (workspace_id, name_key) and (workspace_id, alias_key)), so a
// workspace of a million accounts is never read whole; the domain's matchName decides.
import type pg from 'pg';
import type { MatchCandidate } from '../domain/match.ts';
import { nameKey } from '../domain/text.ts';
import { followOwners, type RetiredNudge } from './nudge-retire.ts';
import { inTransaction, type Queryable } from './sql.ts';

export type AccountCandidate = MatchCandidate & { segment: string | null; ownerSlackUserId: string | null };

/** How many prefix hits a lookup reads: enough to show "5 of 100+" and to fill a picker. */
export const CANDIDATE_LIMIT = 100;

/** `key` as a LIKE prefix pattern; keys hold letters, digits and spaces, but be safe anyway. */
function likePrefix(key: string): string {
  return key.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/**
 * Accounts whose name or an alias has one of `exactKeys`, or starts with `prefixKey`
 * (at most CANDIDATE_LIMIT of those, first by key). Each comes with its alias keys.
 */
export async function findAccountCandidates(
  db: Queryable,
  workspaceId: number,
  q: { exactKeys?: readonly string[]; prefixKey?: string; limit?: number },
): Promise<AccountCandidate[]> {
  const exact = (q.exactKeys ?? []).filter(Boolean);
  const prefix = q.prefixKey ? likePrefix(q.prefixKey) : null;
  const res = await db.query<{ id: number; name: string; segment: string | null; owner: string | null; alias_keys: string[] }>(
    `with hits as (
       (select id as account_id from account where workspace_id = $1 and name_key = any($2::text[]))
       union
       (select account_id from account_alias where workspace_id = $1 and alias_key = any($2::text[]))
       union
       (select id from account where workspace_id = $1 and $3::text is not null and name_key like $3 order by name_key limit $4)
       union
       (select account_id from account_alias where workspace_id = $1 and $3::text is not null and alias_key like $3 order by alias_key limit $4)
     )
     select a.id, a.name, a.segment, m.slack_user_id as owner,
            coalesce((select array_agg(al.alias_key) from account_alias al where al.workspace_id = $1 and al.account_id = a.id), '{}') as alias_keys
     from hits h
     join account a on a.id = h.account_id and a.workspace_id = $1
     left join member m on m.id = a.owner_id and m.workspace_id = $1
     order by a.name_key, a.id`,
    [workspaceId, exact, prefix, q.limit ?? CANDIDATE_LIMIT],
  );
  return res.rows.map((r) => ({ id: r.id, name: r.name, keys: r.alias_keys, segment: r.segment, ownerSlackUserId: r.owner }));
}

/** The accounts an external select shows for what was typed: by name or alias start, max 100. */
export async function searchAccounts(db: Queryable, workspaceId: number, typed: string): Promise<{ id: number; name: string }[]> {
  const key = nameKey(typed);
  if (!key) return [];
  const found = await findAccountCandidates(db, workspaceId, { exactKeys: [key], prefixKey: key, limit: 100 });
  return found.slice(0, 100).map(({ id, name }) => ({ id, name }));
}

export async function getAccountName(db: Queryable, workspaceId: number, accountId: number): Promise<{ id: number; name: string } | null> {
  const res = await db.query<{ id: number; name: string }>('select id, name from account where workspace_id = $1 and id = $2', [workspaceId, accountId]);
  return res.rows[0] ?? null;
}

export type NameConflict = { key: string; accountId: number; accountName: string };

/** Which of `keys` is already an account name or alias in the workspace (besides `exceptAccountId`). */
async function conflicts(db: Queryable, workspaceId: number, keys: string[], exceptAccountId = 0): Promise<NameConflict | null> {
  const res = await db.query<{ key: string; id: number; name: string }>(
    `select a.name_key as key, a.id, a.name from account a where a.workspace_id = $1 and a.name_key = any($2::text[]) and a.id <> $3
     union all
     select al.alias_key, a.id, a.name from account_alias al join account a on a.id = al.account_id
     where al.workspace_id = $1 and al.alias_key = any($2::text[]) and al.account_id <> $3
     limit 1`,
    [workspaceId, keys, exceptAccountId],
  );
  const r = res.rows[0];
  return r ? { key: r.key, accountId: r.id, accountName: r.name } : null;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

export type CreateAccountResult = { ok: true; id: number; name: string } | { ok: false; conflict: NameConflict };

/**
 * Creates an account with its aliases in one transaction. Neither the name nor an alias may
 * already name another account (as its name or an alias): that would make matching ambiguous.
 * Taking the workspace's advisory lock makes the check and the insert one step.
 */
export async function createAccount(
  pool: pg.Pool,
  workspaceId: number,
  a: { name: string; aliases?: readonly string[]; ownerId?: number | null; segment?: string | null },
): Promise<CreateAccountResult> {
  const key = nameKey(a.name);
  const aliases = (a.aliases ?? []).map((alias) => ({ alias, key: nameKey(alias) })).filter((x) => x.key && x.key !== key);
  try {
    return await inTransaction(pool, async (c) => {
      await c.query('select pg_advisory_xact_lock(hashtext($1))', [`tend:account-names:${workspaceId}`]);
      const clash = await conflicts(c, workspaceId, [key, ...aliases.map((x) => x.key)]);
      if (clash) return { ok: false as const, conflict: clash };
      const ins = await c.query<{ id: number }>(
        'insert into account (workspace_id, name, name_key, owner_id, segment) values ($1, $2, $3, $4, $5) returning id',
        [workspaceId, a.name, key, a.ownerId ?? null, a.segment ?? null],
      );
      const id = ins.rows[0]!.id;
      if (aliases.length) {
        await c.query(
          `insert into account_alias (workspace_id, account_id, alias, alias_key)
           select $1, $2, x.alias, x.key from unnest($3::text[], $4::text[]) as x(alias, key)`,
          [workspaceId, id, aliases.map((x) => x.alias), aliases.map((x) => x.key)],
        );
      }
      return { ok: true as const, id, name: a.name };
    });
  } catch (err) {
    // a writer that skipped the lock (an import) got there first
    if (isUniqueViolation(err)) {
      const clash = await conflicts(pool, workspaceId, [key, ...aliases.map((x) => x.key)]);
      if (clash) return { ok: false, conflict: clash };
    }
    throw err;
  }
}

export type RenameResult = { ok: true; oldName: string } | { ok: false; conflict: NameConflict } | { ok: false; notFound: true };

/**
 * Renames an account and keeps the old name as an alias, so what people typed yesterday still
 * finds it. The new name may not be another account's name or alias.
 */
export async function renameAccount(pool: pg.Pool, workspaceId: number, accountId: number, newName: string): Promise<RenameResult> {
  const key = nameKey(newName);
  return inTransaction(pool, async (c) => {
    await c.query('select pg_advisory_xact_lock(hashtext($1))', [`tend:account-names:${workspaceId}`]);
    const cur = await c.query<{ name: string; name_key: string }>(
      'select name, name_key from account where workspace_id = $1 and id = $2 for update',
      [workspaceId, accountId],
    );
    const old = cur.rows[0];
    if (!old) return { ok: false as const, notFound: true as const };
    const clash = await conflicts(c, workspaceId, [key], accountId);
    if (clash) return { ok: false as const, conflict: clash };
    // the new name may have been one of its aliases: it is the name now
    await c.query('delete from account_alias where workspace_id = $1 and account_id = $2 and alias_key = $3', [workspaceId, accountId, key]);
    await c.query('update account set name = $3, name_key = $4 where workspace_id = $1 and id = $2', [workspaceId, accountId, newName, key]);
    if (old.name_key !== key) {
      await c.query(
        `insert into account_alias (workspace_id, account_id, alias, alias_key) values ($1, $2, $3, $4)
         on conflict (workspace_id, alias_key) do nothing`,
        [workspaceId, accountId, old.name, old.name_key],
      );
    }
    return { ok: true as const, oldName: old.name };
  });
}

export async function setAccountOwner(db: Queryable, workspaceId: number, accountId: number, memberId: number): Promise<boolean> {
  const res = await db.query('update account set owner_id = $3 where workspace_id = $1 and id = $2', [workspaceId, accountId, memberId]);
  return (res.rowCount ?? 0) > 0;
}

/**
 * Gives the account a new owner and, in the same transaction, its nudges with it
 * (data/nudge-retire.ts followOwners; the caller queues the edits of the retired posts): no
 * moment where the account is Ana's but a nudge about it still waits for Bob. Null when the
 * account is gone.
 */
export async function changeAccountOwner(
  pool: pg.Pool, workspaceId: number, accountId: number, ownerId: number, now: Date,
): Promise<{ moved: number[]; retired: RetiredNudge[]; withdrawn: number[] } | null> {
  return inTransaction(pool, async (c) => {
    if (!(await setAccountOwner(c, workspaceId, accountId, ownerId))) return null;
    return followOwners(c, workspaceId, [accountId], now, { markRefresh: false });
  });
}

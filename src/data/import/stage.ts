// The staging table an import works through: the file's valid rows are loaded into a
// temporary table in batches (one multi-row insert from unnest() per batch), then every
// resolution, check and upsert is one set-based statement over it. It lives only as long
// as the import's transaction.
import type pg from 'pg';
import type { DistinctName } from '../../domain/distinct-names.ts';
import type { Reject } from '../../domain/records.ts';
import { salesforceOtherId } from '../../domain/salesforce-id.ts';
import { nameKey } from '../../domain/text.ts';

export type StageType = 'int' | 'text' | 'timestamp' | 'jsonb';
export type StageColumn = readonly [name: string, type: StageType];

export const STAGE = 'import_stage';

/**
 * How one kind is written. `columns` and `values` fill the stage from a row; `extra` adds
 * the columns resolve() fills (target ids, references, whether the row changes anything).
 * Each phase runs over the stage in ord ranges, so progress can be shown and no statement
 * grows with the file.
 */
export type KindWriter<Row> = {
  columns: readonly StageColumn[];
  extra: string;
  values(row: Row, ord: number): unknown[];
  /** fills the extra columns; returns how many members it created and what the report should say (not refusals): notes, and the accounts named apart */
  resolve(c: pg.PoolClient, workspaceId: number): Promise<{ newMembers: number; notes?: string[]; distinct?: DistinctName[] }>;
  check(c: pg.PoolClient, workspaceId: number): Promise<Reject[]>;
  phases: readonly Phase[];
  /** after the phases, inside the transaction */
  finish?(c: pg.PoolClient, workspaceId: number): Promise<void>;
};
export type Phase = (c: pg.PoolClient, workspaceId: number, fromOrd: number, toOrd: number) => Promise<void>;

export async function createStage(c: pg.PoolClient, columns: readonly StageColumn[], extra: string): Promise<void> {
  const defs = columns.map(([n, t]) => `${n} ${t}`).join(', ');
  await c.query(`create temp table ${STAGE} (ord int primary key, line int not null, ${defs}${extra ? `, ${extra}` : ''}) on commit drop`);
}

/** Appends rows (ord, line, …values) with one insert per call: the caller batches. */
export async function fillStage(c: pg.PoolClient, columns: readonly StageColumn[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  const all: readonly StageColumn[] = [['ord', 'int'], ['line', 'int'], ...columns];
  const arrays = all.map((_, i) => rows.map((r) => r[i] ?? null));
  // arrays cross as int[] or text[]; jsonb and timestamp are cast from text in the select
  const params = all.map(([, t], i) => `$${i + 1}::${t === 'int' ? 'int' : 'text'}[]`).join(', ');
  const names = all.map(([n]) => n);
  const select = all.map(([n, t]) => (t === 'jsonb' || t === 'timestamp' ? `u.${n}::${t}` : `u.${n}`)).join(', ');
  await c.query(`insert into ${STAGE} (${names.join(', ')}) select ${select} from unnest(${params}) as u(${names.join(', ')})`, arrays);
}

/** Counts for the report, read from the stage once resolve() has run. */
export async function stageCounts(c: pg.PoolClient): Promise<{ created: number; updated: number; unchanged: number }> {
  const res = await c.query<{ created: number; updated: number; unchanged: number }>(
    `select count(*) filter (where target_id is null)::int as created,
            count(*) filter (where target_id is not null and changed)::int as updated,
            count(*) filter (where target_id is not null and not changed)::int as unchanged
     from ${STAGE}`,
  );
  return res.rows[0]!;
}

/** Creates the members a file names by Slack user id that the workspace has not met yet. */
export async function ensureMembers(c: pg.PoolClient, workspaceId: number, column: string): Promise<number> {
  const res = await c.query(
    `insert into member (workspace_id, slack_user_id)
     select distinct $1::int, ${column} from ${STAGE} where ${column} is not null
     on conflict (workspace_id, slack_user_id) do nothing`,
    [workspaceId],
  );
  return res.rowCount ?? 0;
}

/**
 * The stage columns naming a holding's or conversation's account: the cell as written, the
 * same Salesforce id in its other form (a report's 15 characters, the API's 18, computed here
 * as accounts compute theirs: domain/salesforce-id.ts), and its name key.
 */
export const ACCOUNT_REF_COLUMNS: readonly StageColumn[] = [['account_ref', 'text'], ['account_other', 'text'], ['account_key', 'text']];
export const accountRefValues = (account: string): unknown[] => [account, salesforceOtherId(account), nameKey(account)];
/** The stage columns resolveAccounts fills: the account, and the one the cell names by id and by name (both set and apart: ambiguous). */
export const ACCOUNT_REF_EXTRA = 'account_id int, account_by_id int, account_by_name int';

/** "tend:4711": an account named by Tend's own id, what export writes when an id or a name could be read as another account's. */
export const TEND_REF = /^tend:[0-9]{1,9}$/;
const TEND_REF_SQL = `'^tend:[0-9]{1,9}$'`;

/** SQL for the account whose external_id is `ref`, else `other` (its other Salesforce form): a reference read as an id. */
export const accountByIdSql = (ws: string, ref: string, other: string) =>
  `coalesce((select a.id from account a where a.workspace_id = ${ws} and a.external_id = ${ref}),
            (select a.id from account a where a.workspace_id = ${ws} and a.external_id = ${other}))`;
/** SQL for the account whose name has the name key `key`, else the one with that alias: a reference read as a name. */
export const accountByNameSql = (ws: string, key: string) =>
  `coalesce((select a.id from account a where a.workspace_id = ${ws} and a.name_key = ${key}),
            (select al.account_id from account_alias al where al.workspace_id = ${ws} and al.alias_key = ${key}))`;

/**
 * The account a holding or conversation names: `tend:<id>` by Tend's id; else its external_id
 * (or the same Salesforce id in its other form), or its name, or one of its aliases. A cell that
 * is one account's id and another's name or alias is ambiguous (ambiguousAccounts refuses it):
 * trying the id first moved an account named "1001" onto the one whose external_id is 1001.
 * Sets `account_id` (and account_by_id, account_by_name) on the stage.
 */
export async function resolveAccounts(c: pg.PoolClient, workspaceId: number): Promise<void> {
  await c.query(
    `update ${STAGE} s set (account_by_id, account_by_name, account_id) = (
       select r.by_id, r.by_name, coalesce(r.by_tend, r.by_id, r.by_name) from (
         select (select a.id from account a where a.workspace_id = $1 and a.id = substr(s.account_ref, 6)::int) as by_tend, null::int as by_id, null::int as by_name
         where s.account_ref ~ ${TEND_REF_SQL}
         union all
         select null, ${accountByIdSql('$1', 's.account_ref', 's.account_other')}, ${accountByNameSql('$1', 's.account_key')}
         where s.account_ref !~ ${TEND_REF_SQL}) r)`,
    [workspaceId],
  );
}

/** Holdings or conversations whose account cell is one account's external_id and another's name or alias. */
export async function ambiguousAccounts(c: pg.PoolClient, workspaceId: number): Promise<Reject[]> {
  const res = await c.query<{ line: number; ref: string; id_id: number; id_name: string; name_id: number; name_name: string; alias: boolean }>(
    `select distinct s.line, s.account_ref as ref, i.id as id_id, i.name as id_name, n.id as name_id, n.name as name_name, n.name_key <> s.account_key as alias
     from ${STAGE} s join account i on i.workspace_id = $1 and i.id = s.account_by_id
                     join account n on n.workspace_id = $1 and n.id = s.account_by_name
     where s.account_by_id <> s.account_by_name order by s.line`,
    [workspaceId],
  );
  return res.rows.map((r) => ({
    line: r.line, column: 'account',
    reason: `"${r.ref}" names two accounts: "${r.id_name}" by its external_id and "${r.name_name}" by its ${r.alias ? 'alias' : 'name'}. Write tend:${r.id_id} for the first or tend:${r.name_id} for the second (Tend's own ids, as export writes them)`,
  }));
}

// A name that differs from one the workspace has only by its spaces ("GTXPro", "GTX Pro") is
// asked after: two spellings of one product in two files of one export are common. Asked only
// on the way to refusing a file, so its one pass over the table costs nothing on a good import.
const squash = (key: string) => key.replace(/ /g, '');
async function nearNames(c: pg.PoolClient, workspaceId: number, table: 'account' | 'product', keys: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(keys.map(squash))].filter(Boolean);
  if (wanted.length === 0) return new Map();
  const res = await c.query<{ k: string; name: string }>(
    `select distinct on (m.k) m.k, t.name from unnest($2::text[]) as m(k)
     join ${table} t on t.workspace_id = $1 and replace(t.name_key, ' ', '') = m.k order by m.k, t.id`,
    [workspaceId, wanted],
  );
  return new Map(res.rows.map((r) => [r.k, r.name]));
}
const didYouMean = (near: ReadonlyMap<string, string>, key: string) => {
  const name = near.get(squash(key));
  return name ? `; did you mean "${name}"?` : '';
};

/**
 * Holdings or conversations naming no account. A cell naming several accounts (a HubSpot deal of
 * two companies, "5001;5002") is said to be that rather than an unknown account; a cell whose
 * parts are not all accounts is only not found, since a name may hold a semicolon.
 */
export async function missingAccounts(c: pg.PoolClient, workspaceId: number): Promise<Reject[]> {
  // distinct: a wide sheet's row stages one holding per product, and its account is missing once
  const missing = (await c.query<{ line: number; ref: string; key: string }>(
    `select distinct line, account_ref as ref, account_key as key from ${STAGE} where account_id is null order by line`,
  )).rows;
  if (missing.length === 0) return [];
  const parts = [...new Set(missing.map((m) => m.ref).filter((r) => r.includes(';')))].flatMap((ref) =>
    ref.split(';').map((p) => p.trim()).filter(Boolean).map((part) => ({ ref, part, other: salesforceOtherId(part), key: nameKey(part) })));
  const found = new Map<string, number>();
  if (parts.length) {
    // each part looked up as resolveAccounts looks up a whole cell: id, its other Salesforce form, name, alias
    const res = await c.query<{ ref: string; accounts: number }>(
      `select x.ref, count(distinct a.id)::int as accounts
       from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as x(ref, part, other, key)
       left join lateral (select a.id from account a where a.workspace_id = $1 and a.external_id in (x.part, x.other)
                          union select a.id from account a where a.workspace_id = $1 and a.name_key = x.key
                          union select al.account_id from account_alias al where al.workspace_id = $1 and al.alias_key = x.key) a on true
       group by x.ref having count(distinct x.part) = count(distinct x.part) filter (where a.id is not null)`,
      [workspaceId, parts.map((p) => p.ref), parts.map((p) => p.part), parts.map((p) => p.other), parts.map((p) => p.key)],
    );
    for (const r of res.rows) if (r.accounts > 1) found.set(r.ref, r.accounts);
  }
  const near = await nearNames(c, workspaceId, 'account', missing.filter((m) => !found.has(m.ref)).map((m) => m.key));
  const zeros = await zerosDropped(c, workspaceId, missing.map((m) => m.ref));
  return missing.map((m) => ({
    line: m.line, column: 'account',
    reason: found.has(m.ref)
      ? `names ${found.get(m.ref)} accounts ("${m.ref}"); a row is one account's: keep one`
      : zeros.has(m.ref)
        ? `no account "${m.ref}", but "${zeros.get(m.ref)!.id}" (${zeros.get(m.ref)!.name}) is that external_id with leading zeros: a spreadsheet saved the ids as numbers. Format the column as Text (when opening the original export, or in the CRM's export) and save the file again`
        : `no account "${m.ref}" in this workspace (import accounts first)${didYouMean(near, m.key)}`,
  }));
}

/**
 * Of references found nowhere, the all-digit ones that are an account's external_id without its
 * leading zeros ("123" for "00123"): what a spreadsheet writes for an id column it read as numbers.
 * The one account each, by its id and name; asked only on the way to refusing a file.
 */
async function zerosDropped(c: pg.PoolClient, workspaceId: number, refs: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  const digits = [...new Set(refs.filter((r) => /^[0-9]+$/.test(r)))];
  if (digits.length === 0) return new Map();
  const res = await c.query<{ ref: string; id: string; name: string }>(
    `select distinct on (r.ref) r.ref, a.external_id as id, a.name from unnest($2::text[]) as r(ref)
     join account a on a.workspace_id = $1 and a.external_id ~ '^0+[0-9]+$' and ltrim(a.external_id, '0') = ltrim(r.ref, '0')
       and length(a.external_id) > length(r.ref)
     order by r.ref, a.external_id`,
    [workspaceId, digits],
  );
  return new Map(res.rows.map((r) => [r.ref, { id: r.id, name: r.name }]));
}

/** Holdings or offers naming no product of the catalog. */
export async function missingProducts(c: pg.PoolClient, workspaceId: number): Promise<Reject[]> {
  const missing = (await c.query<{ line: number; ref: string; key: string }>(
    `select distinct line, product_ref as ref, product_key as key from ${STAGE} where product_id is null order by line`,
  )).rows;
  const near = await nearNames(c, workspaceId, 'product', missing.map((m) => m.key));
  return missing.map((m) => ({ line: m.line, column: 'product', reason: `no product "${m.ref}" in this workspace (import products first)${didYouMean(near, m.key)}` }));
}

/** Rows that resolved to the same existing record as an earlier row of the file. */
export async function duplicateTargets(c: pg.PoolClient, key: string, reportColumn: string, what: string): Promise<Reject[]> {
  const res = await c.query<{ line: number; first: number }>(
    `select line, first from (select line, min(line) over (partition by ${key}) as first from ${STAGE} where ${key} is not null) d
     where line <> first order by line`,
  );
  return res.rows.map((r) => ({ line: r.line, column: reportColumn, reason: `${what} as line ${r.first}` }));
}
